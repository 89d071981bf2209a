/**
 * A container's environment as `env` prints it inside (`kubectl exec POD -- env`). The runtime
 * (containerd) builds it as: the OCI default PATH, HOSTNAME (the pod's hostname), the image's own
 * ENV, then the kubelet's list: the container's `env` in declared order, then the Service
 * variables the container did not define itself. runc adds HOME=/root when it is missing.
 * Facts: the members and that explicit env wins; the Service variables' order is random in a
 * real cluster (Go map), svcsim's is FromServices order.
 */
import type { Container, Pod, Service } from '../api/core.ts';
import { serviceEnv } from './service-env.ts';

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** ENV of images svcsim knows (their Dockerfiles); PATH first when the image sets it. */
const IMAGE_ENV: Record<string, [string, string][]> = {
  'nginx:1.14-alpine': [['NGINX_VERSION', '1.14.2']],
  'busybox': [],
  'alpine': [],
};

export function imageEnv(image: string | undefined): [string, string][] {
  const ref = (image ?? '').replace(/^docker\.io\/(library\/)?/, '');
  return IMAGE_ENV[ref] ?? IMAGE_ENV[ref.split(':')[0]] ?? [];
}

/** The environment in the order `env` prints it. */
export function containerEnv(pod: Pod, container: Container, services: readonly Service[]): [string, string][] {
  const vars = new Map<string, string>();
  vars.set('PATH', DEFAULT_PATH);
  vars.set('HOSTNAME', (pod.spec.hostname ?? pod.metadata.name).slice(0, 63));
  for (const [k, v] of imageEnv(container.image)) vars.set(k, v);
  const declared = new Set<string>();
  for (const e of container.env ?? []) {
    declared.add(e.name);
    vars.set(e.name, e.value ?? '');
  }
  for (const [k, v] of serviceEnv(services, pod)) if (!declared.has(k)) vars.set(k, v);
  if (!vars.has('HOME')) vars.set('HOME', '/root');
  return [...vars];
}

/** `env` output. */
export function podEnv(pod: Pod, container: Container, services: readonly Service[]): string {
  return containerEnv(pod, container, services).map(([k, v]) => `${k}=${v}\n`).join('');
}

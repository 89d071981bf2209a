/** Object builders and a small four-node cluster for the control plane's tests and benches. */
import type { Node, Service } from '../../api/core.ts';
import type { Deployment } from '../../api/apps.ts';
import { Cluster } from '../cluster.ts';
import { DEFAULT_SETTINGS } from '../settings.ts';

export function node(name: string, ip: string, cidr: string, extra: Partial<Node['metadata']> = {}, taints?: Node['spec']['taints']): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' }, ...extra },
    spec: { podCIDR: cidr, podCIDRs: [cidr], taints },
    status: { addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }] },
  };
}

export function smallCluster(seed = 1): Cluster {
  const c = new Cluster({ settings: DEFAULT_SETTINGS, seed, now: Date.UTC(2025, 5, 1, 10, 0, 0) });
  c.batch(() => {
    for (const ns of ['default', 'kube-system']) c.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    c.create(node('master', '172.200.1.200', '10.244.0.0/24', { labels: { 'node-role.kubernetes.io/control-plane': '' } }, [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]));
    c.create(node('w1', '172.200.1.201', '10.244.1.0/24'));
    c.create(node('w2', '172.200.1.202', '10.244.2.0/24'));
    c.create(node('w3', '172.200.1.203', '10.244.3.0/24'));
  });
  return c;
}

export function deployment(name: string, replicas: number, labels: Record<string, string>, ns = 'default', ports = [{ containerPort: 80, name: 'http' }]): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name, image: 'nginx:1.14-alpine', ports }] } } },
  };
}

export function service(name: string, selector: Record<string, string> | undefined, spec: Partial<Service['spec']> = {}, ns = 'default'): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector, ports: [{ port: 80, targetPort: 80 }], ...spec } };
}


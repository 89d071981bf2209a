/**
 * Fields a v1.33 API server and kubelet always write, checked on the stored objects:
 * structs that omitempty does not drop (a container's resources, a Service's
 * status.loadBalancer, a container status's lastState), pod generation (KEP-5067), the
 * kubelet's container status fields and its daemon endpoint.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/core.ts';
import { createCluster } from './default-cluster.ts';
import { containerdImageName } from './kubelet.ts';
import { withKubeletStatus } from './node-status.ts';
import { DEFAULT_SETTINGS } from './settings.ts';
import { deployment, service, smallCluster } from './testing/builders.ts';

function soloPod(image: string, extra: Record<string, unknown> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'solo', namespace: 'default' }, spec: { containers: [{ name: 'c', image, ...extra }] } };
}

describe('Pod', () => {
  it('a pod created directly is generation 1 with resources: {} and the kubelet container status of v1.33', () => {
    const c = smallCluster(1);
    c.create(soloPod('busybox'));
    const pod = c.get('Pod', 'default', 'solo')!;
    expect(pod.metadata.generation).toBe(1);
    expect(pod.spec.containers[0].resources).toEqual({});
    const mount = pod.spec.containers[0].volumeMounts as { name: string }[];
    expect(pod.status?.containerStatuses).toEqual([{
      name: 'c',
      image: 'docker.io/library/busybox:latest',
      ready: true,
      restartCount: 0,
      started: true,
      state: { running: { startedAt: pod.status?.startTime } },
      lastState: {},
      resources: {},
      volumeMounts: [{ name: mount[0].name, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true, recursiveReadOnly: 'Disabled' }],
    }]);
  });

  it('a running container reports the cpu, memory and ephemeral-storage it was given', () => {
    const c = smallCluster(1);
    const resources = { limits: { memory: '170Mi', 'nvidia.com/gpu': '1' }, requests: { cpu: '100m', memory: '70Mi' } };
    c.create(soloPod('registry.k8s.io/coredns/coredns:v1.12.0', { resources }));
    const cs = c.get('Pod', 'default', 'solo')!.status!.containerStatuses![0];
    expect(cs.image).toBe('registry.k8s.io/coredns/coredns:v1.12.0');
    expect(cs.resources).toEqual({ limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } });
  });

  it('a Deployment\'s pods are generation 1 and its template containers carry resources: {}', () => {
    const c = smallCluster(1);
    c.create(deployment('web', 2, { app: 'web' }));
    expect(c.get('Deployment', 'default', 'web')!.spec.template.spec.containers[0].resources).toEqual({});
    const pods = c.list('Pod', 'default');
    expect(pods).toHaveLength(2);
    for (const p of pods) {
      expect(p.metadata.generation).toBe(1);
      expect(p.status?.containerStatuses?.[0].lastState).toEqual({});
    }
  });

  it('a spec change bumps the pod generation; a label change does not (updatePodGeneration)', () => {
    const c = smallCluster(1);
    c.create(soloPod('nginx:1.25'));
    const live = c.get('Pod', 'default', 'solo')!;
    c.update({ ...live, metadata: { ...live.metadata, labels: { a: 'b' } } });
    expect(c.get('Pod', 'default', 'solo')!.metadata.generation).toBe(1);
    const next = c.get('Pod', 'default', 'solo')!;
    c.update({ ...next, spec: { ...next.spec, containers: [{ ...next.spec.containers[0], image: 'nginx:1.26' }] } });
    expect(c.get('Pod', 'default', 'solo')!.metadata.generation).toBe(2);
  });
});

describe('containerdImageName', () => {
  it('qualifies Docker Hub names and adds the latest tag, as containerd reports them', () => {
    expect(containerdImageName('nginx')).toBe('docker.io/library/nginx:latest');
    expect(containerdImageName('nginx:1.25')).toBe('docker.io/library/nginx:1.25');
    expect(containerdImageName('traefik/whoami:v1.10')).toBe('docker.io/traefik/whoami:v1.10');
    expect(containerdImageName('docker.io/nginx')).toBe('docker.io/library/nginx:latest');
    expect(containerdImageName('localhost:5000/app')).toBe('localhost:5000/app:latest');
    expect(containerdImageName('ghcr.io/flannel-io/flannel:v0.26.7')).toBe('ghcr.io/flannel-io/flannel:v0.26.7');
  });
});

describe('Service', () => {
  it('every type reads back with status: {loadBalancer: {}}', () => {
    const c = smallCluster(1);
    c.create(service('a', { app: 'a' }));
    c.create(service('b', { app: 'a' }, { type: 'NodePort' }));
    c.create(service('h', { app: 'a' }, { clusterIP: 'None' }));
    c.create(service('e', undefined, { type: 'ExternalName', externalName: 'example.com' }));
    for (const name of ['a', 'b', 'h', 'e']) expect(c.get('Service', 'default', name)!.status).toEqual({ loadBalancer: {} });
  });
});

describe('Node', () => {
  it('the kubelet publishes its port in status.daemonEndpoints, on the default nodes and on a scenario\'s', () => {
    const nodes = createCluster({ settings: DEFAULT_SETTINGS, seed: 1, now: Date.UTC(2025, 5, 2, 14, 0, 0) }).list('Node');
    expect(nodes.length).toBeGreaterThan(0);
    for (const n of nodes) expect(n.status?.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
    const written = withKubeletStatus({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: {} }, DEFAULT_SETTINGS, true);
    expect(written.status?.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
  });
});

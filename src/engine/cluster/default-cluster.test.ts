import { describe, expect, it } from 'vitest';
import { createCluster } from './default-cluster.ts';
import { DEFAULT_SETTINGS } from './settings.ts';
import { deployment } from './testing/builders.ts';

const NOW = Date.UTC(2025, 5, 1, 10, 0, 0);

describe('the default cluster', () => {
  const c = createCluster({ settings: DEFAULT_SETTINGS, seed: 7, now: NOW });

  it('has seed 001 nodes, namespaces and the kubeadm system services', () => {
    expect(c.list('Node').map((n) => [n.metadata.name, n.spec.podCIDR, n.status?.addresses?.[0].address])).toEqual([
      ['master200', '10.244.0.0/24', '172.200.1.200'],
      ['node201', '10.244.1.0/24', '172.200.1.201'],
      ['node202', '10.244.2.0/24', '172.200.1.202'],
      ['node203', '10.244.3.0/24', '172.200.1.203'],
    ]);
    expect(c.get('Node', undefined, 'master200')?.spec.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    expect(c.list('Namespace').map((n) => n.metadata.name)).toEqual(['default', 'kube-flannel', 'kube-node-lease', 'kube-public', 'kube-system']);
    const k = c.get('Service', 'default', 'kubernetes')!;
    expect(k.spec.clusterIP).toBe('10.96.0.1');
    expect(k.metadata.labels).toEqual({ component: 'apiserver', provider: 'kubernetes' });
    const dns = c.get('Service', 'kube-system', 'kube-dns')!;
    expect(dns.spec.clusterIP).toBe('10.96.0.10');
    expect(dns.spec.ports?.map((p) => `${p.name} ${p.port}/${p.protocol}`)).toEqual(['dns 53/UDP', 'dns-tcp 53/TCP', 'metrics 9153/TCP']);
  });

  it('serves kubernetes from the control plane and kube-dns from two CoreDNS pods on master200', () => {
    expect(c.get('Endpoints', 'default', 'kubernetes')?.subsets).toEqual([
      { addresses: [{ ip: '172.200.1.200' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] },
    ]);
    expect(c.get('EndpointSlice', 'default', 'kubernetes')?.endpoints).toEqual([{ addresses: ['172.200.1.200'], conditions: { ready: true } }]);
    const coredns = c.list('Pod', 'kube-system').filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns');
    expect(coredns.map((p) => [p.spec.nodeName, p.status?.podIP, p.status?.phase]).sort()).toEqual([
      ['master200', '10.244.0.6', 'Running'],
      ['master200', '10.244.0.7', 'Running'],
    ]);
    const rs = c.list('ReplicaSet', 'kube-system');
    expect(rs).toHaveLength(1);
    expect(coredns.every((p) => p.metadata.name.startsWith(`${rs[0].metadata.name}-`))).toBe(true);
    expect(c.get('Deployment', 'kube-system', 'coredns')?.status?.availableReplicas).toBe(2);
    const slice = c.list('EndpointSlice', 'kube-system')[0];
    expect(slice.endpoints.map((e) => e.addresses[0])).toEqual(['10.244.0.6', '10.244.0.7']);
    expect(slice.ports).toEqual([
      { name: 'dns', port: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      { name: 'metrics', port: 9153, protocol: 'TCP' },
    ]);
  });

  it('runs the static control-plane pods and kube-proxy and flannel on every node', () => {
    const names = c.list('Pod', 'kube-system').map((p) => p.metadata.name);
    for (const n of ['etcd-master200', 'kube-apiserver-master200', 'kube-controller-manager-master200', 'kube-scheduler-master200']) expect(names).toContain(n);
    const proxies = c.list('Pod', 'kube-system').filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-proxy');
    expect(proxies.map((p) => p.status?.podIP).sort()).toEqual(['172.200.1.200', '172.200.1.201', '172.200.1.202', '172.200.1.203']);
    expect(c.list('Pod', 'kube-flannel')).toHaveLength(4);
    expect(c.list('ConfigMap', 'kube-system').map((m) => m.metadata.name)).toEqual(['coredns', 'kube-proxy', 'kube-root-ca.crt', 'kubeadm-config']);
  });

  it('was built three and a half days before the session and has no old events', () => {
    expect(c.get('Namespace', undefined, 'default')?.metadata.creationTimestamp).toBe('2025-05-28T19:00:00Z');
    expect(c.now()).toBe(NOW);
    expect(c.events('Deployment', 'kube-system', 'coredns')).toEqual([]);
  });

  it('gives seed 001 deployment pods the tutorial addresses on node201..203', () => {
    const s = createCluster({ settings: DEFAULT_SETTINGS, seed: 1, now: NOW });
    s.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'myservice' } });
    expect(s.apply(deployment('mynginx-deploy', 3, { app: 'mynginx' }, 'myservice')).ok).toBe(true);
    const pods = s.list('Pod', 'myservice');
    expect(pods.map((p) => [p.spec.nodeName, p.status?.podIP]).sort()).toEqual([
      ['node201', '10.244.1.11'],
      ['node202', '10.244.2.10'],
      ['node203', '10.244.3.4'],
    ]);
  });

  it('brings back a deleted kube-proxy pod under a new name on the same node', () => {
    const s = createCluster({ settings: DEFAULT_SETTINGS, seed: 3, now: NOW });
    const old = s.list('Pod', 'kube-system').find((p) => p.metadata.labels?.['k8s-app'] === 'kube-proxy' && p.spec.nodeName === 'node202')!;
    expect(s.delete('Pod', 'kube-system', old.metadata.name).ok).toBe(true);
    const now = s.list('Pod', 'kube-system').filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-proxy' && p.spec.nodeName === 'node202');
    expect(now).toHaveLength(1);
    expect(now[0].metadata.name).not.toBe(old.metadata.name);
    expect(now[0].metadata.name).toMatch(/^kube-proxy-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(now[0].status?.phase).toBe('Running');
  });

  it('an empty base has the apiserver namespaces and the kubernetes Service, and no CoreDNS', () => {
    const e = createCluster({ settings: DEFAULT_SETTINGS, seed: 1, now: NOW, base: 'empty' });
    expect(e.list('Namespace').map((n) => n.metadata.name)).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    expect(e.list('Service').map((s) => s.metadata.name)).toEqual(['kubernetes']);
    expect(e.list('Node')).toEqual([]);
  });
});

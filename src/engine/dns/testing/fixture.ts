/** A default cluster (kube-dns at 10.96.0.10, CoreDNS pods) with a few Services for the DNS tests. */
import type { Service } from '../../api/core.ts';
import type { KubeObject } from '../../api/objects.ts';
import type { Cluster } from '../../cluster/cluster.ts';
import { createCluster } from '../../cluster/default-cluster.ts';
import { DEFAULT_SETTINGS } from '../../cluster/settings.ts';
import { deployment } from '../../cluster/testing/builders.ts';

export const NOW = Date.UTC(2025, 5, 1, 10, 0, 0);

export function svc(name: string, spec: Service['spec'], ns = 'default'): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec };
}

/** Sequence of draws for a rand() stub: each value in [0, 1). */
export function draws(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length];
}

export function dnsCluster(): Cluster {
  const c = createCluster({ settings: DEFAULT_SETTINGS, seed: 7, now: NOW });
  const must = (o: KubeObject) => {
    const r = c.create(o);
    if (!r.ok) throw new Error(r.error.message);
  };
  must({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } });
  must(deployment('web', 3, { app: 'web' }));
  must(svc('web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 80 }, { name: 'metrics', port: 9090, targetPort: 9090 }] }));
  must(svc('web-headless', { clusterIP: 'None', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 80 }] }));
  must(svc('empty', { selector: { app: 'nothing' }, ports: [{ port: 80, targetPort: 80 }] }));
  must(svc('empty-headless', { clusterIP: 'None', selector: { app: 'nothing' }, ports: [{ port: 80, targetPort: 80 }] }));
  must(svc('ext', { type: 'ExternalName', externalName: 'example.com' }));
  must(svc('ext-ip', { type: 'ExternalName', externalName: '192.0.2.7' }));
  must(svc('ext-inside', { type: 'ExternalName', externalName: 'web.default.svc.cluster.local' }));
  must(svc('loop-a', { type: 'ExternalName', externalName: 'loop-b.default.svc.cluster.local' }));
  must(svc('loop-b', { type: 'ExternalName', externalName: 'loop-a.default.svc.cluster.local' }));
  must(deployment('db', 1, { app: 'db' }, 'prod'));
  must(svc('db', { selector: { app: 'db' }, ports: [{ name: 'pg', port: 5432, targetPort: 5432 }] }, 'prod'));
  return c;
}

export function podIPs(c: Cluster, app: string, ns = 'default'): string[] {
  return c.list('Pod', ns).filter((p) => p.metadata.labels?.app === app).map((p) => p.status?.podIP ?? '').sort();
}

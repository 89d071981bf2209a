/** A tiny in-memory ClusterReader for printer tests. */
import type { KubeObject, Kind, ObjectOfKind } from '../../../../api/objects.ts';
import type { ClusterEvent, ClusterReader } from '../../../../cluster/types.ts';

export const NOW = Date.parse('2025-06-01T12:00:00Z');

/** An RFC 3339 time `seconds` before NOW. */
export function ago(seconds: number): string {
  return new Date(NOW - seconds * 1000).toISOString().replace('.000Z', 'Z');
}

export function fakeCluster(objects: KubeObject[], events: ClusterEvent[] = []): ClusterReader {
  return {
    settings: {
      serviceSubnet: '10.96.0.0/12',
      podSubnet: '10.244.0.0/16',
      dnsDomain: 'cluster.local',
      nodePortRange: { base: 30000, size: 2768 },
      proxy: { apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', mode: 'iptables' },
      cni: 'flannel-vxlan',
      kubernetesVersion: 'v1.33.1',
    },
    now: () => NOW,
    get<K extends Kind>(kind: K, namespace: string | undefined, name: string) {
      return objects.find((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace)) as ObjectOfKind<K> | undefined;
    },
    list<K extends Kind>(kind: K, namespace?: string) {
      return objects.filter((o) => o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace)) as ObjectOfKind<K>[];
    },
    events: (kind, namespace, name) => events.filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name && e.involvedObject.namespace === namespace),
    allEvents: () => events,
  };
}

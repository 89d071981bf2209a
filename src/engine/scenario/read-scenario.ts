/**
 * Splits a scenario text into what configures the cluster (svcsim's Scenario, kubeadm's
 * ClusterConfiguration, kube-proxy's configuration, the Nodes) and the objects to apply.
 */
import type { ClusterConfiguration, KubeProxyConfiguration } from '../api/config.ts';
import type { Node } from '../api/core.ts';
import type { SourcePosition } from '../api/meta.ts';
import type { KubeObject } from '../api/objects.ts';
import type { Scenario } from '../api/scenario.ts';
import { decodeKubeProxyConfiguration, parseManifests, type ManifestDocument } from '../manifest/index.ts';

export interface ScenarioProblem {
  message: string;
  position?: SourcePosition;
}

export interface ScenarioParts {
  scenario?: Scenario;
  clusterConfiguration?: ClusterConfiguration;
  kubeProxyConfiguration?: KubeProxyConfiguration;
  /** flannel's backend from the kube-flannel-cfg ConfigMap's net-conf.json (`vxlan`, `host-gw`). */
  flannelBackend?: string;
  nodes: Node[];
  /** Everything else, in the order they are applied. */
  objects: { object: KubeObject; doc: ManifestDocument }[];
  problems: ScenarioProblem[];
}

/**
 * The order a scenario's objects are applied in: what others live in or refer to first.
 * (kubectl applies a file in its own order; a scenario is a state, so svcsim sorts it.)
 */
const APPLY_ORDER: Record<string, number> = {
  Namespace: 0,
  ConfigMap: 1,
  Service: 2,
  Endpoints: 3,
  EndpointSlice: 4,
  Deployment: 5,
  ReplicaSet: 6,
  Pod: 7,
};

export function readScenario(text: string, file: string): ScenarioParts {
  const parts: ScenarioParts = { nodes: [], objects: [], problems: [] };
  let fromConfigMap: KubeProxyConfiguration | undefined;
  const parsed = parseManifests(text, { file });
  // A document's own error is also the parse's stopping error: listed once, with the document's.
  const ofDocuments = new Set(parsed.documents.flatMap((d) => d.errors));
  for (const e of parsed.errors) if (!ofDocuments.has(e)) parts.problems.push({ message: e.message, position: e.position });
  for (const doc of parsed.documents) {
    for (const e of doc.errors) {
      parts.problems.push({
        message: e.stage === 'server' && e.status ? `Error from server (${e.status.reason}): error when creating "${file}": ${e.status.message}` : e.message,
        position: e.position ?? doc.position,
      });
    }
    const o = doc.object;
    if (!o) continue;
    const dup = (what: string) => parts.problems.push({ message: `svcsim: a scenario holds one ${what}; this one is ignored`, position: doc.position });
    switch (o.kind) {
      case 'Scenario':
        if (parts.scenario) dup('Scenario');
        else parts.scenario = o;
        break;
      case 'ClusterConfiguration':
        if (parts.clusterConfiguration) dup('ClusterConfiguration');
        else parts.clusterConfiguration = o;
        break;
      case 'KubeProxyConfiguration':
        if (parts.kubeProxyConfiguration) dup('KubeProxyConfiguration');
        else parts.kubeProxyConfiguration = o;
        break;
      case 'Node':
        parts.nodes.push(o);
        break;
      default:
        parts.objects.push({ object: o, doc });
        if (o.kind === 'ConfigMap' && o.metadata.name === 'kube-flannel-cfg') {
          // flannel reads its backend from net-conf.json (flannel-io/flannel pkg/subnet/config.go).
          const conf = o.data?.['net-conf.json'];
          if (conf !== undefined) {
            try {
              const type = (JSON.parse(conf) as { Backend?: { Type?: unknown } }).Backend?.Type;
              if (typeof type === 'string') parts.flannelBackend = type;
            } catch {
              parts.problems.push({ message: 'svcsim: net-conf.json in kube-flannel-cfg is not valid JSON (flanneld would fail to start)', position: doc.positionOf('data') ?? doc.position });
            }
          }
        }
        if (o.kind === 'ConfigMap' && o.metadata.name === 'kube-proxy' && o.metadata.namespace === 'kube-system') {
          // kubeadm clusters keep kube-proxy's configuration in this ConfigMap's config.conf.
          const conf = o.data?.['config.conf'];
          if (conf !== undefined) {
            const decoded = decodeKubeProxyConfiguration(conf);
            for (const message of decoded.errors) parts.problems.push({ message, position: doc.positionOf('data') ?? doc.position });
            if (decoded.config) fromConfigMap = decoded.config;
          }
        }
    }
  }
  // A KubeProxyConfiguration document says it more directly than the ConfigMap does.
  parts.kubeProxyConfiguration ??= fromConfigMap;
  parts.objects.sort((a, b) => (APPLY_ORDER[a.object.kind] ?? 9) - (APPLY_ORDER[b.object.kind] ?? 9));
  return parts;
}

/**
 * The kinds a manifest may hold, by apiVersion and kind, with their field schemas.
 * `served`: the API server has the kind (kubectl can create it); configuration kinds are
 * read by kube-proxy, kubeadm or svcsim itself and are not served.
 */
import type { StructSchema } from './types.ts';
import { service, endpoints } from './core-service.ts';
import { pod } from './core-pod.ts';
import { configMap, namespace, node } from './core-cluster.ts';
import { daemonSet, deployment, replicaSet } from './apps.ts';
import { endpointSlice } from './discovery.ts';
import { clusterConfigurationV1beta3, clusterConfigurationV1beta4, kubeProxyConfiguration } from './config.ts';
import { scenario } from './scenario.ts';

export type { FieldSchema, StructSchema } from './types.ts';
export { goTypeName } from './types.ts';
export { listMeta, objectMeta } from './meta.ts';

export interface KindSchema {
  apiVersion: string;
  kind: string;
  schema: StructSchema;
  served: boolean;
}

export const KIND_SCHEMAS: readonly KindSchema[] = [
  { apiVersion: 'v1', kind: 'Namespace', schema: namespace, served: true },
  { apiVersion: 'v1', kind: 'Node', schema: node, served: true },
  { apiVersion: 'v1', kind: 'Pod', schema: pod, served: true },
  { apiVersion: 'v1', kind: 'Service', schema: service, served: true },
  { apiVersion: 'v1', kind: 'Endpoints', schema: endpoints, served: true },
  { apiVersion: 'v1', kind: 'ConfigMap', schema: configMap, served: true },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', schema: daemonSet, served: true },
  { apiVersion: 'apps/v1', kind: 'Deployment', schema: deployment, served: true },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', schema: replicaSet, served: true },
  { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', schema: endpointSlice, served: true },
  { apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', schema: kubeProxyConfiguration, served: false },
  { apiVersion: 'kubeadm.k8s.io/v1beta3', kind: 'ClusterConfiguration', schema: clusterConfigurationV1beta3, served: false },
  { apiVersion: 'kubeadm.k8s.io/v1beta4', kind: 'ClusterConfiguration', schema: clusterConfigurationV1beta4, served: false },
  { apiVersion: 'svcsim.dev/v1alpha1', kind: 'Scenario', schema: scenario, served: false },
];

const byKey = new Map(KIND_SCHEMAS.map((k) => [`${k.apiVersion}/${k.kind}`, k]));

/** The schema for an exact apiVersion and kind (case-sensitive, as the RESTMapper matches them). */
export function kindSchema(apiVersion: string, kind: string): KindSchema | undefined {
  return byKey.get(`${apiVersion}/${kind}`);
}

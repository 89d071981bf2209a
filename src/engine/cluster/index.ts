/** The control plane's public entry for the session, the shell and the UI. */
export { Cluster, MAX_PODS } from './cluster.ts';
export type { ClusterOptions } from './cluster.ts';
export { createCluster, defaultNodes, CLUSTER_AGE_MS } from './default-cluster.ts';
export type { ClusterBootstrap } from './default-cluster.ts';
export { DEFAULT_SETTINGS, DEFAULT_KUBERNETES_VERSION, deriveSettings, parsePortRange } from './settings.ts';
export type { SettingsSources } from './settings.ts';
export { LAST_APPLIED_ANNOTATION, lastAppliedConfiguration } from './apply.ts';
export { LAST_RESERVED_IP_ANNOTATION, POD_IP_ANNOTATION } from './pod-network.ts';
export { READY_ANNOTATION } from './kubelet.ts';
export type * from './types.ts';

import type { ConfigMap, Endpoints, Namespace, Node, Pod, Service } from './core.ts';
import type { DaemonSet, Deployment, ReplicaSet } from './apps.ts';
import type { EndpointSlice } from './discovery.ts';
import type { ClusterConfiguration, KubeProxyConfiguration } from './config.ts';
import type { Scenario } from './scenario.ts';

/** Objects the API server stores. */
export type KubeObject = Namespace | Node | Pod | Service | Endpoints | EndpointSlice | ConfigMap | Deployment | ReplicaSet | DaemonSet;
export type Kind = KubeObject['kind'];

/** What a scenario text may hold: stored objects and configuration documents. */
export type ManifestObject = KubeObject | KubeProxyConfiguration | ClusterConfiguration | Scenario;
export type ManifestKind = ManifestObject['kind'];

export type ObjectOfKind<K extends Kind> = Extract<KubeObject, { kind: K }>;

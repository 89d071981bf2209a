/**
 * The control plane's contract with the rest of the engine: what the shell, the proxy
 * backends and the UI may read, and the writes kubectl makes. Implemented by `Cluster`.
 */
import type { KubeProxyConfiguration } from '../api/config.ts';
import type { KubeObject, Kind, ObjectOfKind } from '../api/objects.ts';
import type { StatusError } from '../api/status.ts';

/** Cluster-wide settings, derived from ClusterConfiguration, the kube-proxy config and defaults. */
export interface ClusterSettings {
  /** kube-apiserver --service-cluster-ip-range (kubeadm networking.serviceSubnet), e.g. 10.96.0.0/12. */
  serviceSubnet: string;
  /** kubeadm networking.podSubnet / controller-manager --cluster-cidr, e.g. 10.244.0.0/16. */
  podSubnet: string;
  /** kubelet clusterDomain / kubeadm networking.dnsDomain. */
  dnsDomain: string;
  /** --service-node-port-range. */
  nodePortRange: { base: number; size: number };
  /** The effective kube-proxy configuration (mode "" resolved to iptables). */
  proxy: KubeProxyConfiguration;
  /** The CNI plugin's data path. */
  cni: 'flannel-vxlan' | 'flannel-host-gw';
  /** e.g. v1.33.1: what `kubectl get nodes` prints as VERSION. */
  kubernetesVersion: string;
  /** kubeadm ClusterConfiguration `dns` image override, when given (default: COREDNS_IMAGE). */
  corednsImage?: string;
}

/** A core/v1 Event as `kubectl describe` lists it. */
export interface ClusterEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** The component that reported it: `default-scheduler`, `kubelet`, `deployment-controller` ... */
  source: string;
  /** source.host: the node a kubelet reports from. */
  host?: string;
  /** fieldPath names the part of the object, e.g. a container: `spec.containers{web}`. */
  involvedObject: { kind: Kind; namespace?: string; name: string; uid?: string; fieldPath?: string };
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
}

/** Read access for printers, proxies and the UI. Lists are sorted by namespace, then name. */
export interface ClusterReader {
  readonly settings: ClusterSettings;
  /** The simulated clock, milliseconds since the Unix epoch. */
  now(): number;
  get<K extends Kind>(kind: K, namespace: string | undefined, name: string): ObjectOfKind<K> | undefined;
  /** All objects of a kind; in one namespace when `namespace` is given. */
  list<K extends Kind>(kind: K, namespace?: string): readonly ObjectOfKind<K>[];
  /**
   * Every object of a kind in no set order: cheaper than list() for a pass that orders its own
   * groups (list sorts all of them, 100,000 pods at a time, after every change).
   */
  each?<K extends Kind>(kind: K): Iterable<ObjectOfKind<K>>;
  /** Events about one object, oldest first. */
  events(kind: Kind, namespace: string | undefined, name: string): readonly ClusterEvent[];
  /** Every event still stored (see events), each object's oldest first. */
  allEvents(): readonly ClusterEvent[];
  /**
   * What a container's process printed (stdout and stderr as the runtime logged them), when
   * svcsim ran it (see one-shot-processes.ts); undefined when svcsim did not run that container's
   * process. `previous`: the container's previous instance, after a restart (`kubectl logs -p`).
   */
  containerLog?(namespace: string, name: string, container: string, previous?: boolean): string | undefined;
  /**
   * The next instant (ms) at which the cluster changes by itself as the clock moves (a pod
   * turning ready at its first counted readiness probe); undefined when nothing is due.
   */
  nextChangeAt?(): number | undefined;
}

export type WriteAction = 'created' | 'configured' | 'unchanged' | 'deleted';

export type WriteResult =
  | { ok: true; action: WriteAction; object: KubeObject }
  | { ok: false; error: StatusError };

export interface WriteOptions {
  /** Validate and default only (`--dry-run=server`). */
  dryRun?: boolean;
}

/** The API server's write verbs. Each runs the controllers to quiescence unless batched. */
export interface ClusterWriter {
  create(obj: KubeObject, opts?: WriteOptions): WriteResult;
  /** kubectl apply (client-side, last-applied-configuration): create, or merge into the live object. */
  apply(obj: KubeObject, opts?: WriteOptions): WriteResult;
  /** Replace the whole object (PUT), as `kubectl replace`, `scale`, `label` and `edit` end up doing. */
  update(obj: KubeObject, opts?: WriteOptions): WriteResult;
  delete(kind: Kind, namespace: string | undefined, name: string): WriteResult;
  /** Advance the simulated clock. */
  tick(seconds: number): void;
}

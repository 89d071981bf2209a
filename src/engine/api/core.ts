/** core/v1 kinds, as in k8s.io/api/core/v1/types.go (only what svcsim models). */
import type { ObjectMeta, TypeMeta } from './meta.ts';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export type IntOrString = number | string;

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
export type TrafficPolicy = 'Cluster' | 'Local';
export type SessionAffinity = 'None' | 'ClientIP';
export type IPFamily = 'IPv4' | 'IPv6';
export type IPFamilyPolicy = 'SingleStack' | 'PreferDualStack' | 'RequireDualStack';

export interface ServicePort {
  name?: string;
  protocol?: Protocol;
  appProtocol?: string;
  port: number;
  targetPort?: IntOrString;
  nodePort?: number;
}

export interface SessionAffinityConfig {
  clientIP?: { timeoutSeconds?: number };
}

export interface ServiceSpec {
  ports?: ServicePort[];
  selector?: Record<string, string>;
  clusterIP?: string;
  clusterIPs?: string[];
  type?: ServiceType;
  externalIPs?: string[];
  sessionAffinity?: SessionAffinity;
  sessionAffinityConfig?: SessionAffinityConfig;
  loadBalancerIP?: string;
  loadBalancerSourceRanges?: string[];
  loadBalancerClass?: string;
  externalName?: string;
  externalTrafficPolicy?: TrafficPolicy;
  internalTrafficPolicy?: TrafficPolicy;
  healthCheckNodePort?: number;
  publishNotReadyAddresses?: boolean;
  ipFamilies?: IPFamily[];
  ipFamilyPolicy?: IPFamilyPolicy;
  allocateLoadBalancerNodePorts?: boolean;
  trafficDistribution?: string;
}

export interface LoadBalancerIngress {
  ip?: string;
  hostname?: string;
  ipMode?: 'VIP' | 'Proxy';
  ports?: { port: number; protocol: Protocol; error?: string }[];
}

export interface ServiceStatus {
  loadBalancer?: { ingress?: LoadBalancerIngress[] };
}

export interface Service extends TypeMeta {
  apiVersion: 'v1';
  kind: 'Service';
  metadata: ObjectMeta;
  spec: ServiceSpec;
  status?: ServiceStatus;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: Protocol;
  hostPort?: number;
  hostIP?: string;
}

export interface EnvVar {
  name: string;
  value?: string;
  /** Kept opaque: svcsim does not resolve references. */
  valueFrom?: Record<string, unknown>;
}

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  ports?: ContainerPort[];
  env?: EnvVar[];
  /** Everything else a container may carry (probes, resources, ...), kept as written. */
  [field: string]: unknown;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

export interface PodDNSConfig {
  nameservers?: string[];
  searches?: string[];
  options?: { name: string; value?: string }[];
}

export type DNSPolicy = 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None';

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  hostname?: string;
  subdomain?: string;
  hostNetwork?: boolean;
  dnsPolicy?: DNSPolicy;
  dnsConfig?: PodDNSConfig;
  enableServiceLinks?: boolean;
  tolerations?: Toleration[];
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  terminationGracePeriodSeconds?: number;
  /** Other PodSpec fields are kept as written. */
  [field: string]: unknown;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export interface PodCondition {
  type: 'PodScheduled' | 'Initialized' | 'ContainersReady' | 'Ready' | 'PodReadyToStartContainers' | string;
  status: 'True' | 'False' | 'Unknown';
  /** A zero time, printed as null: what the kubelet leaves in every pod condition. */
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface ContainerStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  image?: string;
  started?: boolean;
  state?: {
    running?: { startedAt?: string };
    waiting?: { reason?: string; message?: string };
    terminated?: { exitCode: number; reason?: string; startedAt?: string; finishedAt?: string };
  };
  /** Always written (a struct): `{}` until the container has restarted. */
  lastState?: { terminated?: { exitCode: number; reason?: string; startedAt?: string; finishedAt?: string } };
  /** The kubelet's copy of the container's mounts (RecursiveReadOnlyMounts, beta and on in v1.33). */
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; recursiveReadOnly?: 'Disabled' | 'Enabled' }[];
  /** What the running container was given (InPlacePodVerticalScaling, beta and on in v1.33). */
  resources?: { limits?: Record<string, string>; requests?: Record<string, string> };
}

export interface PodStatus {
  phase?: PodPhase;
  conditions?: PodCondition[];
  hostIP?: string;
  hostIPs?: { ip: string }[];
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  containerStatuses?: ContainerStatus[];
  qosClass?: string;
  nominatedNodeName?: string;
}

export interface Pod extends TypeMeta {
  apiVersion: 'v1';
  kind: 'Pod';
  metadata: ObjectMeta;
  spec: PodSpec;
  status?: PodStatus;
}

export interface PodTemplateSpec {
  metadata?: Omit<ObjectMeta, 'name'> & { name?: string };
  spec: PodSpec;
}

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface NodeAddress {
  type: 'InternalIP' | 'ExternalIP' | 'Hostname' | 'InternalDNS' | 'ExternalDNS';
  address: string;
}

export interface NodeSpec {
  podCIDR?: string;
  podCIDRs?: string[];
  taints?: Taint[];
  unschedulable?: boolean;
  providerID?: string;
}

export interface NodeStatus {
  addresses?: NodeAddress[];
  conditions?: { type: string; status: 'True' | 'False' | 'Unknown'; reason?: string; message?: string; lastHeartbeatTime?: string; lastTransitionTime?: string }[];
  nodeInfo?: {
    kubeletVersion?: string;
    kubeProxyVersion?: string;
    osImage?: string;
    kernelVersion?: string;
    containerRuntimeVersion?: string;
    operatingSystem?: string;
    architecture?: string;
    machineID?: string;
    systemUUID?: string;
    bootID?: string;
  };
  capacity?: Record<string, string>;
  allocatable?: Record<string, string>;
  daemonEndpoints?: { kubeletEndpoint?: { Port: number } };
}

export interface Node extends TypeMeta {
  apiVersion: 'v1';
  kind: 'Node';
  metadata: ObjectMeta;
  spec: NodeSpec;
  status?: NodeStatus;
}

export interface Namespace extends TypeMeta {
  apiVersion: 'v1';
  kind: 'Namespace';
  metadata: ObjectMeta;
  spec?: { finalizers?: string[] };
  status?: { phase?: 'Active' | 'Terminating' };
}

export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
}

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: ObjectReference;
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol?: Protocol;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

export interface Endpoints extends TypeMeta {
  apiVersion: 'v1';
  kind: 'Endpoints';
  metadata: ObjectMeta;
  subsets?: EndpointSubset[];
}

export interface ConfigMap extends TypeMeta {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: ObjectMeta;
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  immutable?: boolean;
}

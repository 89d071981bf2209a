/**
 * PodSpec, Container and PodStatus (k8s.io/api/core/v1/types.go): every v1.33 top-level
 * field name, so real manifests pass; deep structures svcsim does not model (probes,
 * resources, volumes, securityContext, affinity ...) are opaque objects.
 */
import { anyValue, bool, int32, int64, list, map, named, opaque, quantity, str, stringList, stringMap, struct, time } from './build.ts';
import { objectMeta } from './meta.ts';
import { objectReference } from './core-service.ts';

const containerPort = struct('ContainerPort', {
  name: str,
  hostPort: int32,
  containerPort: int32,
  protocol: named('v1.Protocol'),
  hostIP: str,
});

const envVar = struct('EnvVar', {
  name: str,
  value: str,
  valueFrom: opaque('v1.EnvVarSource'),
});

const containerFields = {
  name: str,
  image: str,
  command: stringList,
  args: stringList,
  workingDir: str,
  ports: list(containerPort),
  envFrom: list(opaque('v1.EnvFromSource')),
  env: list(envVar),
  resources: opaque('v1.ResourceRequirements'),
  resizePolicy: list(opaque('v1.ContainerResizePolicy')),
  restartPolicy: named('v1.ContainerRestartPolicy'),
  volumeMounts: list(opaque('v1.VolumeMount')),
  volumeDevices: list(opaque('v1.VolumeDevice')),
  livenessProbe: opaque('v1.Probe'),
  readinessProbe: opaque('v1.Probe'),
  startupProbe: opaque('v1.Probe'),
  lifecycle: opaque('v1.Lifecycle'),
  terminationMessagePath: str,
  terminationMessagePolicy: named('v1.TerminationMessagePolicy'),
  imagePullPolicy: named('v1.PullPolicy'),
  securityContext: opaque('v1.SecurityContext'),
  stdin: bool,
  stdinOnce: bool,
  tty: bool,
};

export const container = struct('Container', containerFields);
const ephemeralContainer = struct('EphemeralContainer', { ...containerFields, targetContainerName: str });

const toleration = struct('Toleration', {
  key: str,
  operator: named('v1.TolerationOperator'),
  value: str,
  effect: named('v1.TaintEffect'),
  tolerationSeconds: int64,
});

const podDNSConfig = struct('PodDNSConfig', {
  nameservers: stringList,
  searches: stringList,
  options: list(struct('PodDNSConfigOption', { name: str, value: str })),
});

export const podSpec = struct('PodSpec', {
  volumes: list(opaque('v1.Volume')),
  initContainers: list(container),
  containers: list(container),
  ephemeralContainers: list(ephemeralContainer),
  restartPolicy: named('v1.RestartPolicy'),
  terminationGracePeriodSeconds: int64,
  activeDeadlineSeconds: int64,
  dnsPolicy: named('v1.DNSPolicy'),
  nodeSelector: stringMap,
  serviceAccountName: str,
  serviceAccount: str,
  automountServiceAccountToken: bool,
  nodeName: str,
  hostNetwork: bool,
  hostPID: bool,
  hostIPC: bool,
  shareProcessNamespace: bool,
  securityContext: opaque('v1.PodSecurityContext'),
  imagePullSecrets: list(opaque('v1.LocalObjectReference')),
  hostname: str,
  subdomain: str,
  affinity: opaque('v1.Affinity'),
  schedulerName: str,
  tolerations: list(toleration),
  hostAliases: list(struct('HostAlias', { ip: str, hostnames: stringList })),
  priorityClassName: str,
  priority: int32,
  dnsConfig: podDNSConfig,
  readinessGates: list(opaque('v1.PodReadinessGate')),
  runtimeClassName: str,
  enableServiceLinks: bool,
  preemptionPolicy: named('v1.PreemptionPolicy'),
  overhead: map(quantity, 'resource.Quantity'),
  topologySpreadConstraints: list(opaque('v1.TopologySpreadConstraint')),
  setHostnameAsFQDN: bool,
  os: opaque('v1.PodOS'),
  hostUsers: bool,
  schedulingGates: list(opaque('v1.PodSchedulingGate')),
  resourceClaims: list(opaque('v1.PodResourceClaim')),
  resources: opaque('v1.ResourceRequirements'),
});

const podIP = struct('PodIP', { ip: str });
const hostIP = struct('HostIP', { ip: str });

export const podStatus = struct('PodStatus', {
  observedGeneration: int64,
  phase: named('v1.PodPhase'),
  conditions: list(
    struct('PodCondition', {
      type: named('v1.PodConditionType'),
      observedGeneration: int64,
      status: named('v1.ConditionStatus'),
      lastProbeTime: time,
      lastTransitionTime: time,
      reason: str,
      message: str,
    }),
  ),
  message: str,
  reason: str,
  nominatedNodeName: str,
  hostIP: str,
  hostIPs: list(hostIP),
  podIP: str,
  podIPs: list(podIP),
  startTime: time,
  initContainerStatuses: list(opaque('v1.ContainerStatus')),
  containerStatuses: list(opaque('v1.ContainerStatus')),
  qosClass: named('v1.PodQOSClass'),
  ephemeralContainerStatuses: list(opaque('v1.ContainerStatus')),
  resize: named('v1.PodResizeStatus'),
  resourceClaimStatuses: list(opaque('v1.PodResourceClaimStatus')),
});

export const podTemplateSpec = struct('PodTemplateSpec', { metadata: objectMeta, spec: podSpec });

export const pod = struct('Pod', {
  apiVersion: str,
  kind: str,
  metadata: objectMeta,
  spec: podSpec,
  status: podStatus,
});

export { anyValue, objectReference };

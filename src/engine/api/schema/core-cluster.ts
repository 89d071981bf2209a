/** Namespace, Node and ConfigMap (k8s.io/api/core/v1/types.go), v1.33 field names. */
import { bool, int32, int64, list, map, named, opaque, quantity, str, stringList, stringMap, struct, time } from './build.ts';
import { objectMeta } from './meta.ts';

const conditionStatus = named('v1.ConditionStatus');

export const namespace = struct('Namespace', {
  apiVersion: str,
  kind: str,
  metadata: objectMeta,
  spec: struct('NamespaceSpec', { finalizers: list(named('v1.FinalizerName')) }),
  status: struct('NamespaceStatus', {
    phase: named('v1.NamespacePhase'),
    conditions: list(
      struct('NamespaceCondition', {
        type: named('v1.NamespaceConditionType'),
        status: conditionStatus,
        lastTransitionTime: time,
        reason: str,
        message: str,
      }),
    ),
  }),
});

const resourceList = map(quantity, 'resource.Quantity');

export const node = struct('Node', {
  apiVersion: str,
  kind: str,
  metadata: objectMeta,
  spec: struct('NodeSpec', {
    podCIDR: str,
    podCIDRs: stringList,
    providerID: str,
    unschedulable: bool,
    taints: list(struct('Taint', { key: str, value: str, effect: named('v1.TaintEffect'), timeAdded: time })),
    configSource: opaque('v1.NodeConfigSource'),
    externalID: str,
  }),
  status: struct('NodeStatus', {
    capacity: resourceList,
    allocatable: resourceList,
    phase: named('v1.NodePhase'),
    conditions: list(
      struct('NodeCondition', {
        type: named('v1.NodeConditionType'),
        status: conditionStatus,
        lastHeartbeatTime: time,
        lastTransitionTime: time,
        reason: str,
        message: str,
      }),
    ),
    addresses: list(struct('NodeAddress', { type: named('v1.NodeAddressType'), address: str })),
    // The kubelet endpoint's field really is capitalised: `json:"Port"`.
    daemonEndpoints: struct('NodeDaemonEndpoints', { kubeletEndpoint: struct('DaemonEndpoint', { Port: int32 }) }),
    nodeInfo: struct('NodeSystemInfo', {
      machineID: str,
      systemUUID: str,
      bootID: str,
      kernelVersion: str,
      osImage: str,
      containerRuntimeVersion: str,
      kubeletVersion: str,
      kubeProxyVersion: str,
      operatingSystem: str,
      architecture: str,
      swap: struct('NodeSwapStatus', { capacity: int64 }),
    }),
    images: list(struct('ContainerImage', { names: stringList, sizeBytes: int64 })),
    volumesInUse: list(named('v1.UniqueVolumeName')),
    volumesAttached: list(struct('AttachedVolume', { name: named('v1.UniqueVolumeName'), devicePath: str })),
    config: opaque('v1.NodeConfigStatus'),
    runtimeHandlers: list(opaque('v1.NodeRuntimeHandler')),
    features: opaque('v1.NodeFeatures'),
  }),
});

export const configMap = struct('ConfigMap', {
  apiVersion: str,
  kind: str,
  metadata: objectMeta,
  immutable: bool,
  data: stringMap,
  // []byte values: base64 strings in JSON.
  binaryData: map(str, '[]uint8'),
});

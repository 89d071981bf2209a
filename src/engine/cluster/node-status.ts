/**
 * What a node's kubelet writes when it registers and then posts status
 * (kubernetes pkg/kubelet/kubelet_node_status.go: initialNode, setNodeStatus): the
 * well-known labels, the Hostname address, conditions, nodeInfo, capacity. A Node written in a
 * scenario is a machine with a kubelet, so what it leaves out is filled in this way; what it
 * says (addresses, conditions) is kept.
 */
import type { Node, NodeStatus } from '../api/core.ts';
import type { ClusterSettings } from './types.ts';

/** The machine svcsim's nodes run on: one kubeadm node image, the same on every node. */
const MACHINE = {
  osImage: 'Ubuntu 24.04.2 LTS',
  kernelVersion: '6.8.0-60-generic',
  containerRuntimeVersion: 'containerd://1.7.27',
  capacity: { cpu: '2', 'ephemeral-storage': '40972512Ki', 'hugepages-2Mi': '0', memory: '4005036Ki', pods: '110' },
  allocatable: { cpu: '2', 'ephemeral-storage': '37759220933', 'hugepages-2Mi': '0', memory: '3902636Ki', pods: '110' },
};

/**
 * `registered` is when the node joined (its creationTimestamp): every condition took its value
 * then, and svcsim's kubelet posts no later status, so that is also the last heartbeat (a real
 * kubelet re-posts unchanged conditions every nodeStatusReportFrequency, 5m). Without it the
 * times are left out and kubectl would print Go's zero time.
 */
export function kubeletNodeStatus(name: string, internalIP: string | undefined, settings: ClusterSettings, flannel: boolean, registered?: string): NodeStatus {
  const times = registered ? { lastHeartbeatTime: registered, lastTransitionTime: registered } : {};
  return {
    addresses: [...(internalIP ? [{ type: 'InternalIP' as const, address: internalIP }] : []), { type: 'Hostname', address: name }],
    conditions: [
      ...(flannel ? [{ type: 'NetworkUnavailable', status: 'False' as const, ...times, reason: 'FlannelIsUp', message: 'Flannel is running on this node' }] : []),
      { type: 'MemoryPressure', status: 'False', ...times, reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
      { type: 'DiskPressure', status: 'False', ...times, reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
      { type: 'PIDPressure', status: 'False', ...times, reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
      { type: 'Ready', status: 'True', ...times, reason: 'KubeletReady', message: 'kubelet is posting ready status' },
    ],
    nodeInfo: {
      kubeletVersion: settings.kubernetesVersion,
      // DisableNodeKubeProxyVersion is on by default in v1.33 (KEP-4004): the kubelet leaves it empty.
      kubeProxyVersion: '',
      osImage: MACHINE.osImage,
      kernelVersion: MACHINE.kernelVersion,
      containerRuntimeVersion: MACHINE.containerRuntimeVersion,
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
    capacity: { ...MACHINE.capacity },
    allocatable: { ...MACHINE.allocatable },
    // setters.go DaemonEndpoints: the kubelet's port (KubeletConfiguration port, 10250 under kubeadm).
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
  };
}

/** kubelet's registration labels (kubelet_node_status.go initialNode). */
export function kubeletNodeLabels(name: string): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
  };
}

/** A scenario's Node as its kubelet would leave it: what the scenario wrote wins. */
export function withKubeletStatus(node: Node, settings: ClusterSettings, flannel: boolean): Node {
  const name = node.metadata.name;
  const written = node.status ?? {};
  const internalIP = written.addresses?.find((a) => a.type === 'InternalIP')?.address;
  const filled = kubeletNodeStatus(name, internalIP, settings, flannel, node.metadata.creationTimestamp);
  const hasHostname = written.addresses?.some((a) => a.type === 'Hostname');
  return {
    ...node,
    metadata: { ...node.metadata, labels: { ...kubeletNodeLabels(name), ...node.metadata.labels } },
    status: {
      ...filled,
      ...written,
      addresses: written.addresses ? [...written.addresses, ...(hasHostname ? [] : [{ type: 'Hostname' as const, address: name }])] : filled.addresses,
      conditions: written.conditions ?? filled.conditions,
      nodeInfo: { ...filled.nodeInfo, ...written.nodeInfo },
    },
  };
}

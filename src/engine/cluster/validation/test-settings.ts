/** A kubeadm-like single-stack cluster for the tests of this folder and of defaults/. */
import type { ClusterSettings } from '../types.ts';

export const TEST_SETTINGS: ClusterSettings = {
  serviceSubnet: '10.96.0.0/12',
  podSubnet: '10.244.0.0/16',
  dnsDomain: 'cluster.local',
  nodePortRange: { base: 30000, size: 2768 },
  proxy: { apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', mode: 'iptables' },
  cni: 'flannel-vxlan',
  kubernetesVersion: 'v1.33.1',
};

/**
 * Configuration kinds: kube-proxy's KubeProxyConfiguration
 * (k8s.io/kube-proxy/config/v1alpha1/types.go) and kubeadm's ClusterConfiguration
 * (cmd/kubeadm/app/apis/kubeadm/v1beta4). Only the fields svcsim acts on are typed;
 * the rest of a real file is accepted and kept.
 */
import type { TypeMeta } from './meta.ts';

export type ProxyMode = 'iptables' | 'ipvs' | 'nftables' | 'userspace';

export interface KubeProxyConfiguration extends TypeMeta {
  apiVersion: 'kubeproxy.config.k8s.io/v1alpha1';
  kind: 'KubeProxyConfiguration';
  /** "" means the platform default, iptables on Linux. */
  mode?: ProxyMode | '';
  clusterCIDR?: string;
  nodePortAddresses?: string[];
  iptables?: {
    masqueradeAll?: boolean;
    masqueradeBit?: number;
    localhostNodePorts?: boolean;
    syncPeriod?: string;
    minSyncPeriod?: string;
  };
  ipvs?: {
    scheduler?: string;
    strictARP?: boolean;
    excludeCIDRs?: string[];
    syncPeriod?: string;
    minSyncPeriod?: string;
    tcpTimeout?: string;
    tcpFinTimeout?: string;
    udpTimeout?: string;
  };
  nftables?: { masqueradeAll?: boolean; masqueradeBit?: number; syncPeriod?: string; minSyncPeriod?: string };
  [field: string]: unknown;
}

export interface ClusterConfiguration extends TypeMeta {
  apiVersion: 'kubeadm.k8s.io/v1beta3' | 'kubeadm.k8s.io/v1beta4';
  kind: 'ClusterConfiguration';
  kubernetesVersion?: string;
  clusterName?: string;
  controlPlaneEndpoint?: string;
  networking?: { serviceSubnet?: string; podSubnet?: string; dnsDomain?: string };
  /** v1beta3 writes a map, v1beta4 a list of {name, value}. */
  apiServer?: { extraArgs?: Record<string, string> | { name: string; value: string }[]; [field: string]: unknown };
  /** Registry of every image kubeadm deploys (default registry.k8s.io). */
  imageRepository?: string;
  /** The CoreDNS image (v1beta3/v1beta4 DNS: ImageMeta inline, v1beta4 adds `disabled`). */
  dns?: { imageRepository?: string; imageTag?: string; disabled?: boolean; [field: string]: unknown };
  [field: string]: unknown;
}

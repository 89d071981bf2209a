/**
 * ClusterSettings from the scenario's configuration documents: kubeadm's ClusterConfiguration
 * (networking.serviceSubnet, podSubnet, dnsDomain, apiServer.extraArgs
 * service-node-port-range), a KubeProxyConfiguration, or the kube-system `kube-proxy`
 * ConfigMap's `config.conf` as kubeadm clusters hold it. Anything unsaid takes kubeadm's defaults.
 */
import type { ClusterConfiguration, KubeProxyConfiguration } from '../api/config.ts';
import type { ConfigMap } from '../api/core.ts';
import type { ClusterSettings } from './types.ts';

export const DEFAULT_KUBERNETES_VERSION = 'v1.33.1';

export function defaultProxyConfiguration(podSubnet: string): KubeProxyConfiguration {
  return { apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', mode: 'iptables', clusterCIDR: podSubnet };
}

export const DEFAULT_SETTINGS: ClusterSettings = {
  serviceSubnet: '10.96.0.0/12',
  podSubnet: '10.244.0.0/16',
  dnsDomain: 'cluster.local',
  nodePortRange: { base: 30000, size: 2768 },
  proxy: defaultProxyConfiguration('10.244.0.0/16'),
  cni: 'flannel-vxlan',
  kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
};

export interface SettingsSources {
  clusterConfiguration?: ClusterConfiguration;
  kubeProxyConfiguration?: KubeProxyConfiguration;
  /** The kube-system `kube-proxy` ConfigMap, when the scenario holds one. */
  kubeProxyConfigMap?: ConfigMap;
  /** Decodes a `config.conf` (the manifest layer's decodeKubeProxyConfiguration). */
  decodeKubeProxyConfiguration?: (text: string) => { config?: KubeProxyConfiguration; errors: string[] };
}

/** `30000-32767` -> {base 30000, size 2768} (utilnet.ParsePortRange), or undefined. */
export function parsePortRange(text: string): { base: number; size: number } | undefined {
  const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(text) ?? /^\s*(\d+)\s*\+\s*(\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (text.includes('+')) return b >= 0 ? { base: a, size: b + 1 } : undefined;
  if (b < a || a > 65535 || b > 65535) return undefined;
  return { base: a, size: b - a + 1 };
}

function extraArg(cc: ClusterConfiguration | undefined, name: string): string | undefined {
  const args = cc?.apiServer?.extraArgs;
  if (!args) return undefined;
  if (Array.isArray(args)) return args.find((a) => a.name === name)?.value;
  return args[name];
}

export function deriveSettings(src: SettingsSources): { settings: ClusterSettings; problems: string[] } {
  const problems: string[] = [];
  const cc = src.clusterConfiguration;
  const net = cc?.networking ?? {};
  const podSubnet = net.podSubnet ?? DEFAULT_SETTINGS.podSubnet;
  let nodePortRange = DEFAULT_SETTINGS.nodePortRange;
  const npr = extraArg(cc, 'service-node-port-range');
  if (npr !== undefined) {
    const r = parsePortRange(npr);
    if (r) nodePortRange = r;
    else problems.push(`invalid argument "${npr}" for "--service-node-port-range" flag`);
  }
  let proxy = src.kubeProxyConfiguration;
  const conf = src.kubeProxyConfigMap?.data?.['config.conf'];
  if (!proxy && conf !== undefined && src.decodeKubeProxyConfiguration) {
    const r = src.decodeKubeProxyConfiguration(conf);
    problems.push(...r.errors);
    proxy = r.config;
  }
  const base = proxy ?? defaultProxyConfiguration(podSubnet);
  const settings: ClusterSettings = {
    serviceSubnet: net.serviceSubnet ?? extraArg(cc, 'service-cluster-ip-range') ?? DEFAULT_SETTINGS.serviceSubnet,
    podSubnet,
    dnsDomain: net.dnsDomain ?? DEFAULT_SETTINGS.dnsDomain,
    nodePortRange,
    // An empty mode is the platform default: iptables on Linux.
    proxy: { ...base, mode: base.mode ? base.mode : 'iptables', clusterCIDR: base.clusterCIDR || podSubnet },
    cni: 'flannel-vxlan',
    kubernetesVersion: cc?.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION,
    ...(cc?.dns?.imageRepository || cc?.dns?.imageTag ? { corednsImage: dnsImage(cc) } : {}),
  };
  return { settings, problems };
}

/**
 * kubeadm GetDNSImage (cmd/kubeadm/app/images/images.go): dns.imageRepository, else
 * imageRepository; registry.k8s.io becomes registry.k8s.io/coredns; dns.imageTag, else v1.12.0.
 */
function dnsImage(cc: ClusterConfiguration): string {
  let repo = cc.dns?.imageRepository || cc.imageRepository || 'registry.k8s.io';
  if (repo === 'registry.k8s.io') repo = 'registry.k8s.io/coredns';
  return `${repo}/coredns:${cc.dns?.imageTag || 'v1.12.0'}`;
}

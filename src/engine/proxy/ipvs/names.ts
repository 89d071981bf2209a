/**
 * Names kube-proxy's ipvs mode uses (pkg/proxy/ipvs/proxier.go, ipset.go): its chains, the
 * dummy device, and its ipsets with their types and comments (the comments appear in the
 * iptables rules that match the sets). The set order is ipset.go's ipsetInfo, which svcsim
 * also takes as the order the sets were created (`ipset list` prints them so).
 */
import type { IpsetType } from '../../net/ipset/ipset.ts';

export const DUMMY_DEVICE = 'kube-ipvs0';

export const KUBE_SERVICES = 'KUBE-SERVICES';
export const KUBE_PROXY_FIREWALL = 'KUBE-PROXY-FIREWALL';
export const KUBE_SOURCE_RANGES_FIREWALL = 'KUBE-SOURCE-RANGES-FIREWALL';
export const KUBE_POSTROUTING = 'KUBE-POSTROUTING';
export const KUBE_MARK_MASQ = 'KUBE-MARK-MASQ';
export const KUBE_NODE_PORT = 'KUBE-NODE-PORT';
export const KUBE_FORWARD = 'KUBE-FORWARD';
export const KUBE_LOAD_BALANCER = 'KUBE-LOAD-BALANCER';
export const KUBE_IPVS_FILTER = 'KUBE-IPVS-FILTER';
export const KUBE_IPVS_OUT_FILTER = 'KUBE-IPVS-OUT-FILTER';

export const LOOP_BACK = 'KUBE-LOOP-BACK';
export const CLUSTER_IP = 'KUBE-CLUSTER-IP';
export const EXTERNAL_IP = 'KUBE-EXTERNAL-IP';
export const EXTERNAL_IP_LOCAL = 'KUBE-EXTERNAL-IP-LOCAL';
export const LOAD_BALANCER = 'KUBE-LOAD-BALANCER';
export const LOAD_BALANCER_FW = 'KUBE-LOAD-BALANCER-FW';
export const LOAD_BALANCER_LOCAL = 'KUBE-LOAD-BALANCER-LOCAL';
export const LOAD_BALANCER_SOURCE_IP = 'KUBE-LOAD-BALANCER-SOURCE-IP';
export const LOAD_BALANCER_SOURCE_CIDR = 'KUBE-LOAD-BALANCER-SOURCE-CIDR';
export const NODE_PORT_TCP = 'KUBE-NODE-PORT-TCP';
export const NODE_PORT_LOCAL_TCP = 'KUBE-NODE-PORT-LOCAL-TCP';
export const NODE_PORT_UDP = 'KUBE-NODE-PORT-UDP';
export const NODE_PORT_LOCAL_UDP = 'KUBE-NODE-PORT-LOCAL-UDP';
export const NODE_PORT_SCTP = 'KUBE-NODE-PORT-SCTP-HASH';
export const NODE_PORT_LOCAL_SCTP = 'KUBE-NODE-PORT-LOCAL-SCTP-HASH';
export const HEALTH_CHECK_NODE_PORT = 'KUBE-HEALTH-CHECK-NODE-PORT';
export const IPVS_IPS = 'KUBE-IPVS-IPS';

export interface IpsetInfo {
  name: string;
  type: IpsetType;
  comment: string;
}

/** ipset.go ipsetInfo, in its order. */
export const IPSET_INFO: readonly IpsetInfo[] = [
  { name: LOOP_BACK, type: 'hash:ip,port,ip', comment: 'Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose' },
  { name: CLUSTER_IP, type: 'hash:ip,port', comment: 'Kubernetes service cluster ip + port for masquerade purpose' },
  { name: EXTERNAL_IP, type: 'hash:ip,port', comment: 'Kubernetes service external ip + port for masquerade and filter purpose' },
  { name: EXTERNAL_IP_LOCAL, type: 'hash:ip,port', comment: 'Kubernetes service external ip + port with externalTrafficPolicy=local' },
  { name: LOAD_BALANCER, type: 'hash:ip,port', comment: 'Kubernetes service lb portal' },
  { name: LOAD_BALANCER_FW, type: 'hash:ip,port', comment: 'Kubernetes service load balancer ip + port for load balancer with sourceRange' },
  { name: LOAD_BALANCER_LOCAL, type: 'hash:ip,port', comment: 'Kubernetes service load balancer ip + port with externalTrafficPolicy=local' },
  { name: LOAD_BALANCER_SOURCE_IP, type: 'hash:ip,port,ip', comment: 'Kubernetes service load balancer ip + port + source IP for packet filter purpose' },
  { name: LOAD_BALANCER_SOURCE_CIDR, type: 'hash:ip,port,net', comment: 'Kubernetes service load balancer ip + port + source cidr for packet filter purpose' },
  { name: NODE_PORT_TCP, type: 'bitmap:port', comment: 'Kubernetes nodeport TCP port for masquerade purpose' },
  { name: NODE_PORT_LOCAL_TCP, type: 'bitmap:port', comment: 'Kubernetes nodeport TCP port with externalTrafficPolicy=local' },
  { name: NODE_PORT_UDP, type: 'bitmap:port', comment: 'Kubernetes nodeport UDP port for masquerade purpose' },
  { name: NODE_PORT_LOCAL_UDP, type: 'bitmap:port', comment: 'Kubernetes nodeport UDP port with externalTrafficPolicy=local' },
  { name: NODE_PORT_SCTP, type: 'hash:ip,port', comment: "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'" },
  { name: NODE_PORT_LOCAL_SCTP, type: 'hash:ip,port', comment: "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'" },
  { name: HEALTH_CHECK_NODE_PORT, type: 'bitmap:port', comment: 'Kubernetes health check node port' },
  { name: IPVS_IPS, type: 'hash:ip', comment: 'Addresses on the ipvs interface' },
];

export const IPSET_COMMENT: Readonly<Record<string, string>> = Object.fromEntries(IPSET_INFO.map((i) => [i.name, i.comment]));

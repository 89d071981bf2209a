/**
 * kube-ipvs0 on a node in ipvs mode: a dummy link, DOWN and NOARP, holding every service address
 * kube-proxy binds (reference §3.1), so the kernel routes them as local and packets to them
 * reach IPVS in LOCAL_IN. `ip addr` shows it; `ip route show table local` shows its /32 routes.
 */
import type { NetInterface } from '../net/interfaces.ts';
import { localMac } from '../net/link-addresses.ts';
import type { NodeNetwork } from '../net/node-network.ts';
import { addressRoutes, RouteTable } from '../net/routes.ts';

export const KUBE_IPVS0 = 'kube-ipvs0';

export function kubeIpvs0(node: string, ifindex: number, addresses: readonly string[]): NetInterface {
  return {
    ifindex,
    name: KUBE_IPVS0,
    kind: 'ether',
    mac: localMac(`${KUBE_IPVS0}:${node}`),
    mtu: 1500,
    flags: ['BROADCAST', 'NOARP'],
    qdisc: 'noop',
    operstate: 'DOWN',
    qlen: 0,
    inet: addresses.map((address) => ({ address, prefix: 32, scope: 'global' as const })),
    inet6: [],
  };
}

/** The node's namespace with kube-ipvs0 added after its other links. */
export function withKubeIpvs0(net: NodeNetwork, addresses: readonly string[]): NodeNetwork {
  const ifindex = Math.max(...net.interfaces.map((i) => i.ifindex)) + 1;
  const link = kubeIpvs0(net.node, ifindex, addresses);
  return { ...net, interfaces: [...net.interfaces, link], local: new RouteTable([...net.local.routes, ...addressRoutes(link)]) };
}

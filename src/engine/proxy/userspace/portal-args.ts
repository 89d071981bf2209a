/**
 * The iptables rules of kube-proxy's userspace mode, argument for argument as
 * pkg/proxy/userspace/proxier.go (v1.25, the last release with it) passed them to
 * `iptables -A/-I` (EnsureRule): iptablesInit's jump rules and chains, and the
 * iptablesCommonPortalArgs family per portal. Comments are the ServicePortName
 * (`ns/svc:port`, or `ns/svc` for an unnamed port), written unquoted.
 */
import type { L4Protocol } from '../../net/packet.ts';

export const CONTAINER_PORTAL_CHAIN = 'KUBE-PORTALS-CONTAINER';
export const HOST_PORTAL_CHAIN = 'KUBE-PORTALS-HOST';
export const CONTAINER_NODEPORT_CHAIN = 'KUBE-NODEPORT-CONTAINER';
export const HOST_NODEPORT_CHAIN = 'KUBE-NODEPORT-HOST';
export const NON_LOCAL_NODEPORT_CHAIN = 'KUBE-NODEPORT-NON-LOCAL';

export const PORTALS_COMMENT = 'handle ClusterIPs; NOTE: this must be before the NodePort rules';
export const NODEPORTS_COMMENT = 'handle service NodePorts; NOTE: this must be the last rule in the chain';
export const NON_LOCAL_COMMENT = 'Ensure that non-local NodePort traffic can flow';

export interface JumpRule {
  table: 'nat' | 'filter';
  chain: 'PREROUTING' | 'OUTPUT' | 'INPUT';
  /** EnsureRule(Prepend) puts it on top of the chain; Append at the bottom. */
  position: 'prepend' | 'append';
  args: readonly string[];
}

/** iptablesInit, in its order: the chains each table declares and the rules that reach them. */
export const USERSPACE_CHAINS = {
  nat: [CONTAINER_PORTAL_CHAIN, HOST_PORTAL_CHAIN, CONTAINER_NODEPORT_CHAIN, HOST_NODEPORT_CHAIN],
  filter: [NON_LOCAL_NODEPORT_CHAIN],
} as const;

export const USERSPACE_JUMPS: readonly JumpRule[] = [
  { table: 'nat', chain: 'PREROUTING', position: 'prepend', args: ['-m', 'comment', '--comment', PORTALS_COMMENT, '-j', CONTAINER_PORTAL_CHAIN] },
  { table: 'nat', chain: 'OUTPUT', position: 'prepend', args: ['-m', 'comment', '--comment', PORTALS_COMMENT, '-j', HOST_PORTAL_CHAIN] },
  // "This set of rules matches broadly (addrtype & destination port), and therefore must come after the portal rules".
  { table: 'nat', chain: 'PREROUTING', position: 'append', args: ['-m', 'addrtype', '--dst-type', 'LOCAL', '-m', 'comment', '--comment', NODEPORTS_COMMENT, '-j', CONTAINER_NODEPORT_CHAIN] },
  { table: 'nat', chain: 'OUTPUT', position: 'append', args: ['-m', 'addrtype', '--dst-type', 'LOCAL', '-m', 'comment', '--comment', NODEPORTS_COMMENT, '-j', HOST_NODEPORT_CHAIN] },
  { table: 'filter', chain: 'INPUT', position: 'prepend', args: ['-m', 'comment', '--comment', NON_LOCAL_COMMENT, '-j', NON_LOCAL_NODEPORT_CHAIN] },
];

/** Where the proxy listens: bindAddress, and the host IP DNAT uses when bound to 0.0.0.0. */
export interface ProxyAddress {
  /** --bind-address (listenIP). */
  listenIP: string;
  /** ChooseHostInterface() when listenIP is 0.0.0.0 (the node's primary IP), else listenIP. */
  hostIP: string;
  proxyPort: number;
}

function isAny(ip: string): boolean {
  return ip === '0.0.0.0';
}

/** iptablesCommonPortalArgs: comment, protocol, port, then `-d IP/32`, physdev, addrtype as asked. */
export function commonPortalArgs(
  destIP: string | undefined,
  addPhysicalInterfaceMatch: boolean,
  addDstLocalMatch: boolean,
  destPort: number,
  protocol: L4Protocol,
  service: string,
): string[] {
  const args = ['-m', 'comment', '--comment', service, '-p', protocol, '-m', protocol, '--dport', String(destPort)];
  if (destIP !== undefined) args.push('-d', `${destIP}/32`);
  if (addPhysicalInterfaceMatch) args.push('-m', 'physdev', '!', '--physdev-is-in');
  if (addDstLocalMatch) args.push('-m', 'addrtype', '--dst-type', 'LOCAL');
  return args;
}

/** iptablesContainerPortalArgs: REDIRECT to the proxy port when bound to 0.0.0.0, else DNAT to listenIP. */
export function containerPortalArgs(
  destIP: string | undefined,
  addPhysicalInterfaceMatch: boolean,
  addDstLocalMatch: boolean,
  destPort: number,
  protocol: L4Protocol,
  proxy: ProxyAddress,
  service: string,
): string[] {
  const args = commonPortalArgs(destIP, addPhysicalInterfaceMatch, addDstLocalMatch, destPort, protocol, service);
  if (isAny(proxy.listenIP)) args.push('-j', 'REDIRECT', '--to-ports', String(proxy.proxyPort));
  else args.push('-j', 'DNAT', '--to-destination', `${proxy.listenIP}:${proxy.proxyPort}`);
  return args;
}

/** iptablesHostPortalArgs: always DNAT (REDIRECT of local packets answers from the wrong address), to hostIP when bound to 0.0.0.0. */
export function hostPortalArgs(
  destIP: string,
  addDstLocalMatch: boolean,
  destPort: number,
  protocol: L4Protocol,
  proxy: ProxyAddress,
  service: string,
): string[] {
  const args = commonPortalArgs(destIP, false, addDstLocalMatch, destPort, protocol, service);
  const ip = isAny(proxy.listenIP) ? proxy.hostIP : proxy.listenIP;
  args.push('-j', 'DNAT', '--to-destination', `${ip}:${proxy.proxyPort}`);
  return args;
}

/** iptablesHostNodePortArgs: any destination at the nodePort, DNAT like the host portal. */
export function hostNodePortArgs(nodePort: number, protocol: L4Protocol, proxy: ProxyAddress, service: string): string[] {
  const args = commonPortalArgs(undefined, false, false, nodePort, protocol, service);
  const ip = isAny(proxy.listenIP) ? proxy.hostIP : proxy.listenIP;
  args.push('-j', 'DNAT', '--to-destination', `${ip}:${proxy.proxyPort}`);
  return args;
}

/** iptablesNonLocalNodePortArgs: accepts new connections to the proxy port (not the nodePort) in filter INPUT. */
export function nonLocalNodePortArgs(protocol: L4Protocol, proxy: ProxyAddress, service: string): string[] {
  return [...commonPortalArgs(undefined, false, false, proxy.proxyPort, protocol, service), '-m', 'state', '--state', 'NEW', '-j', 'ACCEPT'];
}

export interface PortalRule {
  table: 'nat' | 'filter';
  chain: string;
  args: string[];
}

export interface PortalInput {
  /** ServicePortName.String(). */
  service: string;
  protocol: L4Protocol;
  clusterIP: string;
  port: number;
  nodePort: number;
  externalIPs: readonly string[];
  loadBalancerIPs: readonly string[];
}

/**
 * openPortal's rules for one service port, in the order it ensured them: the ClusterIP portal,
 * each externalIP (three rules: not from a bridge, to a local address, from the host), each
 * load-balancer ingress IP, then the NodePort's three rules.
 */
export function portalRules(p: PortalInput, proxy: ProxyAddress): PortalRule[] {
  const out: PortalRule[] = [];
  const nat = (chain: string, args: string[]) => out.push({ table: 'nat', chain, args });
  const onePortal = (ip: string, isExternal: boolean) => {
    nat(CONTAINER_PORTAL_CHAIN, containerPortalArgs(ip, isExternal, false, p.port, p.protocol, proxy, p.service));
    if (isExternal) {
      nat(CONTAINER_PORTAL_CHAIN, containerPortalArgs(ip, false, true, p.port, p.protocol, proxy, p.service));
      nat(HOST_PORTAL_CHAIN, hostPortalArgs(ip, true, p.port, p.protocol, proxy, p.service));
      return;
    }
    nat(HOST_PORTAL_CHAIN, hostPortalArgs(ip, false, p.port, p.protocol, proxy, p.service));
  };
  onePortal(p.clusterIP, false);
  for (const ip of p.externalIPs) onePortal(ip, true);
  for (const ip of p.loadBalancerIPs) onePortal(ip, false);
  if (p.nodePort !== 0) {
    nat(CONTAINER_NODEPORT_CHAIN, containerPortalArgs(undefined, false, false, p.nodePort, p.protocol, proxy, p.service));
    nat(HOST_NODEPORT_CHAIN, hostNodePortArgs(p.nodePort, p.protocol, proxy, p.service));
    out.push({ table: 'filter', chain: NON_LOCAL_NODEPORT_CHAIN, args: nonLocalNodePortArgs(p.protocol, proxy, p.service) });
  }
  return out;
}

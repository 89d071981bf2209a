/**
 * One service port's share of the kube-proxy table on a node, as syncProxyRules writes it
 * (kubernetes pkg/proxy/nftables/proxier.go, reference §4): its chains (endpoint chains first,
 * then service-/local-, external-, firewall-), its affinity sets, and its elements in the
 * shared sets and maps (cluster-ips, service-ips, service-nodeports, no-endpoint-*,
 * firewall-ips), in the order written.
 */
import { parseVerdict, rule, stmt } from '../../net/nftables/build.ts';
import type { NftChain, NftElement, NftRule, NftSet, NftVerdict } from '../../net/nftables/types.ts';
import { cidrContains, parseCidr, parseIPv4 } from '../../net/ipv4.ts';
import { categorizeEndpoints } from '../categorize-endpoints.ts';
import type { EndpointInfo } from '../endpoints.ts';
import type { ServicePortInfo } from '../service-port.ts';
import { CLUSTER_IPS, FIREWALL_IPS, MARK_MASQ, NO_ENDPOINT_NODEPORTS, NO_ENDPOINT_SERVICES, REJECT_CHAIN, SERVICE_IPS, SERVICE_NODEPORTS } from './base-table.ts';
import type { NftLocalDetector } from './config.ts';
import { endpointNftNames, servicePortNftNames } from './names.ts';

export interface ServiceFragment {
  readonly chains: readonly NftChain[];
  readonly sets: readonly Omit<NftSet, 'elements' | 'index'>[];
  readonly elements: readonly { set: string; el: NftElement }[];
}

export interface NftFragmentContext {
  nodeName: string;
  nodeZone?: string;
  nodeIP?: string;
  masqueradeAll: boolean;
  detector: NftLocalDetector | undefined;
}

export function compileServicePortNft(sp: ServicePortInfo, endpoints: readonly EndpointInfo[], ctx: NftFragmentContext): ServiceFragment {
  const names = servicePortNftNames(sp);
  const { clusterEndpoints, localEndpoints, allReachableEndpoints, hasEndpoints } = categorizeEndpoints(endpoints, sp, { name: ctx.nodeName, zone: ctx.nodeZone });
  const epNames = new Map<EndpointInfo, ReturnType<typeof endpointNftNames>>();
  const epName = (ep: EndpointInfo) => {
    let n = epNames.get(ep);
    if (!n) epNames.set(ep, (n = endpointNftNames(sp, ep)));
    return n;
  };
  const chainOrder: string[] = [];
  const rules = new Map<string, NftRule[]>();
  const ensureChain = (name: string) => {
    if (!rules.has(name)) {
      rules.set(name, []);
      chainOrder.push(name);
    }
  };
  const add = (chain: string, r: NftRule) => rules.get(chain)!.push(r);
  const sets: Omit<NftSet, 'elements' | 'index'>[] = [];
  const elements: { set: string; el: NftElement }[] = [];
  const el = (set: string, key: string[], verdict?: string, comment?: string) => {
    const e: { key: string[]; verdict?: NftVerdict; comment?: string } = { key };
    if (verdict) e.verdict = parseVerdict(verdict);
    if (comment !== undefined) e.comment = comment;
    elements.push({ set, el: e });
  };

  const proto = sp.protocol;
  const port = String(sp.port);
  const affinity = sp.sessionAffinity === 'ClientIP';

  for (const ep of allReachableEndpoints) ensureChain(epName(ep).chain);

  const clusterPolicyChain = names.clusterPolicy;
  const usesClusterPolicyChain = clusterEndpoints.length > 0 && sp.usesClusterEndpoints;
  if (usesClusterPolicyChain) ensureChain(clusterPolicyChain);
  const localPolicyChain = names.localPolicy;
  const usesLocalPolicyChain = localEndpoints.length > 0 && sp.usesLocalEndpoints;
  if (usesLocalPolicyChain) ensureChain(localPolicyChain);

  let internalPolicyChain = clusterPolicyChain;
  let hasInternalEndpoints = hasEndpoints;
  if (sp.internalPolicyLocal) {
    internalPolicyChain = localPolicyChain;
    if (localEndpoints.length === 0) hasInternalEndpoints = false;
  }
  let externalPolicyChain = clusterPolicyChain;
  let hasExternalEndpoints = hasEndpoints;
  if (sp.externalPolicyLocal) {
    externalPolicyChain = localPolicyChain;
    if (localEndpoints.length === 0) hasExternalEndpoints = false;
  }
  const externalChain = names.external;
  // On hasEndpoints, not hasExternalEndpoints: the short-circuit rules are needed either way.
  const usesExternalChain = hasEndpoints && sp.externallyAccessible;
  if (usesExternalChain) ensureChain(externalChain);

  let internalVerdict = '';
  let externalVerdict = '';
  if (!hasEndpoints) {
    internalVerdict = externalVerdict = `goto ${REJECT_CHAIN}`;
  } else {
    if (!hasInternalEndpoints) internalVerdict = 'drop';
    if (!hasExternalEndpoints) externalVerdict = 'drop';
  }
  const n = sp.nameString;

  el(CLUSTER_IPS, [sp.clusterIP]);
  if (hasInternalEndpoints) el(SERVICE_IPS, [sp.clusterIP, proto, port], `goto ${internalPolicyChain}`);
  else el(NO_ENDPOINT_SERVICES, [sp.clusterIP, proto, port], internalVerdict, n);

  for (const ip of sp.externalIPs) {
    if (hasEndpoints) el(SERVICE_IPS, [ip, proto, port], `goto ${externalChain}`);
    if (!hasExternalEndpoints) el(NO_ENDPOINT_SERVICES, [ip, proto, port], externalVerdict, n);
  }

  const usesFWChain = sp.loadBalancerVIPs.length > 0 && sp.loadBalancerSourceRanges.length > 0;
  if (usesFWChain) ensureChain(names.firewall);
  for (const ip of sp.loadBalancerVIPs) {
    if (hasEndpoints) el(SERVICE_IPS, [ip, proto, port], `goto ${externalChain}`);
    if (usesFWChain) el(FIREWALL_IPS, [ip, proto, port], `goto ${names.firewall}`);
  }
  if (!hasExternalEndpoints) for (const ip of sp.loadBalancerVIPs) el(NO_ENDPOINT_SERVICES, [ip, proto, port], externalVerdict, n);

  if (sp.nodePort !== 0) {
    const np = String(sp.nodePort);
    // NodePorts are not subject to loadBalancerSourceRanges ("for better or for worse").
    if (hasEndpoints) el(SERVICE_NODEPORTS, [proto, np], `goto ${externalChain}`);
    if (!hasExternalEndpoints) el(NO_ENDPOINT_NODEPORTS, [proto, np], externalVerdict, n);
  }

  if (hasInternalEndpoints) {
    // KTIP writes the ClusterIP match without the protocol and port KNEW had.
    if (ctx.masqueradeAll) add(internalPolicyChain, rule([stmt.addr('daddr', sp.clusterIP), stmt.jump(MARK_MASQ)]));
    else if (ctx.detector) add(internalPolicyChain, rule([stmt.addr('daddr', sp.clusterIP), ctx.detector.ifNotLocal, stmt.jump(MARK_MASQ)]));
  }

  if (usesExternalChain) {
    if (!sp.externalPolicyLocal) {
      // Endpoints may be on other nodes: masquerade so replies come back through this one.
      add(externalChain, rule([stmt.jump(MARK_MASQ)]));
    } else {
      if (ctx.detector) add(externalChain, rule([ctx.detector.ifLocal, stmt.goto(clusterPolicyChain)], 'short-circuit pod traffic'));
      add(externalChain, rule([stmt.fibLocal('saddr'), stmt.jump(MARK_MASQ)], 'masquerade local traffic'));
      add(externalChain, rule([stmt.fibLocal('saddr'), stmt.goto(clusterPolicyChain)], 'short-circuit local traffic'));
    }
    if (hasExternalEndpoints) add(externalChain, rule([stmt.goto(externalPolicyChain)]));
  }

  if (usesFWChain) {
    const sources: string[] = [...sp.loadBalancerSourceRanges];
    const nodeIP = ctx.nodeIP === undefined ? undefined : parseIPv4(ctx.nodeIP);
    const allowFromNode = nodeIP !== undefined && sp.loadBalancerSourceRanges.some((r) => {
      const c = parseCidr(r);
      return c !== undefined && cidrContains(c, nodeIP);
    });
    // A VIP-like LB's address is often local: requests from the node loop back with it as source.
    if (allowFromNode) sources.push(...sp.loadBalancerVIPs);
    add(names.firewall, rule([stmt.addrAnon('saddr', sources, sources.join(' , '), true), stmt.verdict('drop')]));
  }

  if (affinity) {
    for (const ep of allReachableEndpoints) {
      sets.push({ name: epName(ep).affinitySet, kind: 'set', type: 'ipv4_addr', flags: ['dynamic', 'timeout'], timeout: sp.stickyMaxAgeSeconds });
    }
  }

  const toEndpoints = (chain: string, eps: readonly EndpointInfo[]) => {
    if (affinity) for (const ep of eps) add(chain, rule([stmt.addrSet('saddr', epName(ep).affinitySet), stmt.goto(epName(ep).chain)]));
    add(chain, rule([stmt.numgen(eps.map((ep) => epName(ep).chain))]));
  };
  if (usesClusterPolicyChain) toEndpoints(clusterPolicyChain, clusterEndpoints);
  if (usesLocalPolicyChain) toEndpoints(localPolicyChain, localEndpoints);

  const jumpMasq = stmt.jump(MARK_MASQ);
  const l4 = stmt.l4proto(proto);
  for (const ep of allReachableEndpoints) {
    const { chain, affinitySet } = epName(ep);
    // Hairpin: a pod reaching itself through the Service is masqueraded.
    const list = rules.get(chain)!;
    list.push({ stmts: [stmt.addr('saddr', ep.ip), jumpMasq] });
    if (affinity) list.push({ stmts: [stmt.updateSaddr(affinitySet)] });
    list.push({ stmts: [l4, stmt.dnat(ep.ip, ep.port)] });
  }

  return { chains: chainOrder.map((name) => ({ name, rules: rules.get(name)! })), sets, elements };
}

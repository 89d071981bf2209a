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
import { endpointNameBase, servicePortNftNames } from './names.ts';
import type { L4Protocol } from '../../net/packet.ts';

export interface ServiceFragment {
  /** `ns/svc/proto/port`: the key the table finds these chains by (portBaseOfChainName). */
  readonly portBase: string;
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

/**
 * An endpoint's chain: hairpin masquerade, the affinity update, the DNAT. A node holds 100,000
 * of them at 10,000 Services and a trace reads a few, so the rules are written the first time
 * the chain is read (then kept: readers may remember rule objects) and `nft list` sees them as written.
 */
class EndpointChain implements NftChain {
  private declare named: string | undefined;
  private declare readonly portBase: string;
  private declare readonly ep: EndpointInfo;
  private declare readonly ip: string;
  private declare readonly port: number;
  private declare readonly proto: L4Protocol;
  /** Its affinity set with ClientIP affinity, else undefined. */
  private declare readonly affinitySet: string | undefined;
  private declare written: readonly NftRule[] | undefined;

  /** `name` is given when already known (affinity needs the hashed base at once), else hashed on first read. */
  constructor(name: string | undefined, portBase: string, ep: EndpointInfo, proto: L4Protocol, affinitySet: string | undefined) {
    this.named = name;
    this.portBase = portBase;
    this.ep = ep;
    this.ip = ep.ip;
    this.port = ep.port;
    this.proto = proto;
    this.affinitySet = affinitySet;
    this.written = undefined;
  }

  /**
   * The hashed chain name, made when first read (a table listing, a lookup by name, a trace's
   * dispatch): hashing 100,000 endpoint names is a third of a node's build otherwise.
   */
  get name(): string {
    if (this.named === undefined) {
      const name = `endpoint-${endpointNameBase(this.portBase, this.ep)}`;
      // Read once so V8 flattens the joined name now, not a tree of small strings kept per chain.
      name.charCodeAt(0);
      this.named = name;
    }
    return this.named;
  }

  get rules(): readonly NftRule[] {
    if (this.written === undefined) {
      // Hairpin: a pod reaching itself through the Service is masqueraded.
      const masq: NftRule = { stmts: [stmt.addr('saddr', this.ip), stmt.jump(MARK_MASQ)] };
      const dnat: NftRule = { stmts: [stmt.l4proto(this.proto), stmt.dnat(this.ip, this.port)] };
      this.written = this.affinitySet === undefined ? [masq, dnat] : [masq, { stmts: [stmt.updateSaddr(this.affinitySet)] }, dnat];
    }
    return this.written;
  }
}

/** `numgen random mod N vmap { ... }` over endpoint chains whose names are read (hashed) when the rule is. */
class LazyNumgen {
  readonly kind = 'numgen' as const;
  readonly mod: number;
  private names: readonly string[] | undefined;

  constructor(private readonly chains: readonly EndpointChain[]) {
    this.mod = chains.length;
  }

  get targets(): readonly string[] {
    return (this.names ??= this.chains.map((c) => c.name));
  }
}

/** A service port's service-level chains (at most four): found by name among them. */
interface ChainDraft {
  name: string;
  rules: NftRule[];
}

function ensureChain(drafts: ChainDraft[], name: string): void {
  for (const d of drafts) if (d.name === name) return;
  drafts.push({ name, rules: [] });
}

function add(drafts: ChainDraft[], chain: string, r: NftRule): void {
  for (const d of drafts) if (d.name === chain) return void d.rules.push(r);
  throw new Error(`nftables: no chain ${chain}`);
}

function el(elements: { set: string; el: NftElement }[], set: string, key: string[], verdict?: string, comment?: string): void {
  const e: { key: string[]; verdict?: NftVerdict; comment?: string } = { key };
  if (verdict) e.verdict = parseVerdict(verdict);
  if (comment !== undefined) e.comment = comment;
  elements.push({ set, el: e });
}

/** writeServiceToEndpointRules: affinity checks, then the numgen over the endpoint chains. */
function toEndpoints(drafts: ChainDraft[], chain: string, eps: readonly EndpointInfo[], all: readonly EndpointInfo[], epChains: readonly EndpointChain[], epAffinity: readonly (string | undefined)[]): void {
  // eps is an ordered sub-list of all: walk both to find each one's names.
  const at: number[] = new Array(eps.length);
  for (let i = 0, j = 0; i < eps.length; i++) {
    while (all[j] !== eps[i]) j++;
    at[i] = j;
  }
  if (epAffinity.length !== 0) for (const j of at) add(drafts, chain, rule([stmt.addrSet('saddr', epAffinity[j]!), stmt.goto(epChains[j].name)]));
  const picked = new Array<EndpointChain>(at.length);
  for (let i = 0; i < at.length; i++) picked[i] = epChains[at[i]];
  add(drafts, chain, rule([new LazyNumgen(picked)]));
}

export function compileServicePortNft(sp: ServicePortInfo, endpoints: readonly EndpointInfo[], ctx: NftFragmentContext): ServiceFragment {
  const names = servicePortNftNames(sp);
  const { clusterEndpoints, localEndpoints, allReachableEndpoints, hasEndpoints } = categorizeEndpoints(endpoints, sp, { name: ctx.nodeName, zone: ctx.nodeZone });
  const proto = sp.protocol;
  const port = String(sp.port);
  const affinity = sp.sessionAffinity === 'ClientIP';

  // Endpoint chains first, in ip:port order; their names hashed from the port's part and the endpoint's.
  const chains: NftChain[] = [];
  const epChains: EndpointChain[] = new Array(allReachableEndpoints.length);
  const epAffinity: (string | undefined)[] = affinity ? new Array(allReachableEndpoints.length) : [];
  for (let e = 0; e < allReachableEndpoints.length; e++) {
    const ep = allReachableEndpoints[e];
    // With affinity the set's name needs the hashed base now; otherwise the chain hashes its name when read.
    const base = affinity ? endpointNameBase(names.base, ep) : undefined;
    const affinitySet = base !== undefined ? `affinity-${base}` : undefined;
    if (affinity) epAffinity[e] = affinitySet;
    chains.push((epChains[e] = new EndpointChain(base !== undefined ? `endpoint-${base}` : undefined, names.base, ep, proto, affinitySet)));
  }
  const drafts: ChainDraft[] = [];
  const sets: Omit<NftSet, 'elements' | 'index'>[] = [];
  const elements: { set: string; el: NftElement }[] = [];

  const clusterPolicyChain = names.clusterPolicy;
  const usesClusterPolicyChain = clusterEndpoints.length > 0 && sp.usesClusterEndpoints;
  if (usesClusterPolicyChain) ensureChain(drafts, clusterPolicyChain);
  const localPolicyChain = names.localPolicy;
  const usesLocalPolicyChain = localEndpoints.length > 0 && sp.usesLocalEndpoints;
  if (usesLocalPolicyChain) ensureChain(drafts, localPolicyChain);

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
  if (usesExternalChain) ensureChain(drafts, externalChain);

  let internalVerdict = '';
  let externalVerdict = '';
  if (!hasEndpoints) {
    internalVerdict = externalVerdict = `goto ${REJECT_CHAIN}`;
  } else {
    if (!hasInternalEndpoints) internalVerdict = 'drop';
    if (!hasExternalEndpoints) externalVerdict = 'drop';
  }
  const n = sp.nameString;

  el(elements, CLUSTER_IPS, [sp.clusterIP]);
  if (hasInternalEndpoints) el(elements, SERVICE_IPS, [sp.clusterIP, proto, port], `goto ${internalPolicyChain}`);
  else el(elements, NO_ENDPOINT_SERVICES, [sp.clusterIP, proto, port], internalVerdict, n);

  for (const ip of sp.externalIPs) {
    if (hasEndpoints) el(elements, SERVICE_IPS, [ip, proto, port], `goto ${externalChain}`);
    if (!hasExternalEndpoints) el(elements, NO_ENDPOINT_SERVICES, [ip, proto, port], externalVerdict, n);
  }

  const usesFWChain = sp.loadBalancerVIPs.length > 0 && sp.loadBalancerSourceRanges.length > 0;
  if (usesFWChain) ensureChain(drafts, names.firewall);
  for (const ip of sp.loadBalancerVIPs) {
    if (hasEndpoints) el(elements, SERVICE_IPS, [ip, proto, port], `goto ${externalChain}`);
    if (usesFWChain) el(elements, FIREWALL_IPS, [ip, proto, port], `goto ${names.firewall}`);
  }
  if (!hasExternalEndpoints) for (const ip of sp.loadBalancerVIPs) el(elements, NO_ENDPOINT_SERVICES, [ip, proto, port], externalVerdict, n);

  if (sp.nodePort !== 0) {
    const np = String(sp.nodePort);
    // NodePorts are not subject to loadBalancerSourceRanges ("for better or for worse").
    if (hasEndpoints) el(elements, SERVICE_NODEPORTS, [proto, np], `goto ${externalChain}`);
    if (!hasExternalEndpoints) el(elements, NO_ENDPOINT_NODEPORTS, [proto, np], externalVerdict, n);
  }

  if (hasInternalEndpoints) {
    // KTIP writes the ClusterIP match without the protocol and port KNEW had.
    if (ctx.masqueradeAll) add(drafts, internalPolicyChain, rule([stmt.addr('daddr', sp.clusterIP), stmt.jump(MARK_MASQ)]));
    else if (ctx.detector) add(drafts, internalPolicyChain, rule([stmt.addr('daddr', sp.clusterIP), ctx.detector.ifNotLocal, stmt.jump(MARK_MASQ)]));
  }

  if (usesExternalChain) {
    if (!sp.externalPolicyLocal) {
      // Endpoints may be on other nodes: masquerade so replies come back through this one.
      add(drafts, externalChain, rule([stmt.jump(MARK_MASQ)]));
    } else {
      if (ctx.detector) add(drafts, externalChain, rule([ctx.detector.ifLocal, stmt.goto(clusterPolicyChain)], 'short-circuit pod traffic'));
      add(drafts, externalChain, rule([stmt.fibLocal('saddr'), stmt.jump(MARK_MASQ)], 'masquerade local traffic'));
      add(drafts, externalChain, rule([stmt.fibLocal('saddr'), stmt.goto(clusterPolicyChain)], 'short-circuit local traffic'));
    }
    if (hasExternalEndpoints) add(drafts, externalChain, rule([stmt.goto(externalPolicyChain)]));
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
    add(drafts, names.firewall, rule([stmt.addrAnon('saddr', sources, sources.join(' , '), true), stmt.verdict('drop')]));
  }

  if (affinity) {
    for (let e = 0; e < allReachableEndpoints.length; e++) {
      sets.push({ name: epAffinity[e]!, kind: 'set', type: 'ipv4_addr', flags: ['dynamic', 'timeout'], timeout: sp.stickyMaxAgeSeconds });
    }
  }

  if (usesClusterPolicyChain) toEndpoints(drafts, clusterPolicyChain, clusterEndpoints, allReachableEndpoints, epChains, epAffinity);
  if (usesLocalPolicyChain) toEndpoints(drafts, localPolicyChain, localEndpoints, allReachableEndpoints, epChains, epAffinity);

  for (const d of drafts) chains.push(d);
  return { portBase: names.base, chains, sets, elements };
}

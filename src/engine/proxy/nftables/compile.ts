/**
 * A node's kube-proxy table in nftables mode, from the shared front end. Most of a Service's
 * objects are the same on every node (chains, rules, elements), so they are built once per
 * (service port, endpoints) in `NftablesShared` and every node's table holds the same chain
 * objects; only Services whose rules depend on the node (Local traffic policies, zone hints,
 * loadBalancerSourceRanges that may hold the node's IP, NodeCIDR local detection) are built
 * per node. The node's own table is then a few map insertions per Service.
 */
import { NftTableBuilder } from '../../net/nftables/build.ts';
import type { NftTable } from '../../net/nftables/types.ts';
import type { EndpointInfo } from '../endpoints.ts';
import type { ProxyNode } from '../proxy-node.ts';
import type { ProxyState } from '../proxy-state.ts';
import type { ServicePortInfo } from '../service-port.ts';
import { writeBaseTable } from './base-table.ts';
import { compileServicePortNft } from './compile-service.ts';
import type { NftFragmentContext, ServiceFragment } from './compile-service.ts';
import { nftLocalDetectorFor } from './config.ts';
import { portBaseOfChainName } from './names.ts';
import type { NftablesProxyConfig } from './config.ts';

export interface NftNodeState {
  readonly node: ProxyNode;
  /** `table ip kube-proxy`. */
  readonly table: NftTable;
  /** The ProxyState version it was built from. */
  readonly version: number;
}

interface CachedFragment {
  endpoints: readonly EndpointInfo[];
  ctxKey: string;
  fragment: ServiceFragment;
}

function nodeDependent(sp: ServicePortInfo, endpoints: readonly EndpointInfo[]): boolean {
  if (sp.usesLocalEndpoints) return true;
  if (sp.loadBalancerVIPs.length > 0 && sp.loadBalancerSourceRanges.length > 0) return true;
  for (const ep of endpoints) if (ep.zoneHints) return true;
  return false;
}

/** What is the same on every node, kept between nodes and between syncs. */
export class NftablesShared {
  private readonly fragments = new Map<ServicePortInfo, CachedFragment>();

  fragment(sp: ServicePortInfo, endpoints: readonly EndpointInfo[], ctx: NftFragmentContext, ctxKey: string): ServiceFragment {
    if (nodeDependent(sp, endpoints)) return compileServicePortNft(sp, endpoints, ctx);
    const hit = this.fragments.get(sp);
    if (hit && hit.endpoints === endpoints && hit.ctxKey === ctxKey) return hit.fragment;
    const fragment = compileServicePortNft(sp, endpoints, ctx);
    this.fragments.set(sp, { endpoints, ctxKey, fragment });
    return fragment;
  }

  /** Forgets service ports no longer in the state (called after a build). */
  prune(live: readonly ServicePortInfo[]): void {
    if (this.fragments.size <= live.length * 2) return;
    const keep = new Set(live);
    for (const sp of [...this.fragments.keys()]) if (!keep.has(sp)) this.fragments.delete(sp);
  }
}

export function compileNftablesNode(state: ProxyState, node: ProxyNode, config: NftablesProxyConfig, shared: NftablesShared = new NftablesShared()): NftNodeState {
  const b: NftTableBuilder = writeBaseTable(config, node);
  const detector = nftLocalDetectorFor(config, node);
  const ctx: NftFragmentContext = { nodeName: node.name, nodeZone: node.zone, nodeIP: node.ips[0], masqueradeAll: config.masqueradeAll, detector };
  // Fragments built for one node serve another only when these agree.
  const ctxKey = `${detector?.key ?? ''}|${config.masqueradeAll}`;
  const ports = state.servicePorts();
  for (const sp of ports) {
    const frag = shared.fragment(sp, state.endpoints(sp), ctx, ctxKey);
    b.putChainGroup(frag.portBase, frag.chains, portBaseOfChainName);
    for (const s of frag.sets) b.addSet(s);
    for (const { set, el } of frag.elements) b.addElement(set, el);
  }
  shared.prune(ports);
  return { node, table: b.finish(), version: state.version };
}

/** kube-proxy in nftables mode for many nodes: one shared cache, one table per node and state version. */
export class NftablesBackend {
  readonly mode = 'nftables' as const;
  private readonly shared = new NftablesShared();
  private readonly built = new Map<string, NftNodeState>();

  constructor(readonly config: NftablesProxyConfig) {}

  compile(state: ProxyState, node: ProxyNode): NftNodeState {
    const prev = this.built.get(node.name);
    if (prev && prev.version === state.version && prev.node === node) return prev;
    const next = compileNftablesNode(state, node, this.config, this.shared);
    this.built.set(node.name, next);
    return next;
  }
}

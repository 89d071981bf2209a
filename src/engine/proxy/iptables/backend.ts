/**
 * kube-proxy in iptables mode as a ProxyBackend. It keeps what it built between calls:
 * a fragment per service port (reused while the port and its endpoint list are the same
 * objects), one shared plan per state version, and one IptablesNodeTables per node.
 * A node costs only its node-dependent fragments (Local policy, zone hints, source ranges
 * containing its IP); nodes with the same local endpoints share those too. After a change the
 * plan is patched for the changed Services only, and a node's lists are spliced from its last ones.
 */
import type { ProxyBackend } from '../backend.ts';
import { usesZoneHints } from '../categorize-endpoints.ts';
import type { EndpointInfo } from '../endpoints.ts';
import type { ProxyNode } from '../proxy-node.ts';
import type { ProxyState } from '../proxy-state.ts';
import type { ServicePortInfo } from '../service-port.ts';
import { cidrContains, parseCidr, parseIPv4 } from '../../net/ipv4.ts';
import { compileServicePort, ServicePortNames } from './compile.ts';
import type { FragmentContext, ServiceFragment } from './compile.ts';
import { DEFAULT_IPTABLES_CONFIG, localDetectorFor, masqueradeMarkOf } from './config.ts';
import type { IptablesProxyConfig, LocalDetector } from './config.ts';
import { IptablesNodeTables } from './node-tables.ts';
import { changedSince, linkPlan, portIndicesOf } from './plan-chain.ts';
import type { NodeStatics, SharedPlan, TableViews } from './node-tables.ts';
import { effectiveLocalhostNodePorts, filterHead, filterTail, natHead, natTail, nodePortAddressesFor } from './static-rules.ts';

/** proxier.go largeClusterEndpointsThreshold. */
export const LARGE_CLUSTER_ENDPOINTS_THRESHOLD = 1000;

interface Dependency {
  local: boolean;
  zone: boolean;
  firewall: boolean;
}

interface PortCache {
  names: ServicePortNames;
  endpoints: readonly EndpointInfo[];
  largeClusterMode: boolean;
  dependency: Dependency;
  /** The node-independent fragment and the detector key it was built for. */
  sharedKey?: string;
  shared?: ServiceFragment;
  /** Node variants, keyed by detector key and what the fragment depends on. */
  variants?: Map<string, ServiceFragment>;
}

function dependencyOf(sp: ServicePortInfo, endpoints: readonly EndpointInfo[]): Dependency {
  return {
    local: sp.usesLocalEndpoints,
    zone: sp.usesClusterEndpoints && endpoints.some((ep) => ep.ready && ep.zoneHints !== undefined),
    firewall: sp.loadBalancerVIPs.length > 0 && sp.loadBalancerSourceRanges.length > 0,
  };
}

function isDependent(d: Dependency): boolean {
  return d.local || d.zone || d.firewall;
}

export class IptablesBackend implements ProxyBackend<IptablesNodeTables> {
  readonly mode = 'iptables' as const;
  private readonly ports = new WeakMap<ServicePortInfo, PortCache>();
  private readonly plans = new Map<string, SharedPlan>();
  private plansOf: ProxyState | undefined;
  private readonly nodes = new Map<string, { plan: SharedPlan; node: ProxyNode; tables: IptablesNodeTables }>();
  private readonly mark: string;
  /** Static parts by what they depend on: nodes alike share the very same rule objects. */
  private readonly staticsMemo = new Map<string, NodeStatics>();
  /** Per plan and statics, the views of nodes without node-dependent fragments: one copy for all of them. */
  private readonly commonViews = new WeakMap<SharedPlan, Map<NodeStatics, TableViews>>();
  private readonly localhostNodePortRuleBase: boolean;

  constructor(readonly config: IptablesProxyConfig = DEFAULT_IPTABLES_CONFIG) {
    this.mark = masqueradeMarkOf(config);
    // The 127.0.0.0/8 NodePort rule needs localhostNodePorts (after --nodeport-addresses), IPv4 and the nfacct counter.
    // Loopback in --nodeport-addresses depends on the CIDRs only; `primary` stands for a node IP, never loopback.
    this.localhostNodePortRuleBase = config.nfacct && effectiveLocalhostNodePorts(config, nodePortAddressesFor(config, { ips: ['192.0.2.1'], addresses: [] }));
  }

  compile(state: ProxyState, node: ProxyNode): IptablesNodeTables {
    const detector = localDetectorFor(this.config, node);
    const plan = this.sharedPlan(state, detector);
    const cached = this.nodes.get(node.name);
    if (cached && cached.plan === plan && cached.node === node) return cached.tables;
    const variants = new Map<number, ServiceFragment>();
    const nodeIP = node.ips[0];
    const nodeIPn = nodeIP === undefined ? undefined : parseIPv4(nodeIP);
    for (const i of plan.dependent) {
      const sp = plan.ports[i];
      const cache = this.ports.get(sp)!;
      const eps = cache.endpoints;
      const d = cache.dependency;
      let key = `${detector?.key ?? ''}|`;
      if (d.local) for (let e = 0; e < eps.length; e++) if (eps[e].nodeName === node.name && node.name !== '') key += `${e},`;
      if (d.zone) key += `|z${usesZoneHints(eps, node.zone) ? node.zone : ''}`;
      if (d.firewall) {
        const inRange = nodeIPn !== undefined && sp.loadBalancerSourceRanges.some((r) => {
          const c = parseCidr(r);
          return c !== undefined && cidrContains(c, nodeIPn);
        });
        key += `|f${inRange ? 1 : 0}`;
      }
      cache.variants ??= new Map();
      let fragment = cache.variants.get(key);
      if (!fragment) {
        fragment = compileServicePort(sp, eps, this.context(plan, detector, node), cache.names);
        cache.variants.set(key, fragment);
      }
      variants.set(i, fragment);
    }
    const statics = this.statics(node);
    let views: TableViews | undefined;
    if (variants.size === 0) {
      let byStatics = this.commonViews.get(plan);
      if (!byStatics) this.commonViews.set(plan, (byStatics = new Map()));
      views = byStatics.get(statics);
      if (!views) byStatics.set(statics, (views = {}));
    }
    const tables = new IptablesNodeTables(node, plan, variants, statics, views);
    if (cached) patchBaseFor(tables, cached.tables, changedSince(plan, cached.plan));
    this.nodes.set(node.name, { plan, node, tables });
    return tables;
  }

  private context(plan: SharedPlan, detector: LocalDetector | undefined, node?: ProxyNode): FragmentContext {
    return {
      nodeName: node?.name ?? '',
      nodeZone: node?.zone,
      nodeIP: node?.ips[0],
      masqueradeAll: this.config.masqueradeAll,
      detector,
      largeClusterMode: plan.largeClusterMode,
      localhostNodePortRule: this.localhostNodePortRuleBase,
    };
  }

  private statics(node: ProxyNode): NodeStatics {
    const npa = nodePortAddressesFor(this.config, node);
    const localhost = effectiveLocalhostNodePorts(this.config, npa);
    const key = `${localhost}|${npa.matchAll}|${npa.containsIPv4Loopback}|${npa.nodeIPs.join(',')}`;
    let statics = this.staticsMemo.get(key);
    if (!statics) {
      statics = {
        filterHead: filterHead(localhost),
        filterTail: filterTail(this.config, this.mark),
        natHead: natHead(this.config, this.mark),
        natTail: natTail(npa, localhost),
      };
      this.staticsMemo.set(key, statics);
    }
    return statics;
  }

  /** The plan for the state's current version and this detector, rebuilding only changed ports' fragments. */
  private sharedPlan(state: ProxyState, detector: LocalDetector | undefined): SharedPlan {
    if (this.plansOf !== state) {
      this.plans.clear();
      this.plansOf = state;
    }
    const detectorKey = detector?.key ?? '';
    const existing = this.plans.get(detectorKey);
    if (existing && existing.version === state.version) return existing;
    const largeClusterMode = state.totalEndpoints > LARGE_CLUSTER_ENDPOINTS_THRESHOLD;
    const ports = state.servicePorts();
    const plan =
      (existing && existing.ports === ports && existing.largeClusterMode === largeClusterMode && this.patchedPlan(state, existing, detector)) ||
      this.fullPlan(state, detector, largeClusterMode, ports);
    this.plans.set(detectorKey, plan);
    return plan;
  }

  private fullPlan(state: ProxyState, detector: LocalDetector | undefined, largeClusterMode: boolean, ports: readonly ServicePortInfo[]): SharedPlan {
    const shared: (ServiceFragment | undefined)[] = new Array(ports.length);
    const dependent: number[] = [];
    const plan: SharedPlan = { version: state.version, largeClusterMode, ports, shared, dependent };
    const sharedContext = this.context(plan, detector);
    for (let i = 0; i < ports.length; i++) {
      const fragment = this.sharedFragment(state, plan, ports[i], detector, sharedContext);
      if (fragment === undefined) dependent.push(i);
      shared[i] = fragment;
    }
    return plan;
  }

  /**
   * The plan after a few Services changed with the same port list: the previous plan with the
   * changed Services' ports redone, found by binary search (their keys share the `ns/name:` prefix).
   */
  private patchedPlan(state: ProxyState, prev: SharedPlan, detector: LocalDetector | undefined): SharedPlan | undefined {
    const keys = state.changedSince(prev.version);
    if (keys === undefined) return undefined;
    const ports = prev.ports;
    const changedSet = new Set<number>();
    for (const key of keys) for (const i of portIndicesOf(ports, key)) changedSet.add(i);
    const changed = [...changedSet].sort((a, b) => a - b);
    const shared = prev.shared.slice();
    const dependent = prev.dependent.filter((i) => !changedSet.has(i));
    const plan: SharedPlan = { version: state.version, largeClusterMode: prev.largeClusterMode, ports, shared, dependent };
    const sharedContext = this.context(plan, detector);
    for (const i of changed) {
      const fragment = this.sharedFragment(state, plan, ports[i], detector, sharedContext);
      if (fragment === undefined) dependent.push(i);
      shared[i] = fragment;
    }
    dependent.sort((a, b) => a - b);
    linkPlan(plan, prev, changed);
    return plan;
  }

  /** A port's node-independent fragment, or undefined when it depends on the node. */
  private sharedFragment(state: ProxyState, plan: SharedPlan, sp: ServicePortInfo, detector: LocalDetector | undefined, sharedContext: FragmentContext): ServiceFragment | undefined {
    const largeClusterMode = plan.largeClusterMode;
    const eps = state.endpoints(sp);
    let cache = this.ports.get(sp);
    if (!cache || cache.endpoints !== eps || cache.largeClusterMode !== largeClusterMode) {
      cache = { names: cache?.names ?? new ServicePortNames(sp), endpoints: eps, largeClusterMode, dependency: dependencyOf(sp, eps) };
      this.ports.set(sp, cache);
    }
    if (isDependent(cache.dependency)) return undefined;
    const sharedKey = `${detector?.key ?? ''}|`;
    if (cache.shared === undefined || cache.sharedKey !== sharedKey) {
      cache.shared = compileServicePort(sp, eps, sharedContext, cache.names);
      cache.sharedKey = sharedKey;
    }
    return cache.shared;
  }
}

/**
 * Lets `tables` build its lists by patching `old`'s when both have the same statics, `old`'s lists
 * exist, and the ports that may differ (`planChanged`, plus the node-dependent ones) are few.
 */
function patchBaseFor(tables: IptablesNodeTables, old: IptablesNodeTables, planChanged: readonly number[] | undefined): void {
  const views = tables.views;
  if (planChanged === undefined || views.restore || views.base || old.statics !== tables.statics || !old.views.restore) return;
  const candidates = new Set(planChanged);
  for (const i of tables.plan.dependent) candidates.add(i);
  for (const i of old.plan.dependent) candidates.add(i);
  // Past a few hundred changed ports, walking every fragment once is as cheap.
  if (candidates.size > 512) return;
  const changed = [...candidates].filter((i) => tables.fragment(i) !== old.fragment(i)).sort((a, b) => a - b);
  views.base = { views: old.views, changed };
}

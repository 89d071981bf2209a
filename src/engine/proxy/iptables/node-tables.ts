/**
 * One node's kube-proxy tables in iptables mode: the shared per-service fragments plus the few
 * that depend on the node, assembled on demand. Most of a node's rules are the same on every
 * node; only services with Local traffic policy (which endpoints are local), zone hints, and
 * loadBalancerSourceRanges containing the node IP differ, and the NodePort tail rule follows
 * the node's addresses. Arrays are built lazily the first time a view is asked for.
 */
import type { IptablesTable, IptablesTableName, RuleSpec, Ruleset } from '../../net/iptables/types.ts';
import type { ProxyNode } from '../proxy-node.ts';
import type { ServicePortInfo } from '../service-port.ts';
import type { ServiceFragment } from './compile.ts';
import { KUBE_PROXY_CANARY } from './names.ts';
import { formatRestore } from '../../net/iptables/restore-format.ts';
import { IPTABLES_JUMPS } from './static-rules.ts';
import type { StaticPart } from './static-rules.ts';
import { patchList } from './restore-patch.ts';
import type { PartOffsets } from './restore-patch.ts';

/** The node-independent skeleton shared by every node with the same local-traffic detector. */
export interface SharedPlan {
  readonly version: number;
  readonly largeClusterMode: boolean;
  readonly ports: readonly ServicePortInfo[];
  /** The fragment for each port, or undefined where it depends on the node. */
  readonly shared: readonly (ServiceFragment | undefined)[];
  /** Indices of the ports whose fragment depends on the node. */
  readonly dependent: readonly number[];
  /** The plan this one was patched from and the port indices redone (a short chain; see plan-chain.ts). */
  base?: PlanBase;
}

export interface PlanBase {
  readonly plan: SharedPlan;
  readonly changed: readonly number[];
}

export interface NodeStatics {
  filterHead: StaticPart;
  filterTail: readonly RuleSpec[];
  natHead: StaticPart;
  natTail: readonly RuleSpec[];
}

/** The assembled views, shared by the nodes whose tables are identical (no node-dependent fragment, same statics). */
export interface TableViews {
  restore?: Ruleset;
  ruleset?: Ruleset;
  /** Where each port's part starts in the restore lists (filter rules, nat chains, nat rules). */
  offsets?: { filter: PartOffsets; natChains: PartOffsets; nat: PartOffsets };
  /** Earlier views (same statics, restore built) that differ only at these port indices: patched, not rebuilt. */
  base?: { views: TableViews; changed: readonly number[] };
}

export class IptablesNodeTables {
  readonly mode = 'iptables' as const;

  constructor(
    readonly node: ProxyNode,
    readonly plan: SharedPlan,
    private readonly variants: ReadonlyMap<number, ServiceFragment>,
    /** Read by the backend only: to tell whether later tables can be patched from these. */
    readonly statics: NodeStatics,
    readonly views: TableViews = {},
  ) {}

  /** The service ports, in the order their rules are written. */
  get servicePorts(): readonly ServicePortInfo[] {
    return this.plan.ports;
  }

  get largeClusterMode(): boolean {
    return this.plan.largeClusterMode;
  }

  /** The fragment of the i-th service port on this node. */
  fragment(i: number): ServiceFragment {
    return this.plan.shared[i] ?? this.variants.get(i)!;
  }

  /** kube-proxy's iptables-restore input (filter, then nat), in the order syncProxyRules writes it. */
  get restore(): Ruleset {
    if (!this.views.restore) {
      const base = this.views.base;
      this.views.base = undefined;
      if (base?.views.restore && base.views.offsets) this.patchRestore(base.views.restore, base.views.offsets, base.changed);
      else this.buildRestore();
    }
    return this.views.restore!;
  }

  private buildRestore(): void {
    const lists = this.collect(NO_RULES, NO_RULES);
    this.setRestore(lists.filter, lists.natChains, lists.nat, lists.offsets);
  }

  /**
   * The flat lists of the statics and every port's fragment, each rule list after `filterFirst`
   * or `natFirst`, and where each port's part starts (in lists without those).
   */
  private collect(filterFirst: readonly RuleSpec[], natFirst: readonly RuleSpec[]): { filter: RuleSpec[]; natChains: string[]; nat: RuleSpec[]; offsets: NonNullable<TableViews['offsets']> } {
    const { filterHead, filterTail, natHead, natTail } = this.statics;
    const count = this.plan.ports.length;
    // Size the arrays first and fill by index: a node has hundreds of thousands of rules.
    let nFilter = filterFirst.length + filterHead.rules.length + filterTail.length;
    let nChains = natHead.chains.length;
    let nNat = natFirst.length + natHead.rules.length + natTail.length;
    for (let i = 0; i < count; i++) {
      const f = this.fragment(i);
      nFilter += f.filter.length;
      nChains += f.natChains.length;
      nNat += f.nat.length;
    }
    const filterRules = new Array<RuleSpec>(nFilter);
    const natChains = new Array<string>(nChains);
    const natRules = new Array<RuleSpec>(nNat);
    const filterAt = new Int32Array(count + 1);
    const chainAt = new Int32Array(count + 1);
    const natAt = new Int32Array(count + 1);
    let fi = 0;
    let ci = 0;
    let ni = 0;
    for (const r of filterFirst) filterRules[fi++] = r;
    for (const r of natFirst) natRules[ni++] = r;
    for (const r of filterHead.rules) filterRules[fi++] = r;
    for (const c of natHead.chains) natChains[ci++] = c;
    for (const r of natHead.rules) natRules[ni++] = r;
    for (let i = 0; i < count; i++) {
      const f = this.fragment(i);
      filterAt[i] = fi - filterFirst.length;
      chainAt[i] = ci;
      natAt[i] = ni - natFirst.length;
      for (let k = 0; k < f.filter.length; k++) filterRules[fi++] = f.filter[k];
      for (let k = 0; k < f.natChains.length; k++) natChains[ci++] = f.natChains[k];
      for (let k = 0; k < f.nat.length; k++) natRules[ni++] = f.nat[k];
    }
    filterAt[count] = fi - filterFirst.length;
    chainAt[count] = ci;
    natAt[count] = ni - natFirst.length;
    for (const r of filterTail) filterRules[fi++] = r;
    for (const r of natTail) natRules[ni++] = r;
    return { filter: filterRules, natChains, nat: natRules, offsets: { filter: filterAt, natChains: chainAt, nat: natAt } };
  }

  /** The lists of earlier, identical-but-for-`changed` views with those ports' parts swapped. */
  private patchRestore(old: Ruleset, at: NonNullable<TableViews['offsets']>, changed: readonly number[]): void {
    const [filter, nat] = old.tables;
    const f = patchList(filter.rules, at.filter, changed, (i) => this.fragment(i).filter);
    const c = patchList(nat.chains, at.natChains, changed, (i) => this.fragment(i).natChains);
    const n = patchList(nat.rules, at.nat, changed, (i) => this.fragment(i).nat);
    this.setRestore(f.list, c.list, n.list, { filter: f.at, natChains: c.at, nat: n.at });
  }

  private setRestore(filterRules: RuleSpec[], natChains: string[], natRules: RuleSpec[], offsets: NonNullable<TableViews['offsets']>): void {
    this.views.offsets = offsets;
    this.views.restore = {
      tables: [
        { name: 'filter', chains: this.statics.filterHead.chains, rules: filterRules },
        { name: 'nat', chains: natChains, rules: natRules },
      ],
    };
  }

  /** The restore input as text in upstream's canonical test order (reference §2.0), by the iptables engine's formatter. */
  restoreText(): string {
    return formatRestore(this.restore);
  }

  /**
   * Everything kube-proxy contributes to the node's iptables, as one author's part for
   * `assembleNode`: the canary chains (mangle, nat, filter), the jump rules in the built-in
   * chains in their final order (each was inserted at the top, so the last inserted comes
   * first), then the restore input. kubelet's KUBE-FIREWALL jumps are left to kubelet's part.
   */
  get ruleset(): Ruleset {
    if (!this.views.ruleset) {
      const tables: IptablesTable[] = [{ name: 'mangle', chains: [KUBE_PROXY_CANARY], rules: [] }];
      const filterJumps = jumpRulesInFinalOrder('filter');
      const natJumps = jumpRulesInFinalOrder('nat');
      // Chain names hash the service port: each is declared once.
      const table = (name: 'filter' | 'nat', chains: readonly string[], rules: readonly RuleSpec[]): IptablesTable => ({ name, chains: [...chains, KUBE_PROXY_CANARY], rules, uniqueChains: true });
      if (this.views.restore || this.views.base) {
        // The restore lists are there, or patched from earlier ones: the jumps put before them.
        const [filter, nat] = this.restore.tables;
        tables.push(table('filter', filter.chains, [...filterJumps, ...filter.rules]), table('nat', nat.chains, withFirst(natJumps, nat.rules)));
      } else {
        // Straight from the fragments: the restore lists (300,000 nat rules) are not made for this.
        const lists = this.collect(filterJumps, natJumps);
        tables.push(table('filter', this.statics.filterHead.chains, lists.filter), table('nat', lists.natChains, lists.nat));
      }
      this.views.ruleset = { tables };
    }
    return this.views.ruleset;
  }
}

const NO_RULES: readonly RuleSpec[] = [];

/** `first` then `rest`, in one array sized once (the nat list holds some 300,000 rules at 10,000 Services). */
function withFirst(first: readonly RuleSpec[], rest: readonly RuleSpec[]): RuleSpec[] {
  const all = new Array<RuleSpec>(first.length + rest.length);
  for (let i = 0; i < first.length; i++) all[i] = first[i];
  for (let i = 0; i < rest.length; i++) all[first.length + i] = rest[i];
  return all;
}

/** The jump rules of one table as they stand after every `-I`: reversed insertion order per chain. */
export function jumpRulesInFinalOrder(table: IptablesTableName): RuleSpec[] {
  return IPTABLES_JUMPS.filter((j) => j.table === table && !j.kubeletDuplicate)
    .map((j) => j.rule)
    .reverse();
}

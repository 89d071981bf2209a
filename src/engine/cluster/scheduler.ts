/**
 * The scheduler, simplified to what decides where a pod lands in svcsim: filter nodes
 * (unschedulable, taints not tolerated, nodeSelector) and pick deterministically the one with
 * the fewest pods of the same owner, then the fewest pods, then the lowest name. This stands in
 * for kube-scheduler's PodTopologySpread/SelectorSpread and balanced-allocation scores
 * (kubernetes pkg/scheduler/framework/plugins), which spread replicas the same way on an empty cluster.
 *
 * Fast path: nodes without taints live in a min-tree keyed by pod count (ties by name), so
 * placing 100,000 pods on 5,000 nodes does not scan every node for every pod.
 */
import type { Node, Pod, Taint, Toleration } from '../api/core.ts';
import { allocatable, insufficient, podRequests, type Amounts } from './resource-fit.ts';

const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

function blockingTaints(node: Node): Taint[] {
  const taints = (node.spec.taints ?? []).filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  if (node.spec.unschedulable) taints.push(UNSCHEDULABLE_TAINT);
  return taints;
}

/** v1helper.TolerationsTolerateTaint. */
export function tolerates(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  for (const t of tolerations ?? []) {
    if (t.effect && t.effect !== taint.effect) continue;
    if (!t.key) {
      if (t.operator === 'Exists') return true;
      continue;
    }
    if (t.key !== taint.key) continue;
    if (t.operator === 'Exists') return true;
    if ((t.value ?? '') === (taint.value ?? '')) return true;
  }
  return false;
}

/**
 * The reason the first of NodeUnschedulable, TaintToleration and NodeAffinity to reject the node
 * gives (undefined: those pass; NodeResourcesFit comes after them, see Scheduler.failures).
 */
function filterFailure(pod: Pod, node: Node): string | undefined {
  const tolerations = pod.spec.tolerations;
  // NodeUnschedulable: a cordoned node, unless the pod tolerates its taint.
  if (node.spec.unschedulable && !tolerates(tolerations, UNSCHEDULABLE_TAINT)) return 'node(s) were unschedulable';
  // TaintToleration: the first NoSchedule or NoExecute taint not tolerated (FindMatchingUntoleratedTaint).
  for (const t of node.spec.taints ?? []) {
    if ((t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(tolerations, t)) return `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`;
  }
  // NodeAffinity: spec.nodeSelector.
  const sel = pod.spec.nodeSelector;
  const labels = node.metadata.labels ?? {};
  if (sel) for (const k in sel) if (labels[k] !== sel[k]) return "node(s) didn't match Pod's node affinity/selector";
  return undefined;
}

/** The controller owner's uid, the unit of spreading. */
export function ownerUidOf(pod: Pod): string | undefined {
  return pod.metadata.ownerReferences?.find((o) => o.controller)?.uid;
}

/** A segment tree of pod counts over nodes sorted by name: leftmost minimum in O(log n). */
class MinTree {
  private readonly size: number;
  private readonly tree: Float64Array;

  constructor(n: number) {
    let size = 1;
    while (size < Math.max(1, n)) size *= 2;
    this.size = size;
    this.tree = new Float64Array(2 * size).fill(Infinity);
  }

  set(i: number, v: number): void {
    let p = this.size + i;
    this.tree[p] = v;
    for (p >>= 1; p >= 1; p >>= 1) this.tree[p] = Math.min(this.tree[2 * p], this.tree[2 * p + 1]);
  }

  get(i: number): number {
    return this.tree[this.size + i];
  }

  /** Leftmost index holding the minimum, or -1 when every leaf is Infinity. */
  argmin(): number {
    if (this.tree[1] === Infinity) return -1;
    let p = 1;
    while (p < this.size) p = this.tree[2 * p] <= this.tree[2 * p + 1] ? 2 * p : 2 * p + 1;
    return p - this.size;
  }
}

/**
 * One owner's pod count per node index. Most owners run a few pods: they are held in two short
 * arrays (a Map per ReplicaSet would cost ten times the memory); past SMALL_OWNER nodes, a Map.
 */
const SMALL_OWNER = 32;

class OwnerNodes {
  private nodes: number[] = [];
  private counts: number[] = [];
  private map: Map<number, number> | undefined;

  get size(): number {
    return this.map ? this.map.size : this.nodes.length;
  }

  get(i: number): number | undefined {
    if (this.map) return this.map.get(i);
    const k = this.nodes.indexOf(i);
    return k < 0 ? undefined : this.counts[k];
  }

  has(i: number): boolean {
    return this.map ? this.map.has(i) : this.nodes.indexOf(i) >= 0;
  }

  /** Adds delta to node i's count; a count that drops to 0 is removed. */
  adjust(i: number, delta: number): void {
    const m = this.map;
    if (m) {
      const c = (m.get(i) ?? 0) + delta;
      if (c > 0) m.set(i, c);
      else m.delete(i);
      return;
    }
    const k = this.nodes.indexOf(i);
    const c = (k < 0 ? 0 : this.counts[k]) + delta;
    if (k >= 0) {
      if (c > 0) this.counts[k] = c;
      else {
        this.nodes.splice(k, 1);
        this.counts.splice(k, 1);
      }
    } else if (c > 0) {
      if (this.nodes.length < SMALL_OWNER) {
        this.nodes.push(i);
        this.counts.push(c);
      } else {
        this.map = new Map(this.nodes.map((n, j) => [n, this.counts[j]]));
        this.map.set(i, c);
        this.nodes = [];
        this.counts = [];
      }
    }
  }
}

export class Scheduler {
  private nodes: Node[] = [];
  private readonly index = new Map<string, number>();
  private counts = new Int32Array(0);
  private taints: Taint[][] = [];
  /** Indexes of nodes with blocking taints (few: the control plane). */
  private tainted: number[] = [];
  private pool = new MinTree(0);
  private readonly owners = new Map<string, OwnerNodes>();
  /** The node choose() picked last: the bound pod's count follows at once, without a lookup by name. */
  private lastChosenName: string | undefined;
  private lastChosen = -1;
  /** Each node's allocatable amounts and pod capacity, and the requests of the pods bound to it. */
  private alloc: (Amounts | undefined)[] = [];
  private maxPods = new Float64Array(0);
  private used: Map<string, number>[] = [];

  /** Replaces the node set; pod counts are recounted from `pods`. */
  setNodes(nodes: readonly Node[], pods: Iterable<Pod>): void {
    this.nodes = [...nodes].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    this.index.clear();
    this.lastChosenName = undefined;
    this.nodes.forEach((n, i) => this.index.set(n.metadata.name, i));
    this.counts = new Int32Array(this.nodes.length);
    const fit = this.nodes.map(allocatable);
    this.alloc = fit.map((f) => f?.amounts);
    this.maxPods = Float64Array.from(fit, (f) => f?.pods ?? Infinity);
    this.used = this.nodes.map(() => new Map());
    this.taints = this.nodes.map(blockingTaints);
    this.tainted = this.taints.flatMap((t, i) => (t.length ? [i] : []));
    this.owners.clear();
    this.pool = new MinTree(this.nodes.length);
    for (const p of pods) this.podBound(p);
    this.nodes.forEach((_, i) => this.pool.set(i, this.taints[i].length ? Infinity : this.counts[i]));
  }

  hasNode(name: string): boolean {
    return this.index.has(name);
  }

  /**
   * Counts a pod bound to a node (scheduled, pinned, or loaded). Succeeded and Failed pods are
   * not counted: kube-scheduler's pod informer lists only non-terminal pods (scheduler.go
   * newPodInformer's field selector status.phase!=Succeeded,status.phase!=Failed), so a finished
   * pod holds neither its requests nor a place in the node's pod count.
   */
  podBound(pod: Pod): void {
    if (!isTerminalPod(pod)) this.adjust(pod, 1);
  }

  podUnbound(pod: Pod): void {
    if (!isTerminalPod(pod)) this.adjust(pod, -1);
  }

  private adjust(pod: Pod, delta: number): void {
    const nodeName = pod.spec.nodeName;
    if (nodeName === undefined) return;
    const i = nodeName === this.lastChosenName ? this.lastChosen : this.index.get(nodeName);
    if (i === undefined) return;
    this.counts[i] += delta;
    if (!this.taints[i].length) this.pool.set(i, this.counts[i]);
    const req = podRequests(pod);
    if (req.size) {
      const used = this.used[i];
      for (const [k, v] of req) used.set(k, (used.get(k) ?? 0) + delta * v);
    }
    const owner = ownerUidOf(pod);
    if (!owner) return;
    let m = this.owners.get(owner);
    if (!m) this.owners.set(owner, (m = new OwnerNodes()));
    m.adjust(i, delta);
    if (m.size === 0) this.owners.delete(owner);
  }

  /** The node for a pending pod, or undefined when no node fits. */
  choose(pod: Pod): string | undefined {
    const owner = ownerUidOf(pod);
    const ownerNodes = owner ? this.owners.get(owner) : undefined;
    const fast = !pod.spec.nodeSelector && (this.tainted.length === 0 || this.tainted.every((i) => !this.taints[i].every((t) => tolerates(pod.spec.tolerations, t))));
    if (fast) {
      // The leftmost least-loaded node not running this owner's pods (owner count 0): take the
      // minimum, and while it runs one of the owner's pods hide it and look again. Spreading
      // keeps the owner's nodes above the minimum, so this rarely hides anything.
      let best = this.pool.argmin();
      if (best >= 0 && ownerNodes?.has(best)) {
        const hidden: number[] = [];
        while (best >= 0 && ownerNodes.has(best)) {
          hidden.push(best);
          this.pool.set(best, Infinity);
          best = this.pool.argmin();
        }
        for (const i of hidden) this.pool.set(i, this.counts[i]);
      }
      // The least-loaded node, unless it is full (NodeResourcesFit): then every node is looked at.
      if (best >= 0 && this.roomFor(pod, best)) return this.chosen(best);
    }
    const i = this.scan(pod, ownerNodes);
    return i < 0 ? undefined : this.chosen(i);
  }

  private chosen(i: number): string {
    this.lastChosen = i;
    return (this.lastChosenName = this.nodes[i].metadata.name);
  }

  private scan(pod: Pod, ownerNodes: OwnerNodes | undefined): number {
    let best = -1;
    let bestOwner = 0;
    for (let i = 0; i < this.nodes.length; i++) {
      if (!this.fits(pod, i)) continue;
      const own = ownerNodes?.get(i) ?? 0;
      if (best < 0 || own < bestOwner || (own === bestOwner && this.counts[i] < this.counts[best])) {
        best = i;
        bestOwner = own;
      }
    }
    return best;
  }

  /**
   * Why no node fits, as the scheduler's FitError reads (kubernetes pkg/scheduler/framework
   * types.go FitError.Error, v1.33.1): each node's first failing filter in plugin order
   * (NodeUnschedulable, TaintToleration, NodeAffinity), counted and sorted as strings, then
   * DefaultPreemption's verdict: all three failures are UnschedulableAndUnresolvable, which
   * preemption cannot help. (Later patch releases name no taint: kubernetes#134740.)
   */
  explain(pod: Pod): string {
    const n = this.nodes.length;
    if (n === 0) return 'no nodes available to schedule pods';
    const reasons = new Map<string, number>();
    const preemption = new Map<string, number>();
    const count = (m: Map<string, number>, r: string) => m.set(r, (m.get(r) ?? 0) + 1);
    for (let i = 0; i < n; i++) {
      const unresolvable = filterFailure(pod, this.nodes[i]);
      const failures = unresolvable ? [unresolvable] : this.resourceFailures(pod, i);
      for (const r of failures) count(reasons, r);
      // Preemption can only help where resources are short, and finds no victim: every pod
      // in svcsim has the same priority (defaultpreemption SelectVictimsOnNode).
      if (failures.length) count(preemption, unresolvable ? 'Preemption is not helpful for scheduling' : 'No preemption victims found for incoming pod');
    }
    const histogram = (m: Map<string, number>) => [...m].map(([r, c]) => `${c} ${r}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(', ');
    return `0/${n} nodes are available: ${histogram(reasons)}. preemption: 0/${n} nodes are available: ${histogram(preemption)}.`;
  }

  /** NodeResourcesFit passes on node i (a pod requesting nothing only needs a free pod slot). */
  private roomFor(pod: Pod, i: number): boolean {
    if (this.counts[i] + 1 > this.maxPods[i]) return false;
    return podRequests(pod).size === 0 || !this.resourceFailures(pod, i).length;
  }

  /** NodeResourcesFit's reasons on node i (none: the pod fits). */
  private resourceFailures(pod: Pod, i: number): string[] {
    const alloc = this.alloc[i];
    if (!alloc) return [];
    const used = this.used[i];
    return insufficient(podRequests(pod), this.counts[i], this.maxPods[i], alloc, (k) => used.get(k) ?? 0);
  }

  /** The filters explain() reports, passed: one rule for both. */
  private fits(pod: Pod, i: number): boolean {
    return filterFailure(pod, this.nodes[i]) === undefined && !this.resourceFailures(pod, i).length;
  }
}

/** A pod the scheduler no longer sees: Succeeded or Failed. */
export function isTerminalPod(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/**
 * What the scheduler's NodeResourcesFit filter weighs (kubernetes pkg/scheduler/framework/
 * plugins/noderesources/fit.go, v1.33): a pod's requests, the larger of its containers' sum and
 * each init container's (resourcehelper.PodRequests; no pod overhead in svcsim), against what
 * the node has allocatable less the requests of the pods already bound there, and the node's
 * pod count against allocatable `pods`. A resource with limits but no request counts its limit
 * (the apiserver defaults requests from limits). Reasons as fit.go words them.
 */
import type { Container, Node, Pod } from '../api/core.ts';
import { quantityMilliValue, quantityValue } from '../api/quantity.ts';

/** Requested amounts by resource name: cpu in millicores, everything else in whole units. */
export type Amounts = ReadonlyMap<string, number>;

const NONE: Amounts = new Map();
const FIRST = ['cpu', 'memory', 'ephemeral-storage'];

type Resources = { requests?: Record<string, string | number>; limits?: Record<string, string | number> };

function amount(resource: string, q: string | number | undefined): number {
  return resource === 'cpu' ? quantityMilliValue(q) : quantityValue(q);
}

function containerRequests(c: Container): Map<string, number> {
  const res = c.resources as Resources | undefined;
  const out = new Map<string, number>();
  for (const [k, v] of Object.entries(res?.limits ?? {})) out.set(k, amount(k, v));
  for (const [k, v] of Object.entries(res?.requests ?? {})) out.set(k, amount(k, v));
  return out;
}

/** Pods of one template share their containers list: their requests are worked out once. */
const byContainers = new WeakMap<readonly Container[], Amounts>();

/** The last list asked about: a ReplicaSet's pods come one after another. */
let lastContainers: readonly Container[] | undefined;
let lastAmounts: Amounts = NONE;

export function podRequests(pod: Pod): Amounts {
  const containers = pod.spec.containers ?? [];
  const init = pod.spec.initContainers;
  if (!init?.length) {
    if (containers === lastContainers) return lastAmounts;
    const known = byContainers.get(containers);
    if (known) {
      lastContainers = containers;
      return (lastAmounts = known);
    }
  }
  const sum = new Map<string, number>();
  for (const c of containers) for (const [k, v] of containerRequests(c)) sum.set(k, (sum.get(k) ?? 0) + v);
  for (const c of init ?? []) for (const [k, v] of containerRequests(c)) if (v > (sum.get(k) ?? 0)) sum.set(k, v);
  for (const [k, v] of sum) if (v === 0) sum.delete(k);
  const out: Amounts = sum.size ? sum : NONE;
  if (!init?.length) byContainers.set(containers, out);
  return out;
}

/**
 * A node's allocatable amounts (cpu in millicores) and how many pods it takes; undefined for a
 * node that reports none (one svcsim was given without a status): it is not held to any.
 */
export function allocatable(node: Node): { amounts: Amounts; pods: number } | undefined {
  const alloc = (node.status as { allocatable?: Record<string, string> } | undefined)?.allocatable;
  if (!alloc) return undefined;
  const amounts = new Map<string, number>();
  for (const [k, v] of Object.entries(alloc)) if (k !== 'pods') amounts.set(k, amount(k, v));
  // The kubelet's --max-pods default, when the status leaves the count out.
  return { amounts, pods: alloc.pods !== undefined ? quantityValue(alloc.pods) : 110 };
}

/**
 * fit.go fitsRequest: `Too many pods` first, then each requested resource the node lacks room
 * for, as `Insufficient NAME` (cpu, memory, ephemeral-storage, or an extended resource).
 */
export function insufficient(req: Amounts, podCount: number, maxPods: number, alloc: Amounts, used: (resource: string) => number): string[] {
  const reasons: string[] = [];
  if (podCount + 1 > maxPods) reasons.push('Too many pods');
  const check = (k: string, v: number) => {
    if (v > (alloc.get(k) ?? 0) - used(k)) reasons.push(`Insufficient ${k}`);
  };
  // cpu, memory and ephemeral storage first, then the scalar resources (fit.go's order).
  for (const k of FIRST) if (req.has(k)) check(k, req.get(k)!);
  for (const [k, v] of req) if (!FIRST.includes(k)) check(k, v);
  return reasons;
}

/**
 * Plans patched from earlier plans: which service ports a change touched, and which port
 * indices differ between a plan and an older one in its (short) chain of bases.
 */
import type { ServicePortInfo } from '../service-port.ts';
import type { SharedPlan } from './node-tables.ts';

/** How many plans back a node's tables can still be patched from; older bases are dropped so they can be freed. */
const MAX_CHAIN = 4;

/** Indices of a Service's ports in the port list sorted by key: keys `ns/name:...` sharing the prefix sit together. */
export function portIndicesOf(ports: readonly ServicePortInfo[], serviceKey: string): number[] {
  const prefix = `${serviceKey}:`;
  let lo = 0;
  let hi = ports.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ports[mid].key < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: number[] = [];
  for (let i = lo; i < ports.length && ports[i].serviceKey === serviceKey; i++) out.push(i);
  return out;
}

/** Records that `plan` is `prev` with the ports at `changed` redone, keeping the chain short. */
export function linkPlan(plan: SharedPlan, prev: SharedPlan, changed: readonly number[]): void {
  plan.base = { plan: prev, changed };
  let p: SharedPlan = prev;
  for (let depth = 1; depth < MAX_CHAIN && p.base; depth++) p = p.base.plan;
  p.base = undefined;
}

/** The port indices that may differ between `plan` and an older plan in its chain (sorted), or undefined if `older` is not in it. */
export function changedSince(plan: SharedPlan, older: SharedPlan): number[] | undefined {
  if (plan === older) return [];
  const set = new Set<number>();
  for (let p: SharedPlan = plan; p !== older; ) {
    if (!p.base) return undefined;
    for (const i of p.base.changed) set.add(i);
    p = p.base.plan;
  }
  return [...set].sort((a, b) => a - b);
}

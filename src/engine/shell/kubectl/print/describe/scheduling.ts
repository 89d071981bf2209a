/**
 * The scheduling lines of describe pod and of a Pod Template (kubectl v1.33
 * pkg/describe/describe.go printTolerationsMultilineWithIndent, describeTopologySpreadConstraints).
 */
import type { Toleration } from '../../../../api/core.ts';
import type { LabelSelector } from '../../../../api/meta.ts';
import { formatLabelSelector } from '../labels.ts';
import type { PrefixWriter } from './prefix-writer.ts';

export type TopologySpreadConstraint = { maxSkew: number; topologyKey: string; whenUnsatisfiable: string; labelSelector?: LabelSelector };

const byString = <T>(key: (x: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/** printTolerationsMultilineWithIndent. */
export function printTolerations(w: PrefixWriter, title: string, tolerations: readonly Toleration[] | undefined, initialIndent = ''): void {
  w.write(0, `${initialIndent}${title}:\t`);
  if (!tolerations || tolerations.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const sorted = [...tolerations].sort(byString((t) => t.key ?? ''));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(0, `${initialIndent}\t`);
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined) s += ` for ${t.tolerationSeconds}s`;
    w.write(0, s + '\n');
  });
}

/** describeTopologySpreadConstraints: nothing at all when the pod has none. */
export function describeTopologySpreadConstraints(w: PrefixWriter, constraints: readonly TopologySpreadConstraint[] | undefined, space: string): void {
  if (!constraints || constraints.length === 0) return;
  const sorted = [...constraints].sort(byString((c) => c.topologyKey));
  w.write(0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((c, i) => {
    if (i !== 0) w.write(0, `${space}\t`);
    const selector = c.labelSelector ? ` for selector ${formatLabelSelector(c.labelSelector)}` : '';
    w.write(0, `${c.topologyKey}:${c.whenUnsatisfiable} when max skew ${c.maxSkew} is exceeded${selector}\n`);
  });
}

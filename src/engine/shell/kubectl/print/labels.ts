/** Label and selector formatting shared by tables and describe (apimachinery pkg/labels). */
import type { LabelSelector } from '../../../api/meta.ts';

/** labels.FormatLabels: `k=v,k2=v2` sorted by key, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  if (!labels) return '<none>';
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '<none>';
  let s = '';
  for (let i = 0; i < keys.length; i++) s += (i ? ',' : '') + keys[i] + '=' + labels[keys[i]];
  return s;
}

/**
 * metav1.FormatLabelSelector: the selector's String() (requirements sorted by key:
 * `k=v`, `k in (a,b)`, `k notin (a)`, `k`, `!k`), `<none>` when nil or empty.
 */
export function formatLabelSelector(sel: LabelSelector | undefined): string {
  if (!sel) return '<none>';
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    const text =
      e.operator === 'In' ? `${e.key} in (${values})`
      : e.operator === 'NotIn' ? `${e.key} notin (${values})`
      : e.operator === 'Exists' ? e.key
      : `!${e.key}`;
    reqs.push({ key: e.key, text });
  }
  if (reqs.length === 0) return '<none>';
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return reqs.map((r) => r.text).join(',');
}

/**
 * A node's flat rule lists rebuilt from the previous ones when only a few service ports'
 * fragments changed: the unchanged runs are copied in bulk and the changed fragments spliced
 * in, instead of walking every fragment again. Offsets say where each port's part starts.
 */

/** Where each service port's part starts in one flat list; entry `count` is where the tail starts. */
export type PartOffsets = Int32Array;

/** Up to this many changed parts, splicing into one copy beats cutting and joining pieces. */
const SPLICES = 8;
/** splice takes the new part as arguments: keep it well below engine argument limits. */
const MAX_SPREAD = 4096;

/**
 * `old` with the parts of the ports at `changed` (sorted, distinct) replaced by `part(i)`,
 * and the offsets of the result.
 */
export function patchList<T>(old: readonly T[], at: PartOffsets, changed: readonly number[], part: (i: number) => readonly T[]): { list: T[]; at: PartOffsets } {
  const next = new Int32Array(at.length);
  let delta = 0;
  let j = 0;
  let small = changed.length <= SPLICES;
  const parts: (readonly T[])[] = [];
  for (const i of changed) {
    for (; j <= i; j++) next[j] = at[j] + delta;
    const p = part(i);
    parts.push(p);
    if (p.length > MAX_SPREAD) small = false;
    delta += p.length - (at[i + 1] - at[i]);
  }
  for (; j < at.length; j++) next[j] = at[j] + delta;
  if (small) {
    // One bulk copy, then each changed part swapped in place, last first so earlier offsets hold.
    const list = old.slice();
    for (let k = changed.length - 1; k >= 0; k--) list.splice(at[changed[k]], at[changed[k] + 1] - at[changed[k]], ...parts[k]);
    return { list, at: next };
  }
  const pieces: (readonly T[])[] = [];
  let pos = 0;
  changed.forEach((i, k) => {
    if (at[i] > pos) pieces.push(old.slice(pos, at[i]));
    pieces.push(parts[k]);
    pos = at[i + 1];
  });
  return { list: old.slice(0, 0).concat(...pieces, old.slice(pos)), at: next };
}

/** Offsets -> line/column, and field paths -> where they are written. */
import type { SourcePosition } from '../api/meta.ts';
import type { JNode } from './json-tree.ts';

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(
    text: string,
    private readonly file: string,
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  at(offset: number): SourcePosition {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}

/** Splits `spec.ports[0].port` / `metadata.labels[app]` into keys and indices. */
export function parseFieldPath(path: string): (string | number)[] {
  const parts: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[([^\]]*)\]/g;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    if (m[1] !== undefined) parts.push(m[1]);
    else if (m[2] !== undefined) parts.push(Number(m[2]));
    else parts.push(m[3]);
  }
  return parts;
}

/** The chunk offset of a field (its key, or the list item), or of its nearest written ancestor. */
export function offsetOfPath(root: JNode, path: string): number {
  let node = root;
  let offset = root.start;
  for (const part of parseFieldPath(path)) {
    if (typeof part === 'number' && node.k === 'seq' && part < node.items.length) {
      node = node.items[part];
      offset = node.start;
    } else if (node.k === 'map') {
      const key = String(part);
      const e = node.entries.find((x) => x.key === key);
      if (!e) break;
      node = e.value;
      offset = e.keyStart;
    } else break;
  }
  return offset;
}

/**
 * kubectl describe's PrefixWriter and tabbedString (kubectl pkg/describe/describe.go): text with
 * tabs written at indentation levels of two spaces, aligned at the end by a tabwriter with
 * minwidth 0, tabwidth 8, padding 2. Also the multi-line helpers for labels, annotations and
 * events that every describer shares.
 */
import type { ClusterEvent } from '../../../../cluster/types.ts';
import { utf8ByteLength } from '../../../../api/go-strings.ts';
import { formatAge } from '../duration.ts';
import { DESCRIBE_TABWRITER, formatTabbedText } from '../tabwriter.ts';

/** DescriberSettings: `--show-events=false` leaves the Events section out entirely. */
export interface DescribeSettings {
  showEvents?: boolean;
}

export class PrefixWriter {
  private parts: string[] = [];

  write(level: number, text: string): void {
    this.parts.push('  '.repeat(level) + text);
  }

  /** WriteLine: the text and a newline, no indentation. */
  writeLine(text: string): void {
    this.parts.push(text + '\n');
  }

  /** The text as written, tabs and all: a PrefixWriter on a plain buffer (rollout history's printTemplate). */
  raw(): string {
    return this.parts.join('');
  }

  /** tabbedString's result. */
  toString(): string {
    return formatTabbedText(this.parts.join(''), DESCRIBE_TABWRITER);
  }
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const MAX_ANNOTATION_LEN = 140;

/** printLabelsMultilineWithIndent. */
export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined, initialIndent = '', innerIndent = '\t'): void {
  w.write(0, `${initialIndent}${title}:${innerIndent}`);
  const keys = Object.keys(labels ?? {}).sort();
  if (!labels || keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(0, initialIndent + innerIndent);
    w.write(0, `${key}=${labels[key]}\n`);
  });
}

/** shorten: the first maxLength bytes and `...` (a character cut in two is dropped here). */
function shorten(s: string, maxLength: number): string {
  if (utf8ByteLength(s) <= maxLength) return s;
  let out = '';
  let n = 0;
  for (const ch of s) {
    const len = utf8ByteLength(ch);
    if (n + len > maxLength) break;
    out += ch;
    n += len;
  }
  return out + '...';
}

/** printAnnotationsMultiline: last-applied-configuration hidden, long values on their own lines. */
export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined): void {
  w.write(0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {}).filter((k) => k !== LAST_APPLIED).sort();
  if (!annotations || keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(0, indent);
    const value = annotations[key].endsWith('\n') ? annotations[key].slice(0, -1) : annotations[key];
    if (utf8ByteLength(value) + utf8ByteLength(key) + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(0, `${key}: ${value}\n`);
    }
  });
}

/** DescribeEvents: `<none>`, or the Type/Reason/Age/From/Message table. */
export function describeEvents(w: PrefixWriter, events: readonly ClusterEvent[], nowMs: number): void {
  if (events.length === 0) {
    w.write(0, 'Events:\t<none>\n');
    return;
  }
  // event.SortableEvents: by lastTimestamp
  const sorted = [...events].sort((a, b) => Date.parse(a.lastTimestamp) - Date.parse(b.lastTimestamp));
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = formatAge(e.firstTimestamp, nowMs);
    const interval = e.count > 1 ? `${formatAge(e.lastTimestamp, nowMs)} (x${e.count} over ${first})` : first;
    w.write(1, `${e.type}\t${e.reason}\t${interval}\t${e.source}\t${e.message.trim()}\n`);
  }
}

/** printController: `Kind/name` of the controlling owner, or ''. */
export function controllerOf(owners: readonly { kind: string; name: string; controller?: boolean }[] | undefined): string {
  const c = (owners ?? []).find((o) => o.controller);
  return c ? `${c.kind}/${c.name}` : '';
}

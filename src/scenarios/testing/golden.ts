/**
 * Helpers for the seed golden tests: compare kubectl tables exactly while taking the few
 * cells that cannot match a years-old tutorial (AGE, random name suffixes, random
 * ClusterIPs) from the actual output. The expected table is re-aligned here, independently
 * of the printers under test, with the rule kubectl's table printer uses
 * (cli-runtime pkg/printers/tabwriter.go: minwidth 6, padding 3, last column unpadded).
 */

/** Splits a kubectl table into rows of cells. Padding is at least 3 blanks, and no cell holds 3 blanks in a row. */
export function tableCells(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.trimEnd().split(/ {3,}/));
}

/** Aligns rows the way `kubectl get` does. */
export function renderTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      if (i < row.length - 1) widths[i] = Math.max(widths[i] ?? 6, cell.length + 3);
    });
  }
  return rows.map((row) => row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i]) : cell)).join('') + '\n').join('');
}

/** The values of one column (by header) in the data rows of a table. */
export function column(text: string, header: string): string[] {
  const [head, ...rows] = tableCells(text);
  const i = head.indexOf(header);
  if (i < 0) throw new Error(`no column ${header} in:\n${text}`);
  return rows.map((r) => r[i]);
}

/** kubectl's HumanDuration (apimachinery pkg/util/duration): `30s`, `7m38s`, `3d15h`, `45m`. */
export const AGE = /^(\d+[smhdy]){1,2}$/;

export interface TableOptions {
  /** Columns whose cells come from the actual output (row by row, after sorting), e.g. AGE. */
  fromActual?: readonly string[];
  /** Replacements applied to every expected cell: tutorial pod name -> actual pod name. */
  rename?: ReadonlyMap<string, string>;
  /** Sort data rows by their first cell, as the API server lists objects by name. */
  sortByName?: boolean;
}

/**
 * The expected table text: the tutorial's table with names replaced, rows sorted like the
 * server sorts, cells of `fromActual` columns copied from `actual`, re-aligned.
 */
export function expectedTable(actual: string, template: string, opts: TableOptions = {}): string {
  const [head, ...rows] = tableCells(template).map((r) => r.map((c) => opts.rename?.get(c) ?? renameWithin(c, opts.rename)));
  if (opts.sortByName) rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const actualRows = tableCells(actual).slice(1);
  for (const name of opts.fromActual ?? []) {
    const i = head.indexOf(name);
    if (i < 0) throw new Error(`no column ${name} in the template`);
    rows.forEach((row, r) => {
      const cell = actualRows[r]?.[i];
      if (cell !== undefined) row[i] = cell;
    });
  }
  return renderTable([head, ...rows]);
}

function renameWithin(cell: string, rename: ReadonlyMap<string, string> | undefined): string {
  if (!rename) return cell;
  let out = cell;
  for (const [from, to] of rename) out = out.split(from).join(to);
  return out;
}

/** Replaces every occurrence of each key with its value (tutorial names and IPs -> actual ones). */
export function substitute(text: string, map: ReadonlyMap<string, string>): string {
  let out = text;
  for (const [from, to] of map) out = out.split(from).join(to);
  return out;
}

/** Dotted IPv4 -> number. */
function ipNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** Whether `ip` lies in `cidr` (`10.96.0.0/12`). */
export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = ipNumber(base);
  const n = ipNumber(ip);
  return /^\d+\.\d+\.\d+\.\d+$/.test(ip) && n >= start && n < start + size;
}

/** The characters of k8s.io/apimachinery/pkg/util/rand, used for name suffixes and pod-template-hash. */
export const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';

/** Dotted IPv4 as a number, to compare addresses. */
export function ipValue(ip: string): number {
  return ipNumber(ip);
}

/**
 * Masks what a real cluster makes up afresh each time in `-o yaml` output: uids,
 * resourceVersions and RFC 3339 timestamps.
 */
export function maskServerFields(yaml: string): string {
  return yaml
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uid>')
    .replace(/resourceVersion: "\d+"/g, 'resourceVersion: "<rv>"')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>');
}

/**
 * coreutils 9.4 sort on the console's text: whole lines or keys (-k FIELD[.CHAR][OPTS][,FIELD[.CHAR][OPTS]],
 * -t SEP), numeric (-n), human sizes (-h), versions (-V), reversed (-r), folded (-f), leading
 * blanks ignored (-b), unique (-u), stable (-s). Lines compare byte by byte: root's locale on
 * Ubuntu is C.UTF-8, whose collation is code point order. Ties fall back to the whole line
 * unless -s or -u, as sort.c compare() does.
 */
import type { CommandOutput, ShellContext } from '../context.ts';
import { readInputs, splitLines } from './input.ts';

interface KeyOpts {
  numeric: boolean;
  human: boolean;
  version: boolean;
  reverse: boolean;
  fold: boolean;
  blanks: boolean;
}

interface Key extends KeyOpts {
  startField: number;
  startChar: number;
  endField: number;
  endChar: number;
}

const TRY = "Try 'sort --help' for more information.\n";
const noOpts = (): KeyOpts => ({ numeric: false, human: false, version: false, reverse: false, fold: false, blanks: false });

function applyLetters(o: KeyOpts, letters: string): boolean {
  for (const c of letters) {
    if (c === 'n') o.numeric = true;
    else if (c === 'h') o.human = true;
    else if (c === 'V') o.version = true;
    else if (c === 'r') o.reverse = true;
    else if (c === 'f') o.fold = true;
    else if (c === 'b') o.blanks = true;
    else return false;
  }
  return true;
}

function parseKey(spec: string): Key | undefined {
  const m = /^(\d+)(?:\.(\d+))?([bfhnrV]*)(?:,(\d+)(?:\.(\d+))?([bfhnrV]*))?$/.exec(spec);
  if (!m || Number(m[1]) === 0) return undefined;
  const k: Key = { ...noOpts(), startField: Number(m[1]), startChar: Number(m[2] ?? 1), endField: m[4] ? Number(m[4]) : Infinity, endChar: Number(m[5] ?? 0) };
  applyLetters(k, (m[3] ?? '') + (m[6] ?? ''));
  return k;
}

/** Fields as sort finds them: with -t, split at the separator; else each field starts with its leading blanks. */
function fieldStarts(line: string, sep: string | undefined): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  if (sep !== undefined) {
    let s = 0;
    for (let i = 0; i <= line.length; i++) {
      if (i === line.length || line[i] === sep) {
        out.push({ start: s, end: i });
        s = i + 1;
      }
    }
    return out;
  }
  let i = 0;
  while (i < line.length) {
    const start = i;
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
    while (i < line.length && line[i] !== ' ' && line[i] !== '\t') i++;
    out.push({ start, end: i });
  }
  return out;
}

function keyText(line: string, k: Key, sep: string | undefined): string {
  const fields = fieldStarts(line, sep);
  const sf = fields[k.startField - 1];
  if (!sf) return '';
  let from = sf.start;
  if (k.blanks) while (from < sf.end && (line[from] === ' ' || line[from] === '\t')) from++;
  from = Math.min(sf.end, from + k.startChar - 1);
  let to = line.length;
  if (k.endField !== Infinity) {
    const ef = fields[k.endField - 1];
    to = ef ? (k.endChar ? Math.min(ef.end, ef.start + k.endChar) : ef.end) : line.length;
  }
  return line.slice(from, Math.max(from, to));
}

const HUMAN = 'KMGTPEZYRQ';

function numberOf(s: string, human: boolean): number {
  const m = /^\s*(-?\d*\.?\d+|-?\d+\.?)([KMGTPEZYRQk]?)/.exec(s);
  if (!m) return 0;
  const n = Number(m[1]);
  if (!human || !m[2]) return n;
  return n * 1024 ** (HUMAN.indexOf(m[2].toUpperCase()) + 1);
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function versionCompare(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    const d = /^\d/.test(x) && /^\d/.test(y) ? Number(x) - Number(y) : byteCompare(x, y);
    if (d) return d;
  }
  return 0;
}

function compareBy(a: string, b: string, o: KeyOpts): number {
  let x = a;
  let y = b;
  if (o.blanks) {
    x = x.replace(/^[ \t]+/, '');
    y = y.replace(/^[ \t]+/, '');
  }
  let d: number;
  if (o.numeric || o.human) d = numberOf(x, o.human) - numberOf(y, o.human);
  else if (o.version) d = versionCompare(x, y);
  else if (o.fold) d = byteCompare(x.toUpperCase(), y.toUpperCase());
  else d = byteCompare(x, y);
  return o.reverse ? -d : d;
}

export function sort(args: readonly string[], ctx: ShellContext): CommandOutput {
  const global = noOpts();
  const keys: Key[] = [];
  let sep: string | undefined;
  let unique = false;
  let stable = false;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      files.push(...args.slice(i + 1));
      break;
    }
    const long: Record<string, string> = { '--numeric-sort': 'n', '--human-numeric-sort': 'h', '--version-sort': 'V', '--reverse': 'r', '--ignore-case': 'f', '--ignore-leading-blanks': 'b', '--unique': 'u', '--stable': 's' };
    if (long[a]) {
      const c = long[a];
      if (c === 'u') unique = true;
      else if (c === 's') stable = true;
      else applyLetters(global, c);
      continue;
    }
    const keyArg = /^(?:-k|--key=?)(.*)$/.exec(a);
    const sepArg = /^(?:-t|--field-separator=?)(.*)$/.exec(a);
    if (keyArg) {
      const spec = keyArg[1] || args[++i];
      if (spec === undefined) return { stdout: '', stderr: `sort: option requires an argument -- 'k'\n${TRY}`, exitCode: 2 };
      const k = parseKey(spec);
      if (!k) return { stdout: '', stderr: `sort: invalid number at field start: invalid count at start of ‘${spec}’\n`, exitCode: 2 };
      keys.push(k);
      continue;
    }
    if (sepArg) {
      const s = sepArg[1] || args[++i];
      if (s === undefined) return { stdout: '', stderr: `sort: option requires an argument -- 't'\n${TRY}`, exitCode: 2 };
      if (s.length > 1 && s !== '\\0') return { stdout: '', stderr: `sort: multi-character tab ‘${s}’\n`, exitCode: 2 };
      sep = s;
      continue;
    }
    if (a.startsWith('--')) return { stdout: '', stderr: `sort: unrecognized option '${a}'\n${TRY}`, exitCode: 2 };
    if (a.startsWith('-') && a.length > 1) {
      for (const c of a.slice(1)) {
        if (c === 'u') unique = true;
        else if (c === 's') stable = true;
        else if (!applyLetters(global, c)) return { stdout: '', stderr: `sort: invalid option -- '${c}'\n${TRY}`, exitCode: 2 };
      }
      continue;
    }
    files.push(a);
  }
  // A key without options of its own takes the global ones.
  for (const k of keys) {
    const own = k.numeric || k.human || k.version || k.reverse || k.fold || k.blanks;
    if (!own) Object.assign(k, { ...global });
  }
  const inputs = readInputs(files, ctx);
  const missing = inputs.find((i) => i.text === undefined);
  if (missing) return { stdout: '', stderr: `sort: cannot read: ${missing.name}: No such file or directory\n`, exitCode: 2 };
  const lines = inputs.flatMap((i) => splitLines(i.text!).lines);
  const compareKeys = (a: string, b: string): number => {
    if (!keys.length) return compareBy(a, b, global);
    for (const k of keys) {
      const d = compareBy(keyText(a, k, sep), keyText(b, k, sep), k);
      if (d) return d;
    }
    return 0;
  };
  const order = lines.map((l, i) => ({ l, i }));
  order.sort((x, y) => {
    const d = compareKeys(x.l, y.l);
    if (d || stable || unique) return d || x.i - y.i;
    // The last resort: the whole lines, bytewise (reversed with -r).
    const last = byteCompare(x.l, y.l);
    return (global.reverse ? -last : last) || x.i - y.i;
  });
  const out: string[] = [];
  for (const { l } of order) if (!unique || !out.length || compareKeys(out[out.length - 1], l) !== 0) out.push(l);
  return { stdout: out.map((l) => `${l}\n`).join(''), stderr: '', exitCode: 0 };
}

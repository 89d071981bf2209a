/**
 * coreutils 9.4 head: the first lines (-n N, 10 by default) or bytes (-c N), or all but the last
 * ones (-n -N, -c -N); the obsolete `-NUM[bcklmqvz]` first argument; `==> NAME <==` headers
 * when more than one file is named (-q never, -v always); -z for NUL-ended lines.
 * Messages and order of checks: coreutils src/head.c (main, head_file, string_to_integer).
 */
import type { CommandOutput, ShellContext } from '../context.ts';
import { readInputs } from './input.ts';
import {
  countOf,
  helpOutput,
  linesWithEnds,
  numberFailure,
  parseOptions,
  Streams,
  quoteaf,
  sliceBytes,
  byteLength,
  usageFailure,
  versionOutput,
  xstrtoumax,
} from './coreutils-options.ts';

const TOOL = 'head';
const SUFFIXES = 'bkKmMGTPEZYRQ0';
const LONG = [
  { name: 'bytes', arg: 'required', key: 'c' },
  { name: 'lines', arg: 'required', key: 'n' },
  { name: '-presume-input-pipe', arg: 'none', key: 'presume-input-pipe' },
  { name: 'quiet', arg: 'none', key: 'q' },
  { name: 'silent', arg: 'none', key: 'q' },
  { name: 'verbose', arg: 'none', key: 'v' },
  { name: 'zero-terminated', arg: 'none', key: 'z' },
] as const;

interface Settings {
  lines: boolean;
  count: bigint;
  /** -n -N / -c -N: everything but the last N. */
  elide: boolean;
  headers: 'multiple' | 'always' | 'never';
  end: string;
}

/** string_to_integer: the count, or xdectoumax's refusal. */
function count(text: string, lines: boolean): bigint | CommandOutput {
  const r = xstrtoumax(text, SUFFIXES);
  if (r.ok) return r.value;
  return numberFailure(TOOL, lines ? 'invalid number of lines' : 'invalid number of bytes', text, r.overflow);
}

/** `head -5`, `head -20c`, `head -3vq`: the old form, only as the first argument. */
function obsolete(word: string, s: Settings): CommandOutput | undefined {
  const digits = /^-(\d+)/.exec(word)![1];
  let multiplier = '';
  for (const c of word.slice(1 + digits.length)) {
    if (c === 'c' || c === 'b' || c === 'k' || c === 'm') {
      s.lines = false;
      multiplier = c === 'c' ? '' : c;
    } else if (c === 'l') s.lines = true;
    else if (c === 'q') s.headers = 'never';
    else if (c === 'v') s.headers = 'always';
    else if (c === 'z') s.end = '\0';
    else return usageFailure(TOOL, `invalid trailing option -- ${c}`);
  }
  const n = count(digits + multiplier, s.lines);
  if (typeof n !== 'bigint') return n;
  s.count = n;
  return undefined;
}

function take(text: string, s: Settings): string {
  const n = countOf(s.count);
  if (!s.lines) {
    const size = byteLength(text);
    return s.elide ? sliceBytes(text, 0, Math.max(0, size - n)) : sliceBytes(text, 0, n);
  }
  const lines = linesWithEnds(text, s.end);
  return (s.elide ? lines.slice(0, Math.max(0, lines.length - n)) : lines.slice(0, n)).join('');
}

export function head(args: readonly string[], ctx: ShellContext): CommandOutput {
  const s: Settings = { lines: true, count: 10n, elide: false, headers: 'multiple', end: '\n' };
  let words = args;
  if (words.length && /^-\d/.test(words[0])) {
    const refused = obsolete(words[0], s);
    if (refused) return refused;
    words = words.slice(1);
  }
  const parsed = parseOptions(words, { tool: TOOL, short: 'c:n:qvz0123456789', long: LONG });
  for (const item of parsed.items) {
    const { key } = item;
    if (key === 'c' || key === 'n') {
      s.lines = key === 'n';
      let value = item.value ?? '';
      s.elide = value.startsWith('-');
      if (s.elide) value = value.slice(1);
      const n = count(value, s.lines);
      if (typeof n !== 'bigint') return n;
      s.count = n;
    } else if (key === 'q') s.headers = 'never';
    else if (key === 'v') s.headers = 'always';
    else if (key === 'z') s.end = '\0';
    else if (key === 'help') return helpOutput(TOOL);
    else if (key === 'version') return versionOutput(TOOL, ['David MacKenzie', 'Jim Meyering']);
    else if (/^\d$/.test(key)) return usageFailure(TOOL, `invalid trailing option -- ${key}`);
  }
  if (parsed.failure) return parsed.failure;
  // head.c: a byte count to elide must fit in off_t.
  if (!s.lines && s.elide && s.count > (1n << 63n) - 1n) {
    return numberFailure(TOOL, 'invalid number of bytes', s.count.toString(), true);
  }
  const files = parsed.operands;
  const headers = s.headers === 'always' || (s.headers === 'multiple' && files.length > 1);
  const io = new Streams();
  let first = true;
  for (const input of readInputs(files, ctx)) {
    if (input.text === undefined) {
      io.err(`${TOOL}: cannot open ${quoteaf(input.name)} for reading: No such file or directory\n`);
      continue;
    }
    if (headers) {
      io.out(`${first ? '' : '\n'}==> ${input.stdin ? 'standard input' : input.name} <==\n`);
      first = false;
    }
    io.out(take(input.text, s));
  }
  return io.result(io.failed ? 1 : 0);
}

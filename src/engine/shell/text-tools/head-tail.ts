/**
 * coreutils 9.4 head and tail on the console's text: lines (-n, the default 10) or bytes (-c),
 * head's `-n -K` (all but the last K), tail's `-n +K` (from line K), the obsolete `-K` form, and
 * `==> NAME <==` headers between several inputs (-q, -v). Numbers keep the forms a console line
 * uses (no size suffixes). `tail -f` would wait forever: svcsim prints what is there and says so.
 * Messages: src/head.c, src/tail.c; quote() in Ubuntu's C.UTF-8 locale gives ‘curly’ quotes.
 */
import type { CommandOutput, ShellContext } from '../context.ts';
import { readInputs } from './input.ts';

type Tool = 'head' | 'tail';

interface Opts {
  bytes: boolean;
  count: number;
  /** head -n -K: all but the last K; tail -n +K: from the K-th on. */
  flipped: boolean;
  headers: boolean | undefined;
  follow: boolean;
}

const TRY = (tool: Tool) => `Try '${tool} --help' for more information.\n`;

function parseCount(tool: Tool, raw: string, bytes: boolean): { n: number; flipped: boolean } | string {
  const sign = raw[0] === '-' || raw[0] === '+' ? raw[0] : '';
  const digits = sign ? raw.slice(1) : raw;
  if (!/^\d+$/.test(digits)) return `${tool}: invalid number of ${bytes ? 'bytes' : 'lines'}: ‘${raw}’\n`;
  return { n: Number(digits), flipped: tool === 'head' ? sign === '-' : sign === '+' };
}

function parse(tool: Tool, args: readonly string[]): { opts: Opts; files: string[] } | string {
  const opts: Opts = { bytes: false, count: 10, flipped: false, headers: undefined, follow: false };
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      files.push(...args.slice(i + 1));
      break;
    }
    const long = /^--(lines|bytes)(?:=(.*))?$/.exec(a);
    const short = /^-([nc])(.*)$/.exec(a);
    if (long || short) {
      const bytes = (long?.[1] ?? short![1]) === 'bytes' || short?.[1] === 'c';
      const value = long ? (long[2] ?? args[++i]) : short![2] || args[++i];
      if (value === undefined) return `${tool}: option requires an argument -- '${bytes ? 'c' : 'n'}'\n${TRY(tool)}`;
      const c = parseCount(tool, value, bytes);
      if (typeof c === 'string') return c;
      opts.bytes = bytes;
      opts.count = c.n;
      opts.flipped = c.flipped;
      continue;
    }
    // The obsolete forms: head -5, tail -5, tail +5 (first argument only, as POSIX 2 allowed).
    if (i === 0 && /^-\d+$/.test(a)) {
      opts.count = Number(a.slice(1));
      continue;
    }
    if (i === 0 && tool === 'tail' && /^\+\d+$/.test(a)) {
      opts.count = Number(a.slice(1));
      opts.flipped = true;
      continue;
    }
    if (a === '-q' || a === '--quiet' || a === '--silent') opts.headers = false;
    else if (a === '-v' || a === '--verbose') opts.headers = true;
    else if (tool === 'tail' && (a === '-f' || a === '-F' || a === '--follow')) opts.follow = true;
    else if (a.startsWith('--') ) return `${tool}: unrecognized option '${a}'\n${TRY(tool)}`;
    else if (a.startsWith('-') && a.length > 1) return `${tool}: invalid option -- '${a[1]}'\n${TRY(tool)}`;
    else files.push(a);
  }
  return { opts, files };
}

function take(tool: Tool, text: string, o: Opts): string {
  if (o.bytes) {
    if (tool === 'head') return o.flipped ? text.slice(0, Math.max(0, text.length - o.count)) : text.slice(0, o.count);
    return o.flipped ? text.slice(Math.max(0, o.count - 1)) : o.count === 0 ? '' : text.slice(-o.count);
  }
  // Lines keep their newlines; a last line without one stays without.
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  let kept: string[];
  if (tool === 'head') kept = o.flipped ? lines.slice(0, Math.max(0, lines.length - o.count)) : lines.slice(0, o.count);
  else kept = o.flipped ? lines.slice(Math.max(0, o.count - 1)) : o.count === 0 ? [] : lines.slice(-o.count);
  return kept.join('');
}

function run(tool: Tool, args: readonly string[], ctx: ShellContext): CommandOutput {
  const parsed = parse(tool, args);
  if (typeof parsed === 'string') return { stdout: '', stderr: parsed, exitCode: 1 };
  const { opts, files } = parsed;
  const inputs = readInputs(files, ctx);
  const headers = opts.headers ?? inputs.length > 1;
  let stdout = '';
  let stderr = '';
  let first = true;
  for (const input of inputs) {
    if (input.text === undefined) {
      stderr += `${tool}: cannot open '${input.name}' for reading: No such file or directory\n`;
      continue;
    }
    if (headers) stdout += `${first ? '' : '\n'}==> ${input.stdin ? 'standard input' : input.name} <==\n`;
    first = false;
    stdout += take(tool, input.text, opts);
  }
  if (opts.follow) stderr += 'svcsim: tail -f would wait here for more; the console prints what is there and ends\n';
  return { stdout, stderr, exitCode: stderr && !opts.follow ? 1 : stderr.includes('cannot open') ? 1 : 0 };
}

export const head = (args: readonly string[], ctx: ShellContext): CommandOutput => run('head', args, ctx);
export const tail = (args: readonly string[], ctx: ShellContext): CommandOutput => run('tail', args, ctx);

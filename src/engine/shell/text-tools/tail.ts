/**
 * coreutils 9.4 tail: the last lines (-n N, 10 by default) or bytes (-c N), or from the N-th on
 * (-n +N, -c +N); the obsolete first-argument forms `-NUM[bcl][f]` and `+NUM[bcl][f]` (tail.c
 * parse_obsolete_option: POSIX 2008 conformance, with at most one file); headers (-q, -v); -z.
 *
 * -f/-F (follow): on a pipe, POSIX has tail ignore -f (tail.c ignore_fifo_and_pipe), so
 * `kubectl logs ... | tail -f` prints and ends exactly as on a node. On a file (or a terminal)
 * real tail would print and then wait for ever; a console line cannot, so svcsim prints what
 * tail prints, adds one svcsim note on stderr saying it stopped there, and exits 0.
 * Messages: coreutils src/tail.c.
 */
import type { CommandOutput, ShellContext } from '../context.ts';
import { readInputs } from './input.ts';
import {
  argmatch,
  byteLength,
  countOf,
  fatal,
  helpOutput,
  linesWithEnds,
  numberFailure,
  parseOptions,
  Streams,
  quote,
  quoteaf,
  sliceBytes,
  versionOutput,
  xstrtoumax,
  type LongOption,
} from './coreutils-options.ts';

const TOOL = 'tail';
export const FOLLOW_NOTE = 'svcsim: tail would now wait for more data until interrupted; the console line ends here\n';

const LONG: readonly LongOption[] = [
  { name: 'bytes', arg: 'required', key: 'c' },
  { name: 'follow', arg: 'optional', key: 'follow' },
  { name: 'lines', arg: 'required', key: 'n' },
  { name: 'max-unchanged-stats', arg: 'required', key: 'max-unchanged-stats' },
  { name: '-disable-inotify', arg: 'none', key: 'ignored' },
  { name: 'pid', arg: 'required', key: 'pid' },
  { name: '-presume-input-pipe', arg: 'none', key: 'ignored' },
  { name: 'quiet', arg: 'none', key: 'q' },
  { name: 'retry', arg: 'none', key: 'retry' },
  { name: 'silent', arg: 'none', key: 'q' },
  { name: 'sleep-interval', arg: 'required', key: 's' },
  { name: 'verbose', arg: 'none', key: 'v' },
  { name: 'zero-terminated', arg: 'none', key: 'z' },
];

interface Settings {
  lines: boolean;
  count: bigint;
  /** +N: from the N-th line or byte on. */
  fromStart: boolean;
  forever: boolean;
  byName: boolean;
  headers: 'multiple' | 'always' | 'never';
  end: string;
}

/** tail.c parse_obsolete_option: true when the first argument was the old form. */
function obsolete(args: readonly string[], s: Settings): boolean | CommandOutput {
  const ok =
    args.length === 1 ||
    (args.length === 2 && !(args[1][0] === '-' && args[1].length > 1)) ||
    ((args.length === 2 || args.length === 3) && args[1] === '--');
  if (!ok) return false;
  const word = args[0];
  if (word[0] !== '+' && word[0] !== '-') return false;
  const rest = word.slice(1);
  // "-" is standard input and "-c" wants its value: neither is the old form.
  if (word[0] === '-' && rest[rest[0] === 'c' ? 1 : 0] === undefined) return false;
  const m = /^(\d*)([bcl]?)(f?)$/.exec(rest);
  if (!m) return false;
  const [, digits, unit, follow] = m;
  let value = unit === 'b' ? 5120n : 10n;
  if (digits) {
    const r = xstrtoumax(digits + (unit === 'b' ? 'b' : ''), 'b');
    if (!r.ok) return fatal(TOOL, `invalid number: ${quote(word)}: Numerical result out of range`);
    value = r.value;
  }
  s.count = value;
  s.fromStart = word[0] === '+';
  s.lines = unit === '' || unit === 'l';
  s.forever = follow === 'f';
  return true;
}

function take(text: string, s: Settings, n: number): string {
  if (!s.lines) {
    const size = byteLength(text);
    return s.fromStart ? sliceBytes(text, Math.min(n, size)) : sliceBytes(text, Math.max(0, size - n));
  }
  const lines = linesWithEnds(text, s.end);
  return (s.fromStart ? lines.slice(n) : n === 0 ? [] : lines.slice(-n)).join('');
}

export function tail(args: readonly string[], ctx: ShellContext): CommandOutput {
  const s: Settings = { lines: true, count: 10n, fromStart: false, forever: false, byName: false, headers: 'multiple', end: '\n' };
  const old = obsolete(args, s);
  if (typeof old !== 'boolean') return old;
  const parsed = parseOptions(old ? args.slice(1) : args, { tool: TOOL, short: 'c:n:fFqs:vz0123456789', long: LONG });
  let retry = false;
  let pid = false;
  for (const item of parsed.items) {
    const { key } = item;
    const value = item.value ?? '';
    if (key === 'c' || key === 'n') {
      s.lines = key === 'n';
      s.fromStart = value.startsWith('+');
      const text = value.startsWith('-') ? value.slice(1) : value;
      const r = xstrtoumax(text, 'bkKmMGTPEZYRQ0');
      if (!r.ok) return numberFailure(TOOL, s.lines ? 'invalid number of lines' : 'invalid number of bytes', text, r.overflow);
      s.count = r.value;
    } else if (key === 'f' || key === 'follow') {
      s.forever = true;
      s.byName = false;
      if (item.value !== undefined) {
        const mode = argmatch(TOOL, '--follow', item.value, ['descriptor', 'name']);
        if (typeof mode !== 'string') return mode;
        s.byName = mode === 'name';
      }
    } else if (key === 'F') {
      s.forever = true;
      s.byName = true;
      retry = true;
    } else if (key === 'retry') retry = true;
    else if (key === 'pid') {
      const r = xstrtoumax(value);
      // PID_T_MAX; past it xdectoint.c reports EOVERFLOW.
      if (!r.ok || r.value > 2147483647n) return numberFailure(TOOL, 'invalid PID', value, r.ok || r.overflow);
      pid = r.value > 0n;
    } else if (key === 'max-unchanged-stats') {
      const r = xstrtoumax(value);
      if (!r.ok) return numberFailure(TOOL, 'invalid maximum number of unchanged stats between opens', value, r.overflow);
    } else if (key === 's') {
      if (!/^\s*\+?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value)) return fatal(TOOL, `invalid number of seconds: ${quote(value)}`);
    } else if (key === 'q') s.headers = 'never';
    else if (key === 'v') s.headers = 'always';
    else if (key === 'z') s.end = '\0';
    else if (key === 'help') return helpOutput(TOOL);
    else if (key === 'version') return versionOutput(TOOL, ['Paul Rubin', 'David MacKenzie', 'Ian Lance Taylor', 'Jim Meyering']);
    else if (/^\d$/.test(key)) return fatal(TOOL, `option used in invalid context -- ${key}`);
  }
  if (parsed.failure) return parsed.failure;
  const io = new Streams();
  if (retry && !s.forever) io.err(`${TOOL}: warning: --retry ignored; --retry is useful only when following\n`);
  else if (retry && !s.byName) io.err(`${TOOL}: warning: --retry only effective for the initial open\n`);
  if (pid && !s.forever) io.err(`${TOOL}: warning: PID ignored; --pid=PID is useful only when following\n`);
  // tail -n +0 means what +1 means: skip COUNT - 1 items.
  const n = countOf(s.fromStart && s.count > 0n ? s.count - 1n : s.count);
  const files = parsed.operands.length ? parsed.operands : ['-'];
  if (s.forever && s.byName && files.includes('-')) return fatal(TOOL, `cannot follow ${quoteaf('-')} by name`);
  if (s.count === 0n && !s.forever && !s.fromStart) return io.result(0);
  const headers = s.headers === 'always' || (s.headers === 'multiple' && files.length > 1);
  let first = true;
  let failed = false;
  let waits = false;
  for (const input of readInputs(parsed.operands, ctx)) {
    if (input.text === undefined) {
      io.err(`${TOOL}: cannot open ${quoteaf(input.name)} for reading: No such file or directory\n`);
      failed = true;
      // tail -F keeps trying a missing name; -f gives it up.
      waits ||= retry;
      continue;
    }
    if (headers) {
      io.out(`${first ? '' : '\n'}==> ${input.stdin ? 'standard input' : input.name} <==\n`);
      first = false;
    }
    io.out(take(input.text, s, n));
    // A piped standard input is not followed (POSIX); a file or a terminal would be.
    waits ||= !input.stdin || ctx.stdin === undefined;
  }
  if (s.forever) {
    if (waits) {
      io.err(FOLLOW_NOTE);
      return io.result(0);
    }
    if (failed) io.err(`${TOOL}: no files remaining\n`);
  }
  return io.result(failed ? 1 : 0);
}

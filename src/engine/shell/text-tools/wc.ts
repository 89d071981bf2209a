/**
 * coreutils 9.4 wc: lines, words and bytes by default; -l -w -m -c -L pick (always printed in
 * that order: lines, words, chars, bytes, max line length); --total=auto|always|only|never.
 * Counting is wc.c's multibyte loop in Ubuntu's C.UTF-8 locale: a word is a run of printable
 * characters between spaces (no-break spaces separate too), -L counts display columns (tabs to
 * the next multiple of 8, wide characters 2). Widths follow wc.c compute_number_width: 1 for one
 * count of one input, else the digits of the regular files' total size, at least 7 when an input
 * is standard input (a pipe or terminal here). Messages: coreutils src/wc.c.
 */
import type { CommandOutput, ShellContext } from '../context.ts';
import { readInputs } from './input.ts';
import { argmatch, byteLength, fatal, helpOutput, parseOptions, quotef, Streams, versionOutput, type LongOption } from './coreutils-options.ts';

const TOOL = 'wc';
const LONG: readonly LongOption[] = [
  { name: 'bytes', arg: 'none', key: 'c' },
  { name: 'chars', arg: 'none', key: 'm' },
  { name: 'lines', arg: 'none', key: 'l' },
  { name: 'words', arg: 'none', key: 'w' },
  { name: 'debug', arg: 'none', key: 'debug' },
  { name: 'files0-from', arg: 'required', key: 'files0-from' },
  { name: 'max-line-length', arg: 'none', key: 'L' },
  { name: 'total', arg: 'required', key: 'total' },
];

/** In wc's printing order. */
const ORDER = ['l', 'w', 'm', 'c', 'L'] as const;
type Count = (typeof ORDER)[number];
type Counts = Record<Count, number>;

/** glibc's iswspace beyond ASCII (the no-break spaces are not in it; wc adds them). */
const WIDE_SPACE = /[\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000\u00a0\u2007\u202f\u2060]/u;
const ZERO_WIDTH = /[\p{Mn}\p{Me}\u200b-\u200f\u2060\ufeff]/u;
const NON_PRINTING = /[\p{Cc}\p{Cs}\p{Cn}]/u;

/** wcwidth, near enough for svcsim's text: East Asian wide and fullwidth ranges take 2 columns. */
function columns(cp: number): number {
  const wide =
    (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) || (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) || (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd);
  return wide ? 2 : 1;
}

function count(text: string): Counts {
  let lines = 0;
  let words = 0;
  let chars = 0;
  let longest = 0;
  let pos = 0;
  let inWord = false;
  const separator = () => {
    if (inWord) words++;
    inWord = false;
  };
  for (const ch of text) {
    chars++;
    const cp = ch.codePointAt(0)!;
    if (ch === '\n' || ch === '\r' || ch === '\f') {
      if (ch === '\n') lines++;
      longest = Math.max(longest, pos);
      pos = 0;
      separator();
    } else if (ch === '\t') {
      pos += 8 - (pos % 8);
      separator();
    } else if (ch === ' ') {
      pos++;
      separator();
    } else if (ch === '\v') separator();
    else if (cp < 0x80) {
      // Other ASCII: printable ones make words; control characters count for nothing.
      if (cp >= 0x20 && cp < 0x7f) {
        pos++;
        inWord = true;
      }
    } else if (!NON_PRINTING.test(ch)) {
      if (!ZERO_WIDTH.test(ch)) pos += columns(cp);
      if (WIDE_SPACE.test(ch)) separator();
      else inWord = true;
    }
  }
  longest = Math.max(longest, pos);
  if (inWord) words++;
  return { l: lines, w: words, m: chars, c: byteLength(text), L: longest };
}

export function wc(args: readonly string[], ctx: ShellContext): CommandOutput {
  const shown = new Set<Count>();
  let total = 'auto';
  const parsed = parseOptions(args, { tool: TOOL, short: 'clLmw', long: LONG });
  for (const item of parsed.items) {
    const key = item.key;
    if ((ORDER as readonly string[]).includes(key)) shown.add(key as Count);
    else if (key === 'total') {
      const mode = argmatch(TOOL, '--total', item.value ?? '', ['auto', 'always', 'only', 'never']);
      if (typeof mode !== 'string') return mode;
      total = mode;
    } else if (key === 'files0-from') return fatal('svcsim', 'wc --files0-from is not simulated; name the files on the command line');
    else if (key === 'help') return helpOutput(TOOL);
    else if (key === 'version') return versionOutput(TOOL, ['Paul Rubin', 'David MacKenzie']);
  }
  if (parsed.failure) return parsed.failure;
  if (!shown.size) ['l', 'w', 'c'].forEach((k) => shown.add(k as Count));
  const operands = parsed.operands;
  const named = operands.filter((o) => o !== '');
  const inputs = operands.length && !named.length ? [] : readInputs(named, ctx);

  let width = 1;
  if (total !== 'only' && !(Math.max(1, operands.length) === 1 && shown.size === 1)) {
    let regular = 0;
    let minimum = 1;
    for (const input of inputs) {
      if (input.stdin) minimum = 7;
      else if (input.text !== undefined) regular += byteLength(input.text);
    }
    width = Math.max(minimum, String(regular).length);
  }
  const row = (c: Counts, name: string | undefined) =>
    `${ORDER.filter((k) => shown.has(k)).map((k) => String(c[k]).padStart(width)).join(' ')}${name === undefined ? '' : ` ${name.includes('\n') ? quotef(name) : name}`}\n`;

  const sum: Counts = { l: 0, w: 0, m: 0, c: 0, L: 0 };
  const io = new Streams();
  let next = 0;
  for (const operand of operands.length ? operands : [undefined]) {
    if (operand === '') {
      io.err(`${TOOL}: invalid zero-length file name\n`);
      continue;
    }
    const input = inputs[next++];
    if (input.text === undefined) {
      io.err(`${TOOL}: ${quotef(input.name)}: No such file or directory\n`);
      continue;
    }
    const c = count(input.text);
    for (const k of ORDER) sum[k] = k === 'L' ? Math.max(sum.L, c.L) : sum[k] + c[k];
    if (total !== 'only') io.out(row(c, operand));
  }
  if (total === 'always' || total === 'only' || (total === 'auto' && operands.length > 1)) {
    io.out(row(sum, total === 'only' ? undefined : 'total'));
  }
  return io.result(io.failed ? 1 : 0);
}

/**
 * coreutils 9.4 cut: bytes (-b), characters (-c, bytes too: Ubuntu's coreutils has no multibyte
 * patch) or fields (-f, split at -d's byte, a tab by default; -s drops lines without one),
 * picked by a LIST of N, N-, -M, N-M (commas or blanks between) read as set-fields.c reads it;
 * --complement, --output-delimiter (between fields, or between byte ranges), -z.
 * Messages: coreutils src/cut.c and src/set-fields.c.
 */
import type { CommandOutput, ShellContext } from '../context.ts';
import { readInputs } from './input.ts';
import { helpOutput, parseOptions, quote, quotef, Streams, usageFailure, versionOutput, type LongOption } from './coreutils-options.ts';

const TOOL = 'cut';
const LONG: readonly LongOption[] = [
  { name: 'bytes', arg: 'required', key: 'b' },
  { name: 'characters', arg: 'required', key: 'c' },
  { name: 'fields', arg: 'required', key: 'f' },
  { name: 'delimiter', arg: 'required', key: 'd' },
  { name: 'only-delimited', arg: 'none', key: 's' },
  { name: 'output-delimiter', arg: 'required', key: 'output-delimiter' },
  { name: 'complement', arg: 'none', key: 'complement' },
  { name: 'zero-terminated', arg: 'none', key: 'z' },
];

type Range = { lo: number; hi: number };

/** set-fields.c set_fields: the sorted, merged (and maybe complemented) ranges, or the refusal. */
export function setFields(list: string, positions: boolean, complement: boolean): Range[] | CommandOutput {
  const zero = positions ? 'byte/character positions are numbered from 1' : 'fields are numbered from 1';
  const ranges: Range[] = [];
  let initial = 1;
  let value = 0;
  let big = 0n;
  let lhs = false;
  let rhs = false;
  let dash = false;
  let digitsFrom = -1;
  for (let i = 0; ; i++) {
    const c = i < list.length ? list[i] : '';
    if (c === '-') {
      digitsFrom = -1;
      if (dash) return usageFailure(TOOL, positions ? 'invalid byte or character range' : 'invalid field range');
      dash = true;
      if (lhs && !value) return usageFailure(TOOL, zero);
      initial = lhs ? value : 1;
      value = 0;
      big = 0n;
    } else if (c === ',' || c === ' ' || c === '\t' || c === '') {
      digitsFrom = -1;
      if (dash) {
        dash = false;
        if (!lhs && !rhs) return usageFailure(TOOL, 'invalid range with no endpoint: -');
        if (!rhs) ranges.push({ lo: initial, hi: Infinity });
        else {
          if (value < initial) return usageFailure(TOOL, 'invalid decreasing range');
          ranges.push({ lo: initial, hi: value });
        }
      } else {
        if (value === 0) return usageFailure(TOOL, zero);
        ranges.push({ lo: value, hi: value });
      }
      value = 0;
      big = 0n;
      if (c === '') break;
      lhs = false;
      rhs = false;
    } else if (c >= '0' && c <= '9') {
      if (digitsFrom < 0) digitsFrom = i;
      if (dash) rhs = true;
      else lhs = true;
      // The list's numbers are uintmax_t: 2^64-1 and past are too large.
      big = big * 10n + BigInt(c);
      value = Number(big);
      if (big >= (1n << 64n) - 1n) {
        const num = /^\d+/.exec(list.slice(digitsFrom))![0];
        return usageFailure(TOOL, `${positions ? 'byte/character offset' : 'field number'} ${quote(num)} is too large`);
      }
    } else {
      return usageFailure(TOOL, `${positions ? 'invalid byte/character position' : 'invalid field value'} ${quote(list.slice(i))}`);
    }
  }
  ranges.sort((a, b) => a.lo - b.lo || a.hi - b.hi);
  const merged: Range[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.lo <= last.hi) last.hi = Math.max(last.hi, r.hi);
    else merged.push({ ...r });
  }
  if (!complement) return merged;
  const out: Range[] = [];
  let next = 1;
  for (const r of merged) {
    if (r.lo > next) out.push({ lo: next, hi: r.lo - 1 });
    next = r.hi + 1;
  }
  if (next !== Infinity) out.push({ lo: next, hi: Infinity });
  return out;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** cut_bytes on one line: with --output-delimiter, it goes before each range but the first printed. */
function cutBytes(line: string, ranges: readonly Range[], outDelim: string | undefined): string {
  const bytes = encoder.encode(line);
  const out: number[] = [];
  const delim = outDelim === undefined ? [] : Array.from(encoder.encode(outDelim));
  let printed = false;
  for (const r of ranges) {
    if (r.lo > bytes.length) break;
    if (printed) out.push(...delim);
    out.push(...bytes.subarray(r.lo - 1, Math.min(bytes.length, r.hi)));
    printed = true;
  }
  return decoder.decode(Uint8Array.from(out));
}

export function cut(args: readonly string[], ctx: ShellContext): CommandOutput {
  let list: string | undefined;
  let bytesMode = false;
  let delim: string | undefined;
  let outDelim: string | undefined;
  let onlyDelimited = false;
  let complement = false;
  let end = '\n';
  const parsed = parseOptions(args, { tool: TOOL, short: 'b:c:d:f:nsz', long: LONG });
  for (const item of parsed.items) {
    const { key } = item;
    const value = item.value ?? '';
    if (key === 'b' || key === 'c' || key === 'f') {
      if (key !== 'f') bytesMode = true;
      if (list !== undefined) return usageFailure(TOOL, 'only one list may be specified');
      list = value;
    } else if (key === 'd') {
      // cut.c compares bytes: a delimiter is one byte ('' means NUL).
      if (encoder.encode(value).length > 1) return usageFailure(TOOL, 'the delimiter must be a single character');
      delim = value === '' ? '\0' : value;
    } else if (key === 'output-delimiter') outDelim = value === '' ? '\0' : value;
    else if (key === 's') onlyDelimited = true;
    else if (key === 'z') end = '\0';
    else if (key === 'complement') complement = true;
    else if (key === 'help') return helpOutput(TOOL);
    else if (key === 'version') return versionOutput(TOOL, ['David M. Ihnat', 'David MacKenzie', 'Jim Meyering']);
    // -n: accepted and ignored, as cut.c does.
  }
  if (parsed.failure) return parsed.failure;
  if (list === undefined) return usageFailure(TOOL, 'you must specify a list of bytes, characters, or fields');
  if (bytesMode && delim !== undefined) return usageFailure(TOOL, 'an input delimiter may be specified only when operating on fields');
  if (bytesMode && onlyDelimited) return usageFailure(TOOL, 'suppressing non-delimited lines makes sense\n\tonly when operating on fields');
  const ranges = setFields(list, bytesMode, complement);
  if (!Array.isArray(ranges)) return ranges;
  const sep = delim ?? '\t';
  const joiner = outDelim ?? sep;
  const picked = (n: number) => ranges.some((r) => n >= r.lo && n <= r.hi);

  const io = new Streams();
  for (const input of readInputs(parsed.operands, ctx)) {
    if (input.text === undefined) {
      io.err(`${TOOL}: ${quotef(input.name)}: No such file or directory\n`);
      continue;
    }
    const lines = input.text.split(end);
    if (lines[lines.length - 1] === '') lines.pop();
    let text = '';
    for (const line of lines) {
      if (bytesMode) text += cutBytes(line, ranges, outDelim) + end;
      else if (!line.includes(sep)) {
        if (!onlyDelimited) text += line + end;
      } else text += line.split(sep).filter((_, k) => picked(k + 1)).join(joiner) + end;
    }
    io.out(text);
  }
  return io.result(io.failed ? 1 : 0);
}

/**
 * coreutils 9.4 cut: bytes (-b), characters (-c) or fields (-f, split at -d, a tab by default;
 * -s drops lines without the delimiter) picked by a LIST of N, N-, -M and N-M (commas or blanks
 * between), --complement, --output-delimiter. The list is read as set-fields.c reads it, with its
 * messages; cut.c's own refusals end with the `Try` line. quote() gives ‘curly’ quotes in
 * Ubuntu's C.UTF-8 locale.
 */
import type { CommandOutput, ShellContext } from '../context.ts';
import { readInputs, splitLines } from './input.ts';

type Mode = 'bytes' | 'chars' | 'fields';
type Range = [number, number];

const TRY = "Try 'cut --help' for more information.\n";
const fatal = (message: string): CommandOutput => ({ stdout: '', stderr: `cut: ${message}\n${TRY}`, exitCode: 1 });

/** set-fields.c set_fields: the ranges, or the message it stops with. */
function parseList(list: string, mode: Mode): Range[] | string {
  const fields = mode === 'fields';
  const zero = fields ? 'fields are numbered from 1' : 'byte/character positions are numbered from 1';
  const ranges: Range[] = [];
  for (const item of list.split(/[, \t]/)) {
    const m = /^(\d*)(-?)(\d*)$/.exec(item);
    if (!m) {
      if (/^\d*-\d*-/.test(item)) return fields ? 'invalid field range' : 'invalid byte or character range';
      const bad = item.slice(/^\d*-?\d*/.exec(item)![0].length);
      return `${fields ? 'invalid field value' : 'invalid byte/character position'} ‘${bad}’`;
    }
    const [, lo, dash, hi] = m;
    if (!dash) {
      if (!lo || Number(lo) === 0) return zero;
      ranges.push([Number(lo), Number(lo)]);
      continue;
    }
    if (!lo && !hi) return 'invalid range with no endpoint: -';
    if (lo && Number(lo) === 0) return zero;
    const from = lo ? Number(lo) : 1;
    const to = hi ? Number(hi) : Infinity;
    if (hi && Number(hi) === 0 && !lo) return zero;
    if (to < from) return 'invalid decreasing range';
    ranges.push([from, to]);
  }
  return ranges;
}

export function cut(args: readonly string[], ctx: ShellContext): CommandOutput {
  let mode: Mode | undefined;
  let list: string | undefined;
  let delim: string | undefined;
  let onlyDelimited = false;
  let complement = false;
  let outDelim: string | undefined;
  const files: string[] = [];
  const takeList = (m: Mode, value: string | undefined): CommandOutput | undefined => {
    if (value === undefined) return fatal(`option requires an argument -- '${m === 'bytes' ? 'b' : m === 'chars' ? 'c' : 'f'}'`);
    if (list !== undefined) return fatal('only one list may be specified');
    mode = m;
    list = value;
    return undefined;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      files.push(...args.slice(i + 1));
      break;
    }
    const long = /^--(bytes|characters|fields|delimiter|output-delimiter)(?:=(.*))?$/.exec(a);
    if (long) {
      const value = long[2] ?? (long[1] === 'output-delimiter' ? undefined : args[++i]);
      if (long[1] === 'delimiter') delim = value;
      else if (long[1] === 'output-delimiter') {
        if (value === undefined) return fatal("option '--output-delimiter' requires an argument");
        outDelim = value;
      } else {
        const r = takeList(long[1] === 'bytes' ? 'bytes' : long[1] === 'characters' ? 'chars' : 'fields', value);
        if (r) return r;
      }
      continue;
    }
    if (a === '--complement') complement = true;
    else if (a === '--only-delimited') onlyDelimited = true;
    else if (a.startsWith('--')) return fatal(`unrecognized option '${a}'`);
    else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === 'b' || c === 'c' || c === 'f' || c === 'd') {
          const value = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (c === 'd') {
            if (value === undefined) return fatal("option requires an argument -- 'd'");
            delim = value;
          } else {
            const r = takeList(c === 'b' ? 'bytes' : c === 'c' ? 'chars' : 'fields', value);
            if (r) return r;
          }
          break;
        }
        if (c === 's') onlyDelimited = true;
        else if (c === 'n') continue; // ignored, as coreutils does
        else return fatal(`invalid option -- '${c}'`);
      }
    } else files.push(a);
  }
  if (mode === undefined || list === undefined) return fatal('you must specify a list of bytes, characters, or fields');
  if (delim !== undefined && delim.length > 1) return fatal('the delimiter must be a single character');
  if (delim !== undefined && mode !== 'fields') return fatal('an input delimiter may be specified only when operating on fields');
  if (onlyDelimited && mode !== 'fields') return fatal('suppressing non-delimited lines makes sense\n\tonly when operating on fields');
  const ranges = parseList(list, mode);
  if (typeof ranges === 'string') return fatal(ranges);
  const picked = (n: number) => ranges.some(([lo, hi]) => n >= lo && n <= hi) !== complement;
  const sep = delim === undefined ? '\t' : delim === '' ? '\0' : delim;
  const out = outDelim ?? (mode === 'fields' ? sep : '');
  let stdout = '';
  let stderr = '';
  for (const input of readInputs(files, ctx)) {
    if (input.text === undefined) {
      stderr += `cut: ${input.name}: No such file or directory\n`;
      continue;
    }
    for (const line of splitLines(input.text).lines) {
      if (mode === 'fields') {
        if (!line.includes(sep)) {
          if (!onlyDelimited) stdout += `${line}\n`;
          continue;
        }
        stdout += `${line.split(sep).filter((_, k) => picked(k + 1)).join(out)}\n`;
      } else {
        // Bytes and characters alike (svcsim's text is ASCII); with --output-delimiter, between runs.
        let s = '';
        let prev = -2;
        for (let k = 0; k < line.length; k++) {
          if (!picked(k + 1)) continue;
          if (out && prev >= 0 && k !== prev + 1) s += out;
          s += line[k];
          prev = k;
        }
        stdout += `${s}\n`;
      }
    }
  }
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
}

/**
 * GNU grep 3.11 (Ubuntu 24.04's) on the console's text: the options a pipeline uses, its
 * output prefixes (`file:`, `N:`, `-` on context lines, `--` between context groups), and its
 * exit status (0 a line selected, 1 none, 2 trouble, unless -q already found one). Output goes
 * to a pipe or the console, never a terminal grep would colour. Messages follow grep's src/grep.c
 * and glibc getopt.
 */
import type { CommandOutput, ShellContext } from '../context.ts';
import { readInputs, splitLines } from './input.ts';
import { translateRegex } from './regex.ts';

const USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";

interface GrepOptions {
  patterns: string[];
  patternFiles: string[];
  syntax: 'basic' | 'extended' | 'fixed' | 'perl';
  ignoreCase: boolean;
  invert: boolean;
  word: boolean;
  line: boolean;
  count: boolean;
  lineNumber: boolean;
  onlyMatching: boolean;
  quiet: boolean;
  noMessages: boolean;
  filesWith: boolean;
  filesWithout: boolean;
  withFilename: boolean | undefined;
  maxCount: number;
  after: number;
  before: number;
}

/** Long options and whether they take an argument (getopt_long accepts unique prefixes). */
const LONG: Record<string, { short?: string; arg?: boolean }> = {
  'extended-regexp': { short: 'E' },
  'fixed-strings': { short: 'F' },
  'basic-regexp': { short: 'G' },
  'perl-regexp': { short: 'P' },
  regexp: { short: 'e', arg: true },
  file: { short: 'f', arg: true },
  'ignore-case': { short: 'i' },
  'no-ignore-case': {},
  'invert-match': { short: 'v' },
  'word-regexp': { short: 'w' },
  'line-regexp': { short: 'x' },
  count: { short: 'c' },
  'line-number': { short: 'n' },
  'only-matching': { short: 'o' },
  quiet: { short: 'q' },
  silent: { short: 'q' },
  'no-messages': { short: 's' },
  'files-with-matches': { short: 'l' },
  'files-without-match': { short: 'L' },
  'with-filename': { short: 'H' },
  'no-filename': { short: 'h' },
  'max-count': { short: 'm', arg: true },
  'after-context': { short: 'A', arg: true },
  'before-context': { short: 'B', arg: true },
  context: { short: 'C', arg: true },
  color: {},
  colour: {},
};

const SHORT_WITH_ARG = new Set(['e', 'f', 'm', 'A', 'B', 'C']);
const SHORT_FLAGS = new Set([...'EFGPiyvwxcnoqslLHh']);
/** Real grep options svcsim does not run (binary files, recursion, NUL-separated data, byte offsets, version). */
const NOT_SIMULATED = new Set([...'abDdIrRTUuVZz']);

type Parsed = { ok: true; opts: GrepOptions; files: string[] } | { ok: false; stderr: string };

function contextNumber(value: string): number | undefined {
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

function parseArgs(args: readonly string[]): Parsed {
  const o: GrepOptions = {
    patterns: [], patternFiles: [], syntax: 'basic', ignoreCase: false, invert: false, word: false, line: false, count: false,
    lineNumber: false, onlyMatching: false, quiet: false, noMessages: false, filesWith: false, filesWithout: false,
    withFilename: undefined, maxCount: Infinity, after: -1, before: -1,
  };
  let contextBoth = -1;
  const operands: string[] = [];
  const set = (opt: string, value: string | undefined): string | undefined => {
    switch (opt) {
      case 'E': o.syntax = 'extended'; break;
      case 'F': o.syntax = 'fixed'; break;
      case 'G': o.syntax = 'basic'; break;
      case 'P': o.syntax = 'perl'; break;
      case 'e': o.patterns.push(value!); break;
      case 'f': o.patternFiles.push(value!); break;
      case 'i': case 'y': o.ignoreCase = true; break;
      case 'no-ignore-case': o.ignoreCase = false; break;
      case 'v': o.invert = true; break;
      case 'w': o.word = true; break;
      case 'x': o.line = true; break;
      case 'c': o.count = true; break;
      case 'n': o.lineNumber = true; break;
      case 'o': o.onlyMatching = true; break;
      case 'q': o.quiet = true; break;
      case 's': o.noMessages = true; break;
      case 'l': o.filesWith = true; o.filesWithout = false; break;
      case 'L': o.filesWithout = true; o.filesWith = false; break;
      case 'H': o.withFilename = true; break;
      case 'h': o.withFilename = false; break;
      case 'm': {
        if (!/^-?\d+$/.test(value!)) return 'grep: invalid max count\n';
        const n = Number(value);
        o.maxCount = n < 0 ? Infinity : n;
        break;
      }
      case 'A': case 'B': case 'C': {
        const n = contextNumber(value!);
        if (n === undefined) return `grep: ${value}: invalid context length argument\n`;
        if (opt === 'A') o.after = n;
        else if (opt === 'B') o.before = n;
        else contextBoth = n;
        break;
      }
      default: break; // --color / --colour: a pipe gets no colour either way
    }
    return undefined;
  };
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const exact = LONG[name] ? [name] : Object.keys(LONG).filter((k) => k.startsWith(name));
      // silent/quiet and color/colour are one option each: a prefix of both is no ambiguity.
      const distinct = [...new Set(exact.map((k) => LONG[k].short ?? (k === 'colour' ? 'color' : k)))];
      if (distinct.length === 0) return { ok: false, stderr: `grep: unrecognized option '${a}'\n${USAGE}` };
      if (distinct.length > 1) return { ok: false, stderr: `grep: option '${a.slice(0, eq < 0 ? undefined : eq)}' is ambiguous; possibilities:${exact.map((k) => ` '--${k}'`).join('')}\n${USAGE}` };
      const key = exact[0];
      const spec = LONG[key];
      let value: string | undefined = eq < 0 ? undefined : a.slice(eq + 1);
      if (spec.arg && value === undefined) {
        value = args[++i];
        if (value === undefined) return { ok: false, stderr: `grep: option '--${key}' requires an argument\n${USAGE}` };
      }
      if (!spec.arg && value !== undefined && key !== 'color' && key !== 'colour') return { ok: false, stderr: `grep: option '--${key}' doesn't allow an argument\n${USAGE}` };
      const err = set(spec.short ?? key, value);
      if (err) return { ok: false, stderr: err };
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c >= '0' && c <= '9') {
          // -NUM is --context=NUM (digits may run on: -15).
          const m = /^\d+/.exec(a.slice(j))![0];
          contextBoth = Number(m);
          j += m.length - 1;
          continue;
        }
        if (SHORT_WITH_ARG.has(c)) {
          const value = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (value === undefined) return { ok: false, stderr: `grep: option requires an argument -- '${c}'\n${USAGE}` };
          const err = set(c, value);
          if (err) return { ok: false, stderr: err };
          break;
        }
        if (NOT_SIMULATED.has(c)) return { ok: false, stderr: `svcsim: grep -${c} is not simulated\n` };
        if (!SHORT_FLAGS.has(c)) return { ok: false, stderr: `grep: invalid option -- '${c}'\n${USAGE}` };
        set(c, undefined);
      }
      continue;
    }
    operands.push(a);
  }
  operands.push(...args.slice(i));
  if (contextBoth >= 0) {
    if (o.after < 0) o.after = contextBoth;
    if (o.before < 0) o.before = contextBoth;
  }
  o.after = Math.max(0, o.after);
  o.before = Math.max(0, o.before);
  if (!o.patterns.length && !o.patternFiles.length) {
    const p = operands.shift();
    if (p === undefined) return { ok: false, stderr: USAGE };
    o.patterns.push(p);
  }
  return { ok: true, opts: o, files: operands };
}

/** One RegExp for all patterns (each line of a pattern is a pattern of its own). */
function compile(o: GrepOptions, patterns: string[]): { re: RegExp } | { error: string } {
  const parts: string[] = [];
  for (const p of patterns) {
    if (o.syntax === 'fixed') parts.push(p.replace(/[\\^$.|?*+()[\]{}/]/g, '\\$&'));
    else if (o.syntax === 'perl') parts.push(p);
    else {
      const t = translateRegex(p, o.syntax === 'extended');
      if (!t.ok) return { error: t.error };
      parts.push(t.source);
    }
  }
  let body = parts.map((p) => `(?:${p})`).join('|');
  if (o.line) body = `^(?:${body})$`;
  else if (o.word) body = `(?<![A-Za-z0-9_])(?:${body})(?![A-Za-z0-9_])`;
  try {
    return { re: new RegExp(body, o.ignoreCase ? 'gi' : 'g') };
  } catch {
    return { error: 'Invalid regular expression' };
  }
}

/** The non-empty matches in a line (-o), left to right. */
function matchesIn(re: RegExp, line: string): string[] {
  const out: string[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (m[0] === '') {
      re.lastIndex++;
      continue;
    }
    out.push(m[0]);
  }
  return out;
}

function isMatch(re: RegExp, line: string): boolean {
  re.lastIndex = 0;
  return re.test(line);
}

export function grep(args: readonly string[], ctx: ShellContext): CommandOutput {
  const parsed = parseArgs(args);
  if (!parsed.ok) return { stdout: '', stderr: parsed.stderr, exitCode: 2 };
  const { opts: o, files } = parsed;
  let stderr = '';
  let trouble = false;
  const patterns: string[] = [];
  for (const p of o.patterns) patterns.push(...p.split('\n'));
  for (const f of o.patternFiles) {
    const text = readInputs([f], ctx)[0].text;
    if (text === undefined) return { stdout: '', stderr: `grep: ${f}: No such file or directory\n`, exitCode: 2 };
    patterns.push(...splitLines(text).lines);
  }
  // No pattern at all (an empty -f file) selects nothing.
  const compiled = patterns.length ? compile(o, patterns) : { re: /(?!)/g };
  if ('error' in compiled) return { stdout: '', stderr: `grep: ${compiled.error}\n`, exitCode: 2 };
  const re = compiled.re;
  const inputs = readInputs(files, ctx);
  const named = o.withFilename ?? inputs.length > 1;
  let stdout = '';
  let anySelected = false;
  for (const input of inputs) {
    if (input.text === undefined) {
      trouble = true;
      if (!o.noMessages) stderr += `grep: ${input.name}: No such file or directory\n`;
      continue;
    }
    const { lines } = splitLines(input.text);
    const prefix = (n: number, sep: string) => `${named ? input.name + sep : ''}${o.lineNumber ? `${n + 1}${sep}` : ''}`;
    let selected = 0;
    let lastPrinted = -1;
    let afterLeft = 0;
    let printedAny = false;
    const listing = o.quiet || o.filesWith || o.filesWithout || o.count;
    for (let n = 0; n < lines.length; n++) {
      if (selected >= o.maxCount) {
        // Trailing context after the last selected line is still printed.
        if (!listing && afterLeft > 0 && isMatch(re, lines[n]) === o.invert) {
          stdout += `${prefix(n, '-')}${lines[n]}\n`;
          lastPrinted = n;
          afterLeft--;
          continue;
        }
        break;
      }
      const hit = isMatch(re, lines[n]) !== o.invert;
      if (!hit) {
        if (!listing && afterLeft > 0) {
          stdout += `${prefix(n, '-')}${lines[n]}\n`;
          lastPrinted = n;
          afterLeft--;
        }
        continue;
      }
      selected++;
      anySelected = true;
      if (o.quiet) break;
      if (listing) continue;
      const from = Math.max(lastPrinted + 1, n - o.before);
      if ((o.before > 0 || o.after > 0) && printedAny && from > lastPrinted + 1) stdout += '--\n';
      for (let b = from; b < n; b++) stdout += `${prefix(b, '-')}${lines[b]}\n`;
      if (o.onlyMatching) {
        if (!o.invert) for (const m of matchesIn(re, lines[n])) stdout += `${prefix(n, ':')}${m}\n`;
      } else stdout += `${prefix(n, ':')}${lines[n]}\n`;
      printedAny = true;
      lastPrinted = n;
      afterLeft = o.after;
    }
    if (o.quiet && anySelected) return { stdout: '', stderr: '', exitCode: 0 };
    if (o.count && !o.filesWith && !o.filesWithout) stdout += `${named ? `${input.name}:` : ''}${selected}\n`;
    if (o.filesWith && selected > 0) stdout += `${input.name}\n`;
    if (o.filesWithout && selected === 0) stdout += `${input.name}\n`;
  }
  // grep 3.5+: -L succeeds when it lists a file.
  const success = o.filesWithout ? stdout !== '' : anySelected;
  return { stdout, stderr, exitCode: trouble && !(o.quiet && anySelected) ? 2 : success ? 0 : 1 };
}

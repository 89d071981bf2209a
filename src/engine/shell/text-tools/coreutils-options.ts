/**
 * What the coreutils 9.4 text filters share: glibc's getopt_long (GNU argument permutation,
 * grouped short options, `-n5`/`-n 5`, `--name=value`/`--name value`, unambiguous prefixes of
 * long names, `--`) with its messages, gnulib's number parsing (xstrtoumax, xdectoumax) and
 * argmatch, `--version`, and quote()/quotef()/quoteaf() as Ubuntu's C.UTF-8 locale prints them
 * (quote() gives ‘curly’ quotes there; the shell-escape styles give ASCII ones).
 */
import type { CommandOutput } from '../context.ts';

export type ArgKind = 'none' | 'required' | 'optional';

export interface LongOption {
  name: string;
  arg: ArgKind;
  /** What the tool switches on: the short letter it stands for, or its own name. */
  key: string;
}

export interface OptionSpec {
  tool: string;
  /**
   * getopt's optstring: letters, `:` after one that takes a value, `::` for an optional value.
   * A leading `+` stops at the first operand (tr); a leading `-` keeps operands in place among
   * the options (sort, uniq), where they come back as items with `operand` set.
   */
  short: string;
  long: readonly LongOption[];
  /** The status usage(EXIT_FAILURE) exits with (sort's SORT_FAILURE is 2). */
  failure?: number;
}

export interface OptionItem {
  /** The short letter or long key; '' for an operand. */
  key: string;
  value?: string;
  /** For an operand in `-` mode: the word. */
  operand?: string;
  /** For a long option: its full name (messages that name the option use it). */
  longName?: string;
}

/**
 * The options in order, and the operands. `failure` is getopt's refusal of a later word: a tool
 * handles `items` first (their own refusals come first, as they do when getopt hands them over
 * one at a time) and then returns it.
 */
export interface Parsed {
  items: OptionItem[];
  operands: string[];
  failure?: CommandOutput;
}

const HELP_VERSION: readonly LongOption[] = [
  { name: 'help', arg: 'none', key: 'help' },
  { name: 'version', arg: 'none', key: 'version' },
];

/** `Try 'TOOL --help' for more information.` after a message: what usage(EXIT_FAILURE) prints. */
export function usageFailure(tool: string, message: string, status = 1): CommandOutput {
  const lines = message ? `${tool}: ${message}\n` : '';
  return { stdout: '', stderr: `${lines}Try '${tool} --help' for more information.\n`, exitCode: status };
}

/** A plain error(EXIT_FAILURE, ...) message. */
export function fatal(tool: string, message: string, status = 1): CommandOutput {
  return { stdout: '', stderr: `${tool}: ${message}\n`, exitCode: status };
}

/** glibc getopt_long over the words, with its messages (posix/getopt.c, glibc 2.39). */
export function parseOptions(args: readonly string[], spec: OptionSpec): Parsed {
  const { tool } = spec;
  const status = spec.failure ?? 1;
  const inOrder = spec.short.startsWith('-');
  const stopAtOperand = spec.short.startsWith('+');
  const optstring = inOrder || stopAtOperand ? spec.short.slice(1) : spec.short;
  const longs = [...spec.long, ...HELP_VERSION];
  const items: OptionItem[] = [];
  const operands: string[] = [];
  const fail = (message: string): Parsed => ({ items, operands, failure: usageFailure(tool, message, status) });
  const operand = (word: string) => {
    if (inOrder) items.push({ key: '', operand: word });
    else operands.push(word);
  };
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (word === '--') {
      for (const rest of args.slice(i + 1)) operand(rest);
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      if (stopAtOperand) {
        for (const rest of args.slice(i)) operand(rest);
        break;
      }
      operand(word);
      continue;
    }
    if (word.startsWith('--')) {
      const text = word.slice(2);
      const eq = text.indexOf('=');
      const name = eq < 0 ? text : text.slice(0, eq);
      const exact = longs.find((l) => l.name === name);
      const matches = exact ? [exact] : longs.filter((l) => l.name.startsWith(name));
      if (!matches.length) return fail(`unrecognized option '--${text}'`);
      const first = matches[0];
      // glibc takes the first of several prefix matches when they all mean the same option.
      if (matches.some((m) => m.key !== first.key || m.arg !== first.arg)) {
        return fail(`option '--${text}' is ambiguous; possibilities:${matches.map((m) => ` '--${m.name}'`).join('')}`);
      }
      let value: string | undefined = eq < 0 ? undefined : text.slice(eq + 1);
      if (first.arg === 'none' && value !== undefined) return fail(`option '--${first.name}' doesn't allow an argument`);
      if (first.arg === 'required' && value === undefined) {
        if (i + 1 >= args.length) return fail(`option '--${first.name}' requires an argument`);
        value = args[++i];
      }
      items.push({ key: first.key, value, longName: first.name });
      continue;
    }
    for (let j = 1; j < word.length; j++) {
      const c = word[j];
      const at = c === ':' ? -1 : optstring.indexOf(c);
      if (at < 0) return fail(`invalid option -- '${c}'`);
      const takes = optstring[at + 1] === ':' ? (optstring[at + 2] === ':' ? 'optional' : 'required') : 'none';
      if (takes === 'none') {
        items.push({ key: c });
        continue;
      }
      const rest = word.slice(j + 1);
      if (rest || takes === 'optional') items.push({ key: c, value: rest || undefined });
      else if (i + 1 < args.length) items.push({ key: c, value: args[++i] });
      else return fail(`option requires an argument -- '${c}'`);
      break;
    }
  }
  return { items, operands };
}

// ---- numbers ----

const UINTMAX_MAX = (1n << 64n) - 1n;

export type NumberResult = { ok: true; value: bigint } | { ok: false; overflow: boolean };

const POWERS: Record<string, number> = { k: 1, K: 1, m: 2, M: 2, g: 3, G: 3, t: 4, T: 4, P: 5, E: 6, Z: 7, Y: 8, R: 9, Q: 10 };

/**
 * gnulib xstrtoumax in base 10 (xstrtol.c): leading blanks, an optional '+', no '-', and where
 * SUFFIXES allows them the multipliers b (512), k/K, M, G, ... (1024; with '0' in SUFFIXES also
 * `KB` = 1000 and `KiB` = 1024). A suffix alone means 1 of it. Values past 2^64-1 overflow.
 */
export function xstrtoumax(text: string, suffixes = ''): NumberResult {
  const m = /^[ \t\n\v\f\r]*\+?(\d*)(.*)$/s.exec(text);
  if (!m || /^[ \t\n\v\f\r]*-/.test(text)) return { ok: false, overflow: false };
  const [, digits, rest] = m;
  if (!digits && !(rest && suffixes.includes(rest[0]))) return { ok: false, overflow: false };
  let value = digits ? BigInt(digits) : 1n;
  let overflow = value > UINTMAX_MAX;
  if (rest) {
    if (!suffixes.includes(rest[0])) return { ok: false, overflow: false };
    let base = 1024n;
    let used = 1;
    if (POWERS[rest[0]] !== undefined && suffixes.includes('0')) {
      if (rest[1] === 'i' && rest[2] === 'B') used = 3;
      else if (rest[1] === 'B' || rest[1] === 'D') {
        base = 1000n;
        used = 2;
      }
    }
    if (rest[0] === 'b') value *= 512n;
    else if (rest[0] === 'B') value *= 1024n;
    else if (rest[0] === 'w') value *= 2n;
    else if (rest[0] !== 'c') {
      const power = POWERS[rest[0]];
      if (power === undefined) return { ok: false, overflow: false };
      value *= base ** BigInt(power);
    }
    if (rest.length > used) return { ok: false, overflow: false };
    overflow ||= value > UINTMAX_MAX;
  }
  return overflow ? { ok: false, overflow: true } : { ok: true, value };
}

/** xdectoumax's refusal: `TOOL: MESSAGE: ‘TEXT’` (with EOVERFLOW's words when too large). */
export function numberFailure(tool: string, message: string, text: string, overflow: boolean): CommandOutput {
  return fatal(tool, `${message}: ${quote(text)}${overflow ? ': Value too large for defined data type' : ''}`);
}

/** A count for slicing: numbers past what an array can hold act as "all". */
export function countOf(value: bigint): number {
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

// ---- argmatch ----

/**
 * gnulib argmatch (XARGMATCH): the meaning of the value or of a unique abbreviation of it (an
 * abbreviation of several words with one meaning is not ambiguous), or the refusal listing the
 * valid words, those of one meaning on one line; usage(EXIT_FAILURE) exits 1 whatever the tool
 * (coreutils' ARGMATCH_DIE).
 */
export function argmatch(
  tool: string,
  option: string,
  value: string,
  choices: readonly string[] | Readonly<Record<string, string>>,
): string | CommandOutput {
  const meaning: Readonly<Record<string, string>> = Array.isArray(choices)
    ? Object.fromEntries(choices.map((c: string) => [c, c]))
    : (choices as Readonly<Record<string, string>>);
  const words = Object.keys(meaning);
  if (words.includes(value)) return meaning[value];
  const prefixed = words.filter((w) => w.startsWith(value));
  if (prefixed.length && prefixed.every((w) => meaning[w] === meaning[prefixed[0]])) return meaning[prefixed[0]];
  const kind = prefixed.length > 1 ? 'ambiguous' : 'invalid';
  let valid = '';
  words.forEach((w, n) => {
    valid += n > 0 && meaning[words[n - 1]] === meaning[w] ? `, ${quote(w)}` : `\n  - ${quote(w)}`;
  });
  return usageFailure(tool, `${kind} argument ${quote(value)} for ${quote(option)}\nValid arguments are:${valid}`);
}

// ---- --version ----

/** version_etc's text for coreutils 9.4 (gnulib version-etc.c, COPYRIGHT_YEAR 2023). */
export function versionOutput(tool: string, authors: readonly string[]): CommandOutput {
  const n = authors.length;
  const by =
    n === 1 ? authors[0]
    : n === 2 ? `${authors[0]} and ${authors[1]}`
    : n === 3 ? `${authors[0]}, ${authors[1]}, and ${authors[2]}`
    : `${authors.slice(0, -1).join(', ')},\nand ${authors[n - 1]}`;
  const stdout =
    `${tool} (GNU coreutils) 9.4\nCopyright (C) 2023 Free Software Foundation, Inc.\n` +
    'License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n' +
    'This is free software: you are free to change and redistribute it.\n' +
    'There is NO WARRANTY, to the extent permitted by law.\n\n' +
    `Written by ${by}.\n`;
  return { stdout, stderr: '', exitCode: 0 };
}

/** svcsim does not carry each tool's --help page; it says so rather than print a made-up one. */
export function helpOutput(tool: string): CommandOutput {
  return { stdout: '', stderr: `svcsim: '${tool} --help' is not simulated; see 'man ${tool}' on a real node\n`, exitCode: 0 };
}

// ---- quoting ----

/** quote(): locale quoting, ‘curly’ in a UTF-8 locale. */
export function quote(text: string): string {
  return `‘${text}’`;
}

const SHELL_SPECIAL = /[\s!"$&'()*;<=>?[\\\]^`|{}]|^[#~]/;

/** quotef(): the name as is unless the shell would need it quoted (shell_escape_quoting_style). */
export function quotef(name: string): string {
  return SHELL_SPECIAL.test(name) ? quoteaf(name) : name;
}

/** quoteaf(): always shell-quoted, 'name' (shell_escape_always_quoting_style). */
export function quoteaf(name: string): string {
  if (name.includes("'") && !/["$`\\!]/.test(name)) return `"${name}"`;
  return `'${name.replace(/'/g, "'\\''")}'`;
}

// ---- bytes ----

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The text's length in bytes (UTF-8), as the tools count with -c. */
export function byteLength(text: string): number {
  return /^[\x00-\x7f]*$/.test(text) ? text.length : encoder.encode(text).length;
}

/** Bytes START..END of the text's UTF-8 (a character cut in two shows as U+FFFD). */
export function sliceBytes(text: string, start: number, end?: number): string {
  if (/^[\x00-\x7f]*$/.test(text)) return text.slice(start, end);
  return decoder.decode(encoder.encode(text).slice(start, end));
}

/** The text's lines as the tools read them: each with its terminator; a last one may lack it. */
export function linesWithEnds(text: string, end = '\n'): string[] {
  const out: string[] = [];
  let from = 0;
  while (from < text.length) {
    const at = text.indexOf(end, from);
    const to = at < 0 ? text.length : at + 1;
    out.push(text.slice(from, to));
    from = to;
  }
  return out;
}

// ---- output ----

/**
 * A tool's two streams as it writes them. error() flushes stdout before it writes, so a
 * terminal shows them in this order; `interleaved` carries it when a message came between.
 */
export class Streams {
  private stdout = '';
  private stderr = '';
  private both = '';
  private mixed = false;

  out(text: string): void {
    if (text && this.stderr) this.mixed = true;
    this.stdout += text;
    this.both += text;
  }

  err(text: string): void {
    this.stderr += text;
    this.both += text;
  }

  get failed(): boolean {
    return this.stderr !== '';
  }

  result(exitCode: number): CommandOutput {
    const out: CommandOutput = { stdout: this.stdout, stderr: this.stderr, exitCode };
    return this.mixed ? { ...out, interleaved: this.both } : out;
  }
}

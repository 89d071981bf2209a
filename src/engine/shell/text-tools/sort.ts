/**
 * coreutils 9.4 sort: whole lines or keys (-k POS1[,POS2] with per-key b d f g h i M n r V),
 * -t SEP, -u, -s, -r, -c/-C checks, -m merge, -o FILE, -z; the global ordering options pass to
 * keys that have none of their own, and ties fall to the last-resort whole-line comparison
 * unless -s or -u (sort.c compare). The comparisons live in sort-compare.ts. Messages and exit
 * statuses (2 for trouble, 1 for -c disorder): coreutils src/sort.c.
 */
import type { CommandOutput, ShellContext } from '../context.ts';
import { readInputs } from './input.ts';
import { argmatch, fatal, helpOutput, parseOptions, quote, quoteaf, quotef, versionOutput, xstrtoumax, type LongOption } from './coreutils-options.ts';
import { compareLines, newKey, type KeyField, type Line, type Ordering } from './sort-compare.ts';

const TOOL = 'sort';
const FAILURE = 2;
const LONG: readonly LongOption[] = [
  { name: 'ignore-leading-blanks', arg: 'none', key: 'b' },
  { name: 'check', arg: 'optional', key: 'check' },
  { name: 'compress-program', arg: 'required', key: 'compress-program' },
  { name: 'debug', arg: 'none', key: 'debug' },
  { name: 'dictionary-order', arg: 'none', key: 'd' },
  { name: 'ignore-case', arg: 'none', key: 'f' },
  { name: 'files0-from', arg: 'required', key: 'files0-from' },
  { name: 'general-numeric-sort', arg: 'none', key: 'g' },
  { name: 'ignore-nonprinting', arg: 'none', key: 'i' },
  { name: 'key', arg: 'required', key: 'k' },
  { name: 'merge', arg: 'none', key: 'm' },
  { name: 'month-sort', arg: 'none', key: 'M' },
  { name: 'numeric-sort', arg: 'none', key: 'n' },
  { name: 'human-numeric-sort', arg: 'none', key: 'h' },
  { name: 'version-sort', arg: 'none', key: 'V' },
  { name: 'random-sort', arg: 'none', key: 'R' },
  { name: 'random-source', arg: 'required', key: 'random-source' },
  { name: 'sort', arg: 'required', key: 'sort' },
  { name: 'output', arg: 'required', key: 'o' },
  { name: 'reverse', arg: 'none', key: 'r' },
  { name: 'stable', arg: 'none', key: 's' },
  { name: 'batch-size', arg: 'required', key: 'batch-size' },
  { name: 'buffer-size', arg: 'required', key: 'S' },
  { name: 'field-separator', arg: 'required', key: 't' },
  { name: 'temporary-directory', arg: 'required', key: 'T' },
  { name: 'unique', arg: 'none', key: 'u' },
  { name: 'zero-terminated', arg: 'none', key: 'z' },
  { name: 'parallel', arg: 'required', key: 'parallel' },
];
const SORT_WORDS: Record<string, string> = { 'general-numeric': 'g', 'human-numeric': 'h', month: 'M', numeric: 'n', random: 'R', version: 'V' };
const CHECK_WORDS: Record<string, string> = { quiet: 'C', silent: 'C', 'diagnose-first': 'c' };

type BlankType = 'start' | 'end' | 'both';

/** sort.c set_ordering: the letters it took; returns where it stopped. */
function setOrdering(s: string, key: KeyField, blanks: BlankType): number {
  let k = 0;
  for (; k < s.length; k++) {
    const c = s[k];
    if (c === 'b') {
      if (blanks !== 'end') key.skipsblanks = true;
      if (blanks !== 'start') key.skipeblanks = true;
    } else if (c === 'd') key.ignore = 'dictionary';
    else if (c === 'f') key.translate = true;
    else if (c === 'g') key.generalNumeric = true;
    else if (c === 'h') key.humanNumeric = true;
    else if (c === 'i') key.ignore ??= 'nonprinting';
    else if (c === 'M') key.month = true;
    else if (c === 'n') key.numeric = true;
    else if (c === 'R') return -1;
    else if (c === 'r') key.reverse = true;
    else if (c === 'V') key.version = true;
    else break;
  }
  return k;
}

const isDefault = (k: KeyField) =>
  !k.ignore && !k.translate && !k.skipsblanks && !k.skipeblanks && !k.month && !k.numeric && !k.generalNumeric && !k.humanNumeric && !k.version;

/** sort.c key_to_opts, for the incompatibility message. */
function keyOpts(k: KeyField): string {
  return [
    k.skipsblanks || k.skipeblanks ? 'b' : '', k.ignore === 'dictionary' ? 'd' : '', k.translate ? 'f' : '',
    k.generalNumeric ? 'g' : '', k.humanNumeric ? 'h' : '', k.ignore === 'nonprinting' ? 'i' : '', k.month ? 'M' : '',
    k.numeric ? 'n' : '', k.version ? 'V' : '',
  ].join('');
}

/** A -k KEYDEF as sort.c main reads it (parse_field_count, badfieldspec). */
function parseKey(spec: string): KeyField | CommandOutput {
  const key = newKey();
  const bad = (why: string) => fatal(TOOL, `${why}: invalid field specification ${quote(spec)}`, FAILURE);
  const count = (from: number, why: string): [number, number] | CommandOutput => {
    const digits = /^\d*/.exec(spec.slice(from))![0];
    if (!digits) return fatal(TOOL, `${why}: invalid count at start of ${quote(spec.slice(from))}`, FAILURE);
    const r = xstrtoumax(digits);
    return [r.ok ? Number(r.value) : Infinity, from + digits.length];
  };
  let r = count(0, 'invalid number at field start');
  if (!Array.isArray(r)) return r;
  let [n, at] = r;
  if (n === 0) return bad('field number is zero');
  key.sword = n - 1;
  if (spec[at] === '.') {
    r = count(at + 1, "invalid number after '.'");
    if (!Array.isArray(r)) return r;
    [n, at] = r;
    if (n === 0) return bad('character offset is zero');
    key.schar = n - 1;
  }
  if (!key.sword && !key.schar) key.sword = Infinity;
  const used = setOrdering(spec.slice(at), key, 'start');
  if (used < 0) return randomRefusal();
  at += used;
  if (spec[at] === ',') {
    r = count(at + 1, "invalid number after ','");
    if (!Array.isArray(r)) return r;
    [n, at] = r;
    if (n === 0) return bad('field number is zero');
    key.eword = n - 1;
    if (spec[at] === '.') {
      r = count(at + 1, "invalid number after '.'");
      if (!Array.isArray(r)) return r;
      [n, at] = r;
      key.echar = n;
    }
    const more = setOrdering(spec.slice(at), key, 'end');
    if (more < 0) return randomRefusal();
    at += more;
  }
  if (at < spec.length) return bad('stray character in field spec');
  return key;
}

const randomRefusal = () => fatal('svcsim', 'sort -R (random order) is not simulated: svcsim is deterministic', FAILURE);

export function sort(args: readonly string[], ctx: ShellContext): CommandOutput {
  const global = newKey();
  global.sword = Infinity;
  const keys: KeyField[] = [];
  let tab: number | undefined;
  let unique = false;
  let stable = false;
  let merge = false;
  let check = '';
  let output: string | undefined;
  let end = '\n';
  const files: string[] = [];
  const parsed = parseOptions(args, { tool: TOOL, short: '-bcCdfghik:mMno:rRsS:t:T:uVy:z', long: LONG, failure: FAILURE });
  for (const item of parsed.items) {
    let key = item.key;
    const value = item.value ?? '';
    if (item.operand !== undefined) {
      // The obsolete +POS1 [-POS2] keys are not read: such a word is a file here.
      files.push(item.operand);
      continue;
    }
    if (key === 'sort') {
      const letter = argmatch(TOOL, '--sort', value, SORT_WORDS);
      if (typeof letter !== 'string') return letter;
      key = letter;
    }
    if ('bdfghiMnrV'.includes(key) && key.length === 1) setOrdering(key, global, 'both');
    else if (key === 'R') return randomRefusal();
    else if (key === 'check' || key === 'c' || key === 'C') {
      let mode = key;
      if (key === 'check') {
        const word = item.value === undefined ? 'c' : argmatch(TOOL, '--check', value, CHECK_WORDS);
        if (typeof word !== 'string') return word;
        mode = word;
      }
      if (check && check !== mode) return fatal(TOOL, "options '-cC' are incompatible", FAILURE);
      check = mode;
    } else if (key === 'k') {
      const k = parseKey(value);
      if ('exitCode' in k) return k;
      keys.push(k);
    } else if (key === 'm') merge = true;
    else if (key === 'o') {
      if (output !== undefined && output !== value) return fatal(TOOL, 'multiple output files specified', FAILURE);
      output = value;
    } else if (key === 's') stable = true;
    else if (key === 't') {
      if (!value) return fatal(TOOL, 'empty tab', FAILURE);
      let next = value.charCodeAt(0);
      if (value.length > 1) {
        if (value !== '\\0') return fatal(TOOL, `multi-character tab ${quote(value)}`, FAILURE);
        next = 0;
      }
      if (tab !== undefined && tab !== next) return fatal(TOOL, 'incompatible tabs', FAILURE);
      tab = next;
    } else if (key === 'u') unique = true;
    else if (key === 'z') end = '\0';
    else if (key === 'debug' || key === 'files0-from') return fatal('svcsim', `sort --${key} is not simulated`, FAILURE);
    else if (key === 'help') return helpOutput(TOOL);
    else if (key === 'version') return versionOutput(TOOL, ['Mike Haertel', 'Paul Eggert']);
    // -S, -T, --parallel, --batch-size, --compress-program, -y: resources of a real sort, nothing to do here.
  }
  if (parsed.failure) return parsed.failure;
  for (const k of keys) {
    if (isDefault(k) && !k.reverse) {
      Object.assign(k, { ...global, sword: k.sword, schar: k.schar, eword: k.eword, echar: k.echar });
    }
  }
  if (!keys.length && !isDefault(global)) keys.push(global);
  for (const k of keys) {
    const kinds = [k.numeric, k.generalNumeric, k.humanNumeric, k.month, k.version || !!k.ignore].filter(Boolean).length;
    if (kinds > 1) return fatal(TOOL, `options '-${keyOpts({ ...k, skipsblanks: false, skipeblanks: false })}' are incompatible`, FAILURE);
  }
  const order: Ordering = { keys, tab, unique, stable, reverse: global.reverse };
  const names = files.length ? files : ['-'];
  if (check) {
    if (names.length > 1) return fatal(TOOL, `extra operand ${quoteaf(names[1])} not allowed with -${check}`, FAILURE);
    if (output !== undefined) return fatal(TOOL, `options '-${check}o' are incompatible`, FAILURE);
  }
  const inputs = readInputs(files, ctx);
  const missing = inputs.find((i) => i.text === undefined);
  if (missing) return fatal(TOOL, `${check ? 'open failed' : 'cannot read'}: ${quotef(missing.name)}: No such file or directory`, FAILURE);
  const encoder = new TextEncoder();
  const toLines = (text: string): Line[] => {
    const parts = text.split(end);
    if (parts[parts.length - 1] === '') parts.pop();
    return parts.map((t) => ({ text: t, bytes: encoder.encode(t) }));
  };
  const cmp = (a: Line, b: Line) => compareLines(a, b, order);

  if (check) {
    const lines = toLines(inputs[0].text ?? '');
    for (let n = 1; n < lines.length; n++) {
      const d = cmp(lines[n - 1], lines[n]);
      if (d > 0 || (unique && d === 0)) {
        const stderr = check === 'c' ? `${TOOL}: ${names[0]}:${n + 1}: disorder: ${lines[n].text}\n` : '';
        return { stdout: '', stderr, exitCode: 1 };
      }
    }
    return { stdout: '', stderr: '', exitCode: 0 };
  }

  let sorted: Line[];
  if (merge) {
    // -m: the inputs are taken as sorted already and merged, the earlier input first on ties.
    const queues = inputs.map((i) => toLines(i.text ?? ''));
    sorted = [];
    for (;;) {
      let best = -1;
      for (let q = 0; q < queues.length; q++) {
        if (queues[q].length && (best < 0 || cmp(queues[q][0], queues[best][0]) < 0)) best = q;
      }
      if (best < 0) break;
      sorted.push(queues[best].shift()!);
    }
  } else {
    // Array.prototype.sort is stable, as sort.c's merge sort is: equal lines keep input order.
    sorted = inputs.flatMap((i) => toLines(i.text ?? '')).sort(cmp);
  }
  const kept = unique ? sorted.filter((l, n) => n === 0 || cmp(sorted[n - 1], l) !== 0) : sorted;
  const text = kept.map((l) => l.text + end).join('');
  if (output === undefined) return { stdout: text, stderr: '', exitCode: 0 };
  if (ctx.place.kind === 'node' && ctx.place.admin && ctx.files.writeFile) {
    ctx.files.writeFile(output, text, false);
    return { stdout: '', stderr: '', exitCode: 0 };
  }
  return fatal('svcsim', `sort -o: svcsim keeps no files on ${ctx.host}`, FAILURE);
}

/**
 * coreutils 9.4 tr: translate (SET2's last character repeated to SET1's length, as GNU does),
 * delete (-d), squeeze (-s), complement (-c), truncate (-t). Sets take ranges (`a-z`), classes
 * (`[:upper:]`), repeats (`[x*N]` left out) and the escapes `\n`, `\t`, `\\`, `\NNN`.
 * Messages: src/tr.c; quote() gives ‘curly’ quotes in Ubuntu's C.UTF-8 locale.
 */
import type { CommandOutput, ShellContext } from '../context.ts';

const TRY = "Try 'tr --help' for more information.\n";

const CLASSES: Record<string, string> = {
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digit: '0123456789',
  alpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  alnum: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  space: '\t\n\v\f\r ',
  blank: '\t ',
  punct: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
  xdigit: '0123456789ABCDEFabcdef',
};

function expand(set: string): string[] | string {
  const chars: string[] = [];
  const unescaped: string[] = [];
  for (let i = 0; i < set.length; i++) {
    const m = /^\[:([a-z]+):\]/.exec(set.slice(i));
    if (m) {
      const cls = CLASSES[m[1]];
      if (cls === undefined) return `tr: invalid character class ‘${m[1]}’\n`;
      unescaped.push(...[...cls].map((c) => `\u0000${c}`));
      i += m[0].length - 1;
      continue;
    }
    if (set[i] === '\\' && i + 1 < set.length) {
      const e = set[++i];
      const oct = /^[0-7]{1,3}/.exec(set.slice(i));
      unescaped.push(oct ? String.fromCharCode(parseInt(oct[0], 8)) : ({ n: '\n', t: '\t', r: '\r', '\\': '\\' } as Record<string, string>)[e] ?? e);
      if (oct) i += oct[0].length - 1;
      continue;
    }
    unescaped.push(set[i]);
  }
  // Ranges over the unescaped characters (a class's members, marked, never start or end one).
  for (let i = 0; i < unescaped.length; i++) {
    const c = unescaped[i];
    if (c.startsWith('\u0000')) {
      chars.push(c.slice(1));
      continue;
    }
    if (unescaped[i + 1] === '-' && i + 2 < unescaped.length && !unescaped[i + 2].startsWith('\u0000')) {
      const end = unescaped[i + 2];
      if (end < c) return `tr: range-endpoints of ‘${c}-${end}’ are in reverse collating sequence order\n`;
      for (let k = c.charCodeAt(0); k <= end.charCodeAt(0); k++) chars.push(String.fromCharCode(k));
      i += 2;
      continue;
    }
    chars.push(c);
  }
  return chars;
}

export function tr(args: readonly string[], ctx: ShellContext): CommandOutput {
  let del = false;
  let squeeze = false;
  let complement = false;
  let truncate = false;
  const sets: string[] = [];
  let options = true;
  for (const a of args) {
    if (options && a === '--') options = false;
    else if (options && a.startsWith('-') && a.length > 1 && !a.startsWith('--')) {
      for (const c of a.slice(1)) {
        if (c === 'd') del = true;
        else if (c === 's') squeeze = true;
        else if (c === 'c' || c === 'C') complement = true;
        else if (c === 't') truncate = true;
        else return { stdout: '', stderr: `tr: invalid option -- '${c}'\n${TRY}`, exitCode: 1 };
      }
    } else sets.push(a);
  }
  const want = del && squeeze ? 2 : del ? 1 : squeeze ? (sets.length === 1 ? 1 : 2) : 2;
  if (!sets.length) return { stdout: '', stderr: `tr: missing operand\n${TRY}`, exitCode: 1 };
  if (sets.length < want) {
    const why = del && squeeze ? 'Two strings must be given when both deleting and squeezing repeats.' : 'Two strings must be given when translating.';
    return { stdout: '', stderr: `tr: missing operand after ‘${sets[sets.length - 1]}’\n${why}\n${TRY}`, exitCode: 1 };
  }
  if (sets.length > want) {
    const extra = del && !squeeze ? 'Only one string may be given when deleting without squeezing repeats.\n' : '';
    return { stdout: '', stderr: `tr: extra operand ‘${sets[want]}’\n${extra}${TRY}`, exitCode: 1 };
  }
  const s1 = expand(sets[0]);
  if (typeof s1 === 'string') return { stdout: '', stderr: s1, exitCode: 1 };
  const s2 = sets[1] !== undefined ? expand(sets[1]) : [];
  if (typeof s2 === 'string') return { stdout: '', stderr: s2, exitCode: 1 };
  const inSet1 = (c: string) => s1.includes(c) !== complement;
  const input = ctx.stdin ?? '';
  let out = '';
  if (del) {
    for (const c of input) if (!inSet1(c)) out += c;
  } else if (!squeeze || sets.length === 2) {
    const from = complement ? [...new Set([...input])].filter((c) => !s1.includes(c)).sort() : s1;
    const len = truncate ? Math.min(from.length, s2.length) : from.length;
    const map = new Map<string, string>();
    if (!squeeze || sets.length === 2) {
      if (sets.length === 2 && !s2.length) return { stdout: '', stderr: 'tr: when not truncating set1, string2 must be non-empty\n', exitCode: 1 };
      for (let k = 0; k < len; k++) map.set(from[k], s2[Math.min(k, s2.length - 1)]);
    }
    for (const c of input) out += map.get(c) ?? c;
  } else out = input;
  if (squeeze) {
    const squeezeSet = sets.length === 2 ? s2 : s1;
    let res = '';
    for (const c of out) if (!(res.endsWith(c) && (sets.length === 2 ? squeezeSet.includes(c) : inSet1(c)))) res += c;
    out = res;
  }
  return { stdout: out, stderr: '', exitCode: 0 };
}

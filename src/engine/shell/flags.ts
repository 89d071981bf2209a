/**
 * Command-line flags the way spf13/pflag (kubectl's parser) reads them: `--name=value`,
 * `--name value`, `-n value`, `-nvalue`, `-n=value`, grouped boolean shorthands (`-it`),
 * flags anywhere among the arguments, `--` ending them. Errors use pflag's words
 * (spf13/pflag flag.go: "unknown flag", "unknown shorthand flag", "flag needs an argument").
 */
import { goQuote } from '../api/go-strings.ts';

/** `int` is Go's int (64 bits), `int32` pflag's Int32Var. */
export type FlagType = 'bool' | 'string' | 'stringArray' | 'int' | 'int32';

export interface FlagSpec {
  name: string;
  shorthand?: string;
  type: FlagType;
  /** For bool flags given without a value. */
  default?: string;
  /**
   * pflag's NoOptDefVal for a non-bool flag: `--dry-run` alone means `--dry-run=unchanged`;
   * such a flag takes a value only with `=`.
   */
  noOptValue?: string;
}

export interface ParsedFlags {
  args: string[];
  /** Every value given for each flag name, in order (bool flags as "true"/"false"). */
  values: Map<string, string[]>;
  /** Words after `--`. */
  dashArgs?: string[];
}

export type ParseResult = { ok: true; parsed: ParsedFlags } | { ok: false; error: string };

export function parseFlags(words: readonly string[], specs: readonly FlagSpec[]): ParseResult {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.shorthand).map((s) => [s.shorthand as string, s]));
  const values = new Map<string, string[]>();
  const args: string[] = [];
  const set = (spec: FlagSpec, value: string) => {
    const list = values.get(spec.name) ?? [];
    list.push(value);
    values.set(spec.name, list);
  };
  const normBool = (v: string) => (/^(1|t|T|true|TRUE|True)$/.test(v) ? 'true' : 'false');
  // pflag's FlagSet.Set names a flag by both spellings when it has a shorthand, however it was typed.
  const shownName = (spec: FlagSpec) => (spec.shorthand ? `-${spec.shorthand}, --${spec.name}` : `--${spec.name}`);
  /** The value as stored (ints in decimal), or pflag's error. */
  const readValue = (spec: FlagSpec, value: string): { value: string } | { error: string } => {
    if (spec.type === 'int' || spec.type === 'int32') {
      const n = parseGoInt(value, spec.type === 'int32' ? 32 : 64);
      if (typeof n === 'string') return { error: `invalid argument ${goQuote(value)} for "${shownName(spec)}" flag: strconv.ParseInt: parsing ${goQuote(value)}: ${n}` };
      return { value: n.toString() };
    }
    if (spec.type === 'bool') {
      if (!/^(1|0|t|f|T|F|true|false|TRUE|FALSE|True|False)$/.test(value)) {
        return { error: `invalid argument ${goQuote(value)} for "${shownName(spec)}" flag: strconv.ParseBool: parsing ${goQuote(value)}: invalid syntax` };
      }
      return { value: normBool(value) };
    }
    return { value };
  };

  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') {
      return { ok: true, parsed: { args, values, dashArgs: words.slice(i + 1) } };
    }
    if (w.startsWith('--') && w.length > 2) {
      // pflag parseLongArg: `---x` and `--=x` are not flags at all.
      if (w[2] === '-' || w[2] === '=') return { ok: false, error: `bad flag syntax: ${w}` };
      const eq = w.indexOf('=');
      const name = eq < 0 ? w.slice(2) : w.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) return { ok: false, error: `unknown flag: --${name}` };
      let value: string;
      if (eq >= 0) value = w.slice(eq + 1);
      else if (spec.type === 'bool') value = spec.default ?? 'true';
      else if (spec.noOptValue !== undefined) value = spec.noOptValue;
      else if (i + 1 < words.length) value = words[++i];
      else return { ok: false, error: `flag needs an argument: ${w}` };
      const read = readValue(spec, value);
      if ('error' in read) return { ok: false, error: read.error };
      set(spec, read.value);
      continue;
    }
    // pflag parseShortArg: any word starting with `-` (`-1` too) is shorthand flags; errors name
    // the shorthands left from the failing letter on (`-itz` fails "in -z").
    if (w.startsWith('-') && w.length > 1) {
      let j = 1;
      while (j < w.length) {
        const c = w[j];
        const rest = w.slice(j);
        const spec = byShort.get(c);
        if (!spec) return { ok: false, error: `unknown shorthand flag: '${c}' in -${rest}` };
        let value: string;
        let last = true;
        if (rest.length > 2 && rest[1] === '=') value = rest.slice(2);
        else if (spec.type === 'bool') {
          value = 'true';
          last = false;
        } else if (spec.noOptValue !== undefined) {
          value = spec.noOptValue;
          last = false;
        } else if (rest.length > 1) value = rest.slice(1);
        else if (i + 1 < words.length) value = words[++i];
        else return { ok: false, error: `flag needs an argument: '${c}' in -${rest}` };
        const read = readValue(spec, value);
        if ('error' in read) return { ok: false, error: read.error };
        set(spec, read.value);
        if (last) break;
        j++;
      }
      continue;
    }
    args.push(w);
  }
  return { ok: true, parsed: { args, values } };
}

/** The last value of a flag, as pflag keeps for non-array flags. */
export function flagValue(p: ParsedFlags, name: string): string | undefined {
  const v = p.values.get(name);
  return v && v.length ? v[v.length - 1] : undefined;
}

export function flagBool(p: ParsedFlags, name: string): boolean {
  return flagValue(p, name) === 'true';
}

/** stringArray / stringSlice values; a stringSlice also splits on commas. */
export function flagList(p: ParsedFlags, name: string, splitCommas = false): string[] {
  const v = p.values.get(name) ?? [];
  return splitCommas ? v.flatMap((x) => x.split(',')).filter((x) => x !== '') : v;
}

/**
 * strconv.ParseInt(s, 0, bits) as pflag's int flags call it: a sign, then decimal, 0x, 0o, 0b or
 * a leading-0 octal, with `_` only between digits. The value, or the error's last words.
 */
export function parseGoInt(s: string, bits: 32 | 64): bigint | 'invalid syntax' | 'value out of range' {
  let body = s;
  let negative = false;
  if (body[0] === '+' || body[0] === '-') {
    negative = body[0] === '-';
    body = body.slice(1);
  }
  let base = 10;
  let digits = body;
  const prefix = body.slice(0, 2).toLowerCase();
  if (prefix === '0x') [base, digits] = [16, body.slice(2)];
  else if (prefix === '0o') [base, digits] = [8, body.slice(2)];
  else if (prefix === '0b') [base, digits] = [2, body.slice(2)];
  else if (body.length > 1 && body[0] === '0') [base, digits] = [8, body.slice(1)];
  const valid = { 16: /^[0-9a-fA-F]$/, 10: /^[0-9]$/, 8: /^[0-7]$/, 2: /^[01]$/ }[base] as RegExp;
  const clean = digits.replace(/_/g, '');
  if (clean === '' || ![...clean].every((c) => valid.test(c))) return 'invalid syntax';
  // strconv underscoreOK: `_` must sit between digits (a base prefix counts as one).
  if (digits.includes('_')) {
    const marked = (base === 10 ? '' : '0') + digits;
    if (/(^_)|(_$)|__/.test(marked) || (base === 10 && marked.startsWith('_'))) return 'invalid syntax';
  }
  let n = 0n;
  for (const c of clean.toLowerCase()) n = n * BigInt(base) + BigInt(parseInt(c, 16));
  const limit = 1n << BigInt(bits - 1);
  if (negative ? n > limit : n >= limit) return 'value out of range';
  return negative ? -n : n;
}

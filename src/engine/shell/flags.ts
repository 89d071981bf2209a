/**
 * Command-line flags the way spf13/pflag (kubectl's parser) reads them: `--name=value`,
 * `--name value`, `-n value`, `-nvalue`, `-n=value`, grouped boolean shorthands (`-it`),
 * flags anywhere among the arguments, `--` ending them. Errors use pflag's words
 * (spf13/pflag flag.go: "unknown flag", "unknown shorthand flag", "flag needs an argument").
 */
export type FlagType = 'bool' | 'string' | 'stringArray' | 'int';

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
  const checkValue = (spec: FlagSpec, value: string, shown: string): string | undefined => {
    if (spec.type === 'int' && !/^[-+]?\d+$/.test(value)) {
      return `invalid argument "${value}" for "${shown}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`;
    }
    if (spec.type === 'bool' && !/^(1|0|t|f|T|F|true|false|TRUE|FALSE|True|False)$/.test(value)) {
      return `invalid argument "${value}" for "${shown}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`;
    }
    return undefined;
  };
  const normBool = (v: string) => (/^(1|t|T|true|TRUE|True)$/.test(v) ? 'true' : 'false');

  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') {
      return { ok: true, parsed: { args, values, dashArgs: words.slice(i + 1) } };
    }
    if (w.startsWith('--') && w.length > 2) {
      const eq = w.indexOf('=');
      const name = eq < 0 ? w.slice(2) : w.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) return { ok: false, error: `unknown flag: --${name}` };
      let value: string;
      if (eq >= 0) value = w.slice(eq + 1);
      else if (spec.type === 'bool') value = spec.default ?? 'true';
      else if (spec.noOptValue !== undefined) value = spec.noOptValue;
      else if (i + 1 < words.length) value = words[++i];
      else return { ok: false, error: `flag needs an argument: --${name}` };
      const bad = checkValue(spec, value, `--${name}`);
      if (bad) return { ok: false, error: bad };
      set(spec, spec.type === 'bool' ? normBool(value) : value);
      continue;
    }
    if (w.startsWith('-') && w.length > 1 && !/^-\d/.test(w)) {
      let j = 1;
      while (j < w.length) {
        const c = w[j];
        const spec = byShort.get(c);
        if (!spec) return { ok: false, error: `unknown shorthand flag: '${c}' in ${w}` };
        const shown = `-${c}, --${spec.name}`;
        if (spec.type === 'bool') {
          if (w[j + 1] === '=') {
            const value = w.slice(j + 2);
            const bad = checkValue(spec, value, shown);
            if (bad) return { ok: false, error: bad };
            set(spec, normBool(value));
            break;
          }
          set(spec, 'true');
          j++;
          continue;
        }
        let value: string;
        if (j + 1 < w.length) value = w[j + 1] === '=' ? w.slice(j + 2) : w.slice(j + 1);
        else if (i + 1 < words.length) value = words[++i];
        else return { ok: false, error: `flag needs an argument: '${c}' in ${w}` };
        const bad = checkValue(spec, value, shown);
        if (bad) return { ok: false, error: bad };
        set(spec, value);
        break;
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

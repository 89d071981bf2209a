/**
 * Go's time.ParseDuration, with its error texts (go src/time/format.go): how pflag's Duration
 * flags read their value (`--since=1h`, `--timeout=30s`) and how metav1.Duration fields of a
 * configuration are read (KubeProxyConfiguration's conntrack and ipvs timeouts). The one parser
 * the engine has for Go durations.
 */

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const MAX_NS = 9223372036854775807;

function utf8Bytes(cp: number): number[] {
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 0x3f)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
}

/** time's own quote: ASCII as is (`"` and `\` escaped), other bytes as \xNN. */
function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x80 || cp < 0x20) {
      for (const b of utf8Bytes(cp)) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else {
      out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
    }
  }
  return `${out}"`;
}

/** Nanoseconds, or the error ParseDuration returns. */
export function parseGoDuration(orig: string): { ns: number } | { error: string } {
  const invalid = { error: `time: invalid duration ${timeQuote(orig)}` };
  let s = orig;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return { ns: 0 };
  if (s === '') return invalid;
  let total = 0;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s) as RegExpExecArray;
    const [whole, intPart, fraction] = m;
    if (intPart === '' && (fraction === undefined || fraction === '')) return invalid;
    s = s.slice(whole.length);
    const unitEnd = s.search(/[.\d]/);
    const unit = unitEnd < 0 ? s : s.slice(0, unitEnd);
    if (unit === '') return { error: `time: missing unit in duration ${timeQuote(orig)}` };
    const scale = UNIT_NS[unit];
    if (scale === undefined) return { error: `time: unknown unit ${timeQuote(unit)} in duration ${timeQuote(orig)}` };
    s = s.slice(unit.length);
    total += Number(intPart || '0') * scale + (fraction ? Number(`0.${fraction}`) * scale : 0);
    if (total > MAX_NS + (negative ? 1 : 0)) return invalid;
  }
  return { ns: negative ? -total : total };
}

/** Duration.Round(time.Second).Seconds(), as whole seconds (halves away from zero). */
export function roundedSeconds(ns: number): number {
  const s = Math.floor(Math.abs(ns) / 1e9 + 0.5);
  return ns < 0 ? -s : s;
}

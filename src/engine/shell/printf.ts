/**
 * bash's printf builtin (builtins/printf.def): the format's backslash escapes, then its
 * conversions %s %b %c %d %i %u %o %x %X %e %E %f %F %g %G and %%, with flags (- + space # 0),
 * width and precision (also `*`); the format is used again while arguments remain, a missing
 * argument reads as empty or 0, and a non-number is bash's "invalid number" (status 1, 0 used).
 * %q and -v are not simulated.
 */
import type { CommandOutput } from './context.ts';

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', '"': '"', "'": "'", e: '\x1b', E: '\x1b' };

/** Backslash escapes as printf reads them in its format (and %b in its argument). */
function unescape(text: string, inArgument: boolean): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '\\' || i + 1 >= text.length) {
      out += c;
      continue;
    }
    const n = text[++i];
    if (ESCAPES[n] !== undefined && !(inArgument && (n === '"' || n === "'"))) out += ESCAPES[n];
    else if (n === 'c' && inArgument) return { text: out, stop: true };
    else if (/[0-7]/.test(n)) {
      // \NNN in the format; %b takes \0NNN (and \NNN) too.
      let digits = n === '0' && inArgument ? '' : n;
      while (digits.length < 3 && /[0-7]/.test(text[i + 1] ?? '')) digits += text[++i];
      out += String.fromCharCode(parseInt(digits || '0', 8) & 255);
    } else if (n === 'x' && /[0-9a-fA-F]/.test(text[i + 1] ?? '')) {
      let hex = '';
      while (hex.length < 2 && /[0-9a-fA-F]/.test(text[i + 1] ?? '')) hex += text[++i];
      out += String.fromCharCode(parseInt(hex, 16));
    } else out += `\\${n}`;
  }
  return { text: out, stop: false };
}

class Invalid extends Error {}

/** An argument as a number: decimal, 0x hex, 0 octal, or 'c / "c for a character's code. */
function numberOf(arg: string | undefined, errors: string[]): number {
  if (arg === undefined || arg === '') return 0;
  if (/^['"]/.test(arg)) return arg.length > 1 ? arg.codePointAt(1)! : 0;
  const t = arg.trim();
  let n: number;
  if (/^[+-]?0[xX][0-9a-fA-F]+$/.test(t)) n = parseInt(t, 16);
  else if (/^[+-]?0[0-7]+$/.test(t)) n = parseInt(t, 8);
  else if (/^[+-]?\d+$/.test(t)) n = parseInt(t, 10);
  else if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) n = Number(t);
  else {
    errors.push(`bash: printf: ${arg}: invalid number`);
    const lead = /^[+-]?\d+/.exec(t);
    return lead ? Number(lead[0]) : 0;
  }
  return n;
}

function pad(s: string, flags: string, width: number | undefined, zero = false): string {
  if (width === undefined || s.length >= width) return s;
  if (flags.includes('-')) return s.padEnd(width);
  if (zero && flags.includes('0')) {
    const sign = /^[+\- ]/.test(s) ? s[0] : '';
    const prefix = /^[+\- ]?0[xX]/.test(s) ? s.slice(sign.length, sign.length + 2) : '';
    const body = s.slice(sign.length + prefix.length);
    return sign + prefix + body.padStart(width - sign.length - prefix.length, '0');
  }
  return s.padStart(width);
}

export function printf(args: readonly string[]): CommandOutput {
  if (args[0] === '-v') return { stdout: '', stderr: 'svcsim: printf -v is not simulated\n', exitCode: 2 };
  const rest = args[0] === '--' ? args.slice(1) : args;
  if (!rest.length) return { stdout: '', stderr: 'printf: usage: printf [-v var] format [arguments]\n', exitCode: 2 };
  const format = rest[0];
  const values = rest.slice(1);
  const errors: string[] = [];
  let out = '';
  let used = 0;
  try {
    do {
      const start = used;
      for (let i = 0; i < format.length; i++) {
        const c = format[i];
        if (c === '\\') {
          const m = /^\\(?:[0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)/.exec(format.slice(i))![0];
          out += unescape(m, false).text;
          i += m.length - 1;
          continue;
        }
        if (c !== '%') {
          out += c;
          continue;
        }
        const spec = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([a-zA-Z%])/.exec(format.slice(i));
        if (!spec) {
          out += c;
          continue;
        }
        i += spec[0].length - 1;
        const [, flags, w, p, conv] = spec;
        if (conv === '%') {
          out += '%';
          continue;
        }
        const width = w === '*' ? numberOf(values[used++], errors) : w === undefined ? undefined : Number(w);
        const precision = p === '*' ? numberOf(values[used++], errors) : p === undefined ? undefined : Number(p || '0');
        const arg = values[used++];
        out += convert(conv, flags, width, precision, arg, errors);
        if (stopped) return finish(out, errors);
      }
      if (used === start) break;
    } while (used < values.length);
  } catch (e) {
    if (e instanceof Invalid) return { stdout: out, stderr: `${e.message}\n`, exitCode: 1 };
    throw e;
  }
  return finish(out, errors);
}

let stopped = false;

function finish(out: string, errors: string[]): CommandOutput {
  stopped = false;
  return { stdout: out, stderr: errors.map((e) => `${e}\n`).join(''), exitCode: errors.length ? 1 : 0 };
}

/**
 * glibc's %.Nf: the double's exact value rounded to N decimals, an exact tie to the even digit
 * (JavaScript's toFixed takes the larger: 2.25 reads 2.3 there, 2.2 in C).
 */
function fixed(x: number, digits: number): string {
  const exact = Math.abs(x).toFixed(Math.min(100, digits + 40));
  const cut = exact.indexOf('.') + (digits === 0 ? 0 : digits + 1);
  const tail = exact.slice(digits === 0 ? exact.indexOf('.') + 1 : cut);
  if (!/^50*$/.test(tail)) return x.toFixed(digits);
  const kept = digits === 0 ? exact.slice(0, exact.indexOf('.')) : exact.slice(0, cut);
  const last = Number(kept[kept.length - 1]);
  const rounded = last % 2 === 0 ? kept : (Math.abs(x) + 0.5 * 10 ** -digits).toFixed(digits);
  return (x < 0 ? '-' : '') + rounded;
}

function convert(conv: string, flags: string, width: number | undefined, precision: number | undefined, arg: string | undefined, errors: string[]): string {
  switch (conv) {
    case 's': {
      const s = arg ?? '';
      return pad(precision === undefined ? s : s.slice(0, precision), flags, width);
    }
    case 'b': {
      const u = unescape(arg ?? '', true);
      if (u.stop) stopped = true;
      return pad(precision === undefined ? u.text : u.text.slice(0, precision), flags, width);
    }
    case 'c':
      return pad((arg ?? '').slice(0, 1), flags, width);
    case 'd':
    case 'i':
    case 'u': {
      const n = Math.trunc(numberOf(arg, errors));
      let s = String(Math.abs(n));
      if (precision !== undefined) s = s.padStart(precision, '0');
      const sign = n < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
      return pad(sign + s, flags, width, precision === undefined);
    }
    case 'o':
    case 'x':
    case 'X': {
      const n = Math.trunc(numberOf(arg, errors));
      let s = (n < 0 ? BigInt.asUintN(64, BigInt(n)) : BigInt(n)).toString(conv === 'o' ? 8 : 16);
      if (conv === 'X') s = s.toUpperCase();
      if (precision !== undefined) s = s.padStart(precision, '0');
      if (flags.includes('#') && n !== 0) s = (conv === 'o' ? '0' : conv === 'x' ? '0x' : '0X') + s;
      return pad(s, flags, width, precision === undefined);
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G': {
      const n = numberOf(arg, errors);
      const digits = precision ?? 6;
      let s: string;
      if (conv === 'f' || conv === 'F') s = fixed(n, digits);
      else if (conv === 'e' || conv === 'E') s = n.toExponential(digits).replace(/e([+-])(\d)$/, 'e$10$2');
      else {
        // %g: the shorter of %e and %f at this precision, trailing zeros dropped (unless #).
        const p = digits === 0 ? 1 : digits;
        const exp = n === 0 ? 0 : Math.floor(Math.log10(Math.abs(n)));
        s = exp < -4 || exp >= p ? n.toExponential(p - 1).replace(/e([+-])(\d)$/, 'e$10$2') : fixed(n, Math.max(0, p - 1 - exp));
        // Trailing zeros of the fraction go, and a bare point with them (unless #).
        if (!flags.includes('#')) s = s.replace(/(\.\d*?)0+(e|$)/, '$1$2').replace(/\.(e|$)/, '$1');
      }
      if (conv === 'E' || conv === 'G') s = s.toUpperCase();
      if (n >= 0 && flags.includes('+')) s = `+${s}`;
      else if (n >= 0 && flags.includes(' ')) s = ` ${s}`;
      return pad(s, flags, width, true);
    }
    case 'q':
      throw new Invalid('svcsim: printf %q is not simulated');
    default:
      throw new Invalid(`bash: printf: \`${conv}': invalid format character`);
  }
}

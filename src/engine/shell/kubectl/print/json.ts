/**
 * JSON as kubectl -o json prints it: Go's json.MarshalIndent(obj, "", "    ") of an unstructured
 * object, so map keys are sorted at every level and <, >, & are escaped
 * (kubernetes/cli-runtime pkg/printers/json.go; Go encoding/json).
 */
import { goJSONString } from '../../../api/go-strings.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A plain JSON value from an engine object: undefined fields dropped, as omitempty would. */
export function toJsonValue(v: unknown): JsonValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : toJsonValue(x)));
  if (typeof v === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (x !== undefined) out[k] = toJsonValue(x);
    }
    return out;
  }
  return null;
}

/** Go's byte-wise string order, which sort.Strings and encoding/json use for map keys. */
export function goStringCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** encoding/json string encoding with HTML escaping (the default for Marshal), as Go 1.24 writes it. */
export const goJsonString = goJSONString;

/** Go's float formatting for JSON numbers ('f' for moderate exponents, else 'e'). */
export function goJsonNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(n);
}

function encode(v: JsonValue, indent: string, step: string, out: string[]): void {
  if (v === null) out.push('null');
  else if (typeof v === 'string') out.push(goJsonString(v));
  else if (typeof v === 'number') out.push(goJsonNumber(v));
  else if (typeof v === 'boolean') out.push(v ? 'true' : 'false');
  else if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push('[]');
      return;
    }
    const inner = indent + step;
    out.push('[');
    for (let i = 0; i < v.length; i++) {
      out.push(i ? ',\n' : '\n', inner);
      encode(v[i], inner, step, out);
    }
    out.push('\n', indent, ']');
  } else {
    const keys = Object.keys(v).sort(goStringCompare);
    if (keys.length === 0) {
      out.push('{}');
      return;
    }
    const inner = indent + step;
    out.push('{');
    for (let i = 0; i < keys.length; i++) {
      out.push(i ? ',\n' : '\n', inner, goJsonString(keys[i]), ': ');
      encode(v[keys[i]], inner, step, out);
    }
    out.push('\n', indent, '}');
  }
}

/** json.MarshalIndent(v, "", "    ") plus the newline kubectl adds. */
export function marshalIndent(v: JsonValue): string {
  const out: string[] = [];
  encode(v, '', '    ', out);
  out.push('\n');
  return out.join('');
}

/** json.Marshal: compact, sorted keys (jsonpath prints maps and lists this way). */
export function marshalCompact(v: JsonValue): string {
  if (v === null || typeof v !== 'object') {
    const out: string[] = [];
    encode(v, '', '', out);
    return out.join('');
  }
  if (Array.isArray(v)) return '[' + v.map(marshalCompact).join(',') + ']';
  const keys = Object.keys(v).sort(goStringCompare);
  return '{' + keys.map((k) => goJsonString(k) + ':' + marshalCompact(v[k])).join(',') + '}';
}

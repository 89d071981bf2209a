/**
 * Go's fmt formatting of unstructured values (map[string]interface{}, []interface{}, int64,
 * float64, string, bool, nil), which kubectl prints in jsonpath errors (%#v), custom-columns
 * cells and jsonpath scalars (%v).
 */
import type { JsonValue } from '../json.ts';
import { goQuote } from '../../../../api/go-strings.ts';

/** strconv.FormatFloat(f, 'g', -1, 64), as %v prints a float64. */
export function goFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 21) {
    const [m, e] = n.toExponential().split('e');
    const en = parseInt(e, 10);
    return `${m}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  }
  return String(n);
}

const sortedKeys = (m: { [k: string]: JsonValue }) => Object.keys(m).sort();

/** %v: `map[a:1 b:x]`, `[a b]`, `<nil>`. */
export function goSprint(v: JsonValue): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goFloat(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return '[' + v.map(goSprint).join(' ') + ']';
  return 'map[' + sortedKeys(v).map((k) => `${k}:${goSprint(v[k])}`).join(' ') + ']';
}

/** %#v of unstructured content. */
export function goSharpV(v: JsonValue): string {
  if (v === null) return 'interface {}(nil)';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return goFloat(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return '[]interface {}{' + v.map(goSharpV).join(', ') + '}';
  return 'map[string]interface {}{' + sortedKeys(v).map((k) => `${goQuote(k)}:${goSharpV(v[k])}`).join(', ') + '}';
}

/** The Go type name reflect prints for a value (`%v is not array or slice`). */
export function goTypeName(v: JsonValue): string {
  if (v === null) return 'interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/**
 * How the v1.33 API server prints the bad value of a field error.
 *
 * kubernetes/apimachinery v0.33.x `pkg/util/validation/field/errors.go` (ErrorBody): pointers are
 * dereferenced (nil prints `null`); int64/int32/float/bool print with `%v`; a `string` prints with
 * `%q`; a fmt.Stringer prints its String(); everything else (slices, maps, structs, named string
 * types) prints with Go's `%#v`. The switch to JSON (`["10.0.0.5"]`) only came with v0.34 / k8s
 * v1.34, so v1.33 prints `[]string{"10.0.0.5"}` and `core.ServicePort{...}`.
 * Named string types (`core.Protocol`) print `%#v`, which for strings is the same quoting as `%q`.
 */

import { goQuote } from '../../api/go-strings.ts';

/** A string field (`%q`): `"My_Svc"`. */
export function renderString(s: string): string {
  return goQuote(s);
}

/** An int32/int64 or Go int (`%v` / `%#v` print the same digits). */
export function renderInt(n: number): string {
  return String(n);
}

/** A nil pointer: ErrorBody swaps it for the Go string "null", which `%q` then quotes. */
export const NULL_VALUE = '"null"';

/** `[]string{"a", "b"}`; undefined is a nil slice, `[]string(nil)`. */
export function renderStringSlice(values: readonly string[] | undefined): string {
  if (values === undefined) return '[]string(nil)';
  return `[]string{${values.map(goQuote).join(', ')}}`;
}

/** A slice of a named string type, e.g. `[]core.IPFamily{"IPv4"}`. */
export function renderNamedStringSlice(typeName: string, values: readonly string[] | undefined): string {
  if (values === undefined) return `[]${typeName}(nil)`;
  return `[]${typeName}{${values.map(goQuote).join(', ')}}`;
}

/** `map[string]string{"app":"web", "tier":"db"}` (fmt prints map keys sorted); undefined is nil. */
export function renderStringMap(m: Readonly<Record<string, string>> | undefined): string {
  if (m === undefined) return 'map[string]string(nil)';
  const keys = Object.keys(m).sort();
  return `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(m[k])}`).join(', ')}}`;
}

/**
 * The key the Service validator reports for a duplicate (protocol, port) pair: an internal
 * core.ServicePort with only Protocol and Port set (kubernetes pkg/apis/core/validation/validation.go).
 */
export function renderServicePortKey(protocol: string, port: number): string {
  return `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
}

/** An intstr.IntOrString value (its String() has a pointer receiver, so `%#v` applies). */
export function renderIntOrString(v: number | string): string {
  return typeof v === 'number'
    ? `intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}`
    : `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v)}}`;
}

/**
 * An empty metav1.LabelSelector as `%#v` prints it (`empty selector is invalid for deployment`):
 * an absent list is nil, `[]` decodes to an empty, non-nil slice.
 */
export function renderEmptyLabelSelector(sel: { matchLabels?: Record<string, string>; matchExpressions?: readonly unknown[] }): string {
  const ml = sel.matchLabels === undefined ? 'map[string]string(nil)' : 'map[string]string{}';
  const me = sel.matchExpressions === undefined ? '[]v1.LabelSelectorRequirement(nil)' : '[]v1.LabelSelectorRequirement{}';
  return `v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}`;
}

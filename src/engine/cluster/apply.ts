/**
 * Client-side `kubectl apply`: the `kubectl.kubernetes.io/last-applied-configuration`
 * annotation and the three-way merge of (last applied, new file, live object), simplified from
 * strategic merge patch (kubernetes/kubectl pkg/cmd/apply/patcher.go, apimachinery
 * pkg/util/strategicpatch). Fields the user never wrote (allocated clusterIP, nodePorts, status,
 * defaults) survive; fields the user removed since the last apply are removed; lists with a
 * patch merge key (containers by name, Service ports by port ...) merge element by element.
 */
import type { Kind, KubeObject } from '../api/objects.ts';
import { goJSONString } from '../api/go-strings.ts';
import { copyPlain, withField } from './object-meta.ts';
import { sortStrings } from './small-sort.ts';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What JSON.stringify writes differently from Go: the HTML escapes, U+2028/9, and lone surrogates (Go: U+FFFD). */
const GO_ESCAPED = /[<>&\u2028\u2029\ud800-\udfff]/;

/** The same in JSON.stringify's output, which writes a lone surrogate as a \\udXXX escape (a false alarm only costs the slow way). */
const GO_ESCAPED_IN_JSON = /[<>&\u2028\u2029]|\\ud[89a-f]/;

function goString(value: string): string {
  return GO_ESCAPED.test(value) ? goJSONString(value) : JSON.stringify(value);
}

/** Object keys as JSON strings, by key: the same few keys recur in every object. */
const keyJson = new Map<string, string>();

function goJsonInto(value: unknown, out: string[]): void {
  if (value === null || value === undefined) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'string':
      out.push(goString(value));
      return;
    case 'number':
    case 'boolean':
      out.push(JSON.stringify(value));
      return;
    default:
      break;
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      goJsonInto(value[i], out);
    }
    out.push(']');
    return;
  }
  const obj = value as Record<string, unknown>;
  const keys: string[] = [];
  for (const k of Object.keys(obj)) if (obj[k] !== undefined) keys.push(k);
  if (keys.length > 1) sortStrings(keys);
  out.push('{');
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    let kj = keyJson.get(k);
    if (kj === undefined) {
      kj = `${goString(k)}:`; // Go escapes keys as it does values
      if (keyJson.size < 10_000) keyJson.set(k, kj);
    }
    out.push(i > 0 ? ',' : '', kj);
    goJsonInto(obj[k], out);
  }
  out.push('}');
}

/** Thrown by the replacer when the native encoder would not give goJsonInto's text. */
const FALLBACK = new Error('goJson fallback');

/**
 * The value with every object's keys in sorted order: the value itself where it already is,
 * else copies (of the objects on the way to an unsorted one). The native encoder then writes
 * Go's key order without a replacer, which it would call for every value. Keys starting with a
 * digit may be array indexes, which objects enumerate first whatever their order, a
 * `__proto__` key cannot be copied by assignment, and functions and symbols are dropped where
 * goJsonInto writes them: all throw FALLBACK (the slow way).
 */
function canonical(v: unknown): unknown {
  if (typeof v === 'function' || typeof v === 'symbol') throw FALLBACK;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const c = canonical(v[i]);
      if (c !== v[i]) (copy ??= v.slice())[i] = c;
    }
    return copy ?? v;
  }
  const obj = v as Record<string, unknown>;
  // The keys are checked in place (no array per object: goJson runs on every applied object).
  let sorted = true;
  let prev: string | undefined;
  for (const k in obj) {
    // Inherited keys (not in Object.keys) are left to the slow way.
    if (!Object.prototype.hasOwnProperty.call(obj, k)) throw FALLBACK;
    const c = k.charCodeAt(0);
    if ((c >= 48 && c <= 57) || k === '__proto__') throw FALLBACK;
    if (prev !== undefined && prev > k) sorted = false;
    prev = k;
  }
  if (!sorted) {
    const keys = sortStrings(Object.keys(obj));
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = canonical(obj[k]);
    return out;
  }
  let out: Record<string, unknown> | undefined;
  let i = 0;
  for (const k in obj) {
    const c = canonical(obj[k]);
    if (out === undefined && c !== obj[k]) {
      // The first changed value: copy the keys before it, in order.
      out = {};
      let j = 0;
      for (const before in obj) {
        if (j++ === i) break;
        out[before] = obj[before];
      }
    }
    if (out !== undefined) out[k] = c;
    i++;
  }
  return out ?? v;
}

/** encoding/json.Marshal of an unstructured object: keys sorted, <, > and & escaped. */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goString(value);
  // The native encoder with sorted keys gives the same text, unless something needs Go's escapes.
  try {
    const fast = JSON.stringify(canonical(value)) as string | undefined;
    if (fast !== undefined && !GO_ESCAPED_IN_JSON.test(fast)) return fast;
  } catch (e) {
    if (e !== FALLBACK) throw e;
  }
  const out: string[] = [];
  goJsonInto(value, out);
  return out.join('');
}

/**
 * The annotation's value: the object as the user wrote it, with its annotations map (empty if
 * none) minus the annotation itself (kubectl util.GetModifiedConfiguration).
 */
export function lastAppliedConfiguration(obj: KubeObject): string {
  const annotations = copyPlain(obj.metadata.annotations ?? {});
  delete annotations[LAST_APPLIED_ANNOTATION];
  // runtime.Encode with the unstructured JSON scheme ends the text with a newline (json.Encoder),
  // which is why `-o yaml` shows the annotation as a `|` block.
  return goJson(withField(obj, 'metadata', withField(obj.metadata, 'annotations', annotations))) + '\n';
}

/** The user's object carrying its own last-applied annotation, as kubectl sends it. */
export function withLastApplied<T extends KubeObject>(obj: T): T {
  const value = lastAppliedConfiguration(obj);
  return withField(obj, 'metadata', withField(obj.metadata, 'annotations', withField(obj.metadata.annotations ?? {}, LAST_APPLIED_ANNOTATION, value)));
}

/** The patchMergeKey of a list field (strategic merge patch), by dotted path; undefined: the list is atomic. Strategic-merge-patch merge keys of the lists svcsim merges element-wise. */
export function mergeKey(kind: Kind, path: string): string | undefined {
  if (kind === 'Service' && path === 'spec.ports') return 'port';
  if (path.endsWith('containers') || path.endsWith('initContainers')) return 'name';
  if (path.endsWith('containers.ports') || path.endsWith('initContainers.ports')) return 'containerPort';
  if (path.endsWith('.env') || path.endsWith('volumes')) return 'name';
  if (path.endsWith('volumeMounts')) return 'mountPath';
  if (path === 'metadata.ownerReferences') return 'uid';
  if (path.endsWith('conditions')) return 'type';
  return undefined;
}

function merge(kind: Kind, path: string, original: Json | undefined, modified: Json, current: Json | undefined): Json {
  if (isObject(modified) && isObject(current)) {
    const out: JsonObject = {};
    const orig = isObject(original) ? original : {};
    for (const k of Object.keys(current)) {
      if (modified[k] !== undefined) continue;
      if (orig[k] !== undefined) continue; // removed by the user since the last apply
      out[k] = current[k];
    }
    for (const k of Object.keys(modified)) {
      if (modified[k] === undefined) continue;
      out[k] = merge(kind, path ? `${path}.${k}` : k, orig[k], modified[k], current[k]);
    }
    return out;
  }
  if (Array.isArray(modified) && Array.isArray(current)) {
    const key = mergeKey(kind, path);
    if (!key) return modified;
    const id = (e: Json) => (isObject(e) ? JSON.stringify(e[key] ?? null) : undefined);
    const origList = Array.isArray(original) ? original : [];
    const byIdCurrent = new Map(current.map((e) => [id(e), e] as const));
    const byIdOrig = new Map(origList.map((e) => [id(e), e] as const));
    const modIds = new Set(modified.map(id));
    const out = modified.map((e) => merge(kind, path, byIdOrig.get(id(e)), e, byIdCurrent.get(id(e))));
    for (const e of current) {
      const i = id(e);
      if (!modIds.has(i) && !byIdOrig.has(i)) out.push(e);
    }
    return out;
  }
  return modified;
}

/** The object kubectl's patch turns the live object into. */
export function threeWayMerge<T extends KubeObject>(lastApplied: string | undefined, modified: T, live: T): T {
  let original: Json | undefined;
  try {
    original = lastApplied ? (JSON.parse(lastApplied) as Json) : undefined;
  } catch {
    original = undefined;
  }
  return merge(modified.kind, '', original, modified as unknown as Json, live as unknown as Json) as unknown as T;
}

/**
 * The API server's three patch types applied to a live object (k8s.io/apiserver
 * pkg/endpoints/handlers/patch.go):
 *  - strategic merge (apimachinery pkg/util/strategicpatch): maps merge, `null` deletes a key,
 *    lists with a patchMergeKey merge element by element (a Service's ports by port, containers
 *    by name ...), other lists are replaced; `$patch: replace|delete` directives;
 *  - JSON merge patch (RFC 7386, evanphx/json-patch MergePatch): maps merge, `null` deletes,
 *    lists are replaced;
 *  - JSON patch (RFC 6902, gopkg.in/evanphx/json-patch.v4): add, remove, replace, move, copy,
 *    test, failing in that library's words.
 */
import type { Kind } from '../../api/objects.ts';
import { mergeKey } from '../../cluster/apply.ts';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A patch value as it lands where nothing was: directives and null-valued keys dropped. */
function strip(v: Json): Json {
  if (Array.isArray(v)) return v.map(strip);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const k in v) if (!k.startsWith('$') && v[k] !== null) out[k] = strip(v[k]);
  return out;
}

export function strategicMerge(kind: Kind, original: Json | undefined, patch: Json, path = ''): Json | undefined {
  if (isObject(patch)) {
    if (patch.$patch === 'delete') return undefined;
    if (patch.$patch === 'replace' || !isObject(original)) return strip(patch);
    const out: JsonObject = { ...original };
    for (const k in patch) {
      if (k.startsWith('$')) continue;
      const v = patch[k];
      if (v === null) {
        delete out[k];
        continue;
      }
      const merged = strategicMerge(kind, out[k], v, path ? `${path}.${k}` : k);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
    return out;
  }
  if (Array.isArray(patch)) {
    const key = mergeKey(kind, path);
    if (!key || !Array.isArray(original)) return patch.filter((e) => !(isObject(e) && e.$patch === 'delete')).map(strip);
    const out = [...original];
    for (const e of patch) {
      const at = isObject(e) ? out.findIndex((o) => isObject(o) && JSON.stringify(o[key] ?? null) === JSON.stringify(e[key] ?? null)) : -1;
      if (isObject(e) && e.$patch === 'delete') {
        if (at >= 0) out.splice(at, 1);
      } else if (at >= 0) out[at] = strategicMerge(kind, out[at], e, path) ?? out[at];
      else out.push(strip(e));
    }
    return out;
  }
  return patch;
}

/** RFC 7386. */
export function jsonMergePatch(original: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const out: JsonObject = isObject(original) ? { ...original } : {};
  for (const k in patch) {
    if (patch[k] === null) delete out[k];
    else out[k] = jsonMergePatch(out[k], patch[k]);
  }
  return out;
}

export class JsonPatchError extends Error {}

/** RFC 6901 pointer tokens. */
function tokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The container a pointer's last token lives in, and that token (findObject). */
function locate(doc: Json, pointer: string): { parent: Json; key: string } | undefined {
  const parts = tokens(pointer);
  let cur: Json = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i];
    if (Array.isArray(cur)) cur = /^\d+$/.test(p) ? (cur[Number(p)] as Json | undefined) ?? null : null;
    else if (isObject(cur)) cur = p in cur ? cur[p] : null;
    else return undefined;
    if (cur === null) return undefined;
  }
  return { parent: cur, key: parts[parts.length - 1] ?? '' };
}

function getAt(c: Json, key: string): Json | undefined {
  if (Array.isArray(c)) return /^\d+$/.test(key) ? c[Number(key)] : undefined;
  return isObject(c) && key in c ? c[key] : undefined;
}

/** Applies the operations to a copy of the JSON value. */
export function jsonPatch(doc: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw new JsonPatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let out = JSON.parse(JSON.stringify(doc)) as Json;
  for (const op of ops) {
    if (!isObject(op)) throw new JsonPatchError('json: cannot unmarshal into Go value of type jsonpatch.Operation');
    const kind = op.op;
    const path = typeof op.path === 'string' ? op.path : '';
    const missing = (what: string) => new JsonPatchError(`${kind} operation does not apply: doc is missing ${what}: ${path}: missing value`);
    const put = (target: string, value: Json, insert: boolean) => {
      if (target === '') {
        out = value;
        return;
      }
      const at = locate(out, target);
      if (!at) throw missing('path');
      if (Array.isArray(at.parent)) {
        const i = at.key === '-' ? at.parent.length : Number(at.key);
        if (!/^(\d+|-)$/.test(at.key) || i > at.parent.length || (!insert && i >= at.parent.length)) throw missing('key');
        if (insert) at.parent.splice(i, 0, value);
        else at.parent[i] = value;
      } else if (isObject(at.parent)) at.parent[at.key] = value;
      else throw missing('path');
    };
    const take = (source: string): Json => {
      const at = locate(out, source);
      const v = at && getAt(at.parent, at.key);
      if (!at || v === undefined) throw missing('key');
      if (Array.isArray(at.parent)) at.parent.splice(Number(at.key), 1);
      else delete (at.parent as JsonObject)[at.key];
      return v;
    };
    switch (kind) {
      case 'add':
        put(path, op.value ?? null, true);
        break;
      case 'remove':
        take(path);
        break;
      case 'replace': {
        const at = locate(out, path);
        if (!at) throw missing('path');
        if (getAt(at.parent, at.key) === undefined) throw missing('key');
        put(path, op.value ?? null, false);
        break;
      }
      case 'move':
        put(path, take(typeof op.from === 'string' ? op.from : ''), true);
        break;
      case 'copy': {
        const at = locate(out, typeof op.from === 'string' ? op.from : '');
        const v = at && getAt(at.parent, at.key);
        if (v === undefined) throw missing('key');
        put(path, JSON.parse(JSON.stringify(v)) as Json, true);
        break;
      }
      case 'test': {
        const at = locate(out, path);
        const v = at && getAt(at.parent, at.key);
        if (JSON.stringify(v ?? null) !== JSON.stringify(op.value ?? null)) throw new JsonPatchError(`testing value ${path} failed: test failed`);
        break;
      }
      default:
        // evanphx/json-patch Operation.Kind: "unknown" when the op is missing.
        throw new JsonPatchError(`Unexpected kind: ${typeof kind === 'string' ? kind : 'unknown'}`);
    }
  }
  return out;
}

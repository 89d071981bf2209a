/**
 * controller.ComputeHash (kubernetes pkg/controller/controller_utils.go): FNV-32a over the pod
 * template, then over the collision count, printed in decimal and mapped onto the safe
 * alphabet (`55ffb645f8`). The real hash feeds a Go-syntax dump of the struct
 * (hashutil.DeepHashObject); svcsim hashes a canonical JSON form instead, so the shape and
 * stability match but the value differs from a real cluster's for the same template.
 */
import type { PodTemplateSpec } from '../api/core.ts';
import { safeEncodeString } from '../rand.ts';
import { goJson } from './apply.ts';
import { deepEqual } from './deep-equal.ts';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnv32a(bytes: Iterable<number>, h = FNV_OFFSET): number {
  for (const b of bytes) h = Math.imul(h ^ b, FNV_PRIME) >>> 0;
  return h >>> 0;
}

function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** FNV-32a of the string's UTF-8 bytes: ASCII text hashed from its character codes, the rest encoded first. */
function fnv32aText(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return fnv32a(utf8(text));
    h = Math.imul(h ^ c, FNV_PRIME) >>> 0;
  }
  return h >>> 0;
}

export function computeHash(template: PodTemplateSpec, collisionCount?: number): string {
  let h = fnv32aText(goJson(template));
  if (collisionCount !== undefined) {
    // binary.LittleEndian.PutUint32 into an 8-byte buffer: all 8 bytes are hashed.
    const c = collisionCount >>> 0;
    h = fnv32a([c & 255, (c >>> 8) & 255, (c >>> 16) & 255, (c >>> 24) & 255, 0, 0, 0, 0], h);
  }
  return safeEncodeString(String(h));
}

export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** The template without the pod-template-hash label, for EqualIgnoreHash. */
export function templateWithoutHash(t: PodTemplateSpec): PodTemplateSpec {
  const labels = { ...(t.metadata?.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH_LABEL];
  return { ...t, metadata: { ...(t.metadata ?? {}), labels } };
}

/** Equal as deepEqual would find the two without their own fields named `skip` (undefined counts as absent). */
function equalExcept(a: Record<string, unknown>, b: Record<string, unknown>, skip: string): boolean {
  let na = 0;
  for (const k in a) {
    if (k === skip || a[k] === undefined) continue;
    na++;
    if (!deepEqual(a[k], b[k])) return false;
  }
  let nb = 0;
  for (const k in b) if (k !== skip && b[k] !== undefined) nb++;
  return na === nb;
}

/**
 * EqualIgnoreHash: deepEqual(templateWithoutHash(a), templateWithoutHash(b)) without building
 * either copy (a Deployment sync compares its template with every ReplicaSet's).
 */
export function equalIgnoringHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  const am = (a.metadata ?? {}) as Record<string, unknown>;
  const bm = (b.metadata ?? {}) as Record<string, unknown>;
  const al = (am.labels ?? {}) as Record<string, unknown>;
  const bl = (bm.labels ?? {}) as Record<string, unknown>;
  return (
    equalExcept(al, bl, POD_TEMPLATE_HASH_LABEL) &&
    equalExcept(am, bm, 'labels') &&
    equalExcept(a as unknown as Record<string, unknown>, b as unknown as Record<string, unknown>, 'metadata')
  );
}

/** Deep copy of plain data (objects, arrays, primitives): objects are never mutated in place. */
export function clonePlain<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = clonePlain(v[i] as unknown);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const k in v as Record<string, unknown>) {
    if (Object.prototype.hasOwnProperty.call(v, k)) out[k] = clonePlain((v as Record<string, unknown>)[k]);
  }
  return out as T;
}

/**
 * resource.Quantity values as describe needs them: Value() and MilliValue() (both round up, as
 * apimachinery pkg/api/resource/quantity.go does) of a quantity written as a string or number.
 */

const SUFFIX: Record<string, number> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The quantity as a number of base units, or undefined when it does not parse. */
export function quantityNumber(q: string | number | undefined): number | undefined {
  if (q === undefined) return undefined;
  if (typeof q === 'number') return q;
  const m = /^([+-]?[0-9.]+)(?:[eE]([+-]?[0-9]+))?([a-zA-Z]*)$/.exec(q.trim());
  if (!m || !(m[3] in SUFFIX)) return undefined;
  return parseFloat(m[1]) * 10 ** Number(m[2] ?? 0) * SUFFIX[m[3]];
}

/** Quantity.Value(): whole units, rounded up; 0 for a missing quantity. */
export function quantityValue(q: string | number | undefined): number {
  return Math.ceil(roundTiny(quantityNumber(q) ?? 0));
}

/** Quantity.MilliValue(): thousandths, rounded up; 0 for a missing quantity. */
export function quantityMilliValue(q: string | number | undefined): number {
  return Math.ceil(roundTiny((quantityNumber(q) ?? 0) * 1000));
}

/** Float noise (0.1 * 1000 = 100.00000000000001) must not round a whole number up. */
function roundTiny(v: number): number {
  const r = Math.round(v);
  return Math.abs(v - r) < 1e-9 ? r : v;
}

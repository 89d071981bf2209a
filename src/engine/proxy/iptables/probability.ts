/**
 * proxier.go computeProbability: fmt.Sprintf("%0.10f", 1.0/float64(n)), cached as upstream does.
 * Go rounds the exact binary value half-to-even; JavaScript's toFixed rounds exact ties up,
 * which differs only at n = 2048 (1/2048 = 0.00048828125 exactly), so ties are resolved here.
 */
const cache: string[] = ['<bad value>'];

function format(n: number): string {
  const x = 1 / n;
  // toFixed(20) shows the double's exact decimal expansion far enough to see a tie at digit 11.
  const wide = x.toFixed(20);
  const dot = wide.indexOf('.');
  const tail = wide.slice(dot + 11);
  if (/^50*$/.test(tail)) {
    const digits = wide.slice(0, dot + 11);
    const last = Number(digits[digits.length - 1]);
    if (last % 2 === 0) return digits;
  }
  return x.toFixed(10);
}

export function probability(n: number): string {
  for (let i = cache.length; i <= n; i++) cache.push(format(i));
  return cache[n];
}

/**
 * Array.prototype.sort for the short arrays controllers sort by the thousand (an object's keys,
 * a Service's ten endpoints): V8's sort allocates work arrays on every call, which for three
 * elements costs more than the sorting. Insertion sort is stable, as Array.prototype.sort is,
 * so for a consistent comparator both give the same order. Longer arrays go to the built-in.
 */
const SMALL = 16;

export function smallSort<T>(a: T[], cmp: (x: T, y: T) => number): T[] {
  if (a.length > SMALL) return a.sort(cmp);
  for (let i = 1; i < a.length; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && cmp(a[j], v) > 0) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
  return a;
}

/** The default sort of strings (by UTF-16 code units), for short arrays without allocating. */
export function sortStrings(a: string[]): string[] {
  if (a.length > SMALL) return a.sort();
  for (let i = 1; i < a.length; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
  return a;
}

/**
 * kubectl get --sort-by (kubernetes/kubectl pkg/cmd/get/sorter.go): objects ordered by the first
 * value a JSONPath finds in each, compared as sorter.go's isLess compares unstructured values
 * (numbers as numbers; two strings that both parse as resource quantities by value, else byte by
 * byte; a missing value first), with Go's sort.Sort, whose order for equal keys svcsim keeps.
 */
import type { KubeObject } from '../../api/objects.ts';
import type { JsonValue } from './print/json.ts';
import { relaxedJsonPathExpression } from './print/custom-columns.ts';
import { JsonPath } from './print/jsonpath/evaluate.ts';
import { JsonPathParseError, parseJsonPath } from './print/jsonpath/parser.ts';
import { goSort } from './go-sort.ts';

export class SortByError extends Error {}

const SUFFIX: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };

/** resource.ParseQuantity's value, or undefined when the string is no quantity. */
function quantity(s: string): number | undefined {
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  const suffix = m[2] ?? '';
  if (suffix[0] === 'e' || suffix[0] === 'E') return n * 10 ** Number(suffix.slice(1));
  return n * SUFFIX[suffix];
}

function isLess(i: JsonValue, j: JsonValue, field: string): boolean {
  if (i === null && j === null) return false;
  if (i === null) return true;
  if (j === null) return false;
  if (typeof i === 'number' && typeof j === 'number') return i < j;
  if (typeof i === 'string' && typeof j === 'string') {
    const qi = quantity(i);
    const qj = quantity(j);
    return qi !== undefined && qj !== undefined ? qi < qj : i < j;
  }
  throw new SortByError(`svcsim: the values at ${field} cannot be sorted (kubectl stops with "unsortable type")`);
}

/**
 * Sorts the objects in place. `requireField`: every list sorted must have the field in at least
 * one object (NewTableSorter, SortObjects); a table of one row is still checked, as kubectl does.
 */
export function sortObjects(objects: KubeObject[], sortBy: string): void {
  let field: string;
  try {
    field = relaxedJsonPathExpression(sortBy);
  } catch {
    field = sortBy;
  }
  let path: JsonPath;
  try {
    path = new JsonPath(parseJsonPath(field), true);
  } catch (e) {
    // A path that does not parse fails the sort with the parser's message (sorter.go returns parser.Parse's error).
    if (e instanceof JsonPathParseError) throw new SortByError(e.message);
    throw e;
  }
  const values = objects.map((o) => {
    const found = path.findResults(o as unknown as JsonValue);
    return found.length > 0 && found[0].length > 0 ? (found[0][0] as JsonValue) : undefined;
  });
  if (objects.length > 0 && values.every((v) => v === undefined)) throw new SortByError(`couldn't find any field with path "${field}" in the list of objects`);
  goSort(
    {
      less: (a, b) => {
        const vi = values[a];
        const vj = values[b];
        if (vi === undefined) return true;
        if (vj === undefined) return false;
        return isLess(vi, vj, field);
      },
      swap: (a, b) => {
        [objects[a], objects[b]] = [objects[b], objects[a]];
        [values[a], values[b]] = [values[b], values[a]];
      },
    },
    objects.length,
  );
}

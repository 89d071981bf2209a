/**
 * -o custom-columns=HEADER:.path,... (kubernetes/cli-runtime pkg/printers/customcolumn.go):
 * each cell is the path's results joined with commas (Go's %v of each), `<none>` when empty.
 */
import type { JsonValue } from './json.ts';
import { JsonPath } from './jsonpath/evaluate.ts';
import { goSprint } from './jsonpath/go-format.ts';
import { parseJsonPath } from './jsonpath/parser.ts';
import { formatCells, TABLE_TABWRITER } from './tabwriter.ts';

export class CustomColumnsError extends Error {}

const JSON_REGEXP = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/** RelaxedJSONPathExpression: `.a.b`, `a.b`, `{.a.b}` all become `{.a.b}`. */
export function relaxedJsonPathExpression(path: string): string {
  if (path.length === 0) return path;
  const m = JSON_REGEXP.exec(path);
  if (!m) throw new CustomColumnsError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  return `{.${m[1] || m[2]}}`;
}

interface Column {
  header: string;
  path: JsonPath;
}

/** NewCustomColumnsPrinterFromSpec. */
export function parseCustomColumns(spec: string): Column[] {
  if (spec.length === 0) throw new CustomColumnsError('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':'); // strings.SplitN(part, ":", 2)
    if (colon < 0) throw new CustomColumnsError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    const expr = relaxedJsonPathExpression(part.slice(colon + 1));
    return { header: part.slice(0, colon), path: new JsonPath(parseJsonPath(expr), true) };
  });
}

/** printers.EscapeTerminal: ESC as `^[`, a carriage return as `\\r` (cli-runtime terminal.go). */
function escapeTerminal(s: string): string {
  return s.includes('\x1b') || s.includes('\r') ? s.replaceAll('\x1b', '^[').replaceAll('\r', '\\r') : s;
}

export function printCustomColumns(columns: Column[], items: readonly JsonValue[], noHeaders: boolean): string {
  const lines: string[][] = [];
  if (!noHeaders) lines.push(columns.map((c) => c.header));
  for (const item of items) {
    lines.push(
      columns.map((c) => {
        const values = c.path.findResults(item);
        const strings: string[] = [];
        if (values.length === 0 || values[0].length === 0) strings.push('<none>');
        for (const arr of values) for (const v of arr) strings.push(escapeTerminal(goSprint(v)));
        return strings.join(',');
      }),
    );
  }
  return formatCells(lines, TABLE_TABWRITER);
}

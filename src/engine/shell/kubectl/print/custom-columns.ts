/**
 * -o custom-columns=HEADER:.path,... (kubernetes/kubectl pkg/cmd/get/customcolumn.go):
 * each cell is the path's results joined with commas (Go's %v of each), `<none>` when empty.
 */
import type { JsonValue } from './json.ts';
import { JsonPath, JsonPathExecError } from './jsonpath/evaluate.ts';
import { goSprint } from './jsonpath/go-format.ts';
import { JsonPathParseError, parseJsonPath } from './jsonpath/parser.ts';
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
  /** The relaxed template, `{.a.b}`; parsed only when printing, as PrintObj does. */
  template: string;
}

/** NewCustomColumnsPrinterFromSpec: the spec's own errors, before anything prints. */
export function parseCustomColumns(spec: string): Column[] {
  if (spec.length === 0) throw new CustomColumnsError('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':'); // strings.SplitN(part, ":", 2)
    if (colon < 0) throw new CustomColumnsError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, colon), template: relaxedJsonPathExpression(part.slice(colon + 1)) };
  });
}

/** printers.EscapeTerminal: ESC as `^[`, a carriage return as `\\r` (cli-runtime terminal.go). */
function escapeTerminal(s: string): string {
  return s.includes('\x1b') || s.includes('\r') ? s.replaceAll('\x1b', '^[').replaceAll('\r', '\\r') : s;
}

/**
 * CustomColumnsPrinter.PrintObj: the header is written before the column paths are parsed and
 * the rows found, and the tabwriter is flushed on the way out, so a template that fails to parse
 * or to run still prints the header and the rows before the failing one, then the error.
 */
export function printCustomColumns(columns: Column[], items: readonly JsonValue[], noHeaders: boolean): { text: string; error?: string } {
  const lines: string[][] = [];
  if (!noHeaders) lines.push(columns.map((c) => c.header));
  const done = (error?: string) => ({ text: formatCells(lines, TABLE_TABWRITER), ...(error !== undefined ? { error } : {}) });
  let paths: JsonPath[];
  try {
    paths = columns.map((c) => new JsonPath(parseJsonPath(c.template), true));
  } catch (e) {
    if (e instanceof JsonPathParseError) return done(e.message);
    throw e;
  }
  for (const item of items) {
    const row: string[] = [];
    for (const path of paths) {
      let values: JsonValue[][];
      try {
        values = path.findResults(item);
      } catch (e) {
        if (e instanceof JsonPathExecError) return done(e.message);
        throw e;
      }
      const strings: string[] = [];
      if (values.length === 0 || values[0].length === 0) strings.push('<none>');
      for (const arr of values) for (const v of arr) strings.push(escapeTerminal(goSprint(v)));
      row.push(strings.join(','));
    }
    lines.push(row);
  }
  return done();
}

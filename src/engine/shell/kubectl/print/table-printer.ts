/**
 * kubectl get's human-readable output: one table per resource group, a blank line between
 * groups, NAMESPACE first with -A, `kind/name` when several kinds are printed, -L columns and
 * LABELS last (kubernetes/cli-runtime pkg/printers/tableprinter.go printHeader/printRows;
 * kubectl pkg/cmd/get/get.go Run: flush and forget widths per group, separatorWriterWrapper).
 */
import type { KubeObject } from '../../../api/objects.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import { TABLES } from './columns.ts';
import { formatLabels } from './labels.ts';
import { formatCells, TABLE_TABWRITER } from './tabwriter.ts';

export interface TableOptions {
  wide: boolean;
  withNamespace: boolean;
  withKind: boolean;
  noHeaders: boolean;
  showLabels: boolean;
  labelColumns: readonly string[];
}

/** schema.GroupKind.String() lower-cased: `pod`, `deployment.apps`, `endpointslice.discovery.k8s.io`. */
export function groupKindName(resource: ResourceInfo): string {
  return (resource.group ? `${resource.kind}.${resource.group}` : resource.kind).toLowerCase();
}

/** formatLabelHeaders: the last path segment of the key, upper-cased. */
function labelHeader(key: string): string {
  const parts = key.split('/');
  return parts[parts.length - 1].toUpperCase();
}

/**
 * How printTable writes a string cell: cut at the first newline, carriage return or form feed
 * (`...` marks the cut), then ESC shown as `^[` (cli-runtime tableprinter.go printTable,
 * terminal.go WriteEscaped), so a stray control character cannot break the table or the terminal.
 */
export function tableCell(cell: string): string {
  const cut = cell.search(/[\f\n\r]/);
  const shown = cut >= 0 ? cell.slice(0, cut) : cell;
  return (shown.includes('\x1b') ? shown.replaceAll('\x1b', '^[') : shown) + (cut >= 0 ? '...' : '');
}

/** One group's table text (ending in a newline), or '' when it has no objects. */
export function printTable(resource: ResourceInfo, objects: readonly KubeObject[], opts: TableOptions, nowMs: number): string {
  if (objects.length === 0) return '';
  const def = TABLES[resource.kind];
  const lines: string[][] = [];
  if (!opts.noHeaders) {
    const header: string[] = [];
    if (opts.withNamespace) header.push('NAMESPACE');
    for (const c of def.columns) header.push(c.toUpperCase());
    if (opts.wide) for (const c of def.wideColumns) header.push(c.toUpperCase());
    for (const l of opts.labelColumns) header.push(labelHeader(l));
    if (opts.showLabels) header.push('LABELS');
    lines.push(header);
  }
  const prefix = opts.withKind ? groupKindName(resource) + '/' : '';
  for (const obj of objects) {
    const cells = def.cells(obj, nowMs, opts.wide);
    if (prefix) cells[0] = prefix + cells[0];
    const row = opts.withNamespace ? [obj.metadata.namespace ?? '', ...cells] : cells;
    const labels = obj.metadata.labels ?? {};
    for (const l of opts.labelColumns) row.push(labels[l] ?? '');
    if (opts.showLabels) row.push(formatLabels(obj.metadata.labels));
    lines.push(row.map(tableCell));
  }
  return formatCells(lines, TABLE_TABWRITER);
}

/** kubectl's printers: `get` tables and -o formats, `describe`. Stubs; filled in next. */
import type { KubeObject } from '../../../api/objects.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import type { ClusterReader } from '../../../cluster/types.ts';

export interface PrintOptions {
  output?: 'wide' | 'yaml' | 'json' | 'name' | `jsonpath=${string}` | `custom-columns=${string}`;
  showLabels?: boolean;
  allNamespaces?: boolean;
  noHeaders?: boolean;
  labelColumns?: string[];
  showKind?: boolean;
}

export interface PrintResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export function printGet(
  groups: { resource: ResourceInfo; objects: readonly KubeObject[] }[],
  opts: PrintOptions,
  cluster: ClusterReader,
): PrintResult {
  void groups; void opts; void cluster;
  return { stdout: '', stderr: '', exitCode: 0 };
}

export function describe(obj: KubeObject, cluster: ClusterReader): string {
  void cluster;
  return `Name: ${obj.metadata.name}\n`;
}

export function formatAge(fromRfc3339: string | undefined, nowMs: number): string {
  void fromRfc3339; void nowMs;
  return '<unknown>';
}

export function tabwriter(rows: string[][], opts?: { minwidth?: number; tabwidth?: number; padding?: number }): string {
  void opts;
  return rows.map((r) => r.join('\t')).join('\n');
}

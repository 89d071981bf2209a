/** `svcsim scenarios`: the built-in scenarios as a kubectl-like table, or as JSON. */
import type { ScenarioEntry } from '../scenarios/catalog.ts';

/** NAME and TITLE columns, aligned the way kubectl's tabwriter aligns (padding 3). */
export function formatScenarioList(entries: readonly ScenarioEntry[], json: boolean): string {
  if (json) {
    return `${JSON.stringify(entries.map(({ id, title, description }) => ({ name: id, title, description })))}\n`;
  }
  const rows = [['NAME', 'TITLE'], ...entries.map((e) => [e.id, e.title])];
  const width = Math.max(...rows.map((r) => r[0].length)) + 3;
  return rows.map(([name, title]) => `${name.padEnd(width)}${title}\n`).join('');
}

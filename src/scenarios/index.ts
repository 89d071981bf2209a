/**
 * The built-in scenarios, bundled by Vite: one YAML file per seed tutorial in this folder.
 * (The CLI reads the same files from disk instead; see src/cli/scenario-files.ts.)
 */
import { catalog, findScenario } from './catalog.ts';
import type { ScenarioEntry } from './catalog.ts';

export type { ScenarioEntry } from './catalog.ts';

const files = import.meta.glob<string>('./*.yaml', { query: '?raw', import: 'default', eager: true });

/** Every built-in scenario, by id (`000-helloworld`, `001-mynginx`, ...). */
export const SCENARIOS: readonly ScenarioEntry[] = catalog(files);

/** A built-in scenario by id or by its name without the number (`mynginx`). */
export function scenarioByName(name: string): ScenarioEntry | undefined {
  return findScenario(SCENARIOS, name);
}

/**
 * The built-in scenarios as a list: id, title and text. Shared by the app (which bundles the
 * YAML files, see index.ts) and the CLI (which reads them from disk); no I/O here.
 */
import { parseAllDocuments } from 'yaml';

export interface ScenarioEntry {
  /** The file name without `.yaml`, e.g. `001-mynginx`. */
  id: string;
  /** The Scenario document's title, or the id when it has none. */
  title: string;
  description: string;
  /** The whole multi-document YAML text, as `createSession({ scenario })` takes it. */
  text: string;
}

/** `./001-mynginx.yaml` or `/x/y/001-mynginx.yaml` -> `001-mynginx`. */
export function scenarioId(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.replace(/\.ya?ml$/, '');
}

/** Reads the title and description of the Scenario document in `text` (no validation). */
export function scenarioEntry(path: string, text: string): ScenarioEntry {
  const id = scenarioId(path);
  for (const doc of parseAllDocuments(text)) {
    if (!('contents' in doc) || doc.errors.length > 0) continue;
    const js: unknown = doc.toJS();
    if (typeof js !== 'object' || js === null) continue;
    const fields = js as Record<string, unknown>;
    if (fields.kind !== 'Scenario') continue;
    return {
      id,
      title: typeof fields.title === 'string' ? fields.title : id,
      description: typeof fields.description === 'string' ? fields.description.trim() : '',
      text,
    };
  }
  return { id, title: id, description: '', text };
}

/** Entries sorted by id (the ids start with the seed tutorial's number). */
export function catalog(files: Record<string, string>): ScenarioEntry[] {
  return Object.entries(files)
    .map(([path, text]) => scenarioEntry(path, text))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * A scenario by what a user typed: its id (`001-mynginx`) or the id without the number
 * (`mynginx`).
 */
export function findScenario(entries: readonly ScenarioEntry[], name: string): ScenarioEntry | undefined {
  return (
    entries.find((e) => e.id === name) ??
    entries.find((e) => e.id.replace(/^\d+-/, '') === name) ??
    // `001` or `1` names the seed by its number.
    (/^\d+$/.test(name) ? entries.find((e) => Number(e.id.split('-')[0]) === Number(name)) : undefined)
  );
}

/** Starts a session on a built-in scenario, for the seed golden tests. */
import { createSession } from '../../engine/index.ts';
import type { LineResult, Session } from '../../engine/index.ts';
import { parseAllDocuments } from 'yaml';
import { scenarioByName } from '../index.ts';

export function scenarioSession(name: string): Session {
  const entry = scenarioByName(name);
  if (!entry) throw new Error(`no built-in scenario ${name}`);
  return createSession({ scenario: entry.text, scenarioFile: `${entry.id}.yaml` });
}

/** The result without the echoed line, for whole-result comparisons. */
export function outcome(r: LineResult): { exitCode: number; stdout: string; stderr: string } {
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

/** The file a scenario offers at `path`, as `cat` prints it (read from the YAML, not the engine). */
export function scenarioFile(name: string, path: string): string {
  const text = scenarioByName(name)?.text ?? '';
  const doc = parseAllDocuments(text)[0];
  const js: unknown = 'contents' in doc ? doc.toJS() : undefined;
  const files = (js as { files?: Record<string, string> } | undefined)?.files ?? {};
  const content = files[path];
  if (content === undefined) throw new Error(`scenario ${name} has no file ${path}`);
  return content;
}

/** v1.33 prints this on stderr for every read of v1 Endpoints (reference §6.5, §11.3). */
export const ENDPOINTS_WARNING = 'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n';

/**
 * `kubectl explain RESOURCE[.FIELD...] [--recursive]` as kubectl v1.33 prints it from the
 * OpenAPI v3 schema (kubernetes/kubectl pkg/explain/v2/explain.go and templates/plaintext.tmpl).
 */
import { resolveResource } from '../../../api/resources.ts';
import { output } from './render.ts';
import { SCHEMAS } from './schemas.ts';

/** The kinds whose schemas svcsim carries, by the root schema's name. */
const ROOTS: Partial<Record<string, string>> = {
  Service: 'io.k8s.api.core.v1.Service',
  Endpoints: 'io.k8s.api.core.v1.Endpoints',
  Pod: 'io.k8s.api.core.v1.Pod',
  Deployment: 'io.k8s.api.apps.v1.Deployment',
};

export function explain(path: string, opts: { recursive?: boolean } = {}): { stdout: string; stderr: string; exitCode: number } {
  const [resourceName, ...fieldPath] = path.split('.');
  const resource = resolveResource(resourceName);
  if (!resource) return { stdout: '', stderr: `error: the server doesn't have a resource type "${resourceName}"\n`, exitCode: 1 };
  const root = ROOTS[resource.kind];
  if (!root) return { stdout: '', stderr: `error: svcsim has no OpenAPI schema for "${resource.resource}" to explain\n`, exitCode: 1 };
  const body = output(SCHEMAS[root], fieldPath, !!opts.recursive);
  if (!body) return { stdout: '', stderr: `error: field "${fieldPath[fieldPath.length - 1]}" does not exist\n`, exitCode: 1 };
  let header = '';
  if (resource.group) header += `GROUP:      ${resource.group}\n`;
  header += `KIND:       ${resource.kind}\nVERSION:    ${resource.version}\n\n`;
  return { stdout: header + body + '\n', stderr: '', exitCode: 0 };
}

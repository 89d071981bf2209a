/**
 * The API resources svcsim serves, with the names kubectl accepts for them
 * (`kubectl api-resources` on v1.33: NAME, SHORTNAMES, APIVERSION, NAMESPACED, KIND).
 */
import type { Kind } from './objects.ts';

export interface ResourceInfo {
  kind: Kind;
  /** Plural resource name, as in API paths and messages (`services "x" not found`). */
  resource: string;
  singular: string;
  shortNames: readonly string[];
  group: string;
  version: string;
  apiVersion: string;
  namespaced: boolean;
}

function info(kind: Kind, resource: string, shortNames: string[], group: string, version: string, namespaced: boolean): ResourceInfo {
  return {
    kind,
    resource,
    singular: kind.toLowerCase(),
    shortNames,
    group,
    version,
    apiVersion: group ? `${group}/${version}` : version,
    namespaced,
  };
}

export const RESOURCES: readonly ResourceInfo[] = [
  info('ConfigMap', 'configmaps', ['cm'], '', 'v1', true),
  info('Endpoints', 'endpoints', ['ep'], '', 'v1', true),
  info('Namespace', 'namespaces', ['ns'], '', 'v1', false),
  info('Node', 'nodes', ['no'], '', 'v1', false),
  info('Pod', 'pods', ['po'], '', 'v1', true),
  info('Service', 'services', ['svc'], '', 'v1', true),
  info('DaemonSet', 'daemonsets', ['ds'], 'apps', 'v1', true),
  info('Deployment', 'deployments', ['deploy'], 'apps', 'v1', true),
  info('ReplicaSet', 'replicasets', ['rs'], 'apps', 'v1', true),
  info('EndpointSlice', 'endpointslices', [], 'discovery.k8s.io', 'v1', true),
];

const byKind = new Map(RESOURCES.map((r) => [r.kind, r]));

export function resourceForKind(kind: Kind): ResourceInfo {
  const r = byKind.get(kind);
  if (!r) throw new Error(`no resource for kind ${kind}`);
  return r;
}

/**
 * Resolves what a user typed (`svc`, `services`, `Service`, `deployments.apps`,
 * `deployment.v1.apps`) to a resource, as kubectl's RESTMapper does; undefined if unknown.
 */
export function resolveResource(typed: string): ResourceInfo | undefined {
  const lower = typed.toLowerCase();
  const [name, ...rest] = lower.split('.');
  const groupPart = rest.join('.');
  for (const r of RESOURCES) {
    const names = [r.resource, r.singular, ...r.shortNames];
    if (!names.includes(name)) continue;
    if (!groupPart) return r;
    if (groupPart === r.group || groupPart === `${r.version}.${r.group}` || (r.group === '' && groupPart === r.version)) return r;
  }
  return undefined;
}

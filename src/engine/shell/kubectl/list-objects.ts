/** Finding the objects a read command names: by name, by label selector, in one or all namespaces. */
import type { KubeObject } from '../../api/objects.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import { notFoundError } from '../../api/status.ts';
import { matchesSelector, parseSelector, type Selector } from '../../api/labels.ts';
import { flagBool, flagValue, type ParsedFlags } from '../flags.ts';
import { namespaceOf } from './command.ts';
import type { KubeCluster } from '../context.ts';
import type { ResourceRequest } from './resource-args.ts';
import { statusErr, type KubectlError } from './errors.ts';

export interface Scope {
  namespace: string;
  allNamespaces: boolean;
  selector?: Selector;
}

/** Where a read or a bulk write looks: `-n`/`-A` and `-l`, or kubectl's error for a bad selector. */
export function scopeOf(p: ParsedFlags): Scope | { error: string } {
  const sel = flagValue(p, 'selector');
  const parsed = sel !== undefined ? parseSelector(sel) : undefined;
  if (parsed && !parsed.ok) return { error: `error: ${parsed.error}` };
  return { namespace: namespaceOf(p), allNamespaces: flagBool(p, 'all-namespaces'), selector: parsed?.ok ? parsed.selector : undefined };
}

/** The API path's resource name in NotFound messages: `services`, `deployments.apps`. */
export function qualifiedResource(r: ResourceInfo): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

export function listObjects(cluster: KubeCluster, resource: ResourceInfo, scope: Scope): KubeObject[] {
  const ns = resource.namespaced && !scope.allNamespaces ? scope.namespace : undefined;
  const all = cluster.list(resource.kind, ns) as readonly KubeObject[];
  return scope.selector ? all.filter((o) => matchesSelector(scope.selector as Selector, o.metadata.labels)) : [...all];
}

export function getNamed(
  cluster: KubeCluster,
  resource: ResourceInfo,
  names: readonly string[],
  scope: Scope,
): { objects: KubeObject[]; errors: KubectlError[] } {
  const objects: KubeObject[] = [];
  const errors: KubectlError[] = [];
  const ns = resource.namespaced ? scope.namespace : undefined;
  for (const name of names) {
    const o = cluster.get(resource.kind, ns, name) as KubeObject | undefined;
    if (o && (!scope.selector || matchesSelector(scope.selector, o.metadata.labels))) objects.push(o);
    else errors.push(statusErr(notFoundError(qualifiedResource(resource), name)));
  }
  return { objects, errors };
}

/** The objects of every request, each named one or all of its type, and the NotFound errors of names that match nothing. */
export function objectsOf(cluster: KubeCluster, requests: readonly ResourceRequest[], scope: Scope): { objects: KubeObject[]; errors: KubectlError[] } {
  const objects: KubeObject[] = [];
  const errors: KubectlError[] = [];
  for (const req of requests) {
    if (req.names.length) {
      const found = getNamed(cluster, req.resource, req.names, scope);
      objects.push(...found.objects);
      errors.push(...found.errors);
    } else {
      objects.push(...listObjects(cluster, req.resource, scope));
    }
  }
  return { objects, errors };
}

/** `No resources found in myservice namespace.` / `No resources found` (kubectl get.go). */
export function noResourcesMessage(scope: Scope, namespaced: boolean): string {
  return namespaced && !scope.allNamespaces ? `No resources found in ${scope.namespace} namespace.\n` : 'No resources found\n';
}

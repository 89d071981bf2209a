/** Finding the objects a read command names: by name, by label selector, in one or all namespaces. */
import type { KubeObject } from '../../api/objects.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import { notFoundError } from '../../api/status.ts';
import { matchesSelector, parseSelector, type Selector } from '../../api/labels.ts';
import { flagBool, flagValue, type ParsedFlags } from '../flags.ts';
import { goQuote } from '../../api/go-strings.ts';
import { filenames, namespaceOf } from './command.ts';
import type { KubeCluster } from '../context.ts';
import { parseResourceArgs, type ResourceRequest } from './resource-args.ts';
import { renderErrors, statusErr, type KubectlError } from './errors.ts';
import { gvrString, listSelectorError } from './field-selector.ts';

export interface Scope {
  namespace: string;
  allNamespaces: boolean;
  selector?: Selector;
}

/** Where a read or a bulk write looks: `-n`/`-A` and `-l`, or kubectl's error for a bad selector. */
export function scopeOf(p: ParsedFlags): Scope | { error: string } {
  const sel = flagValue(p, 'selector');
  const parsed = sel !== undefined ? parseSelector(sel) : undefined;
  if (sel !== undefined && parsed && !parsed.ok) return { error: badSelectorOutput(p, sel, parsed.error) };
  return { namespace: namespaceOf(p), allNamespaces: flagBool(p, 'all-namespaces'), selector: parsed?.ok ? parsed.selector : undefined };
}

/**
 * kubectl does not parse -l itself: the builder sends it with each list and the API server's
 * labels.Parse refuses it, a 400 that cli-runtime's EnhanceListError rewords, one per resource
 * type (the builders ContinueOnError). Only objects read from files are filtered client-side,
 * where builder.go visitByPaths words its own error. An argument the builder refuses
 * (a name beside a selector, an unknown type) fails before any list is sent.
 */
export function badSelectorOutput(p: ParsedFlags, selector: string, reason: string, args: readonly string[] = p.args): string {
  if (filenames(p).length) return `error: the provided selector ${goQuote(selector)} is not valid: ${reason}`;
  const parsed = parseResourceArgs(args, true);
  if (!parsed.ok) return parsed.error;
  return renderErrors(badSelectorErrors(parsed.requests.map((r) => gvrString(r.resource)), p, selector, reason));
}

/** The list errors of a selector the server refuses, one per resource (`/v1, Resource=pods`). */
export function badSelectorErrors(gvrs: readonly string[], p: ParsedFlags, selector: string, reason: string): KubectlError[] {
  return gvrs.map((gvr) => statusErr(listSelectorError(gvr, selector, flagValue(p, 'field-selector') ?? '', reason)));
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

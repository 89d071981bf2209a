/**
 * Reading `TYPE[,TYPE] [NAME...]` and `TYPE/NAME ...` arguments the way kubectl's resource
 * builder does (k8s.io/cli-runtime/pkg/resource/builder.go: ResourceTypeOrNameArgs).
 */
import { RESOURCES, resolveResource, type ResourceInfo } from '../../api/resources.ts';
import type { KubeObject } from '../../api/objects.ts';
import { flagBool, flagValue, type ParsedFlags } from '../flags.ts';

export interface ResourceRequest {
  resource: ResourceInfo;
  /** Empty: every object of the type. */
  names: string[];
}

export type ResourceArgsResult = { ok: true; requests: ResourceRequest[] } | { ok: false; error: string };

/** kubectl's `all` category, restricted to the kinds svcsim serves, in kubectl's order. */
const ALL_CATEGORY = ['pods', 'services', 'daemonsets', 'deployments', 'replicasets'];

/** builder.go missingResourceError: no argument, no -f, no selector. */
export const MISSING_RESOURCE_ERROR =
  "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/**
 * builder.go ResourceTypeOrNameArgs(allowEmptySelector, ...): the commands that pass their --all
 * there (set image, label, annotate) select everything only when the one argument is a TYPE;
 * beside a NAME or as TYPE/NAME, --all changes nothing.
 */
export function allSelectsEverything(args: readonly string[]): boolean {
  return args.length === 1 && !args[0].includes('/');
}

/** builder.go mappingFor: the message names the resource part of the argument, before its first dot. */
export function unknownResourceError(typed: string): string {
  return `error: the server doesn't have a resource type "${typed.split('.')[0]}"`;
}

/**
 * Whether the builder visits by selector (builder.go visitorResult): a non-empty `-l` or
 * `--field-selector`, or delete's `--all` (SelectAllParam; the other verbs' --all only lists).
 */
export function selectsByQuery(p: ParsedFlags, allFlag = false): boolean {
  const nonEmpty = (name: string) => (flagValue(p, name) ?? '').trim() !== '';
  return nonEmpty('selector') || nonEmpty('field-selector') || (allFlag && flagBool(p, 'all'));
}

function resolveTypes(typeArg: string): { ok: true; resources: ResourceInfo[] } | { ok: false; error: string } {
  const resources: ResourceInfo[] = [];
  for (const t of typeArg.split(',')) {
    if (t === '') continue;
    if (t === 'all') {
      for (const name of ALL_CATEGORY) resources.push(RESOURCES.find((r) => r.resource === name) as ResourceInfo);
      continue;
    }
    const r = resolveResource(t);
    if (!r) return { ok: false, error: unknownResourceError(t) };
    resources.push(r);
  }
  return { ok: true, resources };
}

/** builder.go visitByPaths: `-f` leaves no room for TYPE or TYPE/NAME arguments. */
export function argsWithPathsError(args: readonly string[]): string | undefined {
  if (!args.length) return undefined;
  return args.some((a) => a.includes('/'))
    ? 'error: resource/name arguments cannot be provided when a path is specified'
    : 'error: when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well';
}

/**
 * `bySelector` (selectsByQuery): the builder's visitBySelector refuses names, and no resource at
 * all, before it looks any type up.
 */
export function parseResourceArgs(args: readonly string[], bySelector = false): ResourceArgsResult {
  if (args.length === 0) {
    if (bySelector) return { ok: false, error: 'error: at least one resource must be specified to use a selector' };
    return { ok: true, requests: [] };
  }
  if (args.some((a) => a.includes('/'))) {
    if (!args.every((a) => a.includes('/'))) {
      return {
        ok: false,
        error:
          "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
      };
    }
    // builder.go splitResourceTypeName, for every argument before anything else.
    for (const a of args) {
      const seg = a.split('/');
      if (seg.length > 2) return { ok: false, error: 'error: arguments in resource/name form may not have more than one slash' };
      if (!seg[0] || !seg[1] || new Set(seg[0].split(',')).size !== 1) {
        return { ok: false, error: 'error: arguments in resource/name form must have a single resource and name' };
      }
    }
    if (bySelector) return { ok: false, error: 'error: selectors and the all flag cannot be used when passing resource/name arguments' };
    const requests: ResourceRequest[] = [];
    for (const a of args) {
      const slash = a.indexOf('/');
      const type = a.slice(0, slash);
      const name = a.slice(slash + 1);
      const r = resolveResource(type);
      if (!r) return { ok: false, error: unknownResourceError(type) };
      // One request per argument, in the order typed (builder.go visitByResource keeps each
      // TYPE/NAME as its own item): `deploy/a svc/b deploy/c` is answered a, b, c.
      requests.push({ resource: r, names: [name] });
    }
    return { ok: true, requests };
  }
  if (bySelector && args.length > 1) {
    // normalizeMultipleResourcesArgs made `a,b NAME` into TYPE/NAME tuples.
    const tuples = new Set(args[0].split(',')).size > 1;
    return { ok: false, error: tuples ? 'error: selectors and the all flag cannot be used when passing resource/name arguments' : 'error: name cannot be provided when a selector is specified' };
  }
  const types = resolveTypes(args[0]);
  if (!types.ok) return types;
  // Several types with names mean every type with every name (builder.go normalizeMultipleResourcesArgs).
  const names = args.slice(1);
  return { ok: true, requests: types.resources.map((resource) => ({ resource, names: [...names] })) };
}

/** `service/web`, `deployment.apps/web`: how kubectl names an object in its messages. */
export function objectRef(resource: ResourceInfo, name: string): string {
  return `${resource.singular}${resource.group ? `.${resource.group}` : ''}/${name}`;
}

export function refOf(obj: KubeObject): string {
  const r = RESOURCES.find((x) => x.kind === obj.kind) as ResourceInfo;
  return objectRef(r, obj.metadata.name);
}

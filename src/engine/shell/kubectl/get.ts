/** kubectl get (kubernetes/kubectl pkg/cmd/get/get.go). */
import type { KubeObject } from '../../api/objects.ts';
import { resolveResource, resourceForKind, type ResourceInfo } from '../../api/resources.ts';
import { flagBool, flagList, flagValue, type ParsedFlags } from '../flags.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import { ENDPOINTS_DEPRECATION_WARNING, printGet, type PrintOptions, type ResourceGroup } from './print/index.ts';
import { ALL_NAMESPACES_FLAG, FILENAME_FLAG, OUTPUT_FLAG, RECURSIVE_FLAG, SELECTOR_FLAG, type KubectlCommand } from './command.ts';
import { filenames } from './command.ts';
import { renderErrors, statusErr, type KubectlError } from './errors.ts';
import { gvrString, listSelectorError, matchesFields, readFieldSelector, unsupportedField } from './field-selector.ts';
import { badSelectorErrors, getNamed, listObjects, scopeOf } from './list-objects.ts';
import { parseSelector } from '../../api/labels.ts';
import { argsWithPathsError, parseResourceArgs, selectsByQuery, type ResourceRequest } from './resource-args.ts';
import { readManifestFiles } from './manifest-files.ts';
import { SortByError, sortObjects } from './sort-by.ts';
import { EVENT_RESOURCE_NAMES, getEvents } from './get-events.ts';

const REQUIRED_RESOURCE = `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.

error: Required resource not specified.
Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).
See 'kubectl get -h' for help and examples
`;

const OUTPUTS = ['wide', 'yaml', 'json', 'name'];

export function parseOutput(o: string | undefined): PrintOptions['output'] | { error: string } {
  if (o === undefined || o === '') return undefined;
  if (OUTPUTS.includes(o) || o.startsWith('jsonpath=') || o.startsWith('jsonpath-as-json=') || o.startsWith('custom-columns=')) return o as PrintOptions['output'];
  // A template format without its template (cli-runtime jsonpath_flags.go, kubectl customcolumn_flags.go ToPrinter).
  if (o === 'jsonpath' || o === 'jsonpath-as-json') return { error: 'error: template format specified but no template given' };
  if (o === 'custom-columns') return { error: 'error: custom-columns format specified but no custom columns given' };
  return {
    error: `error: unable to match a printer suitable for the output format "${o}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`,
  };
}

export const get: KubectlCommand = {
  name: 'get',
  flags: [
    OUTPUT_FLAG,
    RECURSIVE_FLAG,
    SELECTOR_FLAG,
    ALL_NAMESPACES_FLAG,
    FILENAME_FLAG,
    { name: 'show-labels', type: 'bool' },
    { name: 'label-columns', shorthand: 'L', type: 'stringArray' },
    { name: 'no-headers', type: 'bool' },
    { name: 'ignore-not-found', type: 'bool' },
    { name: 'show-kind', type: 'bool' },
    { name: 'watch', shorthand: 'w', type: 'bool' },
    { name: 'chunk-size', type: 'int' },
    { name: 'sort-by', type: 'string' },
    { name: 'field-selector', type: 'string' },
  ],
  run(p: ParsedFlags, ctx: ShellContext): CommandOutput {
    const output = parseOutput(flagValue(p, 'output'));
    if (typeof output === 'object') return failure(output.error);
    if (flagBool(p, 'watch')) {
      // A watch lists what is there first; then it would wait for changes, and none come while it waits.
      const values = new Map(p.values);
      values.delete('watch');
      const first = get.run({ ...p, values }, ctx);
      return { ...first, stderr: `${first.stderr}svcsim: the watch ends here: the cluster changes only when a console line runs\n` };
    }
    // get-events.ts lists events apart; a -l it cannot parse is still the server's list error.
    const label = flagValue(p, 'selector');
    if (label !== undefined && !filenames(p).length && EVENT_RESOURCE_NAMES.has((p.args[0] ?? '').toLowerCase())) {
      const parsed = parseSelector(label);
      if (!parsed.ok) return failure(renderErrors(badSelectorErrors(['/v1, Resource=events'], p, label, parsed.error)));
    }
    const scope = scopeOf(p);
    if ('error' in scope) return failure(scope.error);
    const opts: PrintOptions = {
      output,
      showLabels: flagBool(p, 'show-labels'),
      allNamespaces: scope.allNamespaces,
      noHeaders: flagBool(p, 'no-headers'),
      labelColumns: flagList(p, 'label-columns', true),
      showKind: flagBool(p, 'show-kind') || undefined,
      namespace: scope.namespace,
    };

    const errors: KubectlError[] = [];
    const groups: ResourceGroup[] = [];
    const files = filenames(p);
    if (files.length) {
      const read = readManifestFiles(files, ctx, 'getting', flagBool(p, 'recursive'));
      if (read.fatal) return failure(read.fatal);
      const withPaths = argsWithPathsError(p.args);
      if (withPaths) return failure(withPaths);
      errors.push(...read.errors);
      for (const f of read.objects) {
        const resource = resourceForKind(f.object.kind);
        const found = getNamed(ctx.cluster, resource, [f.object.metadata.name], { ...scope, namespace: f.object.metadata.namespace ?? scope.namespace });
        addNamed(groups, resource, found.objects);
        errors.push(...found.errors);
      }
      if (read.stopped) errors.push(read.stopped);
      // One file holding one object prints that object alone, not a List (builder's singleItemImplied).
      opts.singleItem = files.length === 1 && read.objects.length === 1;
    } else {
      if (p.args.length === 0) return failure(REQUIRED_RESOURCE);
      // Events are not stored objects in svcsim: the event log answers (get-events.ts).
      if (EVENT_RESOURCE_NAMES.has(p.args[0].toLowerCase()) || p.args[0].toLowerCase() === 'events.events.k8s.io') return getEvents(p, ctx, scope.namespace);
      const parsed = parseResourceArgs(p.args, selectsByQuery(p));
      if (!parsed.ok) return failure(parsed.error);
      const named = parsed.requests.some((r) => r.names.length > 0);
      opts.singleItem = parsed.requests.length === 1 && parsed.requests[0].names.length === 1;
      if (named && scope.allNamespaces) return failure('error: a resource cannot be retrieved by name across all namespaces');
      if (named) {
        // One result per name, in the order typed.
        for (const { resource, name } of namedTuples(p.args, parsed.requests)) {
          const found = getNamed(ctx.cluster, resource, [name], scope);
          addNamed(groups, resource, found.objects);
          if (!flagBool(p, 'ignore-not-found')) errors.push(...found.errors);
        }
      } else {
        for (const req of parsed.requests) {
          const listed = listObjects(ctx.cluster, req.resource, scope);
          const fields = flagValue(p, 'field-selector');
          const terms = fields === undefined ? [] : readFieldSelector(fields, (key) => unsupportedField(req.resource.kind, key));
          if ('error' in terms) {
            errors.push(statusErr(listSelectorError(gvrString(req.resource), flagValue(p, 'selector') ?? '', fields ?? '', terms.error)));
            groups.push({ resource: req.resource, objects: [] });
            continue;
          }
          groups.push({ resource: req.resource, objects: terms.length ? listed.filter((o) => matchesFields(o, terms)) : listed });
        }
      }
    }
    const sortBy = flagValue(p, 'sort-by');
    if (sortBy) {
      try {
        sortGroups(groups, sortBy, output === undefined || output === 'wide');
      } catch (e) {
        if (e instanceof SortByError) return failure(`error: ${e.message}`);
        throw e;
      }
    }
    // Only an empty answer with nothing to complain about says "No resources found" (get.go),
    // and --ignore-not-found silences even that.
    if ((errors.length || flagBool(p, 'ignore-not-found')) && groups.every((g) => g.objects.length === 0)) {
      return { stdout: '', stderr: endpointsWarning(groups) + renderErrors(errors), exitCode: errors.length ? 1 : 0 };
    }
    const printed = printGet(groups, opts, ctx.cluster);
    const stderr = printed.stderr + renderErrors(errors);
    return { stdout: printed.stdout, stderr, exitCode: errors.length || printed.exitCode ? 1 : 0 };
  },
};

/**
 * Tables are sorted one result at a time (RuntimeSorter.Sort, NewTableSorter); other outputs sort
 * every object together (RuntimeSorter.Sort, SortObjects), and not at all when there is one.
 */
function sortGroups(groups: ResourceGroup[], sortBy: string, table: boolean): void {
  if (table) {
    for (const g of groups) {
      const objects = [...g.objects];
      sortObjects(objects, sortBy);
      // Each object asked for by name is a Table of its own, sorted alone (RuntimeSorter.Sort's
      // NopPositioner): they keep the order typed.
      if (!g.named) g.objects = objects;
    }
    return;
  }
  const all = groups.flatMap((g) => g.objects.map((object) => ({ object, resource: g.resource })));
  if (all.length < 2) return;
  const objects = all.map((x) => x.object);
  sortObjects(objects, sortBy);
  const resourceOf = new Map(all.map((x) => [x.object, x.resource] as const));
  // Consecutive objects of one resource print as one group, in the sorted order.
  groups.length = 0;
  for (const object of objects) {
    const resource = resourceOf.get(object)!;
    const last = groups[groups.length - 1];
    if (last?.resource === resource) (last.objects as KubeObject[]).push(object);
    else groups.push({ resource, objects: [object] });
  }
}

/**
 * The builder's resource tuples (cli-runtime builder.go visitByResource): `TYPE/NAME` arguments
 * stay in the order typed, so `deploy/a svc/b deploy/c` prints three tables; `TYPE[,TYPE] NAME...`
 * goes type by type.
 */
function namedTuples(args: readonly string[], requests: readonly ResourceRequest[]): { resource: ResourceInfo; name: string }[] {
  if (args.every((a) => a.includes('/'))) {
    return args.map((a) => {
      const slash = a.indexOf('/');
      return { resource: resolveResource(a.slice(0, slash)) as ResourceInfo, name: a.slice(slash + 1) };
    });
  }
  return requests.flatMap((r) => r.names.map((name) => ({ resource: r.resource, name })));
}

function endpointsWarning(groups: readonly { resource: ResourceInfo }[]): string {
  return groups.some((g) => g.resource.kind === 'Endpoints') ? ENDPOINTS_DEPRECATION_WARNING : '';
}

/**
 * One named result: consecutive results of a kind share a table, and a name not found (no
 * result) does not split them; a new kind starts a new table (get.go Run's new printer per mapping).
 */
function addNamed(groups: ResourceGroup[], resource: ResourceInfo, objects: readonly KubeObject[]): void {
  const last = groups.findLast((g) => g.objects.length > 0);
  if (last && last.resource.kind === resource.kind) (last.objects as KubeObject[]).push(...objects);
  else groups.push({ resource, objects: [...objects], named: true });
}

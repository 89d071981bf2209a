/** kubectl delete (kubernetes/kubectl pkg/cmd/delete/delete.go). */
import type { KubeObject } from '../../api/objects.ts';
import { resourceForKind, type ResourceInfo } from '../../api/resources.ts';
import { flagBool, flagValue, type ParsedFlags } from '../flags.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import { ALL_NAMESPACES_FLAG, DRY_RUN_FLAG, dryRunOf, dryRunSuffix, FILENAME_FLAG, hasExplicitNamespace, RECURSIVE_FLAG, SELECTOR_FLAG, type KubectlCommand } from './command.ts';
import { filenames } from './command.ts';
import { ENDPOINTS_DEPRECATION_WARNING } from './print/index.ts';
import { renderErrors, statusErr, type KubectlError } from './errors.ts';
import { getNamed, listObjects, scopeOf } from './list-objects.ts';
import { refOf } from './resource-args.ts';
import { gvrString, listSelectorError, matchesFields, readFieldSelector, unsupportedField } from './field-selector.ts';
import { placeInNamespace, readManifestFiles } from './manifest-files.ts';
import { argsWithPathsError, parseResourceArgs, selectsByQuery } from './resource-args.ts';

/** `service "web" deleted`: the v1.33 wording (newer kubectl adds `from <ns> namespace`). */
function deletedLine(r: ResourceInfo, name: string, suffix: string, force = false): string {
  return `${r.singular}${r.group ? `.${r.group}` : ''} "${name}" ${force ? 'force deleted' : 'deleted'}${suffix}\n`;
}

export const del: KubectlCommand = {
  name: 'delete',
  flags: [
    FILENAME_FLAG,
    RECURSIVE_FLAG,
    SELECTOR_FLAG,
    ALL_NAMESPACES_FLAG,
    DRY_RUN_FLAG,
    { name: 'all', type: 'bool' },
    { name: 'ignore-not-found', type: 'bool' },
    { name: 'force', type: 'bool' },
    { name: 'now', type: 'bool' },
    { name: 'wait', type: 'bool', default: 'true' },
    { name: 'grace-period', type: 'int' },
    { name: 'cascade', type: 'string', noOptValue: 'background' },
    { name: 'timeout', type: 'string' },
    { name: 'output', shorthand: 'o', type: 'string' },
    { name: 'raw', type: 'string' },
    { name: 'field-selector', type: 'string' },
  ],
  run(p: ParsedFlags, ctx: ShellContext): CommandOutput {
    const dry = dryRunOf(p);
    if (typeof dry === 'object') return failure(`error: ${dry.error}`);
    const scope = scopeOf(p);
    if ('error' in scope) return failure(scope.error);
    // delete.go Complete, then its builder's own errors, then Validate.
    const gracePeriod = Number(flagValue(p, 'grace-period') ?? -1);
    if (flagBool(p, 'now') && gracePeriod !== -1) return failure('error: --now and --grace-period cannot be specified together');
    if (flagBool(p, 'all') && ((flagValue(p, 'selector') ?? '').trim() || (flagValue(p, 'field-selector') ?? '').trim())) {
      return failure("error: setting 'all' parameter but found a non empty selector. ");
    }
    const validate = (): string | undefined => {
      const o = flagValue(p, 'output') ?? '';
      if (o !== '' && o !== 'name') return `error: unexpected -o output mode: ${o}. We only support '-o name'`;
      if (flagBool(p, 'force') && gracePeriod > 0) return 'error: --force and --grace-period greater than 0 cannot be specified together';
      return undefined;
    };
    const ignoreNotFound = flagBool(p, 'ignore-not-found');
    const errors: KubectlError[] = [];
    const targets: { obj: KubeObject; source?: string }[] = [];
    const files = filenames(p);

    if (files.length) {
      const read = readManifestFiles(files, ctx, 'deleting', flagBool(p, 'recursive'));
      if (read.fatal) return failure(read.fatal);
      const withPaths = argsWithPathsError(p.args) ?? validate();
      if (withPaths) return failure(withPaths);
      errors.push(...read.errors);
      for (const f of read.objects) {
        const placed = placeInNamespace(f.object, scope.namespace, hasExplicitNamespace(p));
        if (!placed.ok) return failure(placed.error);
        const r = resourceForKind(placed.object.kind);
        const found = getNamed(ctx.cluster, r, [placed.object.metadata.name], { ...scope, namespace: placed.object.metadata.namespace ?? scope.namespace });
        if (found.objects.length) targets.push({ obj: found.objects[0], source: f.source });
        else if (!ignoreNotFound) for (const e of found.errors) if (e.kind === 'status') errors.push(statusErr(e.status, 'deleting', f.source));
      }
      if (read.stopped) errors.push(read.stopped);
    } else {
      const bySelector = selectsByQuery(p, true);
      if (p.args.length === 0 && !bySelector) {
        return failure(
          'error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'',
        );
      }
      const parsed = parseResourceArgs(p.args, bySelector);
      if (!parsed.ok) return failure(parsed.error);
      if (!parsed.requests.some((r) => r.names.length) && !bySelector) return failure('error: resource(s) were provided, but no name was specified');
      const invalid = validate();
      if (invalid) return failure(invalid);
      for (const req of parsed.requests) {
        if (req.names.length) {
          const found = getNamed(ctx.cluster, req.resource, req.names, scope);
          targets.push(...found.objects.map((obj) => ({ obj })));
          if (!ignoreNotFound) errors.push(...found.errors);
        } else if (bySelector) {
          // --selector, --field-selector or --all: the list the builder's query returns.
          const fields = flagValue(p, 'field-selector');
          const terms = fields === undefined ? [] : readFieldSelector(fields, (key) => unsupportedField(req.resource.kind, key));
          if ('error' in terms) {
            errors.push(statusErr(listSelectorError(gvrString(req.resource), flagValue(p, 'selector') ?? '', fields ?? '', terms.error)));
            continue;
          }
          for (const obj of listObjects(ctx.cluster, req.resource, scope)) if (!terms.length || matchesFields(obj, terms)) targets.push({ obj });
        } else {
          return failure('error: resource(s) were provided, but no name was specified');
        }
      }
    }

    // Nothing to delete and nothing wrong (every name ignored, or a selector matching nothing):
    // delete.go DeleteResult says this on stdout, without a namespace.
    if (!targets.length && !errors.length) return { stdout: 'No resources found\n', stderr: '', exitCode: 0 };
    let stdout = '';
    let stderr = '';
    const force = flagBool(p, 'force');
    const byName = flagValue(p, 'output') === 'name';
    if (force && targets.length) {
      stderr +=
        'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n';
    }
    if (hasExplicitNamespace(p) && targets.some((t) => !resourceForKind(t.obj.kind).namespaced)) {
      stderr += 'Warning: deleting cluster-scoped resources, not scoped to the provided namespace\n';
    }
    for (const { obj, source } of targets) {
      const r = resourceForKind(obj.kind);
      if (obj.kind === 'Endpoints' && !stderr.includes(ENDPOINTS_DEPRECATION_WARNING)) stderr += ENDPOINTS_DEPRECATION_WARNING;
      const line = byName ? `${refOf(obj)}\n` : deletedLine(r, obj.metadata.name, '', force);
      if (dry !== 'none') {
        stdout += byName ? line : deletedLine(r, obj.metadata.name, dryRunSuffix(dry), force);
        continue;
      }
      const result = ctx.cluster.delete(obj.kind, obj.metadata.namespace, obj.metadata.name);
      if (!result.ok) {
        errors.push(statusErr(result.error, 'deleting', source));
        continue;
      }
      stdout += line;
    }
    return { stdout, stderr: stderr + renderErrors(errors), exitCode: errors.length ? 1 : 0 };
  },
};

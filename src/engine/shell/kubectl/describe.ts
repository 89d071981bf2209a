/** kubectl describe (kubernetes/kubectl pkg/cmd/describe/describe.go). */
import type { KubeObject } from '../../api/objects.ts';
import { resourceForKind } from '../../api/resources.ts';
import { notFoundError } from '../../api/status.ts';
import { flagBool, flagValue, type ParsedFlags } from '../flags.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import { describe as describeObject, ENDPOINTS_DEPRECATION_WARNING } from './print/index.ts';
import { ALL_NAMESPACES_FLAG, FILENAME_FLAG, filenames, RECURSIVE_FLAG, SELECTOR_FLAG, type KubectlCommand } from './command.ts';
import { renderErrors, statusErr, type KubectlError } from './errors.ts';
import { getNamed, listObjects, objectsOf, qualifiedResource, scopeOf } from './list-objects.ts';
import { argsWithPathsError, parseResourceArgs, selectsByQuery } from './resource-args.ts';
import { readManifestFiles } from './manifest-files.ts';

const REQUIRED_RESOURCE =
  'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n';

export const describe: KubectlCommand = {
  name: 'describe',
  flags: [SELECTOR_FLAG, ALL_NAMESPACES_FLAG, FILENAME_FLAG, RECURSIVE_FLAG, { name: 'show-events', type: 'bool', default: 'true' }, { name: 'chunk-size', type: 'int' }],
  run(p: ParsedFlags, ctx: ShellContext): CommandOutput {
    const scope = scopeOf(p);
    if ('error' in scope) return failure(scope.error);
    const errors: KubectlError[] = [];
    const objects: KubeObject[] = [];
    // DescriberSettings.ShowEvents: --show-events=false drops the Events section.
    const settings = { showEvents: flagValue(p, 'show-events') !== 'false' };
    let touchesEndpoints = false;

    const files = filenames(p);
    if (files.length) {
      const read = readManifestFiles(files, ctx, 'describing', flagBool(p, 'recursive'));
      if (read.fatal) return failure(read.fatal);
      const withPaths = argsWithPathsError(p.args);
      if (withPaths) return failure(withPaths);
      errors.push(...read.errors);
      for (const f of read.objects) {
        const o = ctx.cluster.get(f.object.kind, f.object.metadata.namespace ?? scope.namespace, f.object.metadata.name) as KubeObject | undefined;
        if (o) objects.push(o);
        else errors.push(statusErr(notFoundError(qualifiedResource(resourceForKind(f.object.kind)), f.object.metadata.name)));
        touchesEndpoints ||= f.object.kind === 'Endpoints';
      }
      if (read.stopped) errors.push(read.stopped);
    } else {
      if (p.args.length === 0) return failure(REQUIRED_RESOURCE);
      const parsed = parseResourceArgs(p.args, selectsByQuery(p));
      if (!parsed.ok) return failure(parsed.error);
      for (const req of parsed.requests) touchesEndpoints ||= req.resource.kind === 'Endpoints';
      // The builder refuses a namespaced name with -A before anything is described
      // (cli-runtime builder.go visitByName), so no prefix fallback either.
      if (scope.allNamespaces && parsed.requests.some((r) => r.names.length > 0 && r.resource.namespaced)) {
        return failure('error: a resource cannot be retrieved by name across all namespaces\n');
      }
      // `describe TYPE NAME` that finds nothing falls back to every object whose name starts
      // with NAME; only that two-word form does (describe.go DescribeMatchingResources).
      if (p.args.length === 2 && !p.args[0].includes('/') && !p.args[0].includes(',')) {
        const req = parsed.requests[0];
        const found = getNamed(ctx.cluster, req.resource, req.names, scope);
        if (found.objects.length) objects.push(...found.objects);
        else {
          const matches = listObjects(ctx.cluster, req.resource, scope).filter((o) => o.metadata.name.startsWith(req.names[0]));
          if (!matches.length) return finish('', [...errors, ...found.errors], touchesEndpoints);
          // Each match is printed with its own trailing newline (describe.go: fmt.Fprintf(out, "%s\n", s)).
          return finish(matches.map((o) => `${describeObject(o, ctx.cluster, settings)}\n`).join(''), errors, touchesEndpoints);
        }
      } else {
        const found = objectsOf(ctx.cluster, parsed.requests, scope);
        objects.push(...found.objects);
        errors.push(...found.errors);
        if (!objects.length && !errors.length) {
          // describe checks only -A, not whether the type is namespaced (describe.go).
          const msg = scope.allNamespaces ? 'No resources found\n' : `No resources found in ${scope.namespace} namespace.\n`;
          return { stdout: '', stderr: (touchesEndpoints ? ENDPOINTS_DEPRECATION_WARNING : '') + msg, exitCode: 0 };
        }
      }
    }
    return finish(objects.map((o) => describeObject(o, ctx.cluster, settings)).join('\n\n'), errors, touchesEndpoints);
  },
};

function finish(stdout: string, errors: KubectlError[], touchesEndpoints: boolean): CommandOutput {
  const warning = touchesEndpoints ? ENDPOINTS_DEPRECATION_WARNING : '';
  return { stdout, stderr: warning + renderErrors(errors), exitCode: errors.length ? 1 : 0 };
}

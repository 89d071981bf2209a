/** kubectl describe (kubernetes/kubectl pkg/cmd/describe/describe.go). */
import { parseSelector } from '../../api/labels.ts';
import type { KubeObject } from '../../api/objects.ts';
import { notFoundError } from '../../api/status.ts';
import { resourceForKind } from '../../api/resources.ts';
import { flagBool, flagList, flagValue, type ParsedFlags } from '../flags.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import { describe as describeObject } from './print/index.ts';
import { ALL_NAMESPACES_FLAG, FILENAME_FLAG, namespaceOf, SELECTOR_FLAG, type KubectlCommand } from './command.ts';
import { ENDPOINTS_DEPRECATION_WARNING } from './print/index.ts';
import { renderErrors, statusErr, type KubectlError } from './errors.ts';
import { listObjects, noResourcesMessage, qualifiedResource, type Scope } from './list-objects.ts';
import { parseResourceArgs } from './resource-args.ts';
import { readManifestFiles } from './manifest-files.ts';

const REQUIRED_RESOURCE = `You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.
`;

export const describe: KubectlCommand = {
  name: 'describe',
  flags: [SELECTOR_FLAG, ALL_NAMESPACES_FLAG, FILENAME_FLAG, { name: 'show-events', type: 'bool', default: 'true' }],
  run(p: ParsedFlags, ctx: ShellContext): CommandOutput {
    const sel = flagValue(p, 'selector');
    const parsedSel = sel !== undefined ? parseSelector(sel) : undefined;
    if (parsedSel && !parsedSel.ok) return failure(`error: ${parsedSel.error}`);
    const scope: Scope = {
      namespace: namespaceOf(p),
      allNamespaces: flagBool(p, 'all-namespaces'),
      selector: parsedSel?.ok ? parsedSel.selector : undefined,
    };
    const errors: KubectlError[] = [];
    const objects: KubeObject[] = [];
    let touchesEndpoints = false;

    const files = flagList(p, 'filename');
    if (files.length) {
      const read = readManifestFiles(files, ctx, 'describing');
      if (read.fatal) return failure(read.fatal);
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
      const parsed = parseResourceArgs(p.args);
      if (!parsed.ok) return failure(parsed.error);
      for (const req of parsed.requests) {
        touchesEndpoints ||= req.resource.kind === 'Endpoints';
        const all = listObjects(ctx.cluster, req.resource, scope);
        if (!req.names.length) {
          if (!all.length) return { stdout: '', stderr: (touchesEndpoints ? ENDPOINTS_DEPRECATION_WARNING : '') + noResourcesMessage(scope, req.resource.namespaced), exitCode: 0 };
          objects.push(...all);
          continue;
        }
        for (const name of req.names) {
          // An exact name first; otherwise every object whose name starts with it (describe.go).
          const exact = all.find((o) => o.metadata.name === name);
          const matches = exact ? [exact] : all.filter((o) => o.metadata.name.startsWith(name));
          if (matches.length) objects.push(...matches);
          else errors.push(statusErr(notFoundError(qualifiedResource(req.resource), name)));
        }
      }
    }
    const stdout = objects.map((o) => describeObject(o, ctx.cluster)).join('\n\n');
    const warning = touchesEndpoints ? ENDPOINTS_DEPRECATION_WARNING : '';
    return { stdout, stderr: warning + renderErrors(errors), exitCode: errors.length ? 1 : 0 };
  },
};

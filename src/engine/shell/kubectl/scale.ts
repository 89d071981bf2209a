/** kubectl scale (kubernetes/kubectl pkg/cmd/scale/scale.go). */
import type { KubeObject } from '../../api/objects.ts';
import { flagBool, flagValue, type ParsedFlags } from '../flags.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import { DRY_RUN_FLAG, dryRunOf, dryRunSuffix, FILENAME_FLAG, filenames, OUTPUT_FLAG, type KubectlCommand } from './command.ts';
import { renderErrors, statusErr, type KubectlError } from './errors.ts';
import { getNamed, listObjects, scopeOf } from './list-objects.ts';
import { parseResourceArgs, refOf, selectsByQuery } from './resource-args.ts';
import { RECORD_FLAG, recorded } from './record-flag.ts';

const NO_RESOURCES =
  "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

export const scale: KubectlCommand = {
  name: 'scale',
  flags: [
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
    FILENAME_FLAG,
    { name: 'replicas', type: 'int' },
    { name: 'current-replicas', type: 'int' },
    { name: 'selector', shorthand: 'l', type: 'string' },
    { name: 'all', type: 'bool' },
    { name: 'timeout', type: 'string' },
    { name: 'resource-version', type: 'string' },
    { name: 'recursive', shorthand: 'R', type: 'bool' },
    RECORD_FLAG,
  ],
  run(p: ParsedFlags, ctx: ShellContext, cause?: string): CommandOutput {
    const replicasFlag = flagValue(p, 'replicas');
    if (replicasFlag === undefined) return failure('error: required flag(s) "replicas" not set');
    const replicas = Number(replicasFlag);
    if (replicas < 0) return failure('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
    // --current-replicas defaults to -1, no precondition (scale.go Validate).
    if (Number(flagValue(p, 'current-replicas') ?? -1) < -1) return failure('error: The --current-replicas must specify an integer of -1 or greater');
    const dry = dryRunOf(p);
    if (typeof dry === 'object') return failure(`error: ${dry.error}`);
    if (filenames(p).length) return failure('error: svcsim: scale -f is not supported; name the resource instead (kubectl scale deployment NAME --replicas=N)');
    const scope = scopeOf(p);
    if ('error' in scope) return failure(scope.error);
    const parsed = parseResourceArgs(p.args, selectsByQuery(p));
    if (!parsed.ok) return failure(parsed.error);
    if (!parsed.requests.length) return failure(NO_RESOURCES);
    const targets: KubeObject[] = [];
    const missing: KubectlError[] = [];
    for (const req of parsed.requests) {
      if (req.names.length) {
        const found = getNamed(ctx.cluster, req.resource, req.names, scope);
        targets.push(...found.objects);
        missing.push(...found.errors);
      } else if (flagBool(p, 'all') || scope.selector) {
        targets.push(...listObjects(ctx.cluster, req.resource, scope));
      } else {
        return failure('error: resource(s) were provided, but no name was specified');
      }
    }
    // Names not found do not stop the others; with nothing found, scale wraps the lookup error
    // (%w), so it prints as kubectl's own words, an aggregate in brackets (scale.go RunScale).
    if (!targets.length) {
      const messages = missing.map((e) => (e.kind === 'status' ? e.status.message : e.message));
      if (!messages.length) return failure('error: no objects passed to scale');
      return failure(`error: no objects passed to scale ${messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`}`);
    }
    let stdout = '';
    const current = flagValue(p, 'current-replicas') === '-1' ? undefined : flagValue(p, 'current-replicas');
    for (const obj of targets) {
      if (dry === 'client') {
        stdout += `${refOf(obj)} scaled${dryRunSuffix(dry)}\n`;
        continue;
      }
      // The first failure ends the command (scale.go returns inside its loop).
      if (obj.kind !== 'Deployment' && obj.kind !== 'ReplicaSet') {
        // Only kinds with a scale subresource can be scaled; the server answers 404 for the rest.
        return failure(renderErrors([statusErr({ reason: 'NotFound', code: 404, message: 'the server could not find the requested resource' })]), 1, stdout);
      }
      if (current !== undefined && (obj.spec.replicas ?? 1) !== Number(current)) {
        return failure(`error: Expected replicas to be ${current}, was ${obj.spec.replicas ?? 1}`, 1, stdout);
      }
      const r = ctx.cluster.update({ ...obj, spec: { ...obj.spec, replicas } } as KubeObject, { dryRun: dry === 'server' });
      if (!r.ok) return failure(renderErrors([statusErr(r.error)]), 1, stdout);
      if (cause !== undefined) recordAfterScale(ctx, obj, cause);
      stdout += `${refOf(obj)} scaled${dryRunSuffix(dry)}\n`;
    }
    return { stdout, stderr: renderErrors(missing), exitCode: missing.length ? 1 : 0 };
  },
};

/**
 * scale.go records with a second merge patch after the scale, through a helper without DryRun:
 * so even --dry-run=server writes the change-cause. A failure there is only logged (klog V(4)).
 */
function recordAfterScale(ctx: ShellContext, obj: KubeObject, cause: string): void {
  const live = ctx.cluster.get(obj.kind, obj.metadata.namespace, obj.metadata.name) as KubeObject | undefined;
  if (live) ctx.cluster.update(recorded(live, cause));
}

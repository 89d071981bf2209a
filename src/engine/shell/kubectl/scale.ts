/** kubectl scale (kubernetes/kubectl pkg/cmd/scale/scale.go). */
import type { KubeObject } from '../../api/objects.ts';
import { flagValue, type ParsedFlags } from '../flags.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import { DRY_RUN_FLAG, dryRunOf, dryRunSuffix, namespaceOf, type KubectlCommand } from './command.ts';
import { renderErrors, statusErr, type KubectlError } from './errors.ts';
import { getNamed } from './list-objects.ts';
import { parseResourceArgs, refOf } from './resource-args.ts';

export const scale: KubectlCommand = {
  name: 'scale',
  flags: [DRY_RUN_FLAG, { name: 'replicas', type: 'int' }, { name: 'current-replicas', type: 'int' }, { name: 'selector', shorthand: 'l', type: 'string' }],
  run(p: ParsedFlags, ctx: ShellContext): CommandOutput {
    const replicasFlag = flagValue(p, 'replicas');
    if (replicasFlag === undefined) return failure('error: required flag(s) "replicas" not set');
    const replicas = Number(replicasFlag);
    if (replicas < 0) return failure('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
    const dry = dryRunOf(p);
    if (typeof dry === 'object') return failure(`error: ${dry.error}`);
    const parsed = parseResourceArgs(p.args);
    if (!parsed.ok) return failure(parsed.error);
    if (!parsed.requests.length) return failure('error: You must provide one or more resources by argument or filename.');
    const errors: KubectlError[] = [];
    let stdout = '';
    const current = flagValue(p, 'current-replicas');
    for (const req of parsed.requests) {
      if (!req.names.length) return failure('error: resource(s) were provided, but no name was specified');
      const found = getNamed(ctx.cluster, req.resource, req.names, { namespace: namespaceOf(p), allNamespaces: false });
      errors.push(...found.errors);
      for (const obj of found.objects) {
        if (obj.kind !== 'Deployment' && obj.kind !== 'ReplicaSet') {
          // Only kinds with a scale subresource can be scaled; the server answers 404 for the rest.
          errors.push(statusErr({ reason: 'NotFound', code: 404, message: 'the server could not find the requested resource' }));
          continue;
        }
        if (current !== undefined && (obj.spec.replicas ?? 1) !== Number(current)) {
          errors.push({ kind: 'plain', message: `error: Expected replicas to be ${current}, was ${obj.spec.replicas ?? 1}` });
          continue;
        }
        if (dry !== 'none') {
          stdout += `${refOf(obj)} scaled${dryRunSuffix(dry)}\n`;
          continue;
        }
        const next = { ...obj, spec: { ...obj.spec, replicas } } as KubeObject;
        const r = ctx.cluster.update(next);
        if (!r.ok) errors.push(statusErr(r.error));
        else stdout += `${refOf(obj)} scaled\n`;
      }
    }
    return { stdout, stderr: renderErrors(errors), exitCode: errors.length ? 1 : 0 };
  },
};

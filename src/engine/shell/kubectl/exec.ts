/** kubectl exec (kubernetes/kubectl pkg/cmd/exec/exec.go): a command inside a pod's container. */
import { notFoundError } from '../../api/status.ts';
import type { Pod } from '../../api/core.ts';
import type { KubeObject } from '../../api/objects.ts';
import { flagValue, type ParsedFlags } from '../flags.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import { namespaceOf, type KubectlCommand } from './command.ts';
import { renderErrors, statusErr } from './errors.ts';
import { parseResourceArgs } from './resource-args.ts';
import { matchesSelector, selectorFromLabelSelector, selectorFromMap } from '../../api/labels.ts';

/** The pod `kubectl exec deploy/web` lands in: the first running pod the object selects (AttachablePodForObject). */
function podFor(ctx: ShellContext, obj: KubeObject): Pod | undefined {
  const ns = obj.metadata.namespace;
  let selector;
  if (obj.kind === 'Deployment' || obj.kind === 'ReplicaSet') selector = selectorFromLabelSelector(obj.spec.selector);
  else if (obj.kind === 'Service') selector = selectorFromMap(obj.spec.selector ?? {});
  else return undefined;
  const pods = ctx.cluster.list('Pod', ns).filter((p) => matchesSelector(selector, p.metadata.labels) && p.status?.phase === 'Running');
  return [...pods].sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || a.metadata.name.localeCompare(b.metadata.name))[0];
}

export const exec: KubectlCommand = {
  name: 'exec',
  flags: [
    { name: 'stdin', shorthand: 'i', type: 'bool' },
    { name: 'tty', shorthand: 't', type: 'bool' },
    { name: 'container', shorthand: 'c', type: 'string' },
    { name: 'quiet', shorthand: 'q', type: 'bool' },
    { name: 'pod-running-timeout', type: 'string' },
  ],
  run(p: ParsedFlags, ctx: ShellContext): CommandOutput {
    if (p.args.length === 0) return failure('error: pod, type/name or --filename must be specified');
    if (!p.dashArgs) {
      if (p.args.length > 1) return failure(`error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead`);
      return failure('error: you must specify at least one command for the container');
    }
    if (!p.dashArgs.length) return failure('error: you must specify at least one command for the container');
    const namespace = namespaceOf(p);
    const target = p.args[0];
    let pod: Pod | undefined;
    if (target.includes('/')) {
      const parsed = parseResourceArgs([target]);
      if (!parsed.ok) return failure(parsed.error);
      const req = parsed.requests[0];
      const obj = ctx.cluster.get(req.resource.kind, namespace, req.names[0]) as KubeObject | undefined;
      if (!obj) return failure(renderErrors([statusErr(notFoundError(req.resource.group ? `${req.resource.resource}.${req.resource.group}` : req.resource.resource, req.names[0]))]));
      pod = obj.kind === 'Pod' ? obj : podFor(ctx, obj);
      if (!pod) return failure(`error: cannot attach to ${req.resource.kind.toLowerCase()} ${req.names[0]}: no running pods`);
    } else {
      pod = ctx.cluster.get('Pod', namespace, target);
      if (!pod) return failure(renderErrors([statusErr(notFoundError('pods', target))]));
    }
    const container = flagValue(p, 'container');
    if (container && !pod.spec.containers.some((c) => c.name === container)) {
      return failure(`error: unable to upgrade connection: container ${container} not found in pod ${pod.metadata.name}`);
    }
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return failure(`error: cannot exec into a container in a completed pod; current phase is ${phase}`);
    if (phase !== 'Running' || !pod.spec.nodeName) return failure(`error: unable to upgrade connection: container not found ("${pod.spec.containers[0]?.name ?? ''}")`);
    const out = ctx.runIn({ kind: 'pod', namespace, name: pod.metadata.name, node: pod.spec.nodeName }, p.dashArgs);
    // kubectl reports a non-zero exit of the remote command after its output.
    if (out.exitCode !== 0 && !out.execFailed) return { ...out, stderr: `${out.stderr}command terminated with exit code ${out.exitCode}\n` };
    return out;
  },
};

/**
 * kubectl exec (kubernetes/kubectl pkg/cmd/exec/exec.go): a command inside a pod's container.
 *  - `-c NAME` is not checked by kubectl: the API server refuses an unknown name with a
 *    BadRequest Status (pkg/registry/core/pod/strategy.go streamLocation), which client-go's
 *    upgrade round trippers return as the Status error itself: `Error from server (BadRequest):
 *    container NAME is not valid for pod POD`.
 *  - Without `-c`, FindOrDefaultContainerByName (pkg/cmd/util/podcmd) takes the
 *    default-container annotation's container, else the first, saying `Defaulted container "x"
 *    out of: x, y` on stderr when there was a choice (not with --quiet).
 *  - A TTY only with `-i` too (SetupTTY: no stdin means no TTY) and a terminal on kubectl's
 *    stdin, as svcsim's console is: the command's stderr then arrives on kubectl's stdout,
 *    interleaved as written. (The pty turns \n into \r\n; a terminal shows the same, so the
 *    text keeps \n.) kubectl's own messages stay on its stderr.
 */
import { badRequestError, notFoundError } from '../../api/status.ts';
import type { Pod } from '../../api/core.ts';
import type { KubeObject } from '../../api/objects.ts';
import { flagBool, flagValue, type ParsedFlags } from '../flags.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import { namespaceOf, type KubectlCommand } from './command.ts';
import { renderErrors, statusErr } from './errors.ts';
import { parseResourceArgs } from './resource-args.ts';
import { matchesSelector, selectorFromLabelSelector, selectorFromMap } from '../../api/labels.ts';

/** The pod `kubectl exec deploy/web` lands in: the first running pod the object selects (AttachablePodForObject). */
export function podFor(ctx: ShellContext, obj: KubeObject): Pod | undefined {
  const ns = obj.metadata.namespace;
  let selector;
  if (obj.kind === 'Deployment' || obj.kind === 'ReplicaSet') selector = selectorFromLabelSelector(obj.spec.selector);
  else if (obj.kind === 'Service') selector = selectorFromMap(obj.spec.selector ?? {});
  else return undefined;
  const pods = ctx.cluster.list('Pod', ns).filter((p) => matchesSelector(selector, p.metadata.labels) && p.status?.phase === 'Running');
  return [...pods].sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || a.metadata.name.localeCompare(b.metadata.name))[0];
}

/**
 * The pod a command attaches to (AttachablePodForObject): POD, pod/POD, or TYPE/NAME's first
 * running pod; kubectl's NotFound or "no running pods" otherwise.
 */
export function attachablePod(ctx: ShellContext, namespace: string, target: string): { pod: Pod; obj: KubeObject } | { error: string } {
  if (!target.includes('/')) {
    const pod = ctx.cluster.get('Pod', namespace, target);
    return pod ? { pod, obj: pod } : { error: renderErrors([statusErr(notFoundError('pods', target))]) };
  }
  const parsed = parseResourceArgs([target]);
  if (!parsed.ok) return { error: parsed.error };
  const req = parsed.requests[0];
  const obj = ctx.cluster.get(req.resource.kind, namespace, req.names[0]) as KubeObject | undefined;
  if (!obj) return { error: renderErrors([statusErr(notFoundError(req.resource.group ? `${req.resource.resource}.${req.resource.group}` : req.resource.resource, req.names[0]))]) };
  const pod = obj.kind === 'Pod' ? obj : podFor(ctx, obj);
  if (!pod) return { error: `error: cannot attach to ${req.resource.kind.toLowerCase()} ${req.names[0]}: no running pods` };
  return { pod, obj };
}

/** FindOrDefaultContainerByName without a name, and the note kubectl prints when it chose. */
function defaultContainer(pod: Pod, quiet: boolean): { name: string; note: string } {
  const wanted = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (wanted && pod.spec.containers.some((c) => c.name === wanted)) return { name: wanted, note: '' };
  const name = pod.spec.containers[0]?.name ?? '';
  const init = pod.spec.initContainers ?? [];
  if (quiet || (pod.spec.containers.length <= 1 && !init.length)) return { name, note: '' };
  // podcmd.AllContainerNames: containers, then ephemeral ones (`x (ephem)`, which svcsim's pods never have), then init ones.
  const all = [...pod.spec.containers.map((c) => c.name), ...init.map((c) => `${c.name} (init)`)];
  return { name, note: `Defaulted container "${name}" out of: ${all.join(', ')}\n` };
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
    const found = attachablePod(ctx, namespace, target);
    if ('error' in found) return failure(found.error);
    const { pod } = found;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return failure(`error: cannot exec into a container in a completed pod; current phase is ${phase}`);
    const named = flagValue(p, 'container');
    const picked = named ? { name: named, note: '' } : defaultContainer(pod, flagBool(p, 'quiet'));
    if (named && !pod.spec.containers.some((c) => c.name === named) && !(pod.spec.initContainers ?? []).some((c) => c.name === named)) {
      return failure(renderErrors([statusErr(badRequestError(`container ${named} is not valid for pod ${pod.metadata.name}`))]));
    }
    if (phase !== 'Running' || !pod.spec.nodeName) return failure(`${picked.note}error: unable to upgrade connection: container not found ("${picked.name}")`);
    const place = { kind: 'pod' as const, namespace, name: pod.metadata.name, node: pod.spec.nodeName, ...(named ? { container: named } : {}) };
    const tty = flagBool(p, 'tty') && flagBool(p, 'stdin');
    // `-it POD -- sh`: the shell's prompt, and the console's lines go to it until `exit`.
    const shell = tty && p.dashArgs.length === 1 ? /^(?:\/usr)?(?:\/bin\/)?(sh|bash|ash)$/.exec(p.dashArgs[0])?.[1] : undefined;
    if (shell && ctx.enter) {
      const entered = ctx.enter(place, shell as 'sh' | 'bash' | 'ash', p.dashArgs[0]);
      return { ...entered, stderr: picked.note + entered.stderr };
    }
    const out = ctx.runIn(place, p.dashArgs);
    const shown = tty && !out.execFailed ? { stdout: out.interleaved ?? out.stdout + out.stderr, stderr: '', exitCode: out.exitCode } : out;
    // kubectl reports a non-zero exit of the remote command after its output.
    const tail = out.exitCode !== 0 && !out.execFailed ? `command terminated with exit code ${out.exitCode}\n` : '';
    return { ...shown, stderr: picked.note + shown.stderr + tail };
  },
};

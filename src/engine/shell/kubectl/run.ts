/**
 * kubectl run (kubernetes/kubectl v0.33 pkg/cmd/run/run.go, the BasicPod generator of
 * pkg/generate/versioned/run.go, and attach.go for `-i`): a pod named NAME with one container
 * NAME, labelled `run=NAME` unless `--labels` says otherwise; `--expose` adds a ClusterIP
 * Service. Attached (`-i`/`--attach`), the container's process is the arguments after `--`,
 * run in the pod as `kubectl exec` runs a command; `--rm` then deletes the pod.
 *
 * The pod's process runs whether attached or not (see pod-processes.ts): with `--restart=Never`
 * it ends the pod Completed or Error, otherwise the kubelet restarts it into CrashLoopBackOff.
 * What svcsim leaves out: an interactive shell (the console runs one line at a time).
 */
import type { Container, EnvVar, Pod, Service } from '../../api/core.ts';
import type { KubeObject } from '../../api/objects.ts';
import { flagBool, flagList, flagValue, type ParsedFlags } from '../flags.ts';
import { imageShell } from '../../dns/tools/image-tools.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import { DRY_RUN_FLAG, dryRunOf, dryRunSuffix, hasExplicitNamespace, namespaceOf, OUTPUT_FLAG, type KubectlCommand } from './command.ts';
import { renderErrors, statusErr } from './errors.ts';
import { asGenerated } from './generated-object.ts';
import { parseOutput } from './get.ts';
import { RECORD_FLAG, recorded } from './record-flag.ts';
import { printGet } from './print/index.ts';
import { refOf } from './resource-args.ts';
import { resourceForKind } from '../../api/resources.ts';
import { isShell, processWords } from '../container-process.ts';

const USAGE_HINT = "\nSee 'kubectl run -h' for help and examples";

/** distribution/reference's ReferenceRegexp: [domain/]path[:tag][@digest]. */
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const REFERENCE = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*` +
    '(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$',
);

function usage(message: string): CommandOutput {
  return failure(`error: ${message}${USAGE_HINT}`);
}

/** generate.ParseLabels. */
function parseLabels(spec: string): Record<string, string> | { error: string } {
  const out: Record<string, string> = {};
  for (const pair of spec.split(',')) {
    const kv = pair.split('=');
    if (kv.length !== 2) return { error: `unexpected label spec: ${pair}` };
    if (!kv[0]) return { error: 'unexpected empty label key' };
    out[kv[0]] = kv[1];
  }
  return out;
}

/** parseEnvs: NAME=value, NAME a C identifier (validation.IsEnvVarName). */
function parseEnvs(specs: readonly string[]): EnvVar[] | { error: string } {
  const out: EnvVar[] = [];
  for (const spec of specs) {
    const at = spec.indexOf('=');
    const name = at < 0 ? '' : spec.slice(0, at);
    if (!name || !/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name)) return { error: `invalid env: ${spec}` };
    out.push({ name, value: spec.slice(at + 1) });
  }
  return out;
}

export const run: KubectlCommand = {
  name: 'run',
  flags: [
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
    { name: 'image', type: 'string' },
    { name: 'port', type: 'string' },
    { name: 'labels', shorthand: 'l', type: 'string' },
    { name: 'annotations', type: 'stringArray' },
    { name: 'env', type: 'stringArray' },
    { name: 'restart', type: 'string' },
    { name: 'command', type: 'bool' },
    { name: 'stdin', shorthand: 'i', type: 'bool' },
    { name: 'tty', shorthand: 't', type: 'bool' },
    { name: 'attach', type: 'bool' },
    { name: 'rm', type: 'bool' },
    { name: 'quiet', shorthand: 'q', type: 'bool' },
    { name: 'expose', type: 'bool' },
    { name: 'image-pull-policy', type: 'string' },
    { name: 'privileged', type: 'bool' },
    { name: 'leave-stdin-open', type: 'bool' },
    { name: 'pod-running-timeout', type: 'string' },
    RECORD_FLAG,
  ],
  run(p: ParsedFlags, ctx: ShellContext, cause?: string): CommandOutput {
    // --image is a required flag: cobra checks that it was given before run.go's Run starts;
    // given empty, Run says so itself after the NAME check.
    if (!p.values.has('image')) return failure('error: required flag(s) "image" not set');
    const name = p.args[0];
    if (!name) return usage('NAME is required for run');
    const image = flagValue(p, 'image') ?? '';
    if (!image) return failure('error: --image is required');
    if (!REFERENCE.test(image)) return failure(`error: Invalid image name "${image}": invalid reference format`);
    const interactive = flagBool(p, 'stdin');
    const tty = flagBool(p, 'tty');
    // --attach defaults to true with -i (run.go Complete).
    const attach = p.values.has('attach') ? flagBool(p, 'attach') : interactive;
    const port = flagValue(p, 'port');
    if (tty && !interactive) return usage('-i/--stdin is required for containers with -t/--tty=true');
    if (flagBool(p, 'expose') && !port) return usage('--port must be set when exposing a service');
    const restart = flagValue(p, 'restart') ?? 'Always';
    if (restart !== 'Always' && restart !== 'OnFailure' && restart !== 'Never') return usage(`invalid restart policy: ${restart}`);
    const remove = flagBool(p, 'rm');
    if (!attach && remove) return usage('--rm should only be used for attached containers');
    const dry = dryRunOf(p);
    if (typeof dry === 'object') return failure(`error: ${dry.error}`);
    if (attach && dry !== 'none') return usage("--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)");
    const pullPolicy = flagValue(p, 'image-pull-policy') ?? '';
    if (pullPolicy && pullPolicy !== 'Always' && pullPolicy !== 'IfNotPresent' && pullPolicy !== 'Never') return usage(`invalid image pull policy: ${pullPolicy}`);
    const output = parseOutput(flagValue(p, 'output'));
    if (typeof output === 'object') return failure(output.error);

    const labelSpec = flagValue(p, 'labels');
    const labels = labelSpec ? parseLabels(labelSpec) : { run: name };
    if ('error' in labels) return failure(`error: ${labels.error}`);
    const env = parseEnvs(flagList(p, 'env'));
    if ('error' in env) return failure(`error: ${env.error}`);
    if (port !== undefined && !/^-?\d+$/.test(port)) return failure(`error: strconv.Atoi: parsing ${JSON.stringify(port)}: invalid syntax`);
    const annotations: Record<string, string> = {};
    for (const a of flagList(p, 'annotations')) {
      const at = a.indexOf('=');
      if (at < 0) return failure(`error: invalid annotations: ${a}`);
      annotations[a.slice(0, at)] = a.slice(at + 1);
    }

    const args = p.dashArgs ?? p.args.slice(1);
    const container: Container = { name, image };
    if (args.length) container[flagBool(p, 'command') ? 'command' : 'args'] = [...args];
    if (env.length) container.env = env;
    if (pullPolicy) container.imagePullPolicy = pullPolicy;
    if (port !== undefined) container.ports = [{ containerPort: Number(port) }];
    if (flagBool(p, 'privileged')) container.securityContext = { privileged: true };
    if (interactive) {
      container.stdin = true;
      if (!flagBool(p, 'leave-stdin-open')) container.stdinOnce = true;
    }
    if (tty) container.tty = true;
    const namespace = namespaceOf(p);
    // run.go createGeneratedObject records on the pod and on the --expose Service, before any dry run.
    const pod: Pod = recorded({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, ...(Object.keys(annotations).length ? { annotations } : {}), labels, namespace },
      spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: restart },
    }, cause);
    const service: Service | undefined = flagBool(p, 'expose')
      ? recorded<Service>({
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name, namespace },
          spec: { ports: [{ port: Number(port), protocol: 'TCP', targetPort: Number(port) }], selector: labelSpec ? labels : { run: name } },
        }, cause)
      : undefined;

    const print = (obj: KubeObject, verb: string): string => {
      if (output && output !== 'wide') return printGet([{ resource: resourceForKind(obj.kind), objects: [obj] }], { output, singleItem: true }, ctx.cluster).stdout;
      return `${refOf(obj)} ${verb}${dryRunSuffix(dry)}\n`;
    };
    if (dry === 'client') {
      const explicit = hasExplicitNamespace(p);
      const sep = service && output === 'yaml' ? '---\n' : '';
      return { stdout: (service ? print(asGenerated(service, explicit), 'created') + sep : '') + print(asGenerated(pod, explicit), 'created'), stderr: '', exitCode: 0 };
    }
    const made = ctx.cluster.create(pod, { dryRun: dry === 'server' });
    if (!made.ok) return failure(renderErrors([statusErr(made.error)]));
    let stdout = '';
    let stderr = '';
    if (service) {
      // The pod is created first, the Service printed first (run.go: generateService prints as it goes).
      const s = ctx.cluster.create(service, { dryRun: dry === 'server' });
      if (s.ok) stdout += print(s.object, 'created') + (output === 'yaml' ? '---\n' : '');
      else stderr += renderErrors([statusErr(s.error)]);
    }
    if (!attach) return { stdout: stdout + print(made.object, 'created'), stderr, exitCode: stderr ? 1 : 0 };
    return attachTo(ctx, p, made.object as Pod, { stdout, stderr, remove, tty, restart, image });
  },
};

/** `kubectl run -i`: attach to the new pod's process, then (with --rm) delete the pod. */
function attachTo(
  ctx: ShellContext,
  p: ParsedFlags,
  pod: Pod,
  o: { stdout: string; stderr: string; remove: boolean; tty: boolean; restart: string; image: string },
): CommandOutput {
  const quiet = flagBool(p, 'quiet');
  const { name, namespace = 'default' } = pod.metadata;
  const container = pod.spec.containers[0];
  const args = [...(container.command ?? []), ...(container.args ?? [])];
  let stdout = o.stdout;
  let stderr = o.stderr + (quiet ? '' : "If you don't see a command prompt, try pressing enter.\n");
  let exitCode = 0;
  const node = ctx.cluster.get('Pod', namespace, name)?.spec.nodeName;
  // `-it --rm ... -- sh` (or a BusyBox/Alpine image's own sh): the console is left in the new
  // pod's shell; when it ends, kubectl says what it says after any session and deletes the pod.
  const shellWord = args.length === 0 ? (imageShell(o.image) === 'ash' ? 'sh' : undefined) : args.length === 1 && isShell(args[0]) ? args[0] : undefined;
  const shell = shellWord === undefined ? undefined : /(sh|bash|ash)$/.exec(shellWord)?.[1];
  if (shell && node && o.tty && o.remove && ctx.enter) {
    const entered = ctx.enter({ kind: 'pod', namespace, name, node }, shell as 'sh' | 'bash' | 'ash', shellWord, (status) => finish(ctx, p, pod, o, { stdout: '', stderr: '', exitCode: status }));
    return { stdout: stdout + entered.stdout, stderr: stderr + entered.stderr, exitCode: entered.exitCode };
  }
  if (args.length === 0 || (isShell(args[0]) && !args.includes('-c'))) {
    stderr += 'svcsim: an interactive session is not simulated; give the command to run after --, as in: kubectl run tmp -it --rm --image=busybox -- wget -qO- SERVICE\n';
  } else if (node) {
    // A restartPolicy Never pod's process ends it (Completed or Error); any other just runs.
    const out = ctx.attach?.(namespace, name) ?? ctx.runIn({ kind: 'pod', namespace, name, node }, processWords(o.image, container.command, container.args));
    // A TTY merges the process's stderr into the session (attach.go DisableStderr with a raw terminal).
    if (o.tty && p.values.has('stdin')) stdout += out.interleaved ?? out.stdout + out.stderr;
    else {
      stdout += out.stdout;
      stderr += out.stderr;
    }
    exitCode = out.exitCode;
  }
  return finish(ctx, p, pod, o, { stdout, stderr, exitCode });
}

/** What kubectl run -i prints once the attached session ends, and --rm's deletion. */
function finish(
  ctx: ShellContext,
  p: ParsedFlags,
  pod: Pod,
  o: { remove: boolean; tty: boolean; restart: string },
  session: CommandOutput,
): CommandOutput {
  const quiet = flagBool(p, 'quiet');
  const { name, namespace = 'default' } = pod.metadata;
  let { stdout } = session;
  const { stderr, exitCode } = session;
  // attach.go reattachMessage: a session on a TTY with stdin, restartPolicy Always, not quiet.
  if (!quiet && o.tty && o.restart === 'Always') stdout += `Session ended, resume using 'kubectl attach ${name} -c ${name} -i -t' command when the pod is running\n`;
  let tail = '';
  let code = 0;
  if (o.restart === 'Never' && exitCode !== 0) {
    // run.go waits for the pod to complete and returns its container's exit code.
    tail = `pod ${namespace}/${name} terminated (Error)\n`;
    code = exitCode;
  }
  if (o.remove) {
    ctx.cluster.delete('Pod', namespace, name);
    if (!quiet) stdout += `pod "${name}" deleted\n`;
    const svc = ctx.cluster.get('Service', namespace, name);
    if (svc && flagBool(p, 'expose')) {
      ctx.cluster.delete('Service', namespace, name);
      if (!quiet) stdout += `service "${name}" deleted\n`;
    }
  }
  return { stdout, stderr: stderr + tail, exitCode: code };
}

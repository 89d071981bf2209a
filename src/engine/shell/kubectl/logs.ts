/**
 * kubectl logs (kubernetes/kubectl v1.33 pkg/cmd/logs/logs.go: Complete, Validate, RunLogs;
 * pkg/polymorphichelpers/logsforobject.go and helpers.go: which pods and containers).
 *  - POD, TYPE/NAME (the pod a Deployment, ReplicaSet, DaemonSet or Service selects, by
 *    podutils.ByLogging; `Found N pods, using pod/NAME` on stderr), or `-l SELECTOR` (every pod,
 *    10 lines each unless --tail says otherwise).
 *  - Without a container name: the default-container annotation's, else the first, with
 *    `Defaulted container "a" out of: a, b` on stderr when there was a choice.
 *  - Every log request is built before any is read: a bad container name fails the whole line.
 * Real kubectl keeps its requests in a Go map and reads them in map order (random for several
 * containers or pods); svcsim reads them in the pods' and containers' order.
 */
import type { Pod } from '../../api/core.ts';
import type { KubeObject } from '../../api/objects.ts';
import { matchesSelector, parseSelector, selectorFromLabelSelector, selectorFromMap, type Selector } from '../../api/labels.ts';
import { flagBool, flagValue, type FlagSpec, type ParsedFlags } from '../flags.ts';
import type { CommandOutput, ShellContext } from '../context.ts';
import { namespaceOf, SELECTOR_FLAG, type KubectlCommand } from './command.ts';
import { qualifiedResource } from './list-objects.ts';
import { renderErrors, statusErr } from './errors.ts';
import { listSelectorError } from './field-selector.ts';
import { parseResourceArgs } from './resource-args.ts';
import { readContainerLog, type LogReadOptions } from './container-log.ts';
import { parseGoDuration, roundedSeconds } from '../../api/go-duration.ts';

const LOGS_USAGE = 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]';
const USAGE_ERROR = `expected '${LOGS_USAGE}'.\nPOD or TYPE/NAME is a required argument for the logs command`;
/** kubectl's default --tail when a selector is used (logs.go selectorTail). */
const SELECTOR_TAIL = 10;
const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

const FLAGS: readonly FlagSpec[] = [
  { name: 'all-pods', type: 'bool' },
  { name: 'all-containers', type: 'bool' },
  { name: 'follow', shorthand: 'f', type: 'bool' },
  { name: 'timestamps', type: 'bool' },
  { name: 'limit-bytes', type: 'int' },
  { name: 'previous', shorthand: 'p', type: 'bool' },
  { name: 'tail', type: 'int' },
  { name: 'ignore-errors', type: 'bool' },
  { name: 'since-time', type: 'string' },
  // Durations: read with Go's ParseDuration below.
  { name: 'since', type: 'string' },
  { name: 'container', shorthand: 'c', type: 'string' },
  { name: 'insecure-skip-tls-verify-backend', type: 'bool' },
  { name: 'pod-running-timeout', type: 'string' },
  SELECTOR_FLAG,
  { name: 'max-log-requests', type: 'int' },
  { name: 'prefix', type: 'bool' },
];

interface Out {
  stdout: string;
  stderr: string;
}

const fail = (out: Out, message: string): CommandOutput => ({ stdout: out.stdout, stderr: `${out.stderr}${message}\n`, exitCode: 1 });
const usageError = (out: Out, message: string) => fail(out, `error: ${message}\nSee 'kubectl logs -h' for help and examples`);

/** One log stream kubectl asks for. */
interface LogRequest {
  pod: Pod;
  container: string;
}

/** A pflag Duration flag's value in nanoseconds, or pflag's error. */
function durationFlag(p: ParsedFlags, name: string, dflt: number): number | string {
  const v = flagValue(p, name);
  if (v === undefined) return dflt;
  const d = parseGoDuration(v);
  if ('error' in d) return `error: invalid argument ${JSON.stringify(v)} for "--${name}" flag: ${d.error}\nSee 'kubectl logs --help' for usage.`;
  return d.ns;
}

export const logs: KubectlCommand = {
  name: 'logs',
  flags: FLAGS,
  run(p: ParsedFlags, ctx: ShellContext): CommandOutput {
    const out: Out = { stdout: '', stderr: '' };
    const since = durationFlag(p, 'since', 0);
    if (typeof since === 'string') return fail(out, since);
    const podRunningTimeout = durationFlag(p, 'pod-running-timeout', 20e9);
    if (typeof podRunningTimeout === 'string') return fail(out, podRunningTimeout);

    // Complete.
    const selector = flagValue(p, 'selector') ?? '';
    const args = p.args;
    if ((args.length === 0 && selector === '') || args.length > 2) return usageError(out, USAGE_ERROR);
    if (args.length === 1 && selector !== '') return usageError(out, 'only a selector (-l) or a POD name is allowed');
    const container = args.length === 2 ? args[1] : (flagValue(p, 'container') ?? '');
    const allPods = flagBool(p, 'all-pods');
    const prefix = flagBool(p, 'prefix') || allPods;
    const namespace = namespaceOf(p);
    if (podRunningTimeout <= 0) return fail(out, 'error: --pod-running-timeout must be higher than zero');
    const sinceTime = flagValue(p, 'since-time') ?? '';
    let sinceTimeMs: number | undefined;
    if (sinceTime !== '') {
      sinceTimeMs = parseRfc3339(sinceTime);
      if (sinceTimeMs === undefined) {
        return fail(out, `error: svcsim: --since-time takes an RFC 3339 time such as 2025-01-01T10:00:00Z; svcsim does not reproduce Go's parse error for ${JSON.stringify(sinceTime)}`);
      }
    }
    const sinceSeconds = since !== 0 ? roundedSeconds(since) : undefined;
    const tail = Number(flagValue(p, 'tail') ?? '-1');
    const tailLines = selector !== '' && tail === -1 && !p.values.has('tail') ? SELECTOR_TAIL : tail !== -1 ? tail : undefined;
    const limitBytes = Number(flagValue(p, 'limit-bytes') ?? '0');

    const target = findTarget(ctx, args[0], selector, namespace);
    if ('error' in target) return fail(out, target.error);
    if (Array.isArray(target.object) && target.object.length === 0) out.stderr += `No resources found in ${namespace} namespace.\n`;

    // Validate.
    if (sinceTime !== '' && since !== 0) return fail(out, 'error: at most one of `sinceTime` or `sinceSeconds` may be specified');
    const allContainers = flagBool(p, 'all-containers');
    if (allContainers && container !== '') return fail(out, `error: --all-containers=true should not be specified with container name ${container}`);
    if (p.values.has('container') && args.length === 2) return fail(out, 'error: only one of -c or an inline [CONTAINER] arg is allowed');
    if (limitBytes < 0) return fail(out, 'error: --limit-bytes must be greater than 0');
    if (sinceSeconds !== undefined && sinceSeconds < 0) return fail(out, 'error: --since must be greater than 0');
    if (tailLines !== undefined && tailLines < -1) return fail(out, 'error: --tail must be greater than or equal to -1');
    // The API server refuses sinceSeconds 0 (ValidatePodLogOptions); svcsim does not reproduce that Status.
    if (sinceSeconds === 0) return fail(out, 'error: svcsim: a --since that rounds to 0s is not simulated');

    // RunLogs.
    const pods = podsFor(ctx, target.object, allPods, podRunningTimeout, out);
    if ('error' in pods) return fail(out, pods.error);
    const requests: LogRequest[] = [];
    for (const pod of pods.pods) {
      const made = requestsFor(pod, container, allContainers, pods.allPods, out);
      if (typeof made === 'string') return fail(out, made);
      requests.push(...made);
    }
    const follow = flagBool(p, 'follow');
    const maxFollow = Number(flagValue(p, 'max-log-requests') ?? '5');
    if (follow && requests.length > 1 && requests.length > maxFollow) {
      return fail(out, `error: you are attempting to follow ${requests.length} log streams, but maximum allowed concurrency is ${maxFollow}, use --max-log-requests to increase the limit`);
    }
    const now = ctx.cluster.now();
    const sinceMs = sinceSeconds !== undefined ? now - sinceSeconds * 1000 : sinceTimeMs !== undefined ? Math.floor(sinceTimeMs / 1000) * 1000 : undefined;
    const read: LogReadOptions = {
      previous: flagBool(p, 'previous'),
      timestamps: flagBool(p, 'timestamps'),
      ...(tailLines !== undefined && tailLines !== -1 ? { tailLines } : {}),
      ...(limitBytes !== 0 ? { limitBytes } : {}),
      ...(sinceMs !== undefined ? { sinceMs } : {}),
    };
    const ignoreErrors = flagBool(p, 'ignore-errors');
    // -f: the processes svcsim ran have ended, so every stream ends after its last line.
    for (const r of requests) {
      const answer = readContainerLog(ctx.cluster, r.pod, r.container, read);
      if (answer.ok) {
        out.stdout += prefix ? prefixed(answer.text, `[pod/${r.pod.metadata.name}/${r.container}] `) : answer.text;
      } else if ('svcsim' in answer) {
        return fail(out, `error: svcsim: ${answer.svcsim}`);
      } else if (ignoreErrors) {
        out.stdout += `error: ${answer.status.message}\n`;
      } else {
        return fail(out, `Error from server (${answer.status.reason}): ${answer.status.message}`);
      }
    }
    return { stdout: out.stdout, stderr: out.stderr, exitCode: 0 };
  },
};

/** time.Parse with RFC3339Nano or RFC3339 (kubectl util.ParseRFC3339), for well-formed times; ms. */
function parseRfc3339(s: string): number | undefined {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s)) return undefined;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : ms;
}

/** prefixingWriter: the prefix before every line kubectl reads from the stream. */
function prefixed(text: string, prefix: string): string {
  return text.replace(/[^\n]*\n|[^\n]+$/g, (line) => prefix + line);
}

/** What the resource builder finds (Complete): one object, or the pods a selector lists. */
function findTarget(ctx: ShellContext, arg: string | undefined, selector: string, namespace: string): { object: KubeObject | Pod[] } | { error: string } {
  if (arg === undefined) {
    const parsed = parseSelector(selector);
    // logs.go lists the pods through the builder: the API server refuses the selector.
    if (!parsed.ok) return { error: renderErrors([statusErr(listSelectorError('/v1, Resource=pods', selector, '', parsed.error))]).trimEnd() };
    return { object: ctx.cluster.list('Pod', namespace).filter((pod) => matchesSelector(parsed.selector, pod.metadata.labels)) };
  }
  let resource;
  let name = arg;
  if (arg.includes('/')) {
    const parsed = parseResourceArgs([arg]);
    if (!parsed.ok) return { error: parsed.error };
    resource = parsed.requests[0].resource;
    name = parsed.requests[0].names[0];
  }
  const kind = resource?.kind ?? 'Pod';
  const obj = ctx.cluster.get(kind, resource && !resource.namespaced ? undefined : namespace, name) as KubeObject | undefined;
  // logs.go wraps the builder's NotFound in a plain error, so kubectl prints it after `error: `.
  if (!obj) return { error: `error: error from server (NotFound): ${resource ? qualifiedResource(resource) : 'pods'} "${name}" not found in namespace "${namespace}"` };
  return { object: obj };
}

/** polymorphichelpers.SelectorsForObject, for the kinds svcsim serves. */
function selectorOf(obj: KubeObject): Selector | { error: string } {
  switch (obj.kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
      return selectorFromLabelSelector(obj.spec.selector);
    case 'Service': {
      const sel = obj.spec.selector ?? {};
      if (!Object.keys(sel).length) return { error: `invalid service '${obj.metadata.name}': Service is defined without a selector` };
      return selectorFromMap(sel);
    }
    default:
      return { error: `selector for *v1.${obj.kind} not implemented` };
  }
}

/**
 * The pods whose logs are read: the pod, the listed pods, or for a workload its first pod by
 * podutils.ByLogging (every one with --all-pods). `allPods` is what logsForObject passes on
 * (no `Defaulted container` notes then).
 */
function podsFor(ctx: ShellContext, object: KubeObject | Pod[], allPods: boolean, timeoutNs: number, out: Out): { pods: Pod[]; allPods: boolean } | { error: string } {
  if (Array.isArray(object)) return { pods: object, allPods };
  if (object.kind === 'Pod') return { pods: [object], allPods };
  const selector = selectorOf(object);
  if ('error' in selector) return { error: `error: cannot get the logs from *v1.${object.kind}: ${selector.error}` };
  const pods = ctx.cluster
    .list('Pod', object.metadata.namespace)
    .filter((pod) => matchesSelector(selector, pod.metadata.labels))
    .sort((a, b) => (lessForLogging(a, b) ? -1 : lessForLogging(b, a) ? 1 : 0));
  if (pods.length === 0) {
    // GetPodList watches for a pod until --pod-running-timeout; nothing creates one meanwhile.
    ctx.cluster.tick(timeoutNs / 1e9);
    return { error: 'error: timed out waiting for the condition' };
  }
  if (pods.length > 1) {
    if (allPods) return { pods, allPods };
    out.stderr += `Found ${pods.length} pods, using pod/${pods[0].metadata.name}\n`;
  }
  return { pods: [pods[0]], allPods };
}

/** The log requests for one pod (logsForObjectWithClient's Pod case), or kubectl's error. */
function requestsFor(pod: Pod, named: string, allContainers: boolean, allPods: boolean, out: Out): LogRequest[] | string {
  const { containers, initContainers = [] } = pod.spec;
  if (allContainers) return [...initContainers, ...containers].map((c) => ({ pod, container: c.name }));
  const exists = (name: string) => containers.some((c) => c.name === name) || initContainers.some((c) => c.name === name);
  let container = named;
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION] ?? '';
  if (container === '' && annotated !== '') {
    if (exists(annotated)) container = annotated;
    else out.stderr += `Default container name ${JSON.stringify(annotated)} not found in pod ${pod.metadata.name}\n`;
  }
  if (container === '') {
    container = containers[0].name;
    if ((containers.length > 1 || initContainers.length > 0) && !allPods) {
      // podcmd.AllContainerNames: containers, then init containers marked `(init)`.
      const all = [...containers.map((c) => c.name), ...initContainers.map((c) => `${c.name} (init)`)];
      out.stderr += `Defaulted container ${JSON.stringify(container)} out of: ${all.join(', ')}\n`;
    }
  }
  if (!exists(container)) return `error: container ${container} is not valid for pod ${pod.metadata.name}`;
  return [{ pod, container }];
}

const PHASE_RANK: Readonly<Record<string, number>> = { Running: 0, Unknown: 1, Pending: 2 };

/** podutils.ByLogging's Less: the pod whose logs are most worth reading comes first. */
function lessForLogging(a: Pod, b: Pod): boolean {
  const aNode = a.spec.nodeName ?? '';
  const bNode = b.spec.nodeName ?? '';
  if (aNode !== bNode && (aNode === '' || bNode === '')) return aNode !== '';
  // A Go map lookup: Succeeded and Failed rank with Running.
  const rank = (p: Pod) => PHASE_RANK[p.status?.phase ?? ''] ?? 0;
  if (rank(a) !== rank(b)) return rank(a) < rank(b);
  const aReady = readyTime(a);
  const bReady = readyTime(b);
  if ((aReady !== undefined) !== (bReady !== undefined)) return aReady !== undefined;
  if (aReady !== undefined && bReady !== undefined && aReady !== bReady) return afterOrZero(bReady, aReady);
  const restarts = (p: Pod) => Math.max(0, ...(p.status?.containerStatuses ?? []).map((c) => c.restartCount));
  if (restarts(a) !== restarts(b)) return restarts(a) > restarts(b);
  const aCreated = a.metadata.creationTimestamp ?? '';
  const bCreated = b.metadata.creationTimestamp ?? '';
  if (aCreated !== bCreated) return afterOrZero(bCreated, aCreated);
  return false;
}

/** The Ready condition's lastTransitionTime when the pod is ready ('' for a zero time); undefined when not ready. */
function readyTime(p: Pod): string | undefined {
  const c = p.status?.conditions?.find((x) => x.type === 'Ready');
  return c?.status === 'True' ? (c.lastTransitionTime ?? '') : undefined;
}

/** podutils afterOrZero over RFC 3339 times ('' is the zero time, after every other). */
function afterOrZero(t1: string, t2: string): boolean {
  if (t1 === '' || t2 === '') return t1 === '';
  return Date.parse(t1) > Date.parse(t2);
}

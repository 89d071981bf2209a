/**
 * What a pod's log endpoint answers for one container (GET pods/NAME/log?container=C): the
 * API server's LogLocation, then the kubelet's choice of container instance and its reading of
 * the log file.
 *  - A pod not bound to a node has no log location: the API server streams nothing
 *    (kubernetes pkg/registry/core/pod/strategy.go LogLocation, apiserver LocationStreamer).
 *  - The kubelet picks the instance from the container's status (pkg/kubelet/kubelet_pods.go
 *    validateContainerLogStatus); its errors reach kubectl as BadRequest (the kubelet writes them
 *    with status 400, GenericHttpResponseChecker makes them a Status).
 *  - Tail, since, timestamps and limit-bytes as the kubelet's log reader applies them, in that
 *    order (pkg/kubelet/kuberuntime/logs/logs.go ReadLogs and logWriter.write; timestamps in
 *    RFC3339NanoFixed).
 * svcsim keeps only what the processes it ran printed (ClusterReader.containerLog); where a real
 * kubelet would show output svcsim does not have, or times it cannot know, it says so.
 */
import type { Pod } from '../../api/core.ts';
import { badRequestError, type StatusError } from '../../api/status.ts';
import type { ClusterReader } from '../../cluster/types.ts';

/** PodLogOptions as kubectl sends them. */
export interface LogReadOptions {
  previous: boolean;
  timestamps: boolean;
  /** tailLines; undefined reads every line. */
  tailLines?: number;
  /** limitBytes; undefined reads everything. */
  limitBytes?: number;
  /** Lines older than this (ms on the simulated clock) are skipped. */
  sinceMs?: number;
}

export type LogAnswer =
  | { ok: true; text: string }
  /** The API server's answer, a Status. */
  | { ok: false; status: StatusError }
  /** What svcsim cannot answer faithfully, in its own words (no `error: ` prefix). */
  | { ok: false; svcsim: string };

/** The run whose output is read, and the times its status gives it. */
interface Instance {
  log: string | undefined;
  startedAt?: string;
  finishedAt?: string;
}

const bad = (message: string): LogAnswer => ({ ok: false, status: badRequestError(message) });

export function readContainerLog(cluster: ClusterReader, pod: Pod, container: string, opts: LogReadOptions): LogAnswer {
  if (!pod.spec.nodeName) return { ok: true, text: '' };
  const chosen = instanceOf(cluster, pod, container, opts.previous);
  if ('ok' in chosen) return chosen;
  if (chosen.log === undefined) return notKept(pod, container, opts.previous);
  return applyOptions(chosen, opts, container, pod.metadata.name);
}

/** validateContainerLogStatus: which instance of the container the kubelet reads, or its error. */
function instanceOf(cluster: ClusterReader, pod: Pod, container: string, previous: boolean): Instance | LogAnswer {
  const ns = pod.metadata.namespace ?? 'default';
  const podName = pod.metadata.name;
  const status = pod.status?.containerStatuses?.find((c) => c.name === container);
  // svcsim reports no status for init containers; a real kubelet would have one.
  if (!status) return { ok: false, svcsim: `the logs of container "${container}" in pod "${podName}" are not simulated (svcsim keeps no status for it)` };
  const log = (prev: boolean) => cluster.containerLog?.(ns, podName, container, prev);
  const state = status.state ?? {};
  const last = status.lastState?.terminated;
  if (previous) {
    if (!last) return bad(`previous terminated container "${container}" in pod "${podName}" not found`);
    // lastState is the run before the one under way; while the container waits to restart it is
    // the latest run, the one containerLog keeps as current.
    if (state.running) return { log: log(true), ...times(last) };
    if (state.waiting) return { log: log(false), ...times(last) };
    return { log: undefined };
  }
  if (state.running) return { ok: false, svcsim: runningMessage(container, podName) };
  if (state.terminated) return { log: log(false), ...times(state.terminated) };
  if (last) return { log: log(false), ...times(last) };
  if (state.waiting) {
    const reason = state.waiting.reason ?? '';
    if (reason === 'ErrImagePull') return bad(`container "${container}" in pod "${podName}" is waiting to start: image can't be pulled`);
    if (reason === 'ImagePullBackOff') return bad(`container "${container}" in pod "${podName}" is waiting to start: trying and failing to pull image`);
    return bad(`container "${container}" in pod "${podName}" is waiting to start: ${reason}`);
  }
  return bad(`container "${container}" in pod "${podName}" is waiting to start - no logs yet`);
}

function times(t: { startedAt?: string; finishedAt?: string }): Pick<Instance, 'startedAt' | 'finishedAt'> {
  return { startedAt: t.startedAt, finishedAt: t.finishedAt };
}

/** A running container's output so far is not known to svcsim: what its processes print is kept when they end. */
export function runningMessage(container: string, pod: string): string {
  return (
    `the logs of container "${container}" in pod "${pod}" are not simulated while it runs ` +
    '(svcsim keeps what a pod\'s command printed once the command has ended, as for kubectl run t --image=busybox --restart=Never -- wget -qO- SERVICE)'
  );
}

function notKept(pod: Pod, container: string, previous: boolean): LogAnswer {
  const which = previous ? 'the previous instance of container' : 'container';
  return { ok: false, svcsim: `the logs of ${which} "${container}" in pod "${pod.metadata.name}" are not simulated (svcsim did not keep them)` };
}

/** The log's lines, each with its newline (the last may have none: a partial line). */
function linesOf(text: string): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl + 1;
    out.push(text.slice(at, end));
    at = end;
  }
  return out;
}

/**
 * ReadLogs: the last tailLines lines, those not older than since, each behind its timestamp,
 * cut at limitBytes. svcsim knows one time for every line only when the run took no time on
 * the simulated clock.
 */
function applyOptions(run: Instance, opts: LogReadOptions, container: string, pod: string): LogAnswer {
  let lines = linesOf(run.log ?? '');
  if (opts.tailLines !== undefined) lines = opts.tailLines === 0 ? [] : lines.slice(-opts.tailLines);
  const started = run.startedAt ? Date.parse(run.startedAt) : NaN;
  const finished = run.finishedAt ? Date.parse(run.finishedAt) : NaN;
  const oneInstant = !Number.isNaN(started) && started === finished;
  const unknownTimes = (flag: string): LogAnswer => ({
    ok: false,
    svcsim: `kubectl logs ${flag} is not simulated for container "${container}" in pod "${pod}": its command ran from ${run.startedAt ?? '?'} to ${run.finishedAt ?? '?'} and svcsim does not know when it wrote each line`,
  });
  if (opts.sinceMs !== undefined && lines.length) {
    if (oneInstant || started >= opts.sinceMs) {
      if (started < opts.sinceMs) lines = [];
    } else if (finished < opts.sinceMs) {
      lines = [];
    } else {
      return unknownTimes('--since');
    }
  }
  if (opts.timestamps && lines.length) {
    if (!oneInstant) return unknownTimes('--timestamps');
    const stamp = `${fixedNano(run.finishedAt ?? '')} `;
    lines = lines.map((l) => stamp + l);
  }
  const text = lines.join('');
  return { ok: true, text: opts.limitBytes === undefined ? text : utf8Prefix(text, opts.limitBytes) };
}

/** An RFC 3339 time in seconds as RFC3339NanoFixed (`2006-01-02T15:04:05.000000000Z07:00`). */
function fixedNano(t: string): string {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(t);
  if (!m) return t;
  return `${m[1]}.${(m[2] ?? '').padEnd(9, '0').slice(0, 9)}${m[3]}`;
}

/** The first `limit` bytes of the text's UTF-8 (the kubelet cuts bytes, so a character may be split). */
function utf8Prefix(text: string, limit: number): string {
  let bytes = 0;
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    // A split character: the bytes that fit are not valid UTF-8; the terminal shows U+FFFD.
    if (bytes + size > limit) return bytes < limit ? `${out}\uFFFD` : out;
    bytes += size;
    out += ch;
  }
  return out;
}

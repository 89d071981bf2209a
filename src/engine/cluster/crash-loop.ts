/**
 * A container whose command ends in a pod that restarts it (restartPolicy Always, or OnFailure
 * after a failure): the kubelet restarts it with a back-off, and the pod shows CrashLoopBackOff
 * in between (kubernetes pkg/kubelet/kuberuntime/kuberuntime_manager.go doBackOff, client-go
 * util/flowcontrol/backoff.go, pkg/kubelet/kubelet.go: 10s doubling to MaxContainerBackOff 5m;
 * the v1.33 feature gates that change these are alpha and off).
 *
 * The timeline svcsim follows, without the jitter and relist delays of a real node:
 * - the first exit is restarted at once (no back-off entry yet); restart 1;
 * - after exit k (k >= 1) the container waits B(k) = min(10s * 2^(k-1), 5m): its status is
 *   waiting, reason CrashLoopBackOff, `back-off B(k) restarting failed container=C pod=P_NS(UID)`;
 * - while waiting, the pod worker retries every 10s (its backOffPeriod) and each retry in the
 *   window reports a BackOff event: B(k)/10s events per wait.
 */
import type { ContainerStatus, Pod, PodCondition, PodStatus } from '../api/core.ts';
import type { LazyEvents } from './event-log.ts';
import { rfc3339 } from './object-meta.ts';
import type { ClusterEvent } from './types.ts';

const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;
/** The pod worker's retry period after a sync error (kubelet.go backOffPeriod). */
export const POD_WORKER_RETRY_MS = 10_000;

/** The wait after exit k (k >= 1). */
export function backOffAfter(exit: number): number {
  return Math.min(INITIAL_BACKOFF_MS * 2 ** Math.min(exit - 1, 30), MAX_BACKOFF_MS);
}

/** time.Duration.String for whole seconds: 10s, 1m20s, 5m0s. */
export function goSeconds(ms: number): string {
  const s = Math.round(ms / 1000);
  const m = Math.floor(s / 60);
  return m ? `${m}m${s % 60}s` : `${s}s`;
}

/** One run of the container's process, times on the simulated clock (ms). */
export interface ContainerRun {
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  log: string;
}

/** Where a restarting container stands at some instant. */
export interface CrashLoopState {
  restartCount: number;
  /** The latest run: still running when `running`. */
  last: ContainerRun;
  /** The run before it, if any. */
  previous: ContainerRun | undefined;
  running: boolean;
  /** Since when the container has not been ready (undefined while a run is under way). */
  notReadySince: number | undefined;
  /** The BackOff warnings reported so far (one per pod-worker retry inside a wait). */
  backOffEvents: { count: number; first: number; last: number } | undefined;
}

function terminated(run: ContainerRun): NonNullable<ContainerStatus['lastState']> {
  return { terminated: { exitCode: run.exitCode, reason: run.exitCode === 0 ? 'Completed' : 'Error', startedAt: rfc3339(run.startedAt), finishedAt: rfc3339(run.finishedAt) } };
}

/** The pod's status at that instant: phase Running, the container waiting or running again. */
export function crashLoopStatus(pod: Pod, state: CrashLoopState): PodStatus {
  const status = pod.status ?? {};
  const { namespace = 'default', name, uid = '' } = pod.metadata;
  const cs = status.containerStatuses?.[0];
  const container = cs?.name ?? pod.spec.containers[0].name;
  const ready = state.running;
  const since = rfc3339(ready ? state.last.startedAt : (state.notReadySince ?? state.last.finishedAt));
  const prev = status.conditions ?? [];
  const notReady = { reason: 'ContainersNotReady', message: `containers with unready status: [${container}]` };
  const conditions: PodCondition[] = prev.map((c) => {
    if (c.type !== 'Ready' && c.type !== 'ContainersReady') return c;
    const time = c.status === (ready ? 'True' : 'False') ? (c.lastTransitionTime ?? since) : since;
    return ready ? { type: c.type, status: 'True', lastProbeTime: null, lastTransitionTime: time } : { type: c.type, status: 'False', lastProbeTime: null, lastTransitionTime: time, ...notReady };
  });
  const message = `back-off ${goSeconds(backOffAfter(state.restartCount))} restarting failed container=${container} pod=${name}_${namespace}(${uid})`;
  const { resources, ...rest } = cs ?? { name: container, ready: false, restartCount: 0 };
  const containerStatus: ContainerStatus = {
    ...rest,
    ready,
    restartCount: state.restartCount,
    started: ready,
    state: ready ? { running: { startedAt: rfc3339(state.last.startedAt) } } : { waiting: { reason: 'CrashLoopBackOff', message } },
    lastState: ready ? (state.previous ? terminated(state.previous) : {}) : terminated(state.last),
    // The resources a container runs with are reported while it runs (convertToAPIContainerStatuses).
    ...(ready && resources ? { resources } : {}),
  };
  return { ...status, phase: 'Running', conditions, containerStatuses: [containerStatus] };
}

/**
 * The pod's events through its restarts: its start-up events, the kubelet's Pulled, Created and
 * Started counted once per start (the event recorder aggregates identical events), and the
 * BackOff warnings.
 */
export class CrashLoopEvents implements LazyEvents {
  constructor(
    /** The start-up events as first recorded (Scheduled, Pulled, Created, Started). */
    readonly base: readonly ClusterEvent[],
    private readonly starts: number,
    private readonly lastStart: number,
    private readonly backOff: CrashLoopState['backOffEvents'],
    private readonly pod: { namespace: string; name: string; uid: string; container: string; nodeName: string },
  ) {}

  expand(): ClusterEvent[] {
    const last = rfc3339(this.lastStart);
    const out = this.base.map((e) => (e.source === 'kubelet' ? { ...e, count: this.starts, lastTimestamp: last } : e));
    const b = this.backOff;
    if (b) {
      const { namespace, name, uid, container, nodeName } = this.pod;
      out.push({
        type: 'Warning',
        reason: 'BackOff',
        message: `Back-off restarting failed container ${container} in pod ${name}_${namespace}(${uid})`,
        source: 'kubelet',
        host: nodeName,
        involvedObject: { kind: 'Pod', namespace, name, uid, fieldPath: `spec.containers{${container}}` },
        firstTimestamp: rfc3339(b.first),
        lastTimestamp: rfc3339(b.last),
        count: b.count,
      });
    }
    return out;
  }
}

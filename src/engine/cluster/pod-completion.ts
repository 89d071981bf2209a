/**
 * The status a v1.33 kubelet reports once a `restartPolicy: Never` pod's only container has
 * exited (kubernetes pkg/kubelet/kubelet_pods.go getPhase and convertToAPIContainerStatuses,
 * pkg/kubelet/status/generate.go):
 * - phase Succeeded when it exited 0, else Failed;
 * - the container terminated, reason Completed or Error (containerd's words), not ready, not
 *   started, and without `resources` (reported for running containers only);
 * - PodReadyToStartContainers False: the kubelet tears a finished pod's sandbox down;
 * - Initialized True (reason PodCompleted once Succeeded); Ready and ContainersReady False,
 *   reason PodCompleted or PodFailed;
 * - a condition whose status did not change keeps its lastTransitionTime (status manager).
 * The pod keeps its IP in status, as a real finished pod does.
 */
import type { ContainerStatus, Pod, PodCondition, PodStatus } from '../api/core.ts';

export function completedStatus(pod: Pod, exitCode: number, finishedAt: string): PodStatus {
  const status = pod.status ?? {};
  const succeeded = exitCode === 0;
  const reason = succeeded ? 'PodCompleted' : 'PodFailed';
  const prev = status.conditions ?? [];
  const condition = (type: string, value: 'True' | 'False', why?: string): PodCondition => {
    const old = prev.find((c) => c.type === type);
    const time = old && old.status === value ? (old.lastTransitionTime ?? finishedAt) : finishedAt;
    return why ? { type, status: value, lastProbeTime: null, lastTransitionTime: time, reason: why } : { type, status: value, lastProbeTime: null, lastTransitionTime: time };
  };
  const conditions: PodCondition[] = [
    condition('PodReadyToStartContainers', 'False'),
    condition('Initialized', 'True', succeeded ? 'PodCompleted' : undefined),
    condition('Ready', 'False', reason),
    condition('ContainersReady', 'False', reason),
    ...prev.filter((c) => c.type === 'PodScheduled'),
  ];
  const containerStatuses = (status.containerStatuses ?? []).map((cs): ContainerStatus => {
    const startedAt = cs.state?.running?.startedAt ?? status.startTime ?? finishedAt;
    const { resources: _running, ...rest } = cs;
    return {
      ...rest,
      ready: false,
      started: false,
      state: { terminated: { exitCode, reason: succeeded ? 'Completed' : 'Error', startedAt, finishedAt } },
    };
  });
  return { ...status, phase: succeeded ? 'Succeeded' : 'Failed', conditions, containerStatuses };
}

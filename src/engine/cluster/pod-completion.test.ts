/** The status a v1.33 kubelet reports for a restartPolicy Never pod whose container exited (pkg/kubelet/status/generate.go). */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/core.ts';
import { completedStatus } from './pod-completion.ts';

const START = '2025-06-02T14:00:01Z';
const END = '2025-06-02T14:00:09Z';

function running(ready: boolean): Pod {
  const cond = (type: string, status: 'True' | 'False') => ({ type, status, lastProbeTime: null, lastTransitionTime: START });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'probe', namespace: 'default' },
    spec: { restartPolicy: 'Never', containers: [{ name: 'probe', image: 'busybox', args: ['wget', '-qO-', 'http://web'] }] },
    status: {
      phase: 'Running',
      conditions: [cond('PodReadyToStartContainers', 'True'), cond('Initialized', 'True'), cond('Ready', ready ? 'True' : 'False'), cond('ContainersReady', ready ? 'True' : 'False'), cond('PodScheduled', 'True')],
      hostIP: '172.200.1.201',
      podIP: '10.244.1.11',
      startTime: START,
      containerStatuses: [{ name: 'probe', image: 'docker.io/library/busybox:latest', ready, restartCount: 0, started: true, state: { running: { startedAt: START } }, lastState: {}, resources: {} }],
      qosClass: 'BestEffort',
    },
  };
}

describe('a one-shot container that exited', () => {
  it('exit 0: Succeeded, Completed, PodCompleted on Initialized, Ready and ContainersReady; changed conditions at the end, the rest kept', () => {
    const s = completedStatus(running(true), 0, END);
    expect(s.phase).toBe('Succeeded');
    expect(s.conditions).toEqual([
      { type: 'PodReadyToStartContainers', status: 'False', lastProbeTime: null, lastTransitionTime: END },
      { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: START, reason: 'PodCompleted' },
      { type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: END, reason: 'PodCompleted' },
      { type: 'ContainersReady', status: 'False', lastProbeTime: null, lastTransitionTime: END, reason: 'PodCompleted' },
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: START },
    ]);
    expect(s.containerStatuses).toEqual([
      {
        name: 'probe',
        image: 'docker.io/library/busybox:latest',
        ready: false,
        restartCount: 0,
        started: false,
        state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: START, finishedAt: END } },
        lastState: {},
      },
    ]);
    // A finished pod keeps its addresses in status.
    expect(s).toMatchObject({ podIP: '10.244.1.11', hostIP: '172.200.1.201', startTime: START, qosClass: 'BestEffort' });
  });

  it('a non-zero exit: Failed, Error with the exit code, PodFailed; Initialized without a reason; a condition already False keeps its time', () => {
    const s = completedStatus(running(false), 28, END);
    expect(s.phase).toBe('Failed');
    expect(s.containerStatuses![0].state).toEqual({ terminated: { exitCode: 28, reason: 'Error', startedAt: START, finishedAt: END } });
    expect(s.conditions!.map((c) => [c.type, c.status, c.reason, c.lastTransitionTime])).toEqual([
      ['PodReadyToStartContainers', 'False', undefined, END],
      ['Initialized', 'True', undefined, START],
      ['Ready', 'False', 'PodFailed', START],
      ['ContainersReady', 'False', 'PodFailed', START],
      ['PodScheduled', 'True', undefined, START],
    ]);
  });
});

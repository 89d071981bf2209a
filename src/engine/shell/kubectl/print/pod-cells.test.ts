/** READY, STATUS and RESTARTS of pods in the states printPod (printers.go, v1.33) tells apart. */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../api/core.ts';
import { podStatusCells } from './pod-cells.ts';
import { ago, NOW } from './testing/fake-cluster.ts';

type Status = NonNullable<Pod['status']> & Record<string, unknown>;

function pod(status: Status, spec: Partial<Pod['spec']> = {}, deleting = false): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', creationTimestamp: ago(600), ...(deleting ? { deletionTimestamp: ago(5) } : {}) },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
    status,
  };
}

const running = { name: 'app', ready: true, restartCount: 0, started: true, state: { running: {} } };
const cells = (p: Pod) => podStatusCells(p, NOW);

describe('printPod status cells', () => {
  it('reads a finished pod as Completed, 0/1', () => {
    const p = pod({ phase: 'Succeeded', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] });
    expect(cells(p)).toEqual({ ready: '0/1', status: 'Completed', restarts: '0' });
  });

  it('shows the waiting reason and when the last restart was', () => {
    const p = pod({
      phase: 'Running',
      containerStatuses: [
        { name: 'app', ready: false, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(75) } } } as never,
      ],
    });
    expect(cells(p)).toEqual({ ready: '0/1', status: 'CrashLoopBackOff', restarts: '4 (75s ago)' });
  });

  it('counts init containers: Init:0/2 while the first runs, Init:Error when it failed', () => {
    const spec = { initContainers: [{ name: 'a', image: 'busybox' }, { name: 'b', image: 'busybox' }] };
    const initRunning = pod({ phase: 'Pending', initContainerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { running: {} } }] }, spec);
    expect(cells(initRunning).status).toBe('Init:0/2');
    const initFailed = pod({ phase: 'Pending', initContainerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } }] }, spec);
    expect(cells(initFailed).status).toBe('Init:Error');
    const initSignal = pod({ phase: 'Pending', initContainerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 137, signal: 9 } } }] }, spec);
    expect(cells(initSignal).status).toBe('Init:Signal:9');
  });

  it('counts a started sidecar (restartPolicy Always init container) in READY', () => {
    const spec = { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' as const }] };
    const p = pod(
      {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [{ name: 'proxy', ready: true, started: true, restartCount: 1, state: { running: {} } }],
        containerStatuses: [running],
      },
      spec,
    );
    expect(cells(p)).toEqual({ ready: '2/2', status: 'Running', restarts: '1' });
  });

  it('says Terminating for a deleted running pod, Unknown when its node was lost, and keeps Completed', () => {
    expect(cells(pod({ phase: 'Running', containerStatuses: [running] }, {}, true)).status).toBe('Terminating');
    expect(cells(pod({ phase: 'Running', reason: 'NodeLost', containerStatuses: [running] }, {}, true)).status).toBe('Unknown');
    const done = pod({ phase: 'Succeeded', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }, {}, true);
    expect(cells(done).status).toBe('Completed');
  });

  it('says SchedulingGated for a pod held by a scheduling gate', () => {
    expect(cells(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] })).status).toBe('SchedulingGated');
  });
});

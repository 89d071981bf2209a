import { describe as suite, it, expect } from 'vitest';
import type { Namespace } from '../../../../api/core.ts';
import { describe } from './index.ts';
import { fakeCluster } from '../testing/fake-cluster.ts';
import { node, runningPod } from '../testing/builders.ts';

suite('kubectl describe node: resource tables', () => {
  it('counts an init container that needs more than the containers, and ephemeral storage', () => {
    const n = node('w1', '192.168.0.3');
    n.status = { ...n.status, allocatable: { cpu: '2', memory: '4Gi', 'ephemeral-storage': '10Gi', pods: '110' } };
    const p = runningPod('job-1', 120, { node: 'w1' });
    p.spec.containers[0].resources = { requests: { cpu: '100m', memory: '128Mi', 'ephemeral-storage': '1Gi' } };
    p.spec.initContainers = [
      { name: 'setup', image: 'busybox', resources: { requests: { cpu: '500m', memory: '64Mi' }, limits: { memory: '256Mi' } } },
      { name: 'proxy', image: 'envoy', restartPolicy: 'Always', resources: { requests: { cpu: '50m' } } },
    ];
    const text = describe(n, fakeCluster([n, p]));
    expect(text).toContain(`  Namespace                   Name     CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----     ------------  ----------  ---------------  -------------  ---
  default                     job-1    500m (25%)    0 (0%)      128Mi (3%)       256Mi (6%)     2m
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests    Limits
  --------           --------    ------
  cpu                500m (25%)  0 (0%)
  memory             128Mi (3%)  256Mi (6%)
  ephemeral-storage  1Gi (10%)   0 (0%)
`);
  });
});

suite('kubectl describe namespace', () => {
  it('prints the deletion conditions of a terminating namespace', () => {
    const ns = {
      apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'old' },
      status: { phase: 'Terminating', conditions: [{ type: 'NamespaceDeletionContentFailure', status: 'False', lastTransitionTime: '2025-06-01T11:59:00Z', reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' }] },
    } as Namespace;
    expect(describe(ns, fakeCluster([]))).toBe(`Name:         old
Labels:       <none>
Annotations:  <none>
Status:       Terminating
Conditions:
  Type                             Status  LastTransitionTime               Reason          Message
  ----                             ------  ------------------               ------          -------
  NamespaceDeletionContentFailure  False   Sun, 01 Jun 2025 11:59:00 +0000  ContentDeleted  All content successfully deleted, may be waiting on finalization

No resource quota.

No LimitRange resource.
`);
  });
});

import { describe, expect, it } from 'vitest';
import { createSession } from '../index.ts';

const PICKY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: picky}
spec:
  replicas: 1
  selector: {matchLabels: {app: picky}}
  template:
    metadata: {labels: {app: picky}}
    spec:
      nodeSelector: {disktype: ssd}
      containers: [{name: c, image: nginx}]
`;

const NO_FIT =
  "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.";

describe('a pod no node fits', () => {
  it("says why in a FailedScheduling event and its PodScheduled condition, in the v1.33 scheduler's words", () => {
    const s = createSession({ scenario: PICKY });
    expect(s.problems).toEqual([]);
    const pod = s.cluster.list('Pod', 'default').find((p) => p.metadata.labels?.app === 'picky')!;
    expect(pod.status?.phase).toBe('Pending');
    expect(pod.status?.conditions).toEqual([{ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: pod.metadata.creationTimestamp, reason: 'Unschedulable', message: NO_FIT }]);
    const events = s.cluster.events('Pod', 'default', pod.metadata.name);
    expect(events.map((e) => [e.type, e.reason, e.source, e.message, e.count])).toEqual([['Warning', 'FailedScheduling', 'default-scheduler', NO_FIT, 1]]);
    expect(s.run(`kubectl describe pod ${pod.metadata.name}`).stdout).toContain('Conditions:\n  Type           Status\n  PodScheduled   False \n');
  });

  it('counts a cordoned node apart, and is retried without a new event until a node fits', () => {
    const s = createSession({ scenario: PICKY });
    const name = () => s.cluster.list('Pod', 'default').find((p) => p.metadata.labels?.app === 'picky')!.metadata.name;
    s.run('kubectl cordon node201');
    expect(s.cluster.events('Pod', 'default', name()).length).toBe(1);
    s.run('kubectl delete pod -l app=picky');
    const again = s.cluster.events('Pod', 'default', name());
    expect(again.map((e) => e.message)).toEqual([
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.",
    ]);
    expect(s.run('kubectl label node node203 disktype=ssd').exitCode).toBe(0);
    const running = s.cluster.get('Pod', 'default', name())!;
    expect(running.spec.nodeName).toBe('node203');
    expect(running.status?.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
    expect(s.cluster.events('Pod', 'default', name()).map((e) => e.reason)).toEqual(['FailedScheduling', 'Scheduled', 'Pulled', 'Created', 'Started']);
  });

  it('with no node at all, says there is none', () => {
    const s = createSession({ scenario: 'apiVersion: svcsim.dev/v1alpha1\nkind: Scenario\nbase: empty\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: alone}\nspec:\n  containers: [{name: c, image: nginx}]\n' });
    expect(s.cluster.events('Pod', 'default', 'alone').map((e) => e.message)).toEqual(['no nodes available to schedule pods']);
  });
});

describe("a running pod's conditions", () => {
  it('print lastProbeTime: null, as the kubelet leaves it', () => {
    const s = createSession({ scenario: PICKY.replace('      nodeSelector: {disktype: ssd}\n', '') });
    const yaml = s.run('kubectl get pods -l app=picky -o yaml').stdout;
    expect(yaml).toContain('    conditions:\n    - lastProbeTime: null\n      lastTransitionTime: ');
  });
});

/** The scheduler's NodeResourcesFit filter (noderesources/fit.go) and what a pod that does not fit shows. */
import { describe, expect, it } from 'vitest';
import { createSession } from '../index.ts';

const pod = (name: string, resources: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec: {containers: [{name: c, image: nginx, resources: ${resources}}]}
---
`;

const events = (s: ReturnType<typeof createSession>, name: string) =>
  s.cluster.events('Pod', 'default', name).map((e) => `${e.reason}: ${e.message}`);

describe('scheduling by requested resources', () => {
  it('leaves a pod asking for more cpu than any worker has Pending, in the scheduler\'s words', () => {
    const s = createSession();
    s.run('kubectl apply -f -', { stdin: pod('big', '{requests: {cpu: "3"}}') });
    expect(s.cluster.get('Pod', 'default', 'big')?.spec.nodeName).toBeUndefined();
    expect(events(s, 'big')).toEqual([
      'FailedScheduling: 0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.',
    ]);
  });

  it('names every resource short on a node, limits counting as requests', () => {
    const s = createSession();
    s.run('kubectl apply -f -', { stdin: pod('huge', '{limits: {cpu: "4", memory: 8Gi}}') });
    expect(events(s, 'huge')[0]).toContain('3 Insufficient cpu, 3 Insufficient memory.');
  });

  it('fills the workers by what is requested, and a deletion lets a waiting pod in', () => {
    const s = createSession();
    const many = ['a', 'b', 'c', 'd'].map((n) => pod(n, '{requests: {cpu: 1500m}}')).join('');
    s.run('kubectl apply -f -', { stdin: many });
    const nodes = ['a', 'b', 'c'].map((n) => s.cluster.get('Pod', 'default', n)?.spec.nodeName);
    expect(new Set(nodes).size).toBe(3);
    expect(s.cluster.get('Pod', 'default', 'd')?.spec.nodeName).toBeUndefined();
    expect(s.run('kubectl get pod d').stdout).toMatch(/^d +0\/1 +Pending /m);
    s.run('kubectl delete pod b');
    expect(s.cluster.get('Pod', 'default', 'd')?.spec.nodeName).toBe(nodes[1]);
  });

  it('holds a node to its allocatable pod count: Too many pods', () => {
    // One worker taking three pods: its kube-proxy and flannel pods hold two of them.
    const nodes = `apiVersion: v1
kind: Node
metadata: {name: cp, labels: {node-role.kubernetes.io/control-plane: ""}}
spec: {podCIDR: 10.244.0.0/24, taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]}
---
apiVersion: v1
kind: Node
metadata: {name: tiny}
spec: {podCIDR: 10.244.1.0/24}
status: {allocatable: {cpu: "2", memory: 4Gi, pods: "3"}}
---
`;
    const s = createSession({ scenario: nodes + pod('one', '{}') + pod('two', '{}') });
    expect(s.cluster.get('Pod', 'default', 'one')?.spec.nodeName).toBe('tiny');
    expect(s.cluster.get('Pod', 'default', 'two')?.spec.nodeName).toBeUndefined();
    expect(events(s, 'two')[0]).toBe(
      'FailedScheduling: 0/2 nodes are available: 1 Too many pods, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.',
    );
  });

  it('does not count a finished pod: its requests and its place go back, and a waiting pod takes them', () => {
    // scheduler.go newPodInformer lists only pods with status.phase!=Succeeded,status.phase!=Failed.
    const nodes = `apiVersion: v1
kind: Node
metadata: {name: tiny}
spec: {podCIDR: 10.244.1.0/24}
status: {allocatable: {cpu: "2", memory: 4Gi, pods: "10"}}
---
`;
    const job = `apiVersion: v1
kind: Pod
metadata: {name: job}
spec:
  restartPolicy: Never
  containers: [{name: c, image: busybox, command: [sh, -c, "echo done"], resources: {requests: {cpu: 1500m}}}]
---
`;
    const s = createSession({ scenario: nodes + job + pod('web', '{requests: {cpu: 1500m}}') });
    expect(s.cluster.get('Pod', 'default', 'job')?.status?.phase).toBe('Succeeded');
    expect(s.cluster.get('Pod', 'default', 'web')?.spec.nodeName).toBe('tiny');
    expect(events(s, 'web')[0]).toBe('FailedScheduling: 0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
    // The finished pod's 1500m no longer counts: web's 1500m and the cluster's own pods' (flannel
    // 100m, two CoreDNS 100m each) leave 200m, so a 200m pod fits and a 300m one does not.
    s.run('kubectl apply -f -', { stdin: pod('fits', '{requests: {cpu: 200m}}') + pod('over', '{requests: {cpu: 300m}}') });
    expect(s.cluster.get('Pod', 'default', 'fits')?.spec.nodeName).toBe('tiny');
    expect(s.cluster.get('Pod', 'default', 'over')?.spec.nodeName).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { createSession } from '../index.ts';

describe('pod admission', () => {
  it('gives a new pod a service account, its token volume, the default tolerations and a priority', () => {
    const s = createSession({ files: { readFile: (p) => (p === 'bare.yaml' ? 'apiVersion: v1\nkind: Pod\nmetadata: {name: bare}\nspec:\n  containers: [{name: c, image: nginx}]\n' : undefined) } });
    s.run('kubectl create deployment web --image=nginx --replicas=2');
    const pods = JSON.parse(s.run('kubectl get pods -l app=web -o json').stdout).items;
    for (const pod of pods) {
      const spec = pod.spec;
      expect(spec.serviceAccountName).toBe('default');
      expect(spec.priority).toBe(0);
      expect(spec.volumes[0].name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(spec.containers[0].volumeMounts).toEqual([{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: spec.volumes[0].name, readOnly: true }]);
      expect(spec.tolerations.map((t: { key: string }) => t.key)).toEqual(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);
    }
    // svcsim draws the suffix once per ReplicaSet template (see replicaset-controller.ts); a bare pod draws its own.
    s.run('kubectl create -f bare.yaml');
    const bare = JSON.parse(s.run('kubectl get pod bare -o json').stdout);
    expect(bare.spec.volumes[0].name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(bare.spec.volumes[0].name).not.toBe(pods[0].spec.volumes[0].name);
  });

  it('leaves a static pod without a service account, and keeps a toleration that already covers NoExecute', () => {
    const s = createSession();
    const etcd = JSON.parse(s.run('kubectl get pod etcd-master200 -n kube-system -o json').stdout);
    expect(etcd.spec.serviceAccountName).toBeUndefined();
    expect(etcd.spec.tolerations).toEqual([{ effect: 'NoExecute', operator: 'Exists' }]);
  });

  it('gives the built-in system PriorityClasses their values', () => {
    const s = createSession({ files: { readFile: () => 'apiVersion: v1\nkind: Pod\nmetadata: {name: crit}\nspec:\n  priorityClassName: system-node-critical\n  containers: [{name: c, image: nginx}]\n' } });
    s.run('kubectl create -f crit.yaml');
    expect(JSON.parse(s.run('kubectl get pod crit -o json').stdout).spec.priority).toBe(2000001000);
    expect(s.run('kubectl describe pod -n kube-system -l k8s-app=kube-dns').stdout).toContain('Priority:             2000000000\nPriority Class Name:  system-cluster-critical\n');
  });
});

describe("a Pod's own defaults (SetDefaults_Pod, not a template's)", () => {
  it('requests a resource at its limit when only the limit is written; the Deployment template keeps what was written', () => {
    const s = createSession({
      scenario: `apiVersion: apps/v1
kind: Deployment
metadata: {name: lim}
spec:
  replicas: 1
  selector: {matchLabels: {app: lim}}
  template:
    metadata: {labels: {app: lim}}
    spec:
      containers:
      - name: c
        image: nginx
        resources: {limits: {cpu: 500m, memory: 128Mi}, requests: {cpu: 100m}}
`,
    });
    expect(s.problems).toEqual([]);
    const pod = s.cluster.list('Pod', 'default').find((p) => p.metadata.labels?.app === 'lim')!;
    expect(pod.spec.containers[0].resources).toEqual({ limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m', memory: '128Mi' } });
    expect(pod.status?.qosClass).toBe('Burstable');
    expect(s.cluster.get('Deployment', 'default', 'lim')!.spec.template.spec.containers[0].resources).toEqual({ limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } });
  });
});

/**
 * Pods that run one command and stop: a restartPolicy Never pod's process runs once as the pod
 * starts, and the pod ends Completed or Error the way a v1.33 kubelet ends it.
 */
import { describe, expect, it } from 'vitest';
import { createSession } from '../index.ts';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: nginx:1.27, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: nobody}
spec: {selector: {app: nobody}, ports: [{port: 80}]}
`;

const PROBE = `---
apiVersion: v1
kind: Pod
metadata: {name: probe}
spec:
  restartPolicy: Never
  containers: [{name: probe, image: busybox, command: [sh, -c, "wget -qO- http://web"]}]
`;

function row(s: ReturnType<typeof createSession>, name: string): string {
  return s.run(`kubectl get pod ${name} --no-headers`).stdout.replace(/\s+\d+s\n$/, '').replace(/\s+/g, ' ');
}

describe('one-shot pods', () => {
  it("a scenario's restartPolicy Never pod has run its command when the cluster starts: Completed, 0/1, out of every Service's endpoints", () => {
    const s = createSession({ scenario: WEB + PROBE });
    expect(row(s, 'probe')).toBe('probe 0/1 Completed 0');
    const pod = s.cluster.get('Pod', 'default', 'probe')!;
    expect(pod.status?.phase).toBe('Succeeded');
    expect(s.cluster.containerLog?.('default', 'probe', 'probe')).toMatch(/^Hostname: web-/);
    expect(s.run('kubectl get endpointslices -l kubernetes.io/service-name=web -o jsonpath={.items[0].endpoints[*].targetRef.name}').stdout).not.toContain('probe');
  });

  it('kubectl run --restart=Never: the pod is created, runs its command, and shows Error for a failed one', () => {
    const s = createSession({ scenario: WEB });
    expect(s.run('kubectl run ok --image=busybox --restart=Never -- wget -qO- http://web').stdout).toBe('pod/ok created\n');
    expect(row(s, 'ok')).toBe('ok 0/1 Completed 0');
    // A Service without endpoints: kube-proxy rejects the connection (curl exit 7).
    s.run('kubectl run bad --image=curlimages/curl --restart=Never -- -s http://nobody');
    expect(row(s, 'bad')).toBe('bad 0/1 Error 0');
    expect(s.cluster.get('Pod', 'default', 'bad')!.status!.containerStatuses![0].state).toMatchObject({ terminated: { exitCode: 7, reason: 'Error' } });
  });

  it("a process that waits runs in the background: the console's clock does not move, and the pod turns Error when the clock reaches its end", () => {
    const s = createSession({ scenario: WEB });
    const before = s.cluster.now();
    s.run('kubectl run slow --image=busybox --restart=Never -- wget -T 5 -qO- http://10.96.99.99');
    // One second per console line, nothing for the process's wait.
    expect(s.cluster.now() - before).toBe(1000);
    expect(row(s, 'slow')).toBe('slow 1/1 Running 0');
    s.run('sleep 5');
    expect(row(s, 'slow')).toBe('slow 0/1 Error 0');
    const t = s.cluster.get('Pod', 'default', 'slow')!.status!.containerStatuses![0].state!.terminated!;
    expect(Date.parse(t.finishedAt!) - Date.parse(t.startedAt!)).toBe(5000);
  });

  it('kubectl run -i --restart=Never runs the process once, attached, and leaves the pod Completed', () => {
    const s = createSession({ scenario: WEB });
    const r = s.run('kubectl run i -i --image=busybox --restart=Never -- wget -qO- http://web');
    expect(r.stdout).toMatch(/^Hostname: web-/);
    expect(row(s, 'i')).toBe('i 0/1 Completed 0');
    // Recorded from the attached run itself: the same text, not a second request.
    expect(s.cluster.containerLog?.('default', 'i', 'i')).toBe(r.stdout);
  });

  it('pods that restart, sleep, or run what svcsim has no program for keep running', () => {
    const s = createSession({ scenario: WEB });
    s.run('kubectl run always --image=busybox -- wget -qO- http://web');
    s.run('kubectl run sleeper --image=busybox --restart=Never -- sleep 3600');
    s.run('kubectl run other --image=busybox --restart=Never -- httpd -f');
    for (const name of ['always', 'sleeper', 'other']) expect(row(s, name)).toBe(`${name} 1/1 Running 0`);
    expect(s.cluster.containerLog?.('default', 'sleeper', 'sleeper')).toBeUndefined();
  });

  it('the same scenario and seed end the same way', () => {
    const a = createSession({ scenario: WEB + PROBE, seed: 7 });
    const b = createSession({ scenario: WEB + PROBE, seed: 7 });
    expect(a.run('kubectl get pod probe -o yaml').stdout).toBe(b.run('kubectl get pod probe -o yaml').stdout);
    expect(a.cluster.containerLog?.('default', 'probe', 'probe')).toBe(b.cluster.containerLog?.('default', 'probe', 'probe'));
  });

  it('finished pods are cleaned up by phase: kubectl delete pods --field-selector', () => {
    const s = createSession({ scenario: WEB + PROBE });
    s.run('kubectl run bad --image=curlimages/curl --restart=Never -- -s http://nobody');
    expect(s.run('kubectl delete pods --field-selector=status.phase==Succeeded').stdout).toBe('pod "probe" deleted\n');
    expect(s.run('kubectl delete pods --field-selector=status.phase!=Running').stdout).toBe('pod "bad" deleted\n');
    expect(s.run('kubectl delete pods --field-selector=status.phase=Failed').stdout).toBe('No resources found\n');
    expect(s.run('kubectl delete pods --field-selector=spec.foo=1').stderr).toBe(
      'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.foo=1": field label not supported: spec.foo\n',
    );
    expect(s.cluster.list('Pod', 'default').map((p) => p.metadata.labels?.app)).toEqual(['web', 'web']);
  });
});

/**
 * Pods that run one command and stop: a restartPolicy Never pod's process runs once as the pod
 * starts, and the pod ends Completed or Error the way a v1.33 kubelet ends it.
 */
import { describe, expect, it } from 'vitest';
import { createSession } from '../index.ts';
import { WEB_SCENARIO } from './testing/web-scenario.ts';

const WEB = WEB_SCENARIO;

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

  it('pods that sleep, or run what svcsim has no program for, keep running', () => {
    const s = createSession({ scenario: WEB });
    s.run('kubectl run sleeper --image=busybox --restart=Never -- sleep 3600');
    s.run('kubectl run other --image=busybox --restart=Never -- httpd -f');
    s.run('kubectl run web2 --image=nginx');
    for (const name of ['sleeper', 'other', 'web2']) expect(row(s, name)).toBe(`${name} 1/1 Running 0`);
    expect(s.cluster.containerLog?.('default', 'sleeper', 'sleeper')).toBeUndefined();
  });

  it('a pod that restarts its ended command goes round the crash loop: restarts after 0s, 10s, 20s, 40s ... with CrashLoopBackOff in between', () => {
    const s = createSession({ scenario: WEB });
    s.run('kubectl run c --image=busybox -- wget -qO- http://web');
    expect(row(s, 'c')).toBe('c 0/1 CrashLoopBackOff 1 (1s ago)');
    s.run('sleep 15'); // a second per line: 18s after the start, the second restart was at 10s
    expect(row(s, 'c')).toBe('c 0/1 CrashLoopBackOff 2 (8s ago)');
    s.run('sleep 60'); // 80s: restarts at 30s and 70s
    expect(row(s, 'c')).toBe('c 0/1 CrashLoopBackOff 4 (10s ago)');
    const pod = s.cluster.get('Pod', 'default', 'c')!;
    const cs = pod.status!.containerStatuses![0];
    expect(pod.status!.phase).toBe('Running');
    expect(cs.state).toEqual({ waiting: { reason: 'CrashLoopBackOff', message: `back-off 1m20s restarting failed container=c pod=c_default(${pod.metadata.uid})` } });
    expect(cs.lastState).toMatchObject({ terminated: { exitCode: 0, reason: 'Completed' } });
    expect(pod.status!.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [c]' });
    // Each restart ran the command again; the previous instance's output is kept too.
    expect(s.cluster.containerLog?.('default', 'c', 'c')).toMatch(/^Hostname: web-/);
    expect(s.cluster.containerLog?.('default', 'c', 'c', true)).toMatch(/^Hostname: web-/);
    const events = s.run('kubectl describe pod c').stdout.split('Events:\n')[1];
    expect(events).toContain('Normal   Started    11s (x5 over 81s)  kubelet            Started container c\n');
    expect(events).toContain(`Warning  BackOff    1s (x9 over 81s)   kubelet            Back-off restarting failed container c in pod c_default(${pod.metadata.uid})\n`);
  });

  it('the back-off stops growing at 5m0s, and a day of it is counted without running the command for every restart', () => {
    const s = createSession({ scenario: WEB });
    s.run('kubectl run c --image=busybox -- wget -qO- http://web');
    s.run('sleep 86400');
    const cs = s.cluster.get('Pod', 'default', 'c')!.status!.containerStatuses![0];
    // Restarts at 0, 10, 30, 70, 150 and 310 seconds, then one every 300 seconds.
    expect(cs.restartCount).toBe(6 + Math.floor((86401 - 310) / 300));
    expect(cs.state!.waiting!.message).toMatch(/^back-off 5m0s /);
  });

  it('restartPolicy OnFailure: a success ends the pod Completed, a failure loops', () => {
    const s = createSession({ scenario: WEB });
    s.run('kubectl run ok --image=busybox --restart=OnFailure -- wget -qO- http://web');
    s.run('kubectl run bad --image=curlimages/curl --restart=OnFailure -- -s http://nobody');
    expect(row(s, 'ok')).toBe('ok 0/1 Completed 0');
    expect(row(s, 'bad')).toMatch(/^bad 0\/1 CrashLoopBackOff 1 \(\d+s ago\)$/);
    expect(s.cluster.get('Pod', 'default', 'bad')!.status!.containerStatuses![0].lastState).toMatchObject({ terminated: { exitCode: 7, reason: 'Error' } });
  });

  it('kubectl run -it --rm of a restarting pod: the output, then the pod is gone before any restart', () => {
    const s = createSession({ scenario: WEB });
    const r = s.run('kubectl run tmp -it --rm --image=busybox -- wget -qO- http://web');
    expect(r.stdout).toMatch(/^Hostname: web-/);
    expect(r.stdout).toContain('pod "tmp" deleted\n');
    expect(s.cluster.get('Pod', 'default', 'tmp')).toBeUndefined();
    s.run('sleep 30');
    expect(s.run('kubectl get pods -l run=tmp').stderr).toBe('No resources found in default namespace.\n');
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

  it('kubectl create deployment NAME --image=IMAGE -- COMMAND: every replica runs it, crash-loops, and is left out of the endpoints', () => {
    const s = createSession({ scenario: WEB });
    expect(s.run('kubectl create deployment cl --image=busybox --replicas=2 -- wget -qO- http://web').stdout).toBe('deployment.apps/cl created\n');
    expect(s.cluster.get('Deployment', 'default', 'cl')!.spec.template.spec.containers[0].command).toEqual(['wget', '-qO-', 'http://web']);
    expect(s.run('kubectl create deployment two --image=busybox --image=nginx -- wget x').stderr).toBe('error: cannot specify multiple --image options and command\n');
    s.run('sleep 30');
    expect(s.run('kubectl get deploy cl --no-headers').stdout).toMatch(/^cl\s+0\/2\s+2\s+0\s/);
    s.run('kubectl expose deployment cl --port=80');
    // Not ready: both pods are notReadyAddresses, so kubectl's ENDPOINTS cell is empty (formatEndpoints lists ready ones).
    expect(s.run('kubectl get endpoints cl --no-headers').stdout).toMatch(/^cl\s+\d+s\n$/);
    expect(s.run('kubectl get endpoints cl -o jsonpath={.subsets[0].notReadyAddresses[*].ip}').stdout.split(' ')).toHaveLength(2);
  });
});

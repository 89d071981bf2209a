/**
 * Readiness probes as the kubelet's prober runs them: a pod whose probe fails is Running but
 * not ready, out of its Services' endpoints, with the prober's Unhealthy warnings; a probe with
 * initialDelaySeconds makes the pod ready once its first counted probe passes.
 */
import { describe, expect, it } from 'vitest';
import { createSession } from '../index.ts';
import { probedApp } from './testing/probed-app.ts';

const deployment = probedApp;

function podOf(s: ReturnType<typeof createSession>, app: string) {
  return s.cluster.list('Pod', 'default').find((p) => p.metadata.labels?.app === app)!;
}

describe('readiness probes', () => {
  it('a probe on a port the pod does not listen on keeps it not ready and out of the endpoints, with the prober\'s words', () => {
    const s = createSession({ scenario: deployment('web', '{httpGet: {path: /healthz, port: 8080}}') + deployment('tcp', '{tcpSocket: {port: 9090}}') });
    s.run('sleep 20');
    const pod = podOf(s, 'web');
    expect(pod.status!.phase).toBe('Running');
    expect(pod.status!.containerStatuses![0]).toMatchObject({ ready: false, started: true, state: { running: {} } });
    expect(pod.status!.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [web]' });
    expect(s.run('kubectl get endpoints web -o jsonpath={.subsets[0].notReadyAddresses[0].ip}').stdout).toBe(pod.status!.podIP);
    expect(s.run('kubectl get deploy web --no-headers').stdout).toMatch(/^web\s+0\/1\s+1\s+0\s/);
    const ip = pod.status!.podIP;
    const events = s.run(`kubectl describe pod ${pod.metadata.name}`).stdout.split('Events:\n')[1];
    // Probes at the start, 10s and 20s: three failures, 24s after the start (a second per console line).
    expect(events).toContain(`Warning  Unhealthy  4s (x3 over 24s)  kubelet            Readiness probe failed: Get "http://${ip}:8080/healthz": dial tcp ${ip}:8080: connect: connection refused\n`);
    const tcp = podOf(s, 'tcp');
    expect(s.cluster.events('Pod', 'default', tcp.metadata.name).find((e) => e.reason === 'Unhealthy')!.message).toBe(
      `Readiness probe failed: dial tcp ${tcp.status!.podIP}:9090: connect: connection refused`,
    );
  });

  it('a probe that passes makes the pod ready at its first counted probe: at once, or after initialDelaySeconds', () => {
    const s = createSession({ scenario: deployment('now', '{httpGet: {port: http}}') + deployment('later', '{tcpSocket: {port: 80}, initialDelaySeconds: 15, periodSeconds: 10}') });
    expect(podOf(s, 'now').status!.containerStatuses![0].ready).toBe(true);
    expect(podOf(s, 'later').status!.containerStatuses![0].ready).toBe(false);
    expect(s.run('kubectl get endpoints later --no-headers').stdout).toMatch(/^later\s+\d+s\n$/);
    // Probes tick every 10s from the start; the first past 15s is at 20s.
    s.run('sleep 17'); // 18s after the start
    expect(podOf(s, 'later').status!.containerStatuses![0].ready).toBe(false);
    s.run('sleep 1'); // 20s
    const pod = podOf(s, 'later');
    expect(pod.status!.containerStatuses![0].ready).toBe(true);
    const ready = pod.status!.conditions!.find((c) => c.type === 'Ready')!;
    expect(ready.status).toBe('True');
    expect(Date.parse(ready.lastTransitionTime!) - Date.parse(pod.status!.startTime!)).toBe(20_000);
    expect(s.run('kubectl get endpoints later --no-headers').stdout).toMatch(new RegExp(`^later\\s+${pod.status!.podIP!.replace(/\./g, '\\.')}:80\\s`));
    expect(s.cluster.events('Pod', 'default', pod.metadata.name).some((e) => e.reason === 'Unhealthy')).toBe(false);
  });

  it('an HTTPS probe meets the pod\'s plain HTTP server as Go\'s client does; exec probes are not simulated and pass', () => {
    const s = createSession({ scenario: deployment('tls', '{httpGet: {port: 80, scheme: HTTPS}}') + deployment('exec', '{exec: {command: [cat, /tmp/ready]}}') });
    const tls = podOf(s, 'tls');
    expect(s.cluster.events('Pod', 'default', tls.metadata.name).find((e) => e.reason === 'Unhealthy')!.message).toBe(
      `Readiness probe failed: Get "https://${tls.status!.podIP}:80/": http: server gave HTTP response to HTTPS client`,
    );
    expect(podOf(s, 'exec').status!.containerStatuses![0].ready).toBe(true);
  });

  it('kubectl rollout status waits, on the simulated clock, for the probe that makes the pods ready', () => {
    const s = createSession({ scenario: deployment('later', '{tcpSocket: {port: 80}, initialDelaySeconds: 15, periodSeconds: 10}') + deployment('never', '{tcpSocket: {port: 81}}') });
    const before = s.cluster.now();
    expect(s.run('kubectl rollout status deploy/later')).toMatchObject({
      stdout: 'Waiting for deployment "later" rollout to finish: 0 of 1 updated replicas are available...\ndeployment "later" successfully rolled out\n',
      exitCode: 0,
    });
    // The probe that counts is 20s after the start (the scenario's pods started as the session
    // did): the watch ended there, the line's own second included.
    expect(Date.parse(podOf(s, 'later').status!.startTime!)).toBe(before);
    expect(s.cluster.now() - before).toBe(20_000);
    expect(s.run('kubectl rollout status deploy/never --timeout=30s')).toMatchObject({
      stdout: 'Waiting for deployment "never" rollout to finish: 0 of 1 updated replicas are available...\n',
      stderr: 'error: timed out waiting for the condition\n',
      exitCode: 1,
    });
  });
});

/**
 * Seed 004 (/work/shared/seeds/004_*.txt): my-service, port 80 to targetPort 9376 on pods
 * labelled app=MyApp, against the built-in scenario 004-my-service. The tutorial shows only
 * the manifest; the expected output is what v1.33 prints for it (reference §11.2-§11.4).
 * The backends' addresses are allocated by the simulated cluster, so they are read from
 * `kubectl get pods -o wide` and must then appear, on port 9376, as the Service's endpoints.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import type { Session } from '../engine/index.ts';
import { column, expectedTable, inCidr, substitute } from './testing/golden.ts';
import { ENDPOINTS_WARNING, outcome, scenarioSession } from './testing/scenario-session.ts';

describe('seed 004: Service port 80 to targetPort 9376', () => {
  let session: Session;
  const run = (line: string) => session.run(line);
  let podIPs: string[] = [];

  beforeAll(() => {
    session = scenarioSession('004-my-service');
  });

  it('loads three app=MyApp pods, one per worker', () => {
    expect(session.problems).toEqual([]);
    const r = run('kubectl get pods -l app=MyApp -o wide');
    podIPs = column(r.stdout, 'IP');
    expect(podIPs).toHaveLength(3);
    for (const ip of podIPs) expect(inCidr(ip, '10.244.0.0/16')).toBe(true);
    expect([...column(r.stdout, 'NODE')].sort()).toEqual(['node201', 'node202', 'node203']);
  });

  it('kubectl apply -f my-service.yaml', () => {
    expect(outcome(run('kubectl apply -f my-service.yaml'))).toEqual({ exitCode: 0, stdout: 'service/my-service created\n', stderr: '' });
  });

  let clusterIP = '';

  it('kubectl get svc -o wide shows port 80 and the selector', () => {
    const r = run('kubectl get svc -o wide');
    const expected = `NAME         TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)   AGE   SELECTOR
kubernetes   ClusterIP   10.96.0.1      <none>        443/TCP   3d    <none>
my-service   ClusterIP   10.96.12.34    <none>        80/TCP    0s    app=MyApp
`;
    expect(outcome(r)).toEqual({ exitCode: 0, stdout: expectedTable(r.stdout, expected, { fromActual: ['AGE', 'CLUSTER-IP'] }), stderr: '' });
    expect(column(r.stdout, 'CLUSTER-IP')[0]).toBe('10.96.0.1');
    clusterIP = column(r.stdout, 'CLUSTER-IP')[1];
    expect(inCidr(clusterIP, '10.96.0.0/12')).toBe(true);
  });

  it('kubectl describe svc my-service: Port 80, TargetPort 9376, endpoints on 9376', () => {
    const endpoints = [...podIPs].sort().map((ip) => `${ip}:9376`).join(',');
    const expected = `Name:                     my-service
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=MyApp
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       CLUSTER_IP
IPs:                      CLUSTER_IP
Port:                     <unset>  80/TCP
TargetPort:               9376/TCP
Endpoints:                ENDPOINTS
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
`;
    expect(outcome(run('kubectl describe svc my-service'))).toEqual({
      exitCode: 0,
      stdout: substitute(expected, new Map([['CLUSTER_IP', clusterIP], ['ENDPOINTS', endpoints]])),
      stderr: '',
    });
    const ep = run('kubectl get endpoints my-service');
    expect(ep.stderr).toBe(ENDPOINTS_WARNING);
    expect(column(ep.stdout, 'ENDPOINTS')).toEqual([endpoints]);
  });

  it('kubectl delete svc my-service takes its endpoints with it and leaves the pods', () => {
    expect(outcome(run('kubectl delete svc my-service'))).toEqual({ exitCode: 0, stdout: 'service "my-service" deleted\n', stderr: '' });
    const gone = run('kubectl get endpoints my-service');
    expect(gone.exitCode).toBe(1);
    expect(gone.stdout).toBe('');
    expect(gone.stderr.endsWith('Error from server (NotFound): endpoints "my-service" not found\n')).toBe(true);
    expect(column(run('kubectl get pods -l app=MyApp').stdout, 'NAME')).toHaveLength(3);
  });
});

/**
 * Seed 002 (/work/shared/seeds/002_*.txt): the webapp Deployment exposed with kubectl expose
 * and from a manifest, against the built-in scenario 002-webapp. Service CIDR 10.1.0.0/16
 * and the pods' addresses come from the scenario; ClusterIPs are random (checked for range),
 * AGE and name suffixes come from the actual output.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import type { Session } from '../engine/index.ts';
import { AGE, SAFE, column, expectedTable, inCidr, ipValue, substitute } from './testing/golden.ts';
import { ENDPOINTS_WARNING, outcome, scenarioSession } from './testing/scenario-session.ts';

const TUTORIAL_PODS: Record<string, string> = {
  '10.244.140.119': 'webapp-8554f77548-cbs6r',
  '10.244.109.119': 'webapp-8554f77548-mvn89',
};

/** Dynamic band of 10.1.0.0/16 (reference §7.1): offset 256, so 10.1.1.1 and up. */
function expectDynamic(ip: string): void {
  expect(inCidr(ip, '10.1.0.0/16')).toBe(true);
  expect(ipValue(ip)).toBeGreaterThanOrEqual(ipValue('10.1.1.1'));
}

describe('seed 002: exposing the webapp Deployment', () => {
  let session: Session;
  const rename = new Map<string, string>();
  const run = (line: string) => session.run(line);

  beforeAll(() => {
    session = scenarioSession('002-webapp');
  });

  it('loads without problems', () => {
    expect(session.problems).toEqual([]);
  });

  it('kubectl create -f webapp-deployment.yaml', () => {
    expect(outcome(run('kubectl create -f webapp-deployment.yaml'))).toEqual({ exitCode: 0, stdout: 'deployment.apps/webapp created\n', stderr: '' });
  });

  it('kubectl get pods -l app=webapp -o wide: the tutorial\'s addresses and nodes', () => {
    const r = run('kubectl get pods -l app=webapp -o wide');
    const names = column(r.stdout, 'NAME');
    const ips = column(r.stdout, 'IP');
    expect([...ips].sort()).toEqual(['10.244.109.119', '10.244.140.119']);
    for (const n of names) expect(n).toMatch(new RegExp(`^webapp-${SAFE}{1,10}-${SAFE}{5}$`));
    names.forEach((name, i) => rename.set(TUTORIAL_PODS[ips[i]], name));
    const tutorial = `NAME                      READY   STATUS    RESTARTS   AGE   IP               NODE         NOMINATED NODE   READINESS GATES
webapp-8554f77548-cbs6r   1/1     Running   0          99s   10.244.140.119   k8s-node-2   <none>           <none>
webapp-8554f77548-mvn89   1/1     Running   0          99s   10.244.109.119   k8s-node-1   <none>           <none>
`;
    expect(outcome(r)).toEqual({ exitCode: 0, stdout: expectedTable(r.stdout, tutorial, { fromActual: ['AGE'], rename, sortByName: true }), stderr: '' });
  });

  it('kubectl expose deployment webapp, then kubectl get svc', () => {
    expect(outcome(run('kubectl expose deployment webapp'))).toEqual({ exitCode: 0, stdout: 'service/webapp exposed\n', stderr: '' });
    const r = run('kubectl get svc');
    // The tutorial leaves out the kubernetes Service that every cluster has in default;
    // with serviceSubnet 10.1.0.0/16 it holds the first address, 10.1.0.1 (reference §7.1).
    const tutorial = `NAME         TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)    AGE
kubernetes   ClusterIP   10.1.0.1       <none>        443/TCP    AGE
webapp       ClusterIP   10.1.183.185   <none>        8080/TCP   104s
`;
    expect(outcome(r)).toEqual({ exitCode: 0, stdout: expectedTable(r.stdout, tutorial, { fromActual: ['AGE', 'CLUSTER-IP'] }), stderr: '' });
    expect(column(r.stdout, 'CLUSTER-IP')[0]).toBe('10.1.0.1');
    expectDynamic(column(r.stdout, 'CLUSTER-IP')[1]);
    for (const age of column(r.stdout, 'AGE')) expect(age).toMatch(AGE);
  });

  it('kubectl create -f webapp-service.yaml while webapp exists: AlreadyExists', () => {
    expect(outcome(run('kubectl create -f webapp-service.yaml'))).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: 'Error from server (AlreadyExists): error when creating "webapp-service.yaml": services "webapp" already exists\n',
    });
  });

  it('kubectl delete svc webapp -n default, then create it from the manifest', () => {
    expect(column(run('kubectl get svc -n default').stdout, 'NAME')).toEqual(['kubernetes', 'webapp']);
    expect(outcome(run('kubectl delete svc webapp -n default'))).toEqual({ exitCode: 0, stdout: 'service "webapp" deleted\n', stderr: '' });
    expect(outcome(run('kubectl create -f webapp-service.yaml'))).toEqual({ exitCode: 0, stdout: 'service/webapp created\n', stderr: '' });
  });

  let clusterIP = '';

  it('kubectl get svc shows the new Service with a new ClusterIP', () => {
    const r = run('kubectl get svc');
    const tutorial = `NAME         TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)    AGE
kubernetes   ClusterIP   10.1.0.1      <none>        443/TCP    AGE
webapp       ClusterIP   10.1.50.201   <none>        8080/TCP   5m5s
`;
    expect(outcome(r)).toEqual({ exitCode: 0, stdout: expectedTable(r.stdout, tutorial, { fromActual: ['AGE', 'CLUSTER-IP'] }), stderr: '' });
    clusterIP = column(r.stdout, 'CLUSTER-IP')[1];
    expectDynamic(clusterIP);
  });

  it('kubectl describe svc webapp lists both pods on 8080', () => {
    // The tutorial's kubectl predates the Internal Traffic Policy line; v1.33 prints it, which
    // also widens the label column (reference §11.4).
    const expected = `Name:                     webapp
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=webapp
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.1.50.201
IPs:                      10.1.50.201
Port:                     <unset>  8080/TCP
TargetPort:               8080/TCP
Endpoints:                10.244.109.119:8080,10.244.140.119:8080
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
`;
    expect(outcome(run('kubectl describe svc webapp'))).toEqual({ exitCode: 0, stdout: substitute(expected, new Map([['10.1.50.201', clusterIP]])), stderr: '' });
  });

  it('kubectl get endpoints', () => {
    const r = run('kubectl get endpoints');
    // kubernetes' endpoint is the control plane's InternalIP (the scenario's k8s-master) on 6443;
    // the tutorial leaves that row out. v1.33 warns about v1 Endpoints (reference §6.5).
    const tutorial = `NAME         ENDPOINTS                                 AGE
kubernetes   192.168.18.3:6443                         AGE
webapp       10.244.109.119:8080,10.244.140.119:8080   11m
`;
    expect(outcome(r)).toEqual({ exitCode: 0, stdout: expectedTable(r.stdout, tutorial, { fromActual: ['AGE'] }), stderr: ENDPOINTS_WARNING });
  });
});

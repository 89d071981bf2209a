/**
 * Seed 000 (/work/shared/seeds/000_*.txt): "Kubernetes Up and Running: Services", against the
 * built-in scenario 000-helloworld (service CIDR 10.223.240.0/20). The tutorial's kubectl is
 * years older than v1.33: its `get services` had CLUSTER_IP and SELECTOR columns, its
 * describe printed `<unnamed>` and `No events.`, and create printed `service "helloworld"
 * created`. The expected text below is v1.33's (reference §11.2, §11.4).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import type { Session } from '../engine/index.ts';
import { column, expectedTable, inCidr, ipValue, substitute } from './testing/golden.ts';
import { ENDPOINTS_WARNING, outcome, scenarioFile, scenarioSession } from './testing/scenario-session.ts';

/** v1.33 describe of helloworld: no pod matches app=helloworld, so the Service's only
 * EndpointSlice is the empty placeholder and Endpoints prints an empty value (reference §11.4). */
const DESCRIBE = `Name:                     helloworld
Namespace:                default
Labels:                   app=helloworld
Annotations:              <none>
Selector:                 app=helloworld
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.223.244.110
IPs:                      10.223.244.110
Port:                     <unset>  80/TCP
TargetPort:               80/TCP
Endpoints:                
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
`;

describe('seed 000: the helloworld Service and a fixed ClusterIP', () => {
  let session: Session;
  const run = (line: string) => session.run(line);

  beforeAll(() => {
    session = scenarioSession('000-helloworld');
  });

  it('loads without problems', () => {
    expect(session.problems).toEqual([]);
  });

  it('an Endpoints object written by hand', () => {
    expect(run('cat endpoints.yaml').stdout).toBe(scenarioFile('000-helloworld', '/root/endpoints.yaml'));
    // v1.33 warns on every request for v1 Endpoints, writes included (reference §6.5).
    expect(outcome(run('kubectl create -f endpoints.yaml'))).toEqual({ exitCode: 0, stdout: 'endpoints/my-service created\n', stderr: ENDPOINTS_WARNING });
    const r = run('kubectl get endpoints my-service');
    const expected = `NAME         ENDPOINTS      AGE
my-service   10.52.0.2:80   0s
`;
    expect(outcome(r)).toEqual({ exitCode: 0, stdout: expectedTable(r.stdout, expected, { fromActual: ['AGE'] }), stderr: ENDPOINTS_WARNING });
  });

  let allocated = '';

  it('kubectl create -f helloworld.yaml, then kubectl get services', () => {
    expect(outcome(run('kubectl create -f helloworld.yaml'))).toEqual({ exitCode: 0, stdout: 'service/helloworld created\n', stderr: '' });
    const r = run('kubectl get services');
    const expected = `NAME         TYPE        CLUSTER-IP       EXTERNAL-IP   PORT(S)   AGE
helloworld   ClusterIP   10.223.244.100   <none>        80/TCP    20s
kubernetes   ClusterIP   10.223.240.1     <none>        443/TCP   9m
`;
    expect(outcome(r)).toEqual({ exitCode: 0, stdout: expectedTable(r.stdout, expected, { fromActual: ['AGE', 'CLUSTER-IP'] }), stderr: '' });
    allocated = column(r.stdout, 'CLUSTER-IP')[0];
    expect(column(r.stdout, 'CLUSTER-IP')[1]).toBe('10.223.240.1');
    // A /20 has 4096 addresses: offset 256, so dynamic allocation starts at 10.223.241.1 (reference §7.1).
    expect(inCidr(allocated, '10.223.240.0/20')).toBe(true);
    expect(ipValue(allocated)).toBeGreaterThanOrEqual(ipValue('10.223.241.1'));
  });

  it('kubectl describe services helloworld: no endpoints', () => {
    expect(outcome(run('kubectl describe services helloworld'))).toEqual({
      exitCode: 0,
      stdout: substitute(DESCRIBE, new Map([['10.223.244.110', allocated]])),
      stderr: '',
    });
  });

  it('recreated with spec.clusterIP 10.223.244.110', () => {
    expect(outcome(run('kubectl delete services helloworld'))).toEqual({ exitCode: 0, stdout: 'service "helloworld" deleted\n', stderr: '' });
    expect(outcome(run('kubectl create -f helloworld-clusterip.yaml'))).toEqual({ exitCode: 0, stdout: 'service/helloworld created\n', stderr: '' });
    expect(outcome(run('kubectl describe services helloworld'))).toEqual({ exitCode: 0, stdout: DESCRIBE, stderr: '' });
  });

  it('a second Service asking for the same address is refused', () => {
    const r = run('kubectl create service clusterip other --tcp=80:80 --clusterip=10.223.244.110');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('failed to allocate IP 10.223.244.110: provided IP is already allocated');
  });
});

/**
 * Seed 003 (/work/shared/seeds/003_*.txt): serviceA selects podA and podB by app=a and
 * env=dev. A real cluster refuses those names (Service names are DNS-1035 labels), so the
 * scenario 003-service-a uses service-a, pod-a and pod-b and shows the rejection once
 * (reference §6.3, the DNS-1035 message with its double space).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import type { Session } from '../engine/index.ts';
import { column, expectedTable } from './testing/golden.ts';
import { ENDPOINTS_WARNING, outcome, scenarioSession } from './testing/scenario-session.ts';

describe('seed 003: how a Service finds its pods', () => {
  let session: Session;
  const run = (line: string) => session.run(line);

  beforeAll(() => {
    session = scenarioSession('003-service-a');
  });

  it('loads without problems; both pods carry app=a and env=dev', () => {
    expect(session.problems).toEqual([]);
    const r = run('kubectl get pods --show-labels -o wide');
    expect(column(r.stdout, 'NAME')).toEqual(['pod-a', 'pod-b']);
    expect(column(r.stdout, 'IP')).toEqual(['10.244.1.2', '10.244.2.2']);
    expect(column(r.stdout, 'LABELS')).toEqual(['app=a,env=dev', 'app=a,env=dev']);
  });

  it('the name serviceA is refused', () => {
    expect(outcome(run('kubectl create -f serviceA.yaml'))).toEqual({
      exitCode: 1,
      stdout: '',
      stderr:
        'The Service "serviceA" is invalid: metadata.name: Invalid value: "serviceA": a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')\n',
    });
  });

  it('service-a selects both pods', () => {
    expect(outcome(run('kubectl create -f service-a.yaml'))).toEqual({ exitCode: 0, stdout: 'service/service-a created\n', stderr: '' });
    const svc = run('kubectl get svc service-a -o wide');
    expect(column(svc.stdout, 'PORT(S)')).toEqual(['80/TCP']);
    expect(column(svc.stdout, 'SELECTOR')).toEqual(['app=a,env=dev']);
    const ep = run('kubectl get endpoints service-a');
    const expected = `NAME        ENDPOINTS                     AGE
service-a   10.244.1.2:80,10.244.2.2:80   0s
`;
    expect(outcome(ep)).toEqual({ exitCode: 0, stdout: expectedTable(ep.stdout, expected, { fromActual: ['AGE'] }), stderr: ENDPOINTS_WARNING });
    expect(run('kubectl describe svc service-a').stdout).toContain('\nEndpoints:                10.244.1.2:80,10.244.2.2:80\n');
  });

  // The tutorial's 服务发现 section: the kubelet gives each container {NAME}_SERVICE_HOST and
  // {NAME}_SERVICE_PORT (upper case, '-' -> '_') for the Services that exist when it starts, so
  // "the service must already exist" when its consumer starts (reference §10).
  const KUBERNETES_ENV =
    'KUBERNETES_SERVICE_HOST=10.96.0.1\nKUBERNETES_SERVICE_PORT=443\nKUBERNETES_SERVICE_PORT_HTTPS=443\nKUBERNETES_PORT=tcp://10.96.0.1:443\nKUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443\nKUBERNETES_PORT_443_TCP_PROTO=tcp\nKUBERNETES_PORT_443_TCP_PORT=443\nKUBERNETES_PORT_443_TCP_ADDR=10.96.0.1\n';

  it('env in pod-a: started before service-a, it has the kubernetes variables only', () => {
    const r = run('kubectl exec pod-a -- env');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(KUBERNETES_ENV);
    expect(r.stdout).toContain('\nHOSTNAME=pod-a\n');
    expect(r.stdout).not.toContain('SERVICE_A');
    expect(outcome(run('kubectl exec pod-a -- printenv SERVICE_A_SERVICE_HOST'))).toEqual({ exitCode: 1, stdout: '', stderr: 'command terminated with exit code 1\n' });
  });

  it('pod-a recreated after service-a sees SERVICE_A_SERVICE_HOST and SERVICE_A_SERVICE_PORT', () => {
    const ip = column(run('kubectl get svc service-a').stdout, 'CLUSTER-IP')[0];
    // pod-a as the scenario writes it (a fresh object, no status carried over).
    const manifest = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-a\n  labels:\n    app: a\n    env: dev\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    ports:\n    - containerPort: 80\n';
    expect(outcome(run('kubectl delete pod pod-a'))).toEqual({ exitCode: 0, stdout: 'pod "pod-a" deleted\n', stderr: '' });
    expect(session.run('kubectl apply -f -', { stdin: manifest }).exitCode).toBe(0);
    const env = run('kubectl exec pod-a -- env').stdout;
    expect(env).toContain(KUBERNETES_ENV);
    expect(env).toContain(
      `SERVICE_A_SERVICE_HOST=${ip}\nSERVICE_A_SERVICE_PORT=80\nSERVICE_A_PORT=tcp://${ip}:80\nSERVICE_A_PORT_80_TCP=tcp://${ip}:80\nSERVICE_A_PORT_80_TCP_PROTO=tcp\nSERVICE_A_PORT_80_TCP_PORT=80\nSERVICE_A_PORT_80_TCP_ADDR=${ip}\n`,
    );
    // pod-b still runs the container it started with.
    expect(run('kubectl exec pod-b -- env').stdout).not.toContain('SERVICE_A');
  });
});

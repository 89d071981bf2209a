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
});

/** kubectl get --field-selector, as the API server filters and refuses (pkg/apis/core/v1/conversion.go, cli-runtime EnhanceListError). */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../index.ts';

describe('kubectl get --field-selector', () => {
  it('filters by a pod\'s node, phase and address, and a Service\'s clusterIP', () => {
    const s = createSession();
    const names = (line: string) => s.run(line).stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/)[1]);
    expect(names('kubectl get pods -A --field-selector spec.nodeName=node201')).toEqual([expect.stringMatching(/^kube-flannel-ds-/), expect.stringMatching(/^kube-proxy-/)]);
    expect(names('kubectl get pods -A --field-selector=status.podIP=10.244.0.6,spec.nodeName==master200')).toEqual([expect.stringMatching(/^coredns-/)]);
    expect(s.run('kubectl get pods -A --field-selector status.phase!=Running')).toMatchObject({ stdout: '', stderr: 'No resources found\n' });
    expect(names('kubectl get svc -A --field-selector spec.clusterIP=10.96.0.10')).toEqual(['kube-dns']);
  });

  it('refuses a field the kind does not select on, in the server\'s words', () => {
    const s = createSession();
    expect(s.run('kubectl get pods --field-selector foo=bar')).toMatchObject({
      stderr: 'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "foo=bar": field label not supported: foo\n',
      exitCode: 1,
    });
    expect(s.run('kubectl get deploy -A -l app=web --field-selector status.replicas=2').stderr).toBe(
      'Error from server (BadRequest): Unable to find "apps/v1, Resource=deployments" that match label selector "app=web", field selector "status.replicas=2": "status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"\n',
    );
    expect(s.run('kubectl get pods --field-selector nope').stderr).toBe(
      'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "nope": invalid selector: \'nope\'; can\'t understand \'nope\'\n',
    );
  });
});

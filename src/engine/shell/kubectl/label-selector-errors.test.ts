/**
 * A -l the API server's labels.Parse refuses: the builder's list request answers 400 and kubectl
 * prints it reworded by cli-runtime v0.33.13 EnhanceListError; only `top` (labels.Parse in
 * RunTopPod/RunTopNode) and objects read from files (builder.go visitByPaths) parse it client-side.
 */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../index.ts';

const listError = (gvr: string, selector: string, reason: string, fields = '') =>
  `Error from server (BadRequest): Unable to find "${gvr}" that match label selector "${selector}", field selector "${fields}": ${reason}\n`;

const NOT_OPERATOR = "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt";

describe('a label selector the API server refuses', () => {
  it('reads as QA found real kubectl get print it', () => {
    const s = createSession();
    expect(s.run('kubectl get pods -l "app in (web"')).toMatchObject({
      stdout: '',
      stderr: listError('/v1, Resource=pods', 'app in (web', "unable to parse requirement: found '', expected: ',' or ')'"),
      exitCode: 1,
    });
    expect(s.run('kubectl get pods -l "app in web"').stderr).toBe(listError('/v1, Resource=pods', 'app in web', "unable to parse requirement: found 'web' expected: '('"));
    expect(s.run('kubectl get pods -l "=web"').stderr).toBe(listError('/v1, Resource=pods', '=web', "found '=', expected: !, identifier, or 'end of string'"));
    expect(s.run('kubectl get pods -l app==web,,').stderr).toBe(listError('/v1, Resource=pods', 'app==web,,', "found ',', expected: identifier after ','"));
  });

  it('fails once per resource type listed, naming both selectors', () => {
    const s = createSession();
    expect(s.run('kubectl get deploy,svc -l "a b" --field-selector metadata.name=x').stderr).toBe(
      listError('apps/v1, Resource=deployments', 'a b', NOT_OPERATOR, 'metadata.name=x') + listError('/v1, Resource=services', 'a b', NOT_OPERATOR, 'metadata.name=x'),
    );
    expect(s.run('kubectl get events -l "a b"').stderr).toBe(listError('/v1, Resource=events', 'a b', NOT_OPERATOR));
  });

  it('is the server\'s answer for every command that lists through the builder', () => {
    const s = createSession();
    const pods = listError('/v1, Resource=pods', 'a b', NOT_OPERATOR);
    const deployments = listError('apps/v1, Resource=deployments', 'a b', NOT_OPERATOR);
    for (const [line, stderr] of [
      ['kubectl delete pods -l "a b"', pods],
      ['kubectl describe pods -l "a b"', pods],
      ['kubectl label pods -l "a b" x=y', pods],
      ['kubectl annotate pods -l "a b" x=y', pods],
      ['kubectl logs -l "a b"', pods],
      ['kubectl wait pods -l "a b" --for=condition=Ready', pods],
      ['kubectl scale deploy -l "a b" --replicas=2', deployments],
      ['kubectl rollout restart deploy -l "a b"', deployments],
      ['kubectl cordon -l "a b"', listError('/v1, Resource=nodes', 'a b', NOT_OPERATOR)],
    ]) {
      expect(s.run(line), line).toMatchObject({ stdout: '', stderr, exitCode: 1 });
    }
  });

  it('fails before any list when the arguments do', () => {
    const s = createSession();
    expect(s.run('kubectl get pods web -l "a b"').stderr).toBe('error: name cannot be provided when a selector is specified\n');
  });

  it('is kubectl\'s own error where kubectl parses it', () => {
    const s = createSession();
    expect(s.run('kubectl top pod -l "a b"').stderr).toBe(`error: ${NOT_OPERATOR}\n`);
    expect(s.run('kubectl top node -l "!"').stderr).toBe("error: unable to parse requirement: found '', expected: identifier\n");
    expect(s.run('kubectl top pod -l app=web').stderr).toBe('error: Metrics API not available\n');
  });

  it('leaves a good selector alone', () => {
    const s = createSession();
    expect(s.run('kubectl get pods -n kube-system -l "k8s-app in (kube-dns)" -o name').stdout).toMatch(/^pod\/coredns-/);
  });
});

describe('kubectl expose --selector', () => {
  it('is read by expose.go parseLabels, not labels.Parse', () => {
    const s = createSession();
    expect(s.run('kubectl expose deploy coredns -n kube-system --selector==web --port 80').stderr).toBe('error: unexpected empty label key\n');
    expect(s.run('kubectl expose deploy coredns -n kube-system --selector "app in (web)" --port 80').stderr).toBe('error: unexpected label spec: app in (web)\n');
  });
});

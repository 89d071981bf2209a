/**
 * Bad input never crashes, never hangs, and loses nothing: each case gets kubectl's (or the
 * API server's) words, and what was applied before stays.
 */
import { describe, expect, it } from 'vitest';
import { createSession } from './index.ts';

const FILES: Record<string, string> = {
  'big.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  x: "${'a'.repeat(5 * 1024 * 1024)}"\n`,
  'bomb.yaml': ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n'),
  'deep.yaml': `a: ${'['.repeat(20000)}${']'.repeat(20000)}\n`,
  'huge.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: huge}
spec:
  replicas: 1000000000
  selector: {matchLabels: {app: huge}}
  template:
    metadata: {labels: {app: huge}}
    spec: {containers: [{name: c, image: nginx}]}
`,
  'broken.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: ok\nspec:\n  ports:\n  - port: 80\n---\nkind: [\n',
  'port0.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: zero\nspec:\n  ports:\n  - port: 0\n    targetPort: 80\n',
};

function session() {
  const s = createSession({ files: { readFile: (p) => FILES[p] } });
  s.run('kubectl create namespace keep');
  return s;
}

function stillThere(s: ReturnType<typeof session>) {
  expect(s.run('kubectl get ns keep -o name').stdout).toBe('namespace/keep\n');
}

describe('bad input', () => {
  it('refuses a 5 MB document with the API server limit', () => {
    const s = session();
    expect(s.run('kubectl apply -f big.yaml').stderr).toBe(
      'Error from server (RequestEntityTooLarge): error when creating "big.yaml": Request entity too large: limit is 3145728\n',
    );
    stillThere(s);
  });

  it('stops an alias bomb and an absurdly deep document the way go-yaml does', () => {
    const s = session();
    expect(s.run('kubectl apply -f bomb.yaml').stderr).toBe(
      'error: error parsing bomb.yaml: error converting YAML to JSON: yaml: document contains excessive aliasing\n',
    );
    expect(s.run('kubectl apply -f deep.yaml').stderr).toBe('error: error parsing deep.yaml: error converting YAML to JSON: yaml: exceeded max depth of 10000\n');
    stillThere(s);
  });

  it("refuses 10^9 replicas with svcsim's own limit, said plainly", () => {
    const s = session();
    const r = s.run('kubectl apply -f huge.yaml');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/svcsim limit: .*1000000000 replicas/);
    expect(s.run('kubectl get deploy').stderr).toBe('No resources found in default namespace.\n');
    stillThere(s);
  });

  it('applies what comes before a broken document, then says where it broke', () => {
    const s = session();
    expect(s.run('kubectl apply -f broken.yaml')).toEqual({
      line: 'kubectl apply -f broken.yaml',
      exitCode: 1,
      stdout: 'service/ok created\n',
      stderr: "error: error parsing broken.yaml: error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'\n",
    });
  });

  it('rejects port 0 with the validation message', () => {
    expect(session().run('kubectl apply -f port0.yaml').stderr).toBe(
      'The Service "zero" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n',
    );
  });

  it('reports a broken scenario document at its line and keeps the rest', () => {
    const s = createSession({
      scenario: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: fine\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: typo\nspec:\n  ports:\n  - prot: 80\n',
    });
    expect(s.problems).toEqual([
      {
        message: 'Error from server (BadRequest): error when creating "scenario.yaml": Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.ports[0].prot"',
        position: expect.objectContaining({ line: 12 }),
      },
    ]);
    expect(s.run('kubectl get ns fine -o name').stdout).toBe('namespace/fine\n');
  });

  it('lists a YAML syntax error in a scenario once, marked where the text breaks', () => {
    const s = createSession({ scenario: 'apiVersion: v1\nkind: Service\nmetadata: {name: web\nspec: {}\n' });
    expect(s.problems).toEqual([
      {
        message: "error: error parsing scenario.yaml: error converting YAML to JSON: yaml: line 3: did not find expected ',' or '}'",
        position: expect.objectContaining({ line: 4 }),
      },
    ]);
  });
});

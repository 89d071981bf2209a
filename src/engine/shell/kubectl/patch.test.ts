/** kubectl patch (pkg/cmd/patch/patch.go) with the API server's strategic, merge and JSON patches. */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../index.ts';

function web() {
  const s = createSession();
  s.run('kubectl create deployment web --image=traefik/whoami --replicas=2');
  s.run('kubectl expose deployment web --port=80');
  return s;
}

describe('kubectl patch', () => {
  it('turns a ClusterIP Service into a NodePort one, and says when nothing changed', () => {
    const s = web();
    expect(s.run(`kubectl patch svc web -p '{"spec":{"type":"NodePort"}}'`).stdout).toBe('service/web patched\n');
    const svc = s.cluster.get('Service', 'default', 'web')!;
    expect(svc.spec.type).toBe('NodePort');
    expect(svc.spec.ports![0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(s.run(`kubectl patch svc web -p '{"spec":{"type":"NodePort"}}'`).stdout).toBe('service/web patched (no change)\n');
    // Unquoted in a shell, the braces lose their quotes: YAML reads one odd key, and nothing changes.
    expect(s.run('kubectl patch svc web -p {"spec":{"type":"ClusterIP"}}').stdout).toBe('service/web patched (no change)\n');
  });

  it('merges a Service port by its port number (strategic), replaces lists with --type merge', () => {
    const s = web();
    s.run(`kubectl patch svc web -p '{"spec":{"ports":[{"port":80,"targetPort":8080,"name":"http"}]}}'`);
    expect(s.cluster.get('Service', 'default', 'web')!.spec.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }]);
    s.run(`kubectl patch svc web -p '{"spec":{"ports":[{"port":443,"targetPort":8443,"name":"https"}]}}'`);
    expect(s.cluster.get('Service', 'default', 'web')!.spec.ports!.map((p) => p.port)).toEqual([80, 443]);
    s.run(`kubectl patch svc web --type merge -p '{"spec":{"ports":[{"port":8080}]}}'`);
    expect(s.cluster.get('Service', 'default', 'web')!.spec.ports).toEqual([{ port: 8080, protocol: 'TCP', targetPort: 8080 }]);
    expect(s.run(`kubectl patch svc web -p '{"metadata":{"labels":{"app":null,"tier":"front"}}}'`).stdout).toBe('service/web patched\n');
    expect(s.cluster.get('Service', 'default', 'web')!.metadata.labels).toEqual({ tier: 'front' });
  });

  it('applies JSON patch operations, failing in json-patch\'s words', () => {
    const s = web();
    expect(s.run(`kubectl patch deploy web --type=json -p '[{"op":"replace","path":"/spec/replicas","value":3}]'`).stdout).toBe('deployment.apps/web patched\n');
    expect(s.cluster.list('Pod', 'default')).toHaveLength(3);
    expect(s.run(`kubectl patch svc web --type=json -p '[{"op":"remove","path":"/spec/nosuch"}]'`)).toMatchObject({
      stderr: 'The request is invalid: remove operation does not apply: doc is missing key: /spec/nosuch: missing value\n',
      exitCode: 1,
    });
    expect(s.run(`kubectl patch deploy web --type=json -p '[{"path":"/spec/replicas","value":2}]'`).stderr).toBe('The request is invalid: Unexpected kind: unknown\n');
  });

  it('--dry-run=client patches kubectl\'s copy only: the cluster keeps its object', () => {
    const s = web();
    const before = s.cluster.get('Deployment', 'default', 'web')!;
    const replicas = before.spec.replicas ?? 1;
    expect(s.run(`kubectl patch deploy web -p '{"spec":{"replicas":${replicas + 2}}}' --dry-run=client`).stdout).toBe('deployment.apps/web patched (dry run)\n');
    expect(s.run(`kubectl patch deploy web -p '{"spec":{"replicas":${replicas}}}' --dry-run=client`).stdout).toBe('deployment.apps/web patched (no change) (dry run)\n');
    expect(s.run(`kubectl patch deploy web -p '{"spec":{"replicas":${replicas + 2}}}' --dry-run=client -o jsonpath={.spec.replicas}`).stdout).toBe(String(replicas + 2));
    expect(s.cluster.get('Deployment', 'default', 'web')).toBe(before);
  });

  it('refuses what kubectl and the server refuse', () => {
    const s = web();
    expect(s.run('kubectl patch svc web').stderr).toBe('error: must specify --patch or --patch-file containing the contents of the patch\n');
    expect(s.run(`kubectl patch svc web --type=xml -p '{}'`).stderr).toBe('error: --type must be one of [json merge strategic], not "xml"\n');
    expect(s.run(`kubectl patch svc web -p '{spec:'`).stderr).toBe(`error: unable to parse "{spec:": yaml: line 1: did not find expected ',' or '}'\n`);
    expect(s.run(`kubectl patch svc nosuch -p '{}'`).stderr).toBe('Error from server (NotFound): services "nosuch" not found\n');
    expect(s.run(`kubectl patch svc web -p '{"spec":{"type":"Bogus"}}'`).stderr).toMatch(/^The Service "web" is invalid: spec.type: Unsupported value: "Bogus"/);
  });
});

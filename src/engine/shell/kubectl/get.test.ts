/**
 * kubectl get through a session on the default cluster: which results print `kind/name`, the
 * output formats get reads from -o, as kubectl v1.33 does (pkg/cmd/get/get.go).
 */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../index.ts';

function run(line: string) {
  const r = createSession({}).run(line);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

const KUBERNETES_ROW = /^kubernetes   ClusterIP   10\.96\.0\.1    <none>        443\/TCP   \S+\n$/;

describe('kubectl get: kind/name prefixes (multipleGVKsRequested)', () => {
  it('leaves names plain when the other named object was not found', () => {
    const r = run('kubectl get pod/nonexist svc/kubernetes');
    const [header, row] = r.stdout.split(/(?<=\n)/);
    expect(header).toBe('NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n');
    expect(row).toMatch(KUBERNETES_ROW);
    expect(r.stderr).toBe('Error from server (NotFound): pods "nonexist" not found\n');
    expect(r.exitCode).toBe(1);
  });

  it('prefixes names when an empty list of another kind came back', () => {
    const r = run('kubectl get pods,svc');
    expect(r.stdout.split('\n')[1]).toMatch(/^service\/kubernetes   ClusterIP   /);
    expect(r.stderr).toBe('');
  });
});

describe('kubectl get TYPE/NAME ...: one result per name, in the order typed (builder.go visitByResource)', () => {
  const DEPLOY = /^NAME                      READY   UP-TO-DATE   AVAILABLE   AGE\ndeployment\.apps\/coredns   2\/2     2            2           \S+\n$/;

  it('prints a new table each time the kind changes', () => {
    const r = run('kubectl get deploy/coredns svc/kube-dns deploy/coredns -n kube-system');
    const tables = r.stdout.split('\n\n');
    expect(tables.length).toBe(3);
    expect(tables[0] + '\n').toMatch(DEPLOY);
    expect(tables[1]).toMatch(/^NAME               TYPE        CLUSTER-IP   EXTERNAL-IP   PORT\(S\)                  AGE\nservice\/kube-dns   ClusterIP   /);
    expect(tables[2]).toMatch(DEPLOY);
  });

  it('keeps objects of a kind in one table across a name not found', () => {
    const r = run('kubectl get deploy/coredns svc/nope deploy/coredns -n kube-system');
    expect(r.stdout).toMatch(/^NAME      READY   UP-TO-DATE   AVAILABLE   AGE\ncoredns   2\/2     2            2           \S+\ncoredns   2\/2     2            2           \S+\n$/);
    expect(r.stderr).toBe('Error from server (NotFound): services "nope" not found\n');
  });

  it('reads -f objects the same way, in file order', () => {
    const file = 'apiVersion: v1\nkind: Service\nmetadata: {name: kubernetes}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: default}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: kubernetes}\n';
    const r = createSession({ files: { readFile: () => file } }).run('kubectl get -f f.yaml');
    expect(r.stdout.split('\n\n').map((t) => t.split('\n')[1].split(' ')[0])).toEqual(['service/kubernetes', 'namespace/default', 'service/kubernetes']);
  });

  it('does not reorder named objects with --sort-by in a table, each being a table of its own', () => {
    const names = (line: string) => run(line).stdout.split('\n').slice(1, -1).map((l) => l.split(' ')[0]);
    expect(names('kubectl get pod kube-proxy-xglnm coredns-6c74fc6fcc-bcx8x -n kube-system --sort-by=.metadata.name')).toEqual(['kube-proxy-xglnm', 'coredns-6c74fc6fcc-bcx8x']);
    expect(run('kubectl get pod kube-proxy-xglnm coredns-6c74fc6fcc-bcx8x -n kube-system --sort-by=.metadata.name -o name').stdout).toBe(
      'pod/coredns-6c74fc6fcc-bcx8x\npod/kube-proxy-xglnm\n',
    );
  });
});

describe('kubectl get -o', () => {
  it('prints jsonpath-as-json results as indented JSON arrays, one per template node', () => {
    const r = run('kubectl get svc -A -o jsonpath-as-json={.items[*].metadata.name}{.items[0].spec.clusterIP}');
    expect(r).toEqual({ stdout: '[\n    "kubernetes",\n    "kube-dns"\n]\n[\n    "10.96.0.1"\n]\n', stderr: '', exitCode: 0 });
    expect(run('kubectl get svc -o jsonpath-as-json={.items[*].nothing}').stdout).toBe('[]\n');
  });

  it('refuses a template format given without its template', () => {
    expect(run('kubectl get svc -o jsonpath')).toEqual({ stdout: '', stderr: 'error: template format specified but no template given\n', exitCode: 1 });
    expect(run('kubectl get svc -o jsonpath-as-json=').stderr).toBe('error: template format specified but no template given\n');
    expect(run('kubectl get svc -o custom-columns').stderr).toBe('error: custom-columns format specified but no custom columns given\n');
  });

  it('names the -o value as typed when refusing --show-labels', () => {
    expect(run('kubectl get svc --show-labels -o jsonpath-as-json={.items[*].metadata.name}').stderr).toBe(
      'error: --show-labels option cannot be used with jsonpath-as-json={.items[*].metadata.name} printer\n',
    );
  });
});

describe('kubectl get -w', () => {
  it('lists what is there, as a watch does first, and says the watch ends there', () => {
    const s = createSession();
    const r = s.run('kubectl get svc -w');
    expect(r.stdout).toMatch(/^NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE\nkubernetes +ClusterIP +10\.96\.0\.1 +<none> +443\/TCP +\S+\n$/);
    expect(r.stderr).toBe('svcsim: the watch ends here: the cluster changes only when a console line runs\n');
    expect(r.exitCode).toBe(0);
  });
});

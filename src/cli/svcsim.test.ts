/**
 * The whole command, end to end: `node bin/svcsim.mjs ...` in a child process, as a user
 * runs it right after `npm install`.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AGE, column, expectedTable } from '../scenarios/testing/golden.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function svcsim(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/svcsim.mjs'), ...args], { cwd: ROOT, input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 8080
`;

describe('svcsim (end to end)', { timeout: 30_000 }, () => {
  it('prints the default cluster Services with kubectl get svc -A', () => {
    const r = svcsim(['kubectl get svc -A']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // The embedded default cluster: kubeadm's kubernetes and kube-dns Services (reference §7.1, §11.2).
    const template = `NAMESPACE     NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                  AGE
default       kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP                  AGE
kube-system   kube-dns     ClusterIP   10.96.0.10   <none>        53/UDP,53/TCP,9153/TCP   AGE
`;
    expect(r.stdout).toBe(expectedTable(r.stdout, template, { fromActual: ['AGE'] }));
    for (const age of column(r.stdout, 'AGE')) expect(age).toMatch(AGE);
  });

  it('prints one JSON object per LINE with --json', () => {
    const r = svcsim(['--json', 'kubectl get svc kubernetes -o name', 'kubectl get svc nope']);
    expect(r.status).toBe(1);
    const objects = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects).toEqual([
      { line: 'kubectl get svc kubernetes -o name', exitCode: 0, stdout: 'service/kubernetes\n', stderr: '' },
      { line: 'kubectl get svc nope', exitCode: 1, stdout: '', stderr: 'Error from server (NotFound): services "nope" not found\n' },
    ]);
  });

  it('exits 1 with kubectl\'s message when a LINE fails', () => {
    const r = svcsim(['kubectl get svc nope']);
    expect(r).toEqual({ status: 1, stdout: '', stderr: 'Error from server (NotFound): services "nope" not found\n' });
  });

  it('exits 2 with a usage message on a bad flag or a seed that is not a number', () => {
    expect(svcsim(['--frobnicate'])).toEqual({ status: 2, stdout: '', stderr: "error: unknown flag: --frobnicate\nSee 'svcsim --help' for usage.\n" });
    const r = svcsim(['--seed', 'abc', 'kubectl get svc']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error: invalid argument "abc" for "--seed"');
  });

  it('applies -f - from standard input before the lines', () => {
    const r = svcsim(['-f', '-', 'kubectl get svc web -o wide'], SERVICE);
    expect(r.status).toBe(0);
    const [created, ...table] = r.stdout.split(/(?<=\n)/);
    expect(created).toBe('service/web created\n');
    expect(column(table.join(''), 'PORT(S)')).toEqual(['80/TCP']);
    expect(column(table.join(''), 'SELECTOR')).toEqual(['app=web']);
  });

  it('applies real files, both from -f and from a kubectl apply -f line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'svcsim-'));
    const file = join(dir, 'web.yaml');
    writeFileSync(file, SERVICE);
    const other = join(dir, 'other svc.yaml');
    writeFileSync(other, SERVICE.replace(/web/g, 'api'));
    const r = svcsim(['-f', file, `kubectl apply -f '${other}'`, 'kubectl get svc -o name']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('service/web created\nservice/api created\nservice/api\nservice/kubernetes\nservice/web\n');
    expect(svcsim(['-f', join(dir, 'missing.yaml')])).toEqual({
      status: 1,
      stdout: '',
      stderr: `error: the path "${join(dir, 'missing.yaml')}" does not exist\n`,
    });
  });

  it('starts from a built-in scenario, and lists them', () => {
    const r = svcsim(['--scenario', 'mynginx', 'kubectl get nodes -o name']);
    expect(r.stdout).toBe(
      'node/master200.yinzhengjie.org.cn\nnode/node201.yinzhengjie.org.cn\nnode/node202.yinzhengjie.org.cn\nnode/node203.yinzhengjie.org.cn\n',
    );
    const list = svcsim(['scenarios']);
    expect(list.status).toBe(0);
    expect(list.stdout.split('\n')[0]).toBe('NAME             TITLE');
    expect(list.stdout).toContain('001-mynginx      ClusterIP, NodePort and headless Services for mynginx\n');
  });

  it('prints usage with --help', () => {
    const r = svcsim(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('svcsim [-f FILE]... [--scenario NAME|FILE] [--seed N] [--json] [LINE]...');
  });

  it('traces one request with svcsim trace, as text and as JSON', () => {
    const text = svcsim(['trace', '--from', 'master200', '--to', 'svc/kubernetes']);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^request: {2}node master200 \(172\.200\.1\.200\) -> 10\.96\.0\.1:443\/tcp\nresult: {3}delivered\nendpoint: 172\.200\.1\.200:6443/);
    const json = svcsim(['trace', '--json', '--from', 'client', '--to', '10.96.0.1:443']);
    // Outside the cluster nothing routes a ClusterIP (reference §1.8: only nodes and pods reach it).
    expect(json.status).toBe(1);
    const trace = JSON.parse(json.stdout);
    expect(trace.result).toBe('no-route');
    expect(trace.request.from).toEqual({ kind: 'client', name: 'client', ip: '203.0.113.10', host: 'client' });
    expect(svcsim(['trace', '--from', 'client']).status).toBe(2);
  });
});


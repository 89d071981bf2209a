/** busybox wget in a pod, as busybox 1.36.1 prints (networking/wget.c, libbb/xconnect.c, libbb/progress.c). */
import { describe, expect, it } from 'vitest';
import { createSession } from '../index.ts';

function withClient() {
  const s = createSession();
  s.run('kubectl create deployment web --image=traefik/whoami --replicas=1');
  s.run('kubectl expose deployment web --port=80');
  s.run('kubectl run client --image=busybox:1.36 -- sleep 3600');
  return s;
}

describe('wget', () => {
  it('-qO- prints the body; the server saw busybox\'s request headers', () => {
    const r = withClient().run('kubectl exec client -- wget -qO- http://web');
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/\r\nHost: web\r\nUser-Agent: Wget\r\nConnection: close\r\n\r\n$/);
  });

  it('without -q says where it connects and writes, with busybox\'s progress line for a non-terminal', () => {
    const s = withClient();
    const ip = s.cluster.get('Service', 'default', 'web')!.spec.clusterIP;
    const r = s.run('kubectl exec client -- wget -O- web:80');
    const size = new TextEncoder().encode(r.stdout).length;
    expect(r.stderr).toBe(`Connecting to web:80 (${ip}:80)\nwriting to stdout\n-                    100% |********************************| ${String(size).padStart(5)}  0:00:00 ETA\nwritten to stdout\n`);
    const saved = s.run('kubectl exec client -- wget http://web/').stderr;
    expect(saved).toMatch(/^Connecting to web \(.+:80\)\nsaving to 'index.html'\nindex\.html {11}100% \|\*{32}\| +\d+  0:00:00 ETA\n'index.html' saved\n$/);
  });

  it('dies as busybox dies: a name nobody knows, nothing listening, a -T alarm, an HTTP error', () => {
    const s = withClient();
    expect(s.run('kubectl exec client -- wget -qO- nosuch')).toMatchObject({ stderr: "wget: bad address 'nosuch'\ncommand terminated with exit code 1\n", exitCode: 1 });
    const coredns = s.cluster.list('Pod', 'kube-system').find((p) => p.metadata.name.startsWith('coredns-'))!;
    expect(s.run(`kubectl exec client -- wget -qO- ${coredns.status!.podIP}:9999`).stderr).toBe(`wget: can't connect to remote host (${coredns.status!.podIP}): Connection refused\ncommand terminated with exit code 1\n`);
    const before = s.cluster.now();
    expect(s.run('kubectl exec client -- wget -T 3 -qO- 10.96.0.99').stderr).toBe('wget: download timed out\ncommand terminated with exit code 1\n');
    expect(s.cluster.now() - before).toBeGreaterThanOrEqual(3000);
    expect(s.run(`kubectl exec client -- wget -qO- ${coredns.status!.podIP}:9153`).stderr).toBe('wget: server returned error: HTTP/1.1 404 Not Found\ncommand terminated with exit code 1\n');
  });

  it('is not in an image without busybox', () => {
    const r = withClient().run('kubectl exec deploy/web -- wget -qO- web');
    expect(r.stderr).toMatch(/exec: "wget": executable file not found in \$PATH: unknown\n$/);
  });
});

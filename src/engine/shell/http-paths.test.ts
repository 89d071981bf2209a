/** Paths in URLs reach the servers, which answer by path (whoami's routes, CoreDNS's listeners). */
import { describe, expect, it } from 'vitest';
import { createSession } from '../index.ts';

function cluster() {
  const s = createSession();
  s.run('kubectl create deployment web --image=traefik/whoami --replicas=1');
  s.run('kubectl expose deployment web --port=80');
  s.run('kubectl run cu --image=curlimages/curl:8.11.0 -- sleep 3600');
  s.run('kubectl run bb --image=busybox:1.36 -- sleep 3600');
  return s;
}

const METRICS = `# HELP coredns_build_info A metric with a constant '1' value labeled by version, revision, and goversion from which CoreDNS was built.
# TYPE coredns_build_info gauge
coredns_build_info{goversion="go1.23.3",revision="51e11f1",version="1.12.0"} 1
`;

describe('URL paths', () => {
  it('curl -v sends and prints the path and query; whoami echoes that request line', () => {
    const r = cluster().run('kubectl exec cu -- curl -v http://web/healthz?x=1#top');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('> GET /healthz?x=1 HTTP/1.1\r\n> Host: web\r\n');
    expect(r.stdout).toContain('\nGET /healthz?x=1 HTTP/1.1\r\nHost: web\r\n');
  });

  it("whoami's own routes: /health answers 200 with no body, /api the request as JSON", () => {
    const s = cluster();
    const health = s.run('kubectl exec cu -- curl -si web/health');
    expect(health.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\nDate: [^\r]+ GMT\r\nContent-Length: 0\r\n\r\n$/);
    const api = s.run('kubectl exec cu -- curl -s web/api?x=1');
    const ip = s.run('kubectl get pods -l app=web -o jsonpath={.items[0].status.podIP}').stdout;
    const pod = s.run('kubectl get pods -l app=web -o jsonpath={.items[0].metadata.name}').stdout;
    expect(api.stdout).toMatch(new RegExp(`^\\{"hostname":"${pod}","ip":\\["127\\.0\\.0\\.1","::1","${ip.replace(/\./g, '\\.')}","fe80::[0-9a-f:]+"\\],"headers":\\{"Accept":\\["\\*/\\*"\\],"User-Agent":\\["curl/8\\.5\\.0"\\]\\},"url":"/api\\?x=1","host":"web","method":"GET","remoteAddr":"[0-9.]+:\\d+"\\}\\n$`));
    expect(s.run('kubectl exec cu -- curl -s web/data')).toMatchObject({ stdout: '', exitCode: 1, stderr: "svcsim: whoami's /data is not simulated (its / answer, /api, /health and /bench are)\ncommand terminated with exit code 1\n" });
  });

  it("CoreDNS's prometheus plugin serves /metrics on :9153, to curl and to busybox wget; other paths are Go's 404", () => {
    const s = cluster();
    expect(s.run('kubectl exec cu -- curl -s http://10.96.0.10:9153/metrics')).toMatchObject({ stdout: METRICS, exitCode: 0 });
    const head = s.run('kubectl exec cu -- curl -si http://10.96.0.10:9153/metrics').stdout;
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\nContent-Type: text\/plain; version=0\.0\.4; charset=utf-8; escaping=values\r\nDate: [^\r]+\r\nTransfer-Encoding: chunked\r\n\r\n# HELP/);
    expect(s.run('kubectl exec bb -- wget -qO- http://10.96.0.10:9153/metrics')).toMatchObject({ stdout: METRICS, stderr: '', exitCode: 0 });
    const nf = s.run('kubectl exec cu -- curl -si http://10.96.0.10:9153/').stdout;
    expect(nf).toMatch(/^HTTP\/1\.1 404 Not Found\r\nContent-Type: text\/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nDate: [^\r]+\r\nContent-Length: 19\r\n\r\n404 page not found\n$/);
    expect(s.run('kubectl exec bb -- wget -qO- http://10.96.0.10:9153/')).toMatchObject({ stderr: 'wget: server returned error: HTTP/1.1 404 Not Found\ncommand terminated with exit code 1\n', exitCode: 1 });
  });

  it("CoreDNS's health (:8080/health) and ready (:8181/ready) plugins answer OK", () => {
    const s = cluster();
    const pod = s.cluster.list('Pod', 'kube-system').find((p) => p.metadata.name.startsWith('coredns-'))!;
    const ip = pod.status?.podIP;
    expect(s.run(`kubectl exec cu -- curl -s http://${ip}:8080/health`)).toMatchObject({ stdout: 'OK', exitCode: 0 });
    expect(s.run(`kubectl exec cu -- curl -s http://${ip}:8181/ready`)).toMatchObject({ stdout: 'OK', exitCode: 0 });
    expect(s.run(`kubectl exec cu -- curl -s http://${ip}:8181/health`)).toMatchObject({ stdout: '404 page not found\n' });
  });
});

describe('dig: a type word before the name', () => {
  it('SRV before the name asks SRV; AAAA before the name asks AAAA, NODATA printing nothing with +short', () => {
    const s = createSession();
    s.run('kubectl create deployment web --image=nginx:1.27');
    s.run('kubectl apply -f -', { stdin: 'apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec:\n  selector: { app: web }\n  ports: [{ name: http, port: 80 }]\n' });
    s.run('kubectl run du --image=registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3 -- sleep 3600');
    expect(s.run('kubectl exec du -- dig SRV _http._tcp.web.default.svc.cluster.local +short')).toMatchObject({ stdout: '0 100 80 web.default.svc.cluster.local.\n', exitCode: 0 });
    expect(s.run('kubectl exec du -- dig +short AAAA web.default.svc.cluster.local')).toMatchObject({ stdout: '', exitCode: 0 });
    const full = s.run('kubectl exec du -- dig aaaa web.default.svc.cluster.local').stdout;
    expect(full).toContain(';; flags: qr aa rd; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1\n');
    expect(full).toContain(';; QUESTION SECTION:\n;web.default.svc.cluster.local.\tIN\tAAAA\n');
  });
});

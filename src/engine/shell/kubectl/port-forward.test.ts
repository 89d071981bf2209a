/** kubectl port-forward, kept behind the console: curl localhost:LOCAL reaches the pod from its own loopback. */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../index.ts';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: w, image: traefik/whoami, ports: [{containerPort: 80, name: http}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{name: web, port: 8000, targetPort: http}]}
`;

const out = (r: { stdout: string; stderr: string; exitCode: number }) => ({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode });

describe('kubectl port-forward', () => {
  it("translates a Service's port to its pod's and prints client-go's Forwarding lines", () => {
    const s = createSession({ scenario: WEB });
    const pod = s.run('kubectl get pods -o name').stdout.split('\n')[0].replace('pod/', '');
    expect(out(s.run('kubectl port-forward svc/web 8080:8000'))).toEqual({
      stdout: 'Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n',
      stderr: `svcsim: port-forward keeps running behind the console (a terminal would be held until Ctrl-C): curl localhost:8080 on master200 reaches pod/${pod}\n`,
      exitCode: 0,
    });
    // The kubelet connects inside the pod, to its loopback: no Service NAT, the pod sees 127.0.0.1.
    const body = s.run('curl -s localhost:8080/hello').stdout;
    expect(body).toMatch(new RegExp(`^Hostname: ${pod}\\n`));
    expect(body).toMatch(/\nRemoteAddr: 127\.0\.0\.1:\d+\nGET \/hello HTTP\/1\.1\r\nHost: localhost:8080\r\n/);
  });

  it('takes named ports, a pod or a Deployment, and answers mistakes in kubectl\'s words', () => {
    const s = createSession({ scenario: WEB });
    expect(s.run('kubectl port-forward svc/web 9000:web').stdout).toBe('Forwarding from 127.0.0.1:9000 -> 80\nForwarding from [::1]:9000 -> 80\n');
    expect(s.run('kubectl port-forward deploy/web 9001:http').stdout).toBe('Forwarding from 127.0.0.1:9001 -> 80\nForwarding from [::1]:9001 -> 80\n');
    expect(s.run('kubectl port-forward svc/web 9002:81').stderr).toBe('error: Service web does not have a service port 81\n');
    expect(s.run('kubectl port-forward svc/web 9002:nope').stderr).toBe("error: Service 'web' does not have a named port 'nope'\n");
    expect(s.run('kubectl port-forward svc/web').stderr).toBe("error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples\n");
    expect(s.run('kubectl port-forward svc/nope 1:1').stderr).toBe('Error from server (NotFound): services "nope" not found\n');
  });

  it('ends with its pod: a deleted pod leaves nothing listening on the local port', () => {
    const s = createSession({ scenario: WEB });
    const pod = s.run('kubectl get pods -o name').stdout.split('\n')[0];
    s.run(`kubectl port-forward ${pod} 8080:80`);
    s.run(`kubectl delete ${pod}`);
    expect(s.run('curl -s localhost:8080').exitCode).toBe(7);
  });
});

import { describe, expect, it } from 'vitest';
import { createSession } from '../index.ts';

function run(line: string, s = createSession()) {
  const r = s.run(line);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

describe('curl in the console (curl 8.5.0)', () => {
  it('answers as traefik/whoami from the pod, showing the source it saw', () => {
    const s = createSession();
    s.run('kubectl create deployment web --image=traefik/whoami --port=80');
    const pod = s.run('kubectl get pods -l app=web -o jsonpath={.items[0].metadata.name}').stdout;
    const ip = s.run('kubectl get pods -l app=web -o jsonpath={.items[0].status.podIP}').stdout;
    const r = s.run(`curl -s ${ip}`);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Hostname: ${pod}\\nIP: 127\\.0\\.0\\.1\\nIP: ::1\\nIP: ${ip.replace(/\./g, '\\.')}\\nIP: fe80::[0-9a-f:]+\\nRemoteAddr: 10\\.244\\.0\\.0:\\d+\\nGET / HTTP/1\\.1\\r\\nHost: ${ip.replace(/\./g, '\\.')}\\r\\nUser-Agent: curl/8\\.5\\.0\\r\\nAccept: \\*/\\*\\r\\n\\r\\n$`));
  });

  it('in a pod only where the image has curl: traefik/whoami is FROM scratch, containerd finds no binary', () => {
    const s = createSession();
    s.run('kubectl create deployment web --image=traefik/whoami --port=80');
    s.run('kubectl create deployment tools --image=nginx:1.27');
    const web = s.run('kubectl get pods -l app=web -o jsonpath={.items[0].metadata.name}').stdout;
    const tools = s.run('kubectl get pods -l app=tools -o jsonpath={.items[0].metadata.name}').stdout;
    const ip = s.run('kubectl get pods -l app=web -o jsonpath={.items[0].status.podIP}').stdout;
    const r = run(`kubectl exec ${web} -- curl -s ${ip}`, s);
    expect(r.stdout).toBe('');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in \$PATH: unknown\n$/);
    expect(s.run(`kubectl exec ${web} -- curl -s ${ip}`).trace).toBeUndefined();
    // nginx's own images have carried curl since 1.17.10/1.18.
    expect(run(`kubectl exec ${tools} -- curl -s ${ip}`, s)).toMatchObject({ exitCode: 0, stderr: '' });
  });

  it('is refused by a Service without endpoints, in curl 8.5.0 words', () => {
    const s = createSession();
    s.run('kubectl create service clusterip empty --tcp=80:80');
    const ip = s.run('kubectl get svc empty -o jsonpath={.spec.clusterIP}').stdout;
    expect(run(`curl ${ip}`, s)).toEqual({ stdout: '', stderr: `curl: (7) Failed to connect to ${ip} port 80 after 0 ms: Couldn't connect to server\n`, exitCode: 7 });
    expect(run(`curl -s ${ip}`, s)).toEqual({ stdout: '', stderr: '', exitCode: 7 });
  });

  it('waits out a dropped SYN for as long as it is told', () => {
    const s = createSession();
    expect(run('ssh client curl -m 5 10.96.0.1:443', s)).toEqual({ stdout: '', stderr: "curl: (7) Failed to connect to 10.96.0.1 port 443 after 0 ms: Couldn't connect to server\n", exitCode: 7 });
    expect(run('curl --connect-timeout 3 10.96.0.99', s)).toEqual({
      stdout: '',
      stderr: 'curl: (28) Failed to connect to 10.96.0.99 port 80 after 3002 ms: Timeout was reached\n',
      exitCode: 28,
    });
  });

  it('rejects what is not an address or a port', () => {
    expect(run('curl nowhere.example')).toEqual({ stdout: '', stderr: 'curl: (6) Could not resolve host: nowhere.example\n', exitCode: 6 });
    expect(run('curl 10.96.0.1:99999').stderr).toBe('curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535\n');
    expect(run('curl').exitCode).toBe(2);
  });
});

describe('what answers is the pod behind the port', () => {
  it('CoreDNS gives no HTTP on 53 and a 404 on its metrics port', () => {
    const s = createSession();
    expect(run('curl 10.96.0.10:53', s)).toEqual({ stdout: '', stderr: 'curl: (52) Empty reply from server\n', exitCode: 52 });
    expect(run('curl -s 10.96.0.10:9153', s)).toEqual({ stdout: '404 page not found\n', stderr: '', exitCode: 0 });
  });
});

describe("the node tools' own words", () => {
  it('iptables-save answers bad arguments as getopt does, and says what svcsim leaves out', () => {
    expect(run('iptables-save -x')).toEqual({
      stdout: '',
      stderr: "iptables-save: invalid option -- 'x'\nLook at manual page `iptables-save.8' for more information.\n",
      exitCode: 1,
    });
    expect(run('ip -br a').stderr).toBe("svcsim: `ip -br a' is not simulated (try ip route, ip addr, ip link, ip neigh)\n");
    expect(run('iptables-save --kube-proxy').stdout).toMatch(/^# svcsim: kube-proxy's own iptables-restore input on master200.*\n\*filter\n/);
  });
});

describe('curl -v on a terminal', () => {
  it('shows the exchange, then the body, then the closing note, in the order curl writes them', () => {
    const s = createSession();
    s.run('kubectl create deployment web --image=traefik/whoami --port=80');
    const ip = s.run('kubectl get pods -l app=web -o jsonpath={.items[0].status.podIP}').stdout;
    const r = s.run(`curl -v ${ip}`);
    expect(r.interleaved).toBe(r.stderr.replace(/\* Connection #0 to host .* left intact\n$/, '') + r.stdout + `* Connection #0 to host ${ip} left intact\n`);
    expect(r.interleaved!.indexOf('< HTTP/1.1 200 OK')).toBeLessThan(r.interleaved!.indexOf('Hostname: '));
  });
});

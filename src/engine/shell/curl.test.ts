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

describe('curl -o, -w, -f, -H and -A (curl 8.5.0 tool_writeout.c, lib/http.c)', () => {
  const whoami = () => {
    const s = createSession();
    s.run('kubectl create deployment web --image=traefik/whoami --port=80');
    s.run('kubectl expose deployment web');
    return { s, ip: s.run('kubectl get svc web -o jsonpath={.spec.clusterIP}').stdout };
  };

  it('sends the body away with -o and prints -w variables once the transfer is over', () => {
    const { s, ip } = whoami();
    expect(run(`curl -s -o /dev/null -w "%{http_code}\\n" ${ip}`, s)).toEqual({ stdout: '200\n', stderr: '', exitCode: 0 });
    const w = run(`curl -sSo /dev/null -w '%{remote_ip}:%{remote_port} %{local_ip} %{size_request} %{content_type} %{url_effective} %{http_version} %{scheme} %{num_connects} %{method} 100%%\\t|\\n' ${ip}/x?y=1`, s);
    // The request's bytes: `GET /x?y=1 HTTP/1.1`, `Host: IP`, `User-Agent: curl/8.5.0`, `Accept: */*`, each with CRLF, and a blank line.
    expect(w.stdout).toBe(`${ip}:80 172.200.1.200 ${21 + (8 + ip.length) + 24 + 13 + 2} text/plain; charset=utf-8 http://${ip}/x?y=1 1.1 HTTP 1 GET 100%\t|\n`);
    // -o FILE on the console's node keeps the body for the session.
    expect(run(`curl -s -o page.txt ${ip} && head -1 page.txt`, s).stdout).toMatch(/^Hostname: web-/);
  });

  it('writes 000 and the error for a transfer that failed, and nothing after %{onerror} for one that did not', () => {
    const { s, ip } = whoami();
    expect(run("curl -w '%{http_code} %{exitcode} [%{errormsg}] [%{remote_ip}] %{num_connects}\\n' -m 1 10.96.0.99", s)).toEqual({
      stdout: '000 28 [Connection timed out after 1002 milliseconds] [] 0\n',
      stderr: 'curl: (28) Connection timed out after 1002 milliseconds\n',
      exitCode: 28,
    });
    expect(run(`curl -s -o /dev/null -w '%{onerror}failed: %{errormsg}' ${ip}`, s).stdout).toBe('');
    expect(run(`curl -s -w '%{nope}|' -o /dev/null ${ip}`, s)).toEqual({ stdout: '|', stderr: "curl: unknown --write-out variable: 'nope'\n", exitCode: 0 });
  });

  it('fails on an HTTP error with -f: exit 22 and no body', () => {
    const s = createSession();
    expect(run('curl -f 10.96.0.10:9153/x', s)).toEqual({ stdout: '', stderr: 'curl: (22) The requested URL returned error: 404\n', exitCode: 22 });
    expect(run("curl -sf -w '%{http_code}' 10.96.0.10:9153/x", s)).toEqual({ stdout: '404', stderr: '', exitCode: 22 });
  });

  it("sends -H headers after its own, replaces its own by name, and whoami echoes them as Go's Request.Write does", () => {
    const { s, ip } = whoami();
    const body = run(`curl -s -H 'x-trace-id: 42' -H 'Accept: text/plain' -A probe/1 ${ip}`, s).stdout;
    expect(body.slice(body.indexOf('GET '))).toBe(`GET / HTTP/1.1\r\nHost: ${ip}\r\nUser-Agent: probe/1\r\nAccept: text/plain\r\nX-Trace-Id: 42\r\n\r\n`);
    expect(run(`curl -sv -o /dev/null -H 'x-trace-id: 42' ${ip}`, s).stderr).toContain(`> Host: ${ip}\r\n> User-Agent: curl/8.5.0\r\n> Accept: */*\r\n> x-trace-id: 42\r\n> \r\n`);
    // Without a User-Agent, Go writes its own when it echoes the request; /api shows what arrived.
    expect(run(`curl -s -H 'User-Agent:' ${ip}`, s).stdout).toContain('\r\nUser-Agent: Go-http-client/1.1\r\n');
    expect(run(`curl -s -H 'User-Agent:' ${ip}/api`, s).stdout).toContain('"headers":{"Accept":["*/*"]}');
  });

  it('says what it does not send rather than sending a GET in its place', () => {
    expect(run('curl -X POST 10.96.0.1')).toEqual({ stdout: '', stderr: 'svcsim: curl -X POST is not simulated (requests here are GET)\n', exitCode: 2 });
    expect(run('curl -d x=1 10.96.0.1').stderr).toBe('svcsim: curl -d is not simulated (requests here are plain GETs, straight to the server)\n');
    expect(run('curl -o').stderr).toBe("curl: option -o: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n");
  });

  it('shows the request it sent before an empty reply with -v', () => {
    const r = run('curl -v 10.96.0.10:53');
    expect(r.stderr).toBe(
      '*   Trying 10.96.0.10:53...\n* Connected to 10.96.0.10 (10.96.0.10) port 53\n> GET / HTTP/1.1\r\n> Host: 10.96.0.10:53\r\n> User-Agent: curl/8.5.0\r\n> Accept: */*\r\n> \r\n* Empty reply from server\n* Closing connection\ncurl: (52) Empty reply from server\n',
    );
  });
});

/**
 * Service discovery in the console: each DNS tool as the pod's image has it, every query a
 * packet to CoreDNS, the lookup before a request by name, and the environment a pod started with.
 */
import { describe, expect, it } from 'vitest';
import { createSession, type Session } from '../index.ts';
import { formatTrace } from '../dataplane/index.ts';

/** A pod pinned to a node and an address, as seed scenarios pin theirs. */
const pod = (name: string, image: string, node: string, ip: string) => `---
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: { app: ${name} }
  annotations: { svcsim.dev/pod-ip: ${ip} }
spec:
  nodeName: ${node}
  containers:
  - name: main
    image: ${image}
`;
/** Four pods (busybox 1.28 on musl, busybox 1.36, bind's tools, Debian's nginx), a Service and an ExternalName. */
const SCENARIO = `apiVersion: svcsim.dev/v1alpha1
kind: Scenario
metadata: { name: dns }
seed: 5
${pod('old', 'nginx:1.14-alpine', 'node201', '10.244.1.20')}${pod('bb', 'busybox:1.36', 'node202', '10.244.2.20')}${pod('tools', 'registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3', 'node203', '10.244.3.20')}${pod('deb', 'nginx:1.27', 'node201', '10.244.1.21')}---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: deb }
  ports: [{ name: http, port: 80 }]
---
apiVersion: v1
kind: Service
metadata: { name: ext }
spec:
  type: ExternalName
  externalName: example.com
`;

function session(extra = ''): { s: Session; ip: string } {
  const s = createSession({ scenario: SCENARIO + extra });
  expect(s.problems).toEqual([]);
  return { s, ip: s.cluster.get('Service', 'default', 'web')!.spec.clusterIP! };
}

const out = (r: { stdout: string; stderr: string; exitCode: number }) => ({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode });

describe('nslookup by image', () => {
  it('nginx:1.14-alpine (busybox 1.28, musl): the seed-001 layout', () => {
    const { s, ip } = session();
    const rev = ip.split('.').reverse().join('.');
    const r = s.run('kubectl exec old -- nslookup web');
    expect(out(r)).toEqual({
      stdout: `\nName:      web\nAddress 1: ${ip} web.default.svc.cluster.local\n`,
      stderr: "nslookup: can't resolve '(null)': Name does not resolve\n",
      exitCode: 0,
    });
    // A and AAAA for the first search name, the PTR of the answer: three packets to CoreDNS.
    expect(r.trace?.dns?.queries.map((q) => `${q.type} ${q.name} ${q.rcode} ${q.answers.join(',')}`)).toEqual([
      `A web.default.svc.cluster.local. NOERROR ${ip}`,
      'AAAA web.default.svc.cluster.local. NOERROR ',
      `PTR ${rev}.in-addr.arpa. NOERROR web.default.svc.cluster.local.`,
    ]);
    expect(out(s.run('kubectl exec old -- nslookup nope'))).toEqual({
      stdout: '\n',
      stderr: "nslookup: can't resolve '(null)': Name does not resolve\nnslookup: can't resolve 'nope': Name does not resolve\ncommand terminated with exit code 1\n",
      exitCode: 1,
    });
  });

  it('busybox:1.36: one query per search domain, each reply its own block', () => {
    const { s, ip } = session();
    const nx = (n: string) => `** server can't find web.${n}: NXDOMAIN\n\n`;
    const misses = ['svc.cluster.local', 'cluster.local', 'localdomain', 'org.cn'].map(nx).join('');
    expect(out(s.run('kubectl exec bb -- nslookup web'))).toEqual({
      stdout: `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: ${ip}\n\n${misses}\n${misses}`,
      stderr: 'command terminated with exit code 1\n',
      exitCode: 1,
    });
  });

  it('busybox:1.28: the busybox image prints no gai_strerror text after can\'t resolve', () => {
    const { s } = session(pod('bb128', 'busybox:1.28', 'node202', '10.244.2.21'));
    const r = s.run('kubectl exec bb128 -- nslookup nosuch');
    expect(out(r)).toEqual({
      stdout: 'Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n',
      stderr: "nslookup: can't resolve 'nosuch'\ncommand terminated with exit code 1\n",
      exitCode: 1,
    });
  });

  it("bind's nslookup (dnsutils images)", () => {
    const { s, ip } = session();
    expect(out(s.run('kubectl exec tools -- nslookup web'))).toEqual({
      stdout: `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tweb.default.svc.cluster.local\nAddress: ${ip}\n\n`,
      stderr: '',
      exitCode: 0,
    });
  });

  it('an image without the tool: the runtime\'s error as kubectl prints it, no exit-code line', () => {
    const { s } = session();
    for (const [podName, tool] of [['deb', 'nslookup'], ['deb', 'dig'], ['bb', 'getent']]) {
      const r = s.run(`kubectl exec ${podName} -- ${tool} web`);
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        new RegExp(`^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${tool}": executable file not found in \\$PATH: unknown\\n$`),
      );
    }
  });
});

describe('dig, getent and the resolver files', () => {
  it('dig +short and dig in full', () => {
    const { s, ip } = session();
    expect(out(s.run('kubectl exec tools -- dig +short web.default.svc.cluster.local'))).toEqual({ stdout: `${ip}\n`, stderr: '', exitCode: 0 });
    const full = s.run('kubectl exec tools -- dig web.default.svc.cluster.local').stdout;
    expect(full).toContain(`\n;; ANSWER SECTION:\nweb.default.svc.cluster.local. 30 IN\tA\t${ip}\n`);
    expect(full).toContain('\n;; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)\n');
    expect(full).toMatch(/^\n; <<>> DiG 9\.18\.33-1~deb12u2-Debian <<>> web\.default\.svc\.cluster\.local\n;; global options: \+cmd\n;; Got answer:\n/);
  });

  it('getent hosts: the name as the search list found it', () => {
    const { s, ip } = session();
    expect(out(s.run('kubectl exec deb -- getent hosts web'))).toEqual({ stdout: `${ip.padEnd(15)} web.default.svc.cluster.local\n`, stderr: '', exitCode: 0 });
    expect(out(s.run('kubectl exec deb -- getent hosts nope'))).toEqual({ stdout: '', stderr: 'command terminated with exit code 2\n', exitCode: 2 });
  });

  it('on a node getent asks the host resolver, which knows no cluster names', () => {
    const { s } = session();
    expect(out(s.run('getent hosts my.database.example.com'))).toEqual({ stdout: '192.0.2.10      my.database.example.com\n', stderr: '', exitCode: 0 });
    expect(out(s.run('getent hosts web'))).toEqual({ stdout: '', stderr: '', exitCode: 2 });
  });

  it('cat /etc/resolv.conf and /etc/hosts as the kubelet writes them; other files are not there', () => {
    const { s } = session();
    expect(out(s.run('kubectl exec deb -- cat /etc/resolv.conf'))).toEqual({
      stdout: 'search default.svc.cluster.local svc.cluster.local cluster.local localdomain org.cn\nnameserver 10.96.0.10\noptions ndots:5\n',
      stderr: '',
      exitCode: 0,
    });
    expect(s.run('kubectl exec deb -- cat /etc/hosts').stdout).toBe(
      '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n10.244.1.21\tdeb\n',
    );
    expect(s.run('kubectl exec deb -- cat /nope').stderr).toBe('cat: /nope: No such file or directory\ncommand terminated with exit code 1\n');
    expect(s.run('kubectl exec old -- cat /nope').stderr).toBe("cat: can't open '/nope': No such file or directory\ncommand terminated with exit code 1\n");
  });
});

describe('DNS is a packet', () => {
  it('the ndots walk: an outside name from a glibc pod takes six names, A and AAAA each, twelve walks', () => {
    const { s } = session();
    const r = s.run('kubectl exec deb -- curl -s -m 1 http://example.com/');
    const dns = r.trace?.dns;
    const names = ['example.com.default.svc.cluster.local.', 'example.com.svc.cluster.local.', 'example.com.cluster.local.', 'example.com.localdomain.', 'example.com.org.cn.', 'example.com.'];
    expect(dns?.queries.map((q) => `${q.type} ${q.name} ${q.rcode}`)).toEqual(names.flatMap((n, i) => ['A', 'AAAA'].map((t) => `${t} ${n} ${i < 5 ? 'NXDOMAIN' : 'NOERROR'}`)));
    expect(dns?.traces).toHaveLength(12);
    for (const t of dns?.traces ?? []) expect(t).toMatchObject({ result: 'delivered', request: { dst: '10.96.0.10', dport: 53, proto: 'udp' } });
    // The connection goes to the first address CoreDNS forwarded from outside.
    expect(r.trace?.request.dst).toBe(dns?.addresses[0]);
    expect(DEFAULT_EXAMPLE).toContain(r.trace?.request.dst);
    // getaddrinfo sends a name's A and AAAA from one socket, each name from a new one: six UDP
    // flows in the pod's node's conntrack table, one per name, each a CoreDNS pod's.
    const ports = (dns?.traces ?? []).map((t) => t.hops[0]?.packet.sport);
    expect(names.map((_, i) => ports[2 * i] === ports[2 * i + 1])).toEqual(names.map(() => true));
    expect(new Set(ports).size).toBe(6);
    const flows = s.run('ssh node201 conntrack -L -p udp').stdout.split('\n').filter((l) => /src=10\.244\.1\.21 dst=10\.96\.0\.10 .* dport=53 /.test(l));
    expect(flows).toHaveLength(6);
    for (let i = 0; i < 6; i++) expect([dns?.traces[2 * i].endpoint?.pod, flows.filter((l) => l.includes(`sport=${ports[2 * i]} `))]).toEqual([dns?.traces[2 * i + 1].endpoint?.pod, [expect.any(String)]]);
  });

  it('a headless name connects straight to a pod address, no DNAT', () => {
    const { s } = session(`---
apiVersion: v1
kind: Service
metadata: { name: web-headless }
spec:
  clusterIP: None
  selector: { app: old }
  ports: [{ port: 80 }]
`);
    const r = s.run('kubectl exec deb -- curl -s web-headless');
    expect(r.exitCode).toBe(0);
    expect(r.trace?.dns?.addresses).toEqual(['10.244.1.20']);
    expect(r.trace?.request.dst).toBe('10.244.1.20');
    expect(r.trace?.hops.some((h) => h.action === 'dnat')).toBe(false);
    expect(r.trace?.endpoint?.pod).toBe('default/old');
  });

  it('an ExternalName is a CNAME: curl connects to the outside address it leads to', () => {
    const { s } = session();
    const r = s.run('kubectl exec deb -- curl -s -m 2 ext');
    expect(r.trace?.dns?.queries[0]).toMatchObject({ name: 'ext.default.svc.cluster.local.', type: 'A', rcode: 'NOERROR' });
    expect(r.trace?.dns?.queries[0].answers[0]).toBe('example.com.');
    expect(DEFAULT_EXAMPLE).toContain(r.trace?.request.dst);
  });

  it('CoreDNS scaled to zero: kube-dns REJECTs; musl waits its timeout, connected sockets hear the refusal at once', () => {
    const { s, ip } = session(`${pod('bb128', 'busybox:1.28', 'node202', '10.244.2.21')}`);
    expect(s.run('kubectl scale deploy coredns -n kube-system --replicas=0').exitCode).toBe(0);
    const timed = (line: string) => {
      const t0 = s.cluster.now();
      const r = s.run(line);
      return { ...out(r), ms: s.cluster.now() - t0 - 1000 }; // less the line's own second
    };
    // musl (unconnected sendto): the ICMP error never reaches it; one timeout window (5 s).
    expect(timed('kubectl exec old -- nslookup web')).toEqual({
      stdout: '\n',
      stderr: "nslookup: can't resolve '(null)': Name does not resolve\nnslookup: can't resolve 'web': Try again\ncommand terminated with exit code 1\n",
      exitCode: 1,
      ms: 5000,
    });
    // glibc (connected socket): ECONNREFUSED on every try, EAI_AGAIN at once.
    expect(timed('kubectl exec deb -- curl -s -S web')).toEqual({ stdout: '', stderr: 'curl: (6) Could not resolve host: web\ncommand terminated with exit code 6\n', exitCode: 6, ms: 0 });
    expect(timed('kubectl exec deb -- getent hosts web')).toEqual({ stdout: '', stderr: 'command terminated with exit code 2\n', exitCode: 2, ms: 0 });
    // busybox 1.28 on glibc: the server's reverse name and the name both fail at once (the
    // busybox image prints no gai_strerror text: VERBOSE_RESOLUTION_ERRORS is off).
    expect(timed('kubectl exec bb128 -- nslookup web')).toEqual({
      stdout: 'Server:    10.96.0.10\nAddress 1: 10.96.0.10\n\n',
      stderr: "nslookup: can't resolve 'web'\ncommand terminated with exit code 1\n",
      exitCode: 1,
      ms: 0,
    });
    // busybox 1.36: ten queries on one connected socket; the second write() returns the error.
    expect(timed('kubectl exec bb -- nslookup web')).toEqual({
      stdout: ';; connection timed out; no servers could be reached\n\n',
      stderr: "nslookup: write to '10.96.0.10': Connection refused\ncommand terminated with exit code 1\n",
      exitCode: 1,
      ms: 0,
    });
    // One query (a PTR): read() reports the error after each of the two sends, for all 5 s.
    expect(timed('kubectl exec bb -- nslookup 10.96.0.1')).toEqual({
      stdout: ';; connection timed out; no servers could be reached\n\n',
      stderr: 'nslookup: read: Connection refused\nnslookup: read: Connection refused\ncommand terminated with exit code 1\n',
      exitCode: 1,
      ms: 5000,
    });
    // bind 9.18: each of dig's three tries ends at once with "connection refused".
    const refused = ';; communications error to 10.96.0.10#53: connection refused\n';
    expect(timed('kubectl exec tools -- dig web.default.svc.cluster.local')).toEqual({
      stdout: `${refused.repeat(3)}\n; <<>> DiG 9.18.33-1~deb12u2-Debian <<>> web.default.svc.cluster.local\n;; global options: +cmd\n;; no servers could be reached\n`,
      stderr: 'command terminated with exit code 9\n',
      exitCode: 9,
      ms: 0,
    });
    expect(timed('kubectl exec tools -- dig +short +tries=1 web.default.svc.cluster.local').stdout).toBe(`${refused};; no servers could be reached\n`);
    expect(timed('kubectl exec tools -- nslookup web')).toMatchObject({ stdout: `${refused.repeat(3)};; no servers could be reached\n\n`, exitCode: 1, ms: 0 });
    // The trace shows what came back: ICMP port unreachable for each query.
    const r = s.run('kubectl exec deb -- curl -s web');
    expect(r.trace?.result).toBe('refused');
    // The address still works: only the name is gone.
    expect(s.run(`kubectl exec deb -- curl -s ${ip}`).exitCode).toBe(0);
  });

  it('CoreDNS scaled to zero in userspace mode: kube-proxy has nowhere to send the datagram; every client waits', () => {
    const { s } = session(`---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: userspace\n`);
    expect(s.run('kubectl scale deploy coredns -n kube-system --replicas=0').exitCode).toBe(0);
    const timed = (line: string) => {
      const t0 = s.cluster.now();
      const r = s.run(line);
      return { ...out(r), ms: s.cluster.now() - t0 - 1000 };
    };
    // glibc: timeout 5 s times 2 attempts.
    expect(timed('kubectl exec deb -- curl -s -S web')).toEqual({ stdout: '', stderr: 'curl: (6) Could not resolve host: web\ncommand terminated with exit code 6\n', exitCode: 6, ms: 10000 });
    // busybox 1.36: all ten queries in one 5 s window, not 5 s each.
    expect(timed('kubectl exec bb -- nslookup web')).toEqual({ stdout: ';; connection timed out; no servers could be reached\n\n', stderr: 'command terminated with exit code 1\n', exitCode: 1, ms: 5000 });
    // dig: three tries of 5 s, or as many as +tries and +timeout say.
    const silent = ';; communications error to 10.96.0.10#53: timed out\n';
    expect(timed('kubectl exec tools -- dig +short web.default.svc.cluster.local')).toMatchObject({ stdout: `${silent.repeat(3)};; no servers could be reached\n`, exitCode: 9, ms: 15000 });
    expect(timed('kubectl exec tools -- dig +short +tries=2 +timeout=1 web.default.svc.cluster.local')).toMatchObject({ stdout: `${silent.repeat(2)};; no servers could be reached\n`, ms: 2000 });
    // getent: AF_INET6 and then AF_INET each wait glibc's 10 s.
    expect(timed('kubectl exec deb -- getent hosts web')).toMatchObject({ exitCode: 2, ms: 20000 });
  });

  it('busybox 1.36 nslookup: ten queries on one socket, one conntrack entry, one CoreDNS pod answers them all', () => {
    const { s } = session();
    const r = s.run('kubectl exec bb -- nslookup web');
    const traces = r.trace?.dns?.traces ?? [];
    expect(traces).toHaveLength(10);
    const sport = traces[0].hops[0].packet.sport;
    const coredns = traces[0].endpoint;
    for (const t of traces) expect([t.hops[0].packet.sport, t.endpoint]).toEqual([sport, coredns]);
    // The later queries meet the entry the first one made.
    expect(traces.slice(1).every((t) => t.hops.some((h) => h.action === 'conntrack-hit'))).toBe(true);
    const ct = s.run('ssh node202 conntrack -L');
    expect(ct.stdout).toBe(`udp      17 28 src=10.244.2.20 dst=10.96.0.10 sport=${sport} dport=53 src=${coredns?.ip} dst=10.244.2.20 sport=53 dport=${sport} mark=0 use=1\n`);
    expect(ct.stderr).toBe('conntrack v1.4.8 (conntrack-tools): 1 flow entries have been shown.\n');
  });

  it('getent hosts (one family at a time, a socket per query): an entry per query', () => {
    const { s } = session();
    const r = s.run('kubectl exec deb -- getent hosts web');
    const traces = r.trace?.dns?.traces ?? [];
    expect(r.trace?.dns?.queries.map((q) => q.type)).toEqual(['AAAA', 'AAAA', 'AAAA', 'AAAA', 'AAAA', 'AAAA', 'A']);
    expect(new Set(traces.map((t) => t.hops[0].packet.sport)).size).toBe(7);
    expect(s.run('ssh node201 conntrack -L -p udp').stdout.split('\n').filter((l) => l.includes('dst=10.96.0.10 '))).toHaveLength(7);
  });

  const MODES = ['iptables', 'ipvs', 'nftables', 'userspace'] as const;
  it.each(MODES)('a lookup in %s mode goes through that mode to a CoreDNS pod', (mode) => {
    const { s, ip } = session(`---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ${mode}\n`);
    const r = s.run('kubectl exec old -- nslookup web');
    expect(r.stdout).toBe(`\nName:      web\nAddress 1: ${ip} web.default.svc.cluster.local\n`);
    const t = r.trace!;
    expect(t).toMatchObject({ result: 'delivered', request: { dst: '10.96.0.10', dport: 53, proto: 'udp' } });
    expect(t.endpoint?.pod).toMatch(/^kube-system\/coredns-/);
    if (mode === 'userspace') expect(t.proxied?.service).toContain('kube-system/kube-dns:dns');
    else if (mode === 'nftables') expect(t.hops.some((h) => h.place.table === 'ip kube-proxy')).toBe(true);
    else if (mode === 'iptables') expect(t.hops.some((h) => h.rule?.text.includes('KUBE-SVC-'))).toBe(true);
    else expect(t.hops.some((h) => /IPVS|ipvs/.test(h.say))).toBe(true);
    // busybox 1.36's one socket reaches one CoreDNS pod in every mode (userspace: kube-proxy's
    // backend socket for that client, one flow from the node).
    const bb = s.run('kubectl exec bb -- nslookup web').trace?.dns?.traces ?? [];
    expect(new Set(bb.map((x) => `${x.hops[0].packet.sport} ${x.endpoint?.pod}`)).size).toBe(1);
    const udp = s.run('ssh node202 conntrack -L -p udp').stdout.trim().split('\n');
    expect(udp).toHaveLength(mode === 'userspace' ? 2 : 1);
  });
});

describe('svcsim trace by name', () => {
  it('from a pod: the lookup phase first, then the connection', () => {
    const { s, ip } = session();
    const r = s.trace({ from: 'pod/deb', to: 'web:80' });
    if ('error' in r) throw new Error(r.error);
    expect(r.trace.request.dst).toBe(ip);
    expect(r.trace.dns?.queries.map((q) => q.name)).toEqual(['web.default.svc.cluster.local.', 'web.default.svc.cluster.local.']);
    const text = formatTrace(r.trace);
    expect(text.startsWith(`dns:      web via 10.96.0.10:53/udp -> ${ip}\n  A     web.default.svc.cluster.local. NOERROR ${ip}\n  AAAA  web.default.svc.cluster.local. NOERROR\n  query 1: delivered at 10.244.0.`)).toBe(true);
    expect(text).toContain(`\nrequest:  pod default/deb (10.244.1.21) -> ${ip}:80/tcp\n`);
    expect(s.trace({ from: 'pod/deb', to: 'nope' })).toEqual({ error: 'could not resolve host nope from pod default/deb: no such name' });
    // From a node a name is not an address (the host resolver knows no cluster names).
    expect(s.trace({ from: 'node201', to: 'web' })).toEqual({ error: '"web" is neither IP[:PORT] nor svc/NAME[:PORT]' });
  });
});

describe('environment variables', () => {
  it('a Service created after the pod is not in its environment until a new pod starts', () => {
    const { s, ip } = session();
    // `web` came with the pods (same instant): it is there; `late` comes after.
    expect(out(s.run('kubectl exec deb -- printenv WEB_SERVICE_HOST WEB_PORT'))).toEqual({ stdout: `${ip}\ntcp://${ip}:80\n`, stderr: '', exitCode: 0 });
    expect(s.run('kubectl create service clusterip late --tcp=8080:80').exitCode).toBe(0);
    const late = s.cluster.get('Service', 'default', 'late')!.spec.clusterIP!;
    expect(s.run('kubectl exec deb -- env').stdout).not.toContain('LATE_');
    expect(out(s.run('kubectl exec deb -- printenv LATE_SERVICE_HOST'))).toEqual({ stdout: '', stderr: 'command terminated with exit code 1\n', exitCode: 1 });
    const manifest = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: fresh\nspec:\n  containers:\n  - name: main\n    image: nginx:1.27\n';
    expect(s.run('kubectl apply -f -', { stdin: manifest }).exitCode).toBe(0);
    const env = s.run('kubectl exec fresh -- env').stdout;
    expect(env).toContain(
      `LATE_SERVICE_HOST=${late}\nLATE_SERVICE_PORT=8080\nLATE_SERVICE_PORT_8080_80=8080\nLATE_PORT=tcp://${late}:8080\nLATE_PORT_8080_TCP=tcp://${late}:8080\nLATE_PORT_8080_TCP_PROTO=tcp\nLATE_PORT_8080_TCP_PORT=8080\nLATE_PORT_8080_TCP_ADDR=${late}\n`,
    );
  });
});

/** example.com's addresses in svcsim's outside world (dns/outside-world.ts). */
const DEFAULT_EXAMPLE = ['23.192.228.80', '23.192.228.84', '23.215.0.136', '23.215.0.138', '96.7.128.175', '96.7.128.198'];

describe('bad names: clear results, never a hang', () => {
  it('too long, bad characters, an unknown namespace, a loop of ExternalNames', () => {
    const { s } = session(`---
apiVersion: v1
kind: Service
metadata: { name: loop-a }
spec: { type: ExternalName, externalName: loop-b.default.svc.cluster.local }
---
apiVersion: v1
kind: Service
metadata: { name: loop-b }
spec: { type: ExternalName, externalName: loop-a.default.svc.cluster.local }
`);
    const long = `${'a'.repeat(64)}.example.com`;
    const tooLong = s.run(`kubectl exec deb -- curl -s -S http://${long}/`);
    expect(out(tooLong)).toEqual({ stdout: '', stderr: `curl: (6) Could not resolve host: ${long}\ncommand terminated with exit code 6\n`, exitCode: 6 });
    expect(tooLong.trace).toBeUndefined(); // refused by the resolver: no packet left the pod
    expect(s.run('kubectl exec old -- nslookup web.no-such-ns').stderr).toBe(
      "nslookup: can't resolve '(null)': Name does not resolve\nnslookup: can't resolve 'web.no-such-ns': Name does not resolve\ncommand terminated with exit code 1\n",
    );
    const loop = s.run('kubectl exec tools -- nslookup loop-a');
    expect(loop.exitCode).toBe(1);
    expect(loop.stdout).toMatch(/\*\* server can't find loop-a: /);
    expect(s.run('kubectl exec deb -- getent hosts bad_name!').exitCode).toBe(2);
  });
});

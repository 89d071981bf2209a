import { describe, it, expect } from 'vitest';
import { answer } from '../coredns.ts';
import type { DnsConfig } from '../resolv-conf.ts';
import type { DnsSocket, Send } from '../resolver.ts';
import { dnsCluster } from '../testing/fixture.ts';
import type { ToolContext } from './context.ts';
import { dig, parseDigArgs, recordColumns, whenText } from './dig.ts';
import { imageDnsFlavor } from './flavor.ts';
import { getentHosts } from './getent.ts';
import { nslookupBind } from './nslookup-bind.ts';
import { nslookupBusybox } from './nslookup-busybox.ts';
import { nslookupBusyboxOld } from './nslookup-busybox-old.ts';

const c = dnsCluster();
const KUBE = '10.96.0.1';
const config: DnsConfig = { nameservers: ['10.96.0.10'], searches: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], options: ['ndots:5'] };
const ctx: ToolContext = { config, send: (q) => answer(c, q, () => 0), hosts: [{ ip: '10.244.1.5', names: ['client'] }], podIP: '10.244.1.5' };
const down: ToolContext = { ...ctx, send: () => 'timeout' };
const clock = { now: Date.UTC(2025, 5, 1, 10, 0, 0), queryTimeMs: 0, rand: () => 0.5 };

describe('bind nslookup (dnsutils)', () => {
  it('a Service by its short name', () => {
    expect(nslookupBind('kubernetes', ctx)).toMatchObject({ stdout: `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tkubernetes.default.svc.cluster.local\nAddress: ${KUBE}\n\n`, exitCode: 0 });
  });
  it('NXDOMAIN after the whole search list', () => {
    const r = nslookupBind('nope', ctx);
    expect(r).toMatchObject({ stdout: "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find nope: NXDOMAIN\n\n", exitCode: 1 });
    expect(r.queries.map((q) => q.query.name)).toEqual(['nope.default.svc.cluster.local.', 'nope.svc.cluster.local.', 'nope.cluster.local.', 'nope.']);
  });
  it('a reverse lookup', () => {
    expect(nslookupBind('10.96.0.10', ctx).stdout).toBe('Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n10.0.96.10.in-addr.arpa\tname = kube-dns.kube-system.svc.cluster.local.\n\n');
  });
  it('an ExternalName: the canonical name line, then the forwarded addresses', () => {
    const out = nslookupBind('ext', ctx).stdout.split('\n');
    expect(out.slice(3, 5)).toEqual(['ext.default.svc.cluster.local\tcanonical name = example.com.', 'Name:\texample.com']);
  });
  it('CoreDNS unreachable', () => {
    expect(nslookupBind('kubernetes', down)).toMatchObject({ stdout: ';; communications error to 10.96.0.10#53: timed out\n'.repeat(3) + ';; no servers could be reached\n\n', exitCode: 1 });
  });
});

describe('busybox 1.36 nslookup', () => {
  it('a short name is tried with every search domain, A then AAAA, each reply printed', () => {
    const r = nslookupBusybox('kubernetes', ctx);
    expect(r.stdout).toBe(
      'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n' +
        `Name:\tkubernetes.default.svc.cluster.local\nAddress: ${KUBE}\n\n` +
        "** server can't find kubernetes.svc.cluster.local: NXDOMAIN\n\n" +
        "** server can't find kubernetes.cluster.local: NXDOMAIN\n\n" +
        '\n' +
        "** server can't find kubernetes.svc.cluster.local: NXDOMAIN\n\n" +
        "** server can't find kubernetes.cluster.local: NXDOMAIN\n\n",
    );
    expect(r.exitCode).toBe(1);
  });
  it('a name with a dot is sent as it is (kubernetes.default is NXDOMAIN twice)', () => {
    expect(nslookupBusybox('kubernetes.default', ctx).stdout).toBe("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find kubernetes.default: NXDOMAIN\n\n** server can't find kubernetes.default: NXDOMAIN\n\n");
  });
  it('an outside name: Non-authoritative answer', () => {
    expect(nslookupBusybox('example.com', ctx).stdout).toContain('Non-authoritative answer:\nName:\texample.com\nAddress: ');
  });
  it('no server answers', () => {
    expect(nslookupBusybox('kubernetes', down)).toMatchObject({ stdout: ';; connection timed out; no servers could be reached\n\n', exitCode: 1 });
  });
});

describe('busybox 1.28 nslookup on glibc (busybox:1.28)', () => {
  it('prints the server and its reverse name, then the answer', () => {
    expect(nslookupBusyboxOld('kubernetes.default', ctx, 'glibc')).toMatchObject({
      output: `Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      kubernetes.default\nAddress 1: ${KUBE} kubernetes.default.svc.cluster.local\n`,
      exitCode: 0,
    });
  });
  it('a name that does not resolve, and a dead server', () => {
    expect(nslookupBusyboxOld('nope', ctx, 'glibc')).toMatchObject({ stderr: "nslookup: can't resolve 'nope': Name or service not known\n", exitCode: 1 });
    expect(nslookupBusyboxOld('nope', ctx, 'musl').stderr).toBe("nslookup: can't resolve '(null)': Name does not resolve\nnslookup: can't resolve 'nope': Name does not resolve\n");
    expect(nslookupBusyboxOld('kubernetes', down, 'musl').stderr).toContain("nslookup: can't resolve 'kubernetes': Try again\n");
  });
});

describe('busybox 1.28 as the busybox image builds it (VERBOSE_RESOLUTION_ERRORS off)', () => {
  it("can't resolve 'X' without the gai_strerror text, on glibc and on musl", () => {
    expect(nslookupBusyboxOld('nope', ctx, 'glibc', { verboseErrors: false })).toMatchObject({ stderr: "nslookup: can't resolve 'nope'\n", exitCode: 1 });
    expect(nslookupBusyboxOld('kubernetes', down, 'glibc', { verboseErrors: false }).stderr).toBe("nslookup: can't resolve 'kubernetes'\n");
    expect(nslookupBusyboxOld('nope', ctx, 'musl', { verboseErrors: false }).stderr).toBe("nslookup: can't resolve '(null)'\nnslookup: can't resolve 'nope'\n");
  });
  it('the busybox image has it off; Alpine (nginx:1.14-alpine, alpine:3.8) on', () => {
    expect(imageDnsFlavor('busybox:1.28')).toMatchObject({ nslookup: 'busybox-old', verboseErrors: false });
    expect(imageDnsFlavor('busybox:1.28-musl')).toMatchObject({ nslookup: 'busybox-old', libc: 'musl', verboseErrors: false });
    expect(imageDnsFlavor('nginx:1.14-alpine')).toMatchObject({ nslookup: 'busybox-old', verboseErrors: true });
    expect(imageDnsFlavor('alpine:3.8')).toMatchObject({ nslookup: 'busybox-old', verboseErrors: true });
  });
});

/** A send that notes which socket each query went out on (0, 1, ... in order of first use). */
function socketLog(): { ctx: ToolContext; log: string[] } {
  const ids = new Map<DnsSocket | undefined, number>();
  const log: string[] = [];
  let fresh = 0;
  const send: Send = (q, socket) => {
    // No socket: one of its own.
    const id = socket ? (ids.get(socket) ?? ids.set(socket, ids.size + fresh).get(socket)!) : ids.size + fresh++;
    log.push(`${id} ${q.type} ${q.name}`);
    return answer(c, q, () => 0);
  };
  return { ctx: { ...ctx, send }, log };
}

describe('which socket each query goes out on (the source port, the conntrack entry)', () => {
  it('busybox 1.36 nslookup: every query on one socket', () => {
    const { ctx: t, log } = socketLog();
    nslookupBusybox('nope', t);
    expect(log).toEqual([
      '0 A nope.default.svc.cluster.local.',
      '0 A nope.svc.cluster.local.',
      '0 A nope.cluster.local.',
      '0 AAAA nope.default.svc.cluster.local.',
      '0 AAAA nope.svc.cluster.local.',
      '0 AAAA nope.cluster.local.',
    ]);
  });
  it('busybox 1.28 (getaddrinfo): A and AAAA of a name share a socket, each name and each PTR a new one', () => {
    const { ctx: t, log } = socketLog();
    nslookupBusyboxOld('kubernetes', t, 'glibc');
    expect(log).toEqual([
      '0 PTR 10.0.96.10.in-addr.arpa.',
      '1 A kubernetes.default.svc.cluster.local.',
      '1 AAAA kubernetes.default.svc.cluster.local.',
      '2 PTR 1.0.96.10.in-addr.arpa.',
    ]);
  });
  it('getent hosts (gethostbyname2, one family at a time): a socket per query', () => {
    const { ctx: t, log } = socketLog();
    getentHosts('kubernetes', t);
    expect(log).toEqual(['0 AAAA kubernetes.default.svc.cluster.local.', '1 AAAA kubernetes.svc.cluster.local.', '2 AAAA kubernetes.cluster.local.', '3 AAAA kubernetes.', '4 A kubernetes.default.svc.cluster.local.']);
  });
  it("bind's nslookup: a socket per query", () => {
    const { ctx: t, log } = socketLog();
    nslookupBind('kubernetes', t);
    expect(new Set(log.map((l) => l.split(' ')[0])).size).toBe(log.length);
  });
});

describe('dig (bind 9.18)', () => {
  const run = (...argv: string[]) => {
    const req = parseDigArgs(argv);
    if ('error' in req) throw new Error(req.error);
    return dig(req, ctx, clock);
  };
  it('an A record: header, flags, the .local warning, sections, and the message size', () => {
    const r = run('kubernetes.default.svc.cluster.local');
    const id = Math.floor(0.5 * 65536);
    expect(r.stdout).toBe(
      '\n; <<>> DiG 9.18.33-1~deb12u2-Debian <<>> kubernetes.default.svc.cluster.local\n;; global options: +cmd\n;; Got answer:\n' +
        ';; WARNING: .local is reserved for Multicast DNS\n;; You are currently testing what happens when an mDNS query is leaked to DNS\n' +
        `;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: ${id}\n;; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n;; WARNING: recursion requested but not available\n\n` +
        ';; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n; COOKIE: 8080808080808080 (echoed)\n' +
        ';; QUESTION SECTION:\n;kubernetes.default.svc.cluster.local. IN A\n\n' +
        `;; ANSWER SECTION:\nkubernetes.default.svc.cluster.local. 30 IN A\t${KUBE}\n\n` +
        ';; Query time: 0 msec\n;; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)\n;; WHEN: Sun Jun 01 10:00:00 UTC 2025\n;; MSG SIZE  rcvd: 129\n\n',
    );
  });
  it('no search list: a short name goes out as it is and the upstream says NXDOMAIN', () => {
    expect(run('kubernetes').stdout).toContain(';; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN');
    expect(run('kubernetes', '+search').stdout).toContain('status: NOERROR');
  });
  it('NXDOMAIN in the cluster zone shows the SOA in AUTHORITY', () => {
    const out = run('nope.default.svc.cluster.local').stdout;
    expect(out).toMatch(/;; AUTHORITY SECTION:\ncluster\.local\.\t\t30\tIN\tSOA\tns\.dns\.cluster\.local\. hostmaster\.cluster\.local\. \d+ 7200 1800 86400 30\n/);
  });
  it('SRV, PTR with -x, +short', () => {
    expect(run('_http._tcp.web.default.svc.cluster.local', 'SRV', '+short').stdout).toBe('0 100 80 web.default.svc.cluster.local.\n');
    expect(run('-x', '10.96.0.1', '+short').stdout).toBe('kubernetes.default.svc.cluster.local.\n');
  });
  it('short owner names line up on tab stops', () => {
    expect(recordColumns({ name: 'example.com.', ttl: 30, type: 'A', address: '1.2.3.4' })).toBe('example.com.\t\t30\tIN\tA\t1.2.3.4');
    expect(run('example.com').stdout).toContain(';; QUESTION SECTION:\n;example.com.\t\t\tIN\tA\n');
    expect(run('example.com').stdout).toContain(';; flags: qr rd ra; QUERY: 1, ANSWER: 6, AUTHORITY: 0, ADDITIONAL: 1\n\n');
  });
  it('timeout', () => {
    const req = parseDigArgs(['kubernetes.default.svc.cluster.local']);
    if ('error' in req) throw new Error(req.error);
    expect(dig(req, down, clock)).toMatchObject({ exitCode: 9, stdout: ';; communications error to 10.96.0.10#53: timed out\n'.repeat(3) + '\n; <<>> DiG 9.18.33-1~deb12u2-Debian <<>> kubernetes.default.svc.cluster.local\n;; global options: +cmd\n;; no servers could be reached\n' });
  });
  it('WHEN in UTC', () => {
    expect(whenText(Date.UTC(2024, 6, 9, 9, 35, 54))).toBe('Tue Jul 09 09:35:54 UTC 2024');
  });
});

describe('getent hosts (glibc)', () => {
  it('a Service: AAAA through the whole search list first, then A; address padded to 15', () => {
    const r = getentHosts('kubernetes', ctx);
    expect(r).toMatchObject({ stdout: `${KUBE}       kubernetes.default.svc.cluster.local\n`, exitCode: 0 });
    expect(r.queries.map((q) => `${q.query.type} ${q.query.name}`)).toEqual([
      'AAAA kubernetes.default.svc.cluster.local.',
      'AAAA kubernetes.svc.cluster.local.',
      'AAAA kubernetes.cluster.local.',
      'AAAA kubernetes.',
      'A kubernetes.default.svc.cluster.local.',
    ]);
  });
  it('an ExternalName: the canonical name, then the alias', () => {
    expect(getentHosts('ext', ctx).stdout.split('\n')[0]).toMatch(/^\S+ +example\.com ext\.default\.svc\.cluster\.local$/);
  });
  it('/etc/hosts, nothing found, an address', () => {
    expect(getentHosts('client', ctx).stdout).toBe('10.244.1.5      client\n');
    expect(getentHosts('nope', ctx)).toMatchObject({ stdout: '', exitCode: 2 });
    expect(getentHosts('10.96.0.10', ctx).stdout).toBe('10.96.0.10      kube-dns.kube-system.svc.cluster.local\n');
  });
});

describe('imageDnsFlavor', () => {
  it.each([
    ['nginx:1.14-alpine', 'busybox-old', 'musl'],
    ['busybox:1.28', 'busybox-old', 'glibc'],
    ['busybox:1.36', 'busybox', 'glibc'],
    ['busybox', 'busybox', 'glibc'],
    ['alpine:3.20', 'busybox', 'musl'],
    ['registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3', 'bind', 'glibc'],
    ['nicolaka/netshoot', 'bind', 'glibc'],
    ['nginx:1.27', 'none', 'glibc'],
  ])('%s: %s on %s', (image, nslookup, libc) => {
    expect(imageDnsFlavor(image)).toMatchObject({ nslookup, libc });
  });
});

import { describe, it, expect } from 'vitest';
import { answer } from '../coredns.ts';
import type { DnsConfig } from '../resolv-conf.ts';
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

import { describe, it, expect } from 'vitest';
import { answer } from './coredns.ts';
import { pluginOptionsForImage, KUBEADM_V133_PLUGIN } from './kubernetes-records.ts';
import { recordLine } from './record-text.ts';
import type { DnsResponse, RRType } from './types.ts';
import { dnsCluster, draws, podIPs, svc } from './testing/fixture.ts';

const c = dnsCluster();
const WEB = c.get('Service', 'default', 'web')!.spec.clusterIP!;
const DB = c.get('Service', 'prod', 'db')!.spec.clusterIP!;
const PODS = podIPs(c, 'web');
/** No shuffle: every draw of dns.Id() is 1 (odd: two records stay; three or more: j + 1 % (l-j)). */
const keep = () => 0.99999;
const ask = (name: string, type: RRType = 'A', rand: () => number = keep, opts = {}) => answer(c, { name, type }, rand, opts);
const lines = (r: DnsResponse) => ({ rcode: r.rcode, answer: r.answer.map(recordLine), authority: r.authority.map(recordLine), additional: r.additional.map(recordLine) });
const SERIAL = ask('nope.default.svc.cluster.local').authority[0];
const soa = `cluster.local. 30 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. ${SERIAL.type === 'SOA' ? SERIAL.serial : 0} 7200 1800 86400 30`;
const sorted = (r: DnsResponse) => r.answer.map(recordLine).sort();

describe('CoreDNS A records', () => {
  it('a normal Service answers its ClusterIP, TTL 30, authoritative, no recursion available', () => {
    const r = ask('web.default.svc.cluster.local');
    expect(lines(r)).toEqual({ rcode: 'NOERROR', answer: [`web.default.svc.cluster.local. 30 IN A ${WEB}`], authority: [], additional: [] });
    expect(r.flags).toEqual({ aa: true, rd: true, ra: false, tc: false });
    expect(r.source).toBe('kubernetes');
  });

  it('a Service with no endpoints still answers its ClusterIP', () => {
    const ip = c.get('Service', 'default', 'empty')!.spec.clusterIP!;
    expect(lines(ask('empty.default.svc.cluster.local')).answer).toEqual([`empty.default.svc.cluster.local. 30 IN A ${ip}`]);
  });

  it('names are case-insensitive and the answer keeps the question spelling', () => {
    expect(lines(ask('WEB.Default.SVC.cluster.LOCAL.')).answer).toEqual([`WEB.Default.SVC.cluster.LOCAL. 30 IN A ${WEB}`]);
  });

  it('headless: one A per ready endpoint, shuffled by loadbalance', () => {
    const r = ask('web-headless.default.svc.cluster.local');
    expect(sorted(r)).toEqual(PODS.map((ip) => `web-headless.default.svc.cluster.local. 30 IN A ${ip}`).sort());
    const orders = new Set<string>();
    for (const d of [0, 0.2, 0.4, 0.6, 0.8]) orders.add(ask('web-headless.default.svc.cluster.local', 'A', draws(d, d / 3)).answer.map(recordLine).join());
    expect(orders.size).toBeGreaterThan(1);
  });

  it('headless with no ready endpoint: NXDOMAIN with the SOA', () => {
    expect(lines(ask('empty-headless.default.svc.cluster.local'))).toEqual({ rcode: 'NXDOMAIN', answer: [], authority: [soa], additional: [] });
  });

  it('per-endpoint dashed-IP names, for headless and normal Services alike', () => {
    const ip = PODS[0];
    const dashed = ip.replaceAll('.', '-');
    expect(lines(ask(`${dashed}.web-headless.default.svc.cluster.local`)).answer).toEqual([`${dashed}.web-headless.default.svc.cluster.local. 30 IN A ${ip}`]);
    expect(lines(ask(`${dashed}.web.default.svc.cluster.local`)).answer).toEqual([`${dashed}.web.default.svc.cluster.local. 30 IN A ${ip}`]);
    expect(ask('10-1-1-1.web.default.svc.cluster.local').rcode).toBe('NXDOMAIN');
  });

  it('unknown Service: NXDOMAIN; unknown namespace: NXDOMAIN; the namespace alone: NODATA', () => {
    expect(lines(ask('nope.default.svc.cluster.local'))).toEqual({ rcode: 'NXDOMAIN', answer: [], authority: [soa], additional: [] });
    expect(ask('web.nowhere.svc.cluster.local').rcode).toBe('NXDOMAIN');
    expect(lines(ask('default.svc.cluster.local'))).toEqual({ rcode: 'NOERROR', answer: [], authority: [soa], additional: [] });
    expect(ask('nowhere.svc.cluster.local').rcode).toBe('NXDOMAIN');
    expect(lines(ask('svc.cluster.local'))).toEqual({ rcode: 'NOERROR', answer: [], authority: [soa], additional: [] });
    expect(lines(ask('cluster.local'))).toEqual({ rcode: 'NOERROR', answer: [], authority: [soa], additional: [] });
  });

  it('names that are neither svc nor pod, or too long, are NXDOMAIN', () => {
    expect(ask('web.default.cluster.local').rcode).toBe('NXDOMAIN');
    expect(ask('a.b.c.web.default.svc.cluster.local').rcode).toBe('NXDOMAIN');
    expect(ask('web.default.svc.cluster.local.default.svc.cluster.local').rcode).toBe('NXDOMAIN');
  });

  it('AAAA of an IPv4 Service: NODATA', () => {
    expect(lines(ask('web.default.svc.cluster.local', 'AAAA'))).toEqual({ rcode: 'NOERROR', answer: [], authority: [soa], additional: [] });
    expect(ask('nope.default.svc.cluster.local', 'AAAA').rcode).toBe('NXDOMAIN');
  });

  it('the A name of a port (_http._tcp.web) answers the ClusterIP too; an unknown port name is NXDOMAIN', () => {
    expect(lines(ask('_http._tcp.web.default.svc.cluster.local')).answer).toEqual([`_http._tcp.web.default.svc.cluster.local. 30 IN A ${WEB}`]);
    expect(ask('_nope._tcp.web.default.svc.cluster.local').rcode).toBe('NXDOMAIN');
  });
});

describe('CoreDNS pod records (pods insecure)', () => {
  it('a dashed IP in an existing namespace answers that IP, pod or no pod', () => {
    expect(lines(ask('10-244-3-4.default.pod.cluster.local')).answer).toEqual(['10-244-3-4.default.pod.cluster.local. 30 IN A 10.244.3.4']);
    expect(lines(ask('1-2-3-4.prod.pod.cluster.local')).answer).toEqual(['1-2-3-4.prod.pod.cluster.local. 30 IN A 1.2.3.4']);
  });
  it('a missing namespace, a non-IP or a wrong dash count is NXDOMAIN; the namespace alone is NODATA', () => {
    expect(ask('1-2-3-4.nowhere.pod.cluster.local').rcode).toBe('NXDOMAIN');
    expect(ask('web.default.pod.cluster.local').rcode).toBe('NXDOMAIN');
    expect(ask('1-2-3.default.pod.cluster.local').rcode).toBe('NXDOMAIN');
    expect(ask('1-2-3-400.default.pod.cluster.local').rcode).toBe('NXDOMAIN');
    expect(lines(ask('default.pod.cluster.local'))).toEqual({ rcode: 'NOERROR', answer: [], authority: [soa], additional: [] });
  });
  it('pods verified answers only for a pod with that IP', () => {
    const verified = { plugin: { ...KUBEADM_V133_PLUGIN, pods: 'verified' as const } };
    expect(ask(`${PODS[0].replaceAll('.', '-')}.default.pod.cluster.local`, 'A', keep, verified).rcode).toBe('NOERROR');
    expect(ask('1-2-3-4.default.pod.cluster.local', 'A', keep, verified).rcode).toBe('NXDOMAIN');
  });
});

describe('CoreDNS SRV records', () => {
  it('a named port of a normal Service: priority 0, weight 100, target the Service, its A in additional', () => {
    expect(lines(ask('_http._tcp.web.default.svc.cluster.local', 'SRV'))).toEqual({
      rcode: 'NOERROR',
      answer: ['_http._tcp.web.default.svc.cluster.local. 30 IN SRV 0 100 80 web.default.svc.cluster.local.'],
      authority: [],
      additional: [`web.default.svc.cluster.local. 30 IN A ${WEB}`],
    });
  });
  it('the bare Service name lists every port, weight 100/2 = 50', () => {
    expect(lines(ask('web.default.svc.cluster.local', 'SRV')).answer).toEqual([
      'web.default.svc.cluster.local. 30 IN SRV 0 50 80 web.default.svc.cluster.local.',
      'web.default.svc.cluster.local. 30 IN SRV 0 50 9090 web.default.svc.cluster.local.',
    ]);
  });
  it('headless: one per ready endpoint, weight floor(100/3) = 33, targets the endpoint names', () => {
    const r = ask('_http._tcp.web-headless.default.svc.cluster.local', 'SRV');
    expect(r.answer.map(recordLine).sort()).toEqual(PODS.map((ip) => `_http._tcp.web-headless.default.svc.cluster.local. 30 IN SRV 0 33 80 ${ip.replaceAll('.', '-')}.web-headless.default.svc.cluster.local.`).sort());
    expect(r.additional.map(recordLine).sort()).toEqual(PODS.map((ip) => `${ip.replaceAll('.', '-')}.web-headless.default.svc.cluster.local. 30 IN A ${ip}`).sort());
  });
  it('an unknown port name or protocol is NXDOMAIN; SRV of an ExternalName is NODATA', () => {
    expect(ask('_https._tcp.web.default.svc.cluster.local', 'SRV').rcode).toBe('NXDOMAIN');
    expect(ask('_http._udp.web.default.svc.cluster.local', 'SRV').rcode).toBe('NXDOMAIN');
    expect(lines(ask('ext.default.svc.cluster.local', 'SRV'))).toEqual({ rcode: 'NOERROR', answer: [], authority: [soa], additional: [] });
  });
});

describe('CoreDNS PTR records', () => {
  const rev = (ip: string) => `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
  it('a ClusterIP reverse-resolves to the Service', () => {
    expect(lines(ask(rev(WEB), 'PTR')).answer).toEqual([`${rev(WEB)}. 30 IN PTR web.default.svc.cluster.local.`]);
    expect(lines(ask(rev('10.96.0.10'), 'PTR')).answer).toEqual(['10.0.96.10.in-addr.arpa. 30 IN PTR kube-dns.kube-system.svc.cluster.local.']);
  });
  it('an endpoint IP without hostname: no PTR in CoreDNS v1.12.0 (forwarded, NXDOMAIN upstream); one per Service in other versions', () => {
    const r = ask(rev(PODS[0]), 'PTR');
    expect(r.rcode).toBe('NXDOMAIN');
    expect(r.source).toBe('forward');
    const all = ask(rev(PODS[0]), 'PTR', keep, { plugin: pluginOptionsForImage('registry.k8s.io/coredns/coredns:v1.11.3') });
    const dashed = PODS[0].replaceAll('.', '-');
    expect(all.answer.map(recordLine).sort()).toEqual([
      `${rev(PODS[0])}. 30 IN PTR ${dashed}.web-headless.default.svc.cluster.local.`,
      `${rev(PODS[0])}. 30 IN PTR ${dashed}.web.default.svc.cluster.local.`,
    ]);
  });
  it('an endpoint with a hostname has its PTR in every version', () => {
    const c2 = dnsCluster();
    const r0 = c2.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'default', labels: { app: 'sts' } }, spec: { hostname: 'web-0', subdomain: 'sts', containers: [{ name: 'c', image: 'nginx' }] } });
    expect(r0.ok).toBe(true);
    c2.create(svc('sts', { clusterIP: 'None', selector: { app: 'sts' }, ports: [{ port: 80 }] }));
    const ip = c2.get('Pod', 'default', 'web-0')!.status!.podIP!;
    expect(answer(c2, { name: 'web-0.sts.default.svc.cluster.local', type: 'A' }, keep).answer.map(recordLine)).toEqual([`web-0.sts.default.svc.cluster.local. 30 IN A ${ip}`]);
    expect(answer(c2, { name: rev(ip), type: 'PTR' }, keep).answer.map(recordLine)).toEqual([`${rev(ip)}. 30 IN PTR web-0.sts.default.svc.cluster.local.`]);
  });
  it('a reverse name CoreDNS does not know falls through to forward', () => {
    const r = ask('9.9.9.9.in-addr.arpa', 'PTR');
    expect([r.rcode, r.source, r.flags.aa, r.flags.ra]).toEqual(['NXDOMAIN', 'forward', false, true]);
  });
});

describe('CoreDNS ExternalName', () => {
  it('answers a CNAME and the target as the upstream resolves it, TTLs capped at 30', () => {
    const r = ask('ext.default.svc.cluster.local');
    expect(r.rcode).toBe('NOERROR');
    expect(r.answer[0] && recordLine(r.answer[0])).toBe('ext.default.svc.cluster.local. 30 IN CNAME example.com.');
    expect(r.answer.slice(1).map(recordLine).sort()).toEqual(['23.192.228.80', '23.192.228.84', '23.215.0.136', '23.215.0.138', '96.7.128.175', '96.7.128.198'].map((ip) => `example.com. 30 IN A ${ip}`).sort());
  });
  it('a CNAME query answers the CNAME alone', () => {
    expect(lines(ask('ext.default.svc.cluster.local', 'CNAME')).answer).toEqual(['ext.default.svc.cluster.local. 30 IN CNAME example.com.']);
  });
  it('an IP literal in externalName is NXDOMAIN', () => {
    expect(ask('ext-ip.default.svc.cluster.local').rcode).toBe('NXDOMAIN');
  });
  it('an ExternalName pointing at a Service in the cluster is followed inside', () => {
    expect(lines(ask('ext-inside.default.svc.cluster.local')).answer).toEqual([
      'ext-inside.default.svc.cluster.local. 30 IN CNAME web.default.svc.cluster.local.',
      `web.default.svc.cluster.local. 30 IN A ${WEB}`,
    ]);
  });
  it('a loop of ExternalNames ends: NODATA, no hang', () => {
    expect(lines(ask('loop-a.default.svc.cluster.local'))).toEqual({ rcode: 'NOERROR', answer: [], authority: [soa], additional: [] });
  });
  it('an unknown outside target: the CNAME alone, NOERROR', () => {
    const c2 = dnsCluster();
    c2.create(svc('gone', { type: 'ExternalName', externalName: 'nothing.invalid' }));
    expect(answer(c2, { name: 'gone.default.svc.cluster.local', type: 'A' }, keep).answer.map(recordLine)).toEqual(['gone.default.svc.cluster.local. 30 IN CNAME nothing.invalid.']);
  });
});

describe('CoreDNS other types and names', () => {
  it('dns-version TXT is 1.1.0 with TTL 28800; TXT of a Service is NODATA, of nothing NXDOMAIN', () => {
    expect(lines(ask('dns-version.cluster.local', 'TXT')).answer).toEqual(['dns-version.cluster.local. 28800 IN TXT "1.1.0"']);
    expect(ask('web.default.svc.cluster.local', 'TXT')).toMatchObject({ rcode: 'NOERROR', answer: [] });
    expect(ask('nope.default.svc.cluster.local', 'TXT').rcode).toBe('NXDOMAIN');
  });
  it('ns.dns.<zone> answers the kube-dns ClusterIP; NS and SOA at the apex', () => {
    expect(lines(ask('ns.dns.cluster.local')).answer).toEqual(['ns.dns.cluster.local. 30 IN A 10.96.0.10']);
    expect(lines(ask('cluster.local', 'NS'))).toEqual({ rcode: 'NOERROR', answer: ['cluster.local. 30 IN NS ns.dns.cluster.local.'], authority: [], additional: ['ns.dns.cluster.local. 30 IN A 10.96.0.10'] });
    expect(lines(ask('cluster.local', 'SOA')).answer).toEqual([soa]);
  });
  it('ANY and MX: NODATA for a name that exists, NXDOMAIN otherwise', () => {
    expect(ask('web.default.svc.cluster.local', 'ANY')).toMatchObject({ rcode: 'NOERROR', answer: [] });
    expect(ask('nope.default.svc.cluster.local', 'ANY').rcode).toBe('NXDOMAIN');
    expect(ask('web.default.svc.cluster.local', 'MX')).toMatchObject({ rcode: 'NOERROR', answer: [] });
  });
  it('another namespace by its full name', () => {
    expect(lines(ask('db.prod.svc.cluster.local')).answer).toEqual([`db.prod.svc.cluster.local. 30 IN A ${DB}`]);
  });
  it('outside names are forwarded: not authoritative, recursion available; unknown ones NXDOMAIN', () => {
    const r = ask('example.com');
    expect([r.rcode, r.source, r.flags.aa, r.flags.ra, r.answer.length]).toEqual(['NOERROR', 'forward', false, true, 6]);
    expect(r.answer.every((a) => a.ttl === 30)).toBe(true);
    expect(ask('web.').rcode).toBe('NXDOMAIN');
    expect(ask('web.default.svc.').source).toBe('forward');
    const www = ask('www.example.com');
    expect(www.answer[0] && recordLine(www.answer[0])).toBe('www.example.com. 30 IN CNAME example.com.');
    expect(answer(c, { name: 'example.com', type: 'A' }, keep, { outside: { names: {}, unreachable: true } }).rcode).toBe('SERVFAIL');
  });
  it('names that cannot be encoded are refused (FORMERR), never looked up', () => {
    expect(ask(`${'a'.repeat(64)}.default.svc.cluster.local`).rcode).toBe('FORMERR');
    expect(ask(`${'a.'.repeat(130)}cluster.local`).rcode).toBe('FORMERR');
    expect(ask('a..b').rcode).toBe('FORMERR');
  });
});

/**
 * CoreDNS with kubeadm's Corefile: `kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure;
 * fallthrough in-addr.arpa ip6.arpa; ttl 30 }`, `forward . /etc/resolv.conf`, `cache 30`,
 * `loadbalance`. One question in, one response out, as the CoreDNS pod would write it.
 * Sources: coredns v1.12 plugin/kubernetes/handler.go, plugin/backend_lookup.go,
 * plugin/loadbalance/loadbalance.go, plugin/cache (TTL capped at 30).
 */
import type { ClusterReader } from '../cluster/types.ts';
import { endpointSets, KUBEADM_V133_PLUGIN, NAME_ERROR, namespaceExists, records, reverseRecords, type Backend, type KubernetesPluginOptions, type LookupResult } from './kubernetes-records.ts';
import { addressFromReverse, fqdn, isIPv4, isSubdomain, labels, nameProblem, sameName } from './names.ts';
import { DEFAULT_OUTSIDE_WORLD, upstreamAnswer, type OutsideWorld } from './outside-world.ts';
import type { DnsQuery, DnsResponse, Rcode, ResourceRecord, RRType } from './types.ts';

/** kubernetes.go DNSSchemaVersion, answered for `dns-version.<zone>` TXT with TTL 28800. */
export const DNS_SCHEMA_VERSION = '1.1.0';
/** The `cache 30` cap on every TTL CoreDNS hands out. */
export const CACHE_MAX_TTL = 30;

export interface CoreDnsOptions {
  /** The cluster domain (kubelet clusterDomain); default: the cluster's settings. */
  zone?: string;
  plugin?: KubernetesPluginOptions;
  outside?: OutsideWorld;
  /**
   * SOA serial: CoreDNS uses the Unix time (seconds) of its informers' last change. Default: the
   * newest creationTimestamp among Services and EndpointSlices, else the clock.
   */
  serial?: number;
}

/** Answers one query the way the CoreDNS pod does. `rand` drives `loadbalance` (CoreDNS draws dns.Id()). */
export function answer(cluster: ClusterReader, query: DnsQuery, rand: () => number, opts: CoreDnsOptions = {}): DnsResponse {
  const zone = fqdn(opts.zone ?? cluster.settings.dnsDomain);
  const plugin = opts.plugin ?? KUBEADM_V133_PLUGIN;
  const outside = opts.outside ?? DEFAULT_OUTSIDE_WORLD;
  const qname = fqdn(query.name);
  const rd = query.rd ?? true;
  const question = { name: qname, type: query.type };
  if (nameProblem(qname)) {
    // A name that cannot be encoded never reaches CoreDNS: the client library refuses it. Kept as FORMERR for callers that skip that check.
    return { question, rcode: 'FORMERR', flags: { aa: false, rd, ra: false, tc: false }, answer: [], authority: [], additional: [], source: 'invalid' };
  }
  const ctx: Ctx = { cluster, plugin, outside, zone, rd, serial: opts.serial ?? defaultSerial(cluster) };
  const out = serve(ctx, qname, query.type);
  return out.rcode === 'NOERROR' ? loadbalance(out, rand) : out;
}

interface Ctx {
  cluster: ClusterReader;
  plugin: KubernetesPluginOptions;
  outside: OutsideWorld;
  zone: string;
  rd: boolean;
  serial: number;
}

/** plugin.Zones.Matches: the longest of the kubernetes plugin's zones the name is in. */
function matchZone(ctx: Ctx, qname: string): string | undefined {
  const zones = [ctx.zone, 'in-addr.arpa.', 'ip6.arpa.'].filter((z) => isSubdomain(z, qname));
  zones.sort((a, b) => b.length - a.length);
  if (!zones.length) return undefined;
  // The zone keeps the query's spelling (handler.go: zone = qname[len(qname)-len(zone):]).
  return qname.slice(qname.length - zones[0].length);
}

function serve(ctx: Ctx, qname: string, type: RRType): DnsResponse {
  const zone = matchZone(ctx, qname);
  if (!zone) return forward(ctx, qname, type);
  const isReverse = !sameName(zone, ctx.zone);
  let result: { records: ResourceRecord[]; extra: ResourceRecord[] } | typeof NAME_ERROR;
  switch (type) {
    case 'A':
    case 'AAAA':
      result = addressRecords(ctx, zone, qname, type, []);
      break;
    case 'TXT':
      result = txtRecords(ctx, zone, qname);
      break;
    case 'CNAME':
      result = cnameRecords(ctx, zone, qname);
      break;
    case 'PTR':
      result = ptrRecords(ctx, zone, qname);
      break;
    case 'SRV':
      result = srvRecords(ctx, zone, qname);
      break;
    case 'SOA':
      result = sameName(qname, zone) ? { records: [soa(ctx, zone)], extra: [] } : { records: [], extra: [] };
      break;
    case 'NS':
      if (sameName(qname, zone)) {
        result = nsRecords(ctx, zone);
        break;
      }
      result = fakeA(ctx, zone, qname);
      break;
    default:
      // MX, ANY, ...: a fake A lookup tells NXDOMAIN from NODATA (handler.go default branch).
      result = type === 'MX' ? mxNoData(ctx, zone, qname) : fakeA(ctx, zone, qname);
  }
  if (result === NAME_ERROR) {
    // `fallthrough in-addr.arpa ip6.arpa`: reverse names CoreDNS does not know go to `forward`.
    if (isReverse) return forward(ctx, qname, type);
    return { question: { name: qname, type }, rcode: 'NXDOMAIN', flags: authFlags(ctx), answer: [], authority: [soa(ctx, zone)], additional: [], source: 'kubernetes' };
  }
  if (result.records.length === 0) {
    return { question: { name: qname, type }, rcode: 'NOERROR', flags: authFlags(ctx), answer: [], authority: [soa(ctx, zone)], additional: [], source: 'kubernetes' };
  }
  return { question: { name: qname, type }, rcode: 'NOERROR', flags: authFlags(ctx), answer: result.records, authority: [], additional: result.extra, source: 'kubernetes' };
}

const authFlags = (ctx: Ctx) => ({ aa: true, rd: ctx.rd, ra: false, tc: false });

/** backend_lookup.go SOA: `<zone> 30 IN SOA ns.dns.<zone> hostmaster.<zone> <serial> 7200 1800 86400 30`. */
function soa(ctx: Ctx, zone: string): ResourceRecord {
  const ttl = Math.min(300, ctx.plugin.ttl);
  return { name: zone, ttl, type: 'SOA', mname: `ns.dns.${zone}`, rname: `hostmaster.${zone}`, serial: ctx.serial, refresh: 7200, retry: 1800, expire: 86400, minimum: ctx.plugin.ttl };
}

function defaultSerial(cluster: ClusterReader): number {
  let newest = 0;
  for (const kind of ['Service', 'EndpointSlice', 'Namespace'] as const) {
    for (const o of cluster.list(kind)) {
      const t = o.metadata.creationTimestamp ? Date.parse(o.metadata.creationTimestamp) : NaN;
      if (Number.isFinite(t) && t > newest) newest = t;
    }
  }
  return Math.floor((newest || cluster.now()) / 1000);
}

/** kubernetes.go Services: the special names first, then Records (reverse names are not services). */
function services(ctx: Ctx, zone: string, qname: string): LookupResult {
  if (isReverseZone(zone)) return NAME_ERROR;
  const below = labels(qname).slice(0, labels(qname).length - labels(zone).length).map((l) => l.toLowerCase());
  if (below.length === 2 && below[0] === 'ns' && below[1] === 'dns') return nsAddresses(ctx, zone);
  return records(ctx.cluster, ctx.plugin, qname, zone);
}

const isReverseZone = (zone: string) => /(^|\.)(in-addr|ip6)\.arpa\.$/i.test(zone);

/** ns.go nsAddrs: the kube-dns Service's ClusterIPs (the Service whose endpoints hold CoreDNS). */
function nsAddresses(ctx: Ctx, zone: string): Backend[] {
  const out: Backend[] = [];
  for (const svc of ctx.cluster.list('Service', 'kube-system')) {
    const sets = endpointSets(ctx.cluster, 'kube-system', svc.metadata.name);
    const holdsCoreDns = svc.spec.selector?.['k8s-app'] === 'kube-dns' && sets.some((s) => s.addresses.length > 0);
    if (!holdsCoreDns) continue;
    for (const ip of svc.spec.clusterIPs ?? (svc.spec.clusterIP ? [svc.spec.clusterIP] : [])) {
      if (ip !== 'None') out.push({ host: ip, port: 0, domain: `${svc.metadata.name}.${svc.metadata.namespace}.svc` });
    }
  }
  void zone;
  return out;
}

type Found = { records: ResourceRecord[]; extra: ResourceRecord[] } | typeof NAME_ERROR;

/** backend_lookup.go A/AAAA, with CNAME chasing for ExternalName (at most 8 links, no repeats). */
function addressRecords(ctx: Ctx, zone: string, qname: string, type: 'A' | 'AAAA', previous: ResourceRecord[]): Found {
  const found = checkForApex(ctx, zone, qname);
  if (found === NAME_ERROR) return NAME_ERROR;
  const recs: ResourceRecord[] = [];
  const dup = new Set<string>();
  for (const b of found) {
    if (!isAddress(b.host)) {
      const target = fqdn(b.host);
      if (sameName(qname, target)) continue; // x CNAME x
      const cname: ResourceRecord = { name: qname, ttl: ctx.plugin.ttl, type: 'CNAME', target };
      if (previous.length > 7) continue;
      if (previous.some((p) => p.type === 'CNAME' && sameName(p.name, qname) && sameName(p.target, target))) continue;
      if (isSubdomain(zone, target)) {
        const next = addressRecords(ctx, zone, target, type, [...previous, cname]);
        if (next !== NAME_ERROR && next.records.length > 0) recs.push(cname, ...next.records);
        continue;
      }
      // Outside the zone: CoreDNS asks itself (Upstream), i.e. `forward`, and appends what comes back.
      const up = serve(ctx, target, type);
      if (up.rcode === 'SERVFAIL') continue;
      recs.push(cname, ...up.answer);
      continue;
    }
    const want = type === 'A' ? isIPv4(b.host) : !isIPv4(b.host);
    if (want && !dup.has(b.host)) {
      dup.add(b.host);
      recs.push(type === 'A' ? { name: qname, ttl: ctx.plugin.ttl, type: 'A', address: b.host } : { name: qname, ttl: ctx.plugin.ttl, type: 'AAAA', address: b.host });
    }
  }
  return { records: recs, extra: [] };
}

const isAddress = (host: string) => isIPv4(host) || host.includes(':');

/** checkForApex: the zone apex itself has no services (NODATA). */
function checkForApex(ctx: Ctx, zone: string, qname: string): LookupResult {
  return services(ctx, zone, qname);
}

function fakeA(ctx: Ctx, zone: string, qname: string): Found {
  const r = addressRecords(ctx, zone, qname, 'A', []);
  return r === NAME_ERROR ? NAME_ERROR : { records: [], extra: [] };
}

function mxNoData(ctx: Ctx, zone: string, qname: string): Found {
  const r = services(ctx, zone, qname);
  return r === NAME_ERROR ? NAME_ERROR : { records: [], extra: [] };
}

function txtRecords(ctx: Ctx, zone: string, qname: string): Found {
  const below = labels(qname).slice(0, labels(qname).length - labels(zone).length);
  if (below.length === 1 && below[0].toLowerCase() === 'dns-version') {
    return { records: [{ name: qname, ttl: 28800, type: 'TXT', text: [DNS_SCHEMA_VERSION] }], extra: [] };
  }
  // A name that exists with another type is NODATA, else NXDOMAIN (kubernetes.go Services, TXT case).
  const r = services(ctx, zone, qname);
  if (r === NAME_ERROR || r.length === 0) return NAME_ERROR;
  return { records: [], extra: [] };
}

function cnameRecords(ctx: Ctx, zone: string, qname: string): Found {
  const r = services(ctx, zone, qname);
  if (r === NAME_ERROR) return NAME_ERROR;
  const first = r[0];
  if (first && !isAddress(first.host)) return { records: [{ name: qname, ttl: ctx.plugin.ttl, type: 'CNAME', target: fqdn(first.host) }], extra: [] };
  return { records: [], extra: [] };
}

function ptrRecords(ctx: Ctx, zone: string, qname: string): Found {
  const ip = addressFromReverse(qname);
  if (!ip) {
    const r = services(ctx, zone, qname);
    return r === NAME_ERROR ? NAME_ERROR : { records: [], extra: [] };
  }
  const names = reverseRecords(ctx.cluster, ctx.plugin, ip);
  if (!names.length) return NAME_ERROR;
  return { records: names.map((n) => ({ name: qname, ttl: ctx.plugin.ttl, type: 'PTR' as const, target: `${n}.${ctx.zone}` })), extra: [] };
}

/** backend_lookup.go SRV: priority 0, weight floor(100 / records), additional A per target. */
function srvRecords(ctx: Ctx, zone: string, qname: string): Found {
  const all = services(ctx, zone, qname);
  if (all === NAME_ERROR) return NAME_ERROR;
  // SRV for ExternalName services is not implemented in CoreDNS: they are dropped (kubernetes.go Services).
  const found = all.filter((b) => isAddress(b.host));
  const total = 100 * found.length;
  const recs: ResourceRecord[] = [];
  const extra: ResourceRecord[] = [];
  const seen = new Set<string>();
  const zoneText = zone;
  for (const b of found) {
    if (b.port === -1) continue;
    const weight = Math.max(1, Math.floor((100 / total) * 100));
    const target = `${b.domain}.${zoneText}`;
    const key = `${target.toLowerCase()}|${b.port}`;
    if (!seen.has(key)) {
      seen.add(key);
      recs.push({ name: qname, ttl: ctx.plugin.ttl, type: 'SRV', priority: 0, weight, port: b.port, target });
    }
    const akey = `${target.toLowerCase()}|${b.host}`;
    if (!seen.has(akey)) {
      seen.add(akey);
      extra.push(isIPv4(b.host) ? { name: target, ttl: ctx.plugin.ttl, type: 'A', address: b.host } : { name: target, ttl: ctx.plugin.ttl, type: 'AAAA', address: b.host });
    }
  }
  return { records: recs, extra };
}

function nsRecords(ctx: Ctx, zone: string): Found {
  const addrs = nsAddresses(ctx, zone);
  const ns = `ns.dns.${zone}`;
  if (!addrs.length) return { records: [], extra: [] };
  return {
    records: [{ name: zone, ttl: ctx.plugin.ttl, type: 'NS', target: ns }],
    extra: addrs.map((a) => (isIPv4(a.host) ? { name: ns, ttl: ctx.plugin.ttl, type: 'A' as const, address: a.host } : { name: ns, ttl: ctx.plugin.ttl, type: 'AAAA' as const, address: a.host })),
  };
}

/** `forward . /etc/resolv.conf` behind `cache 30`: the upstream's answer with TTLs capped at 30. */
function forward(ctx: Ctx, qname: string, type: RRType): DnsResponse {
  const up = upstreamAnswer(ctx.outside, qname, type, ctx.rd);
  const cap = (rs: ResourceRecord[]) => rs.map((r) => ({ ...r, ttl: Math.min(r.ttl, CACHE_MAX_TTL) }));
  return { ...up, answer: cap(up.answer), authority: cap(up.authority), additional: cap(up.additional) };
}

/**
 * loadbalance.go randomShuffle on a successful answer: CNAMEs first, then other types, then the
 * address records shuffled, then MX; same for authority and additional.
 */
function loadbalance(res: DnsResponse, rand: () => number): DnsResponse {
  return { ...res, answer: roundRobin(res.answer, rand), authority: roundRobin(res.authority, rand), additional: roundRobin(res.additional, rand) };
}

function roundRobin(input: ResourceRecord[], rand: () => number): ResourceRecord[] {
  const cname: ResourceRecord[] = [];
  const address: ResourceRecord[] = [];
  const mx: ResourceRecord[] = [];
  const rest: ResourceRecord[] = [];
  for (const r of input) {
    if (r.type === 'CNAME') cname.push(r);
    else if (r.type === 'A' || r.type === 'AAAA') address.push(r);
    else if (r.type === 'MX') mx.push(r);
    else rest.push(r);
  }
  shuffle(address, rand);
  shuffle(mx, rand);
  return [...cname, ...rest, ...address, ...mx];
}

/** roundRobinShuffle with dns.Id() (a random uint16) as the draw. */
function shuffle(records: ResourceRecord[], rand: () => number): void {
  const id = () => Math.floor(rand() * 65536);
  const l = records.length;
  if (l < 2) return;
  if (l === 2) {
    if (id() % 2 === 0) [records[0], records[1]] = [records[1], records[0]];
    return;
  }
  for (let j = 0; j < l; j++) {
    const p = j + (id() % (l - j));
    if (p !== j) [records[j], records[p]] = [records[p], records[j]];
  }
}

/** Does the namespace exist (for explanations: NXDOMAIN because the namespace is unknown)? */
export function namespaceKnown(cluster: ClusterReader, ns: string): boolean {
  return namespaceExists(cluster, ns);
}

export type { Rcode };

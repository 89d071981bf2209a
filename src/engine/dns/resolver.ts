/**
 * The stub resolver in a pod: which names it tries, in which order, with which query types, and
 * when it stops (reference §9.4). Two libraries, because the images differ:
 *  - glibc (res_nsearch + getaddrinfo): a trailing dot means the name alone; with at least
 *    `ndots` dots the name is tried first, then the search list; with fewer, the search list
 *    first, then the name. NXDOMAIN, NODATA and SERVFAIL move on to the next candidate;
 *    a timeout ends the lookup. getaddrinfo sends A and AAAA together for each candidate.
 *  - musl (Alpine; src/network/lookup_name.c name_from_dns_search): with `ndots` dots or a
 *    trailing dot, the name alone, no search at all; otherwise the search list, then the name.
 *    Only NXDOMAIN moves on; NODATA ends the lookup with "not found", SERVFAIL with "try again".
 * The caller sends each query (through the data plane) and says what came back.
 */
import { fqdn, isHostnameText, isIPLiteral, nameProblem } from './names.ts';
import { resolverOptions, type DnsConfig, type HostsEntry } from './resolv-conf.ts';
import type { DnsQuery, DnsResponse, ResourceRecord } from './types.ts';

export type Libc = 'glibc' | 'musl';

/** What became of one query: the response, or nothing within the timeout (after every attempt). */
export type SendResult = DnsResponse | 'timeout';
export type Send = (query: DnsQuery) => SendResult;

export interface SentQuery {
  query: DnsQuery;
  result: SendResult;
  /** How many times the resolver sent it (attempts on timeout). */
  tries: number;
}

export type LookupOutcome =
  | { kind: 'found'; name: string; canonical: string; addresses: string[]; records: ResourceRecord[] }
  | { kind: 'hosts'; name: string; canonical: string; addresses: string[] }
  | { kind: 'literal'; addresses: string[] }
  | { kind: 'not-found'; nodata: boolean }
  | { kind: 'servfail' }
  | { kind: 'timeout'; waitedSeconds: number }
  | { kind: 'invalid-name' };

export interface LookupResult {
  queries: SentQuery[];
  outcome: LookupOutcome;
}

/** The names a resolver tries for `name`, in order, fully qualified. */
export function candidates(name: string, config: DnsConfig, libc: Libc): string[] {
  const { ndots } = resolverOptions(config);
  if (name.endsWith('.')) return [fqdn(name)];
  const dots = name.split('.').length - 1;
  const searched = config.searches.filter((s) => s !== '.' && s !== '').map((s) => fqdn(`${name}.${s}`));
  if (libc === 'musl') return dots >= ndots ? [fqdn(name)] : [...searched, fqdn(name)];
  return dots >= ndots ? [fqdn(name), ...searched] : [...searched, fqdn(name)];
}

export interface LookupOptions {
  libc: Libc;
  /** A and AAAA together (getaddrinfo AF_UNSPEC), or one family. */
  family?: 'any' | 'ipv4' | 'ipv6';
  /** /etc/hosts, consulted first (nsswitch `hosts: files dns`; musl always). */
  hosts?: HostsEntry[];
}

/** getaddrinfo(name): the queries it makes and what it finds. */
export function lookupAddresses(name: string, config: DnsConfig, send: Send, opts: LookupOptions): LookupResult {
  if (isIPLiteral(name)) return { queries: [], outcome: { kind: 'literal', addresses: [name] } };
  if (nameProblem(name) || (opts.libc === 'musl' && !isHostnameText(name))) return { queries: [], outcome: { kind: 'invalid-name' } };
  const fromHosts = hostsLookup(name, opts.hosts ?? []);
  if (fromHosts) return { queries: [], outcome: fromHosts };
  const types: ('A' | 'AAAA')[] = opts.family === 'ipv4' ? ['A'] : opts.family === 'ipv6' ? ['AAAA'] : ['A', 'AAAA'];
  const { timeout, attempts } = resolverOptions(config);
  const queries: SentQuery[] = [];
  let nodata = false;
  let servfail = false;
  for (const candidate of candidates(name, config, opts.libc)) {
    const results = types.map((type) => {
      const query: DnsQuery = { name: candidate, type, rd: true };
      const result = send(query);
      const tries = result === 'timeout' ? Math.max(1, attempts) : 1;
      queries.push({ query, result, tries });
      return result;
    });
    if (results.some((r) => r === 'timeout')) {
      // musl retries within one timeout window; glibc waits `timeout` per attempt.
      const waited = opts.libc === 'musl' ? timeout : timeout * Math.max(1, attempts);
      return { queries, outcome: { kind: 'timeout', waitedSeconds: waited } };
    }
    const responses = results as DnsResponse[];
    const records = responses.flatMap((r) => (r.rcode === 'NOERROR' ? r.answer : []));
    const addresses = records.flatMap((r) => (r.type === 'A' || r.type === 'AAAA' ? [r.address] : []));
    if (addresses.length) {
      return { queries, outcome: { kind: 'found', name: candidate, canonical: canonicalName(candidate, records), addresses, records } };
    }
    const rcodes = responses.map((r) => r.rcode);
    if (opts.libc === 'musl') {
      if (rcodes.includes('SERVFAIL')) return { queries, outcome: { kind: 'servfail' } };
      if (rcodes.every((r) => r === 'NXDOMAIN')) continue;
      if (rcodes.some((r) => r !== 'NOERROR' && r !== 'NXDOMAIN')) return { queries, outcome: { kind: 'servfail' } };
      return { queries, outcome: { kind: 'not-found', nodata: true } };
    }
    if (rcodes.includes('SERVFAIL')) servfail = true;
    else if (rcodes.every((r) => r === 'NOERROR')) nodata = true;
  }
  if (servfail && !nodata) return { queries, outcome: { kind: 'servfail' } };
  return { queries, outcome: { kind: 'not-found', nodata } };
}

/** The end of the CNAME chain starting at `name`. */
export function canonicalName(name: string, records: ResourceRecord[]): string {
  let current = fqdn(name);
  for (let i = 0; i < 16; i++) {
    const next = records.find((r) => r.type === 'CNAME' && r.name.toLowerCase() === current.toLowerCase());
    if (!next || next.type !== 'CNAME') break;
    current = next.target;
  }
  return current;
}

function hostsLookup(name: string, hosts: HostsEntry[]): LookupOutcome | undefined {
  const n = name.replace(/\.$/, '').toLowerCase();
  const hits = hosts.filter((h) => h.names.some((x) => x.toLowerCase() === n));
  if (!hits.length) return undefined;
  return { kind: 'hosts', name, canonical: hits[0].names[0], addresses: [...new Set(hits.map((h) => h.ip))] };
}

/** getnameinfo(NI_NAMEREQD): /etc/hosts, then a PTR query; undefined when there is no name. */
export function reverseLookup(ip: string, send: Send, hosts: HostsEntry[]): { name?: string; queries: SentQuery[] } {
  const hit = hosts.find((h) => h.ip === ip);
  if (hit) return { name: hit.names[0], queries: [] };
  const rev = `${ip.split('.').reverse().join('.')}.in-addr.arpa.`;
  const query: DnsQuery = { name: rev, type: 'PTR', rd: true };
  const result = send(query);
  const queries = [{ query, result, tries: 1 }];
  if (result === 'timeout' || result.rcode !== 'NOERROR') return { queries };
  const ptr = result.answer.find((r) => r.type === 'PTR');
  return { name: ptr && ptr.type === 'PTR' ? ptr.target.replace(/\.$/, '') : undefined, queries };
}

/**
 * musl's RFC 3484 sort (lookup_name.c): addresses sharing a longer prefix with the source
 * address come first, otherwise the DNS order is kept. A pod's own IP therefore leads.
 */
export function muslSort(addresses: string[], source: string | undefined): string[] {
  if (!source) return addresses;
  const bits = (ip: string) => ip.split('.').map((o) => Number(o).toString(2).padStart(8, '0')).join('');
  const src = bits(source);
  const prefix = (ip: string) => {
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return 0;
    const b = bits(ip);
    let i = 0;
    while (i < 32 && b[i] === src[i]) i++;
    return i;
  };
  return addresses.map((a, i) => ({ a, i, p: prefix(a) })).sort((x, y) => y.p - x.p || x.i - y.i).map((x) => x.a);
}

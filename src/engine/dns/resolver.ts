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
 *
 * Sockets, which decide the source ports and so the conntrack entries a lookup leaves: both
 * libraries open one UDP socket per candidate name and send its A and AAAA queries on it
 * (glibc resolv/res_send.c send_dg writes both queries of __res_context_send on one socket,
 * closed again at the end of the call without RES_STAYOPEN; musl src/network/res_msend.c, one
 * socket per __res_msend_rc call). One candidate is one conntrack entry, one CoreDNS pod; the
 * two packets racing to create that entry are kubernetes#56903's "DNS 5 s delay".
 *
 * A nameserver whose port answers ICMP port unreachable (kube-dns with no endpoints: kube-proxy's
 * REJECT, or an IPVS virtual server without real servers) is heard only on a connected socket:
 *  - glibc connects its UDP socket (resolv/res_send.c send_dg, reopen: connect() then send);
 *    the error comes back from recvfrom/poll (POLLERR) and send_dg gives up on the server at
 *    once (err_out), every try alike. With no server that answered, res_send sets ECONNREFUSED
 *    and res_query.c's search stops there ("If no server present, give up"): getaddrinfo returns
 *    EAI_AGAIN without waiting.
 *  - musl sends with sendto() on an unconnected socket (src/network/res_msend.c), which never
 *    sees ICMP errors: it waits out its timeout as if nothing came back.
 */
import { fqdn, isHostnameText, isIPLiteral, nameProblem } from './names.ts';
import { resolverOptions, type DnsConfig, type HostsEntry } from './resolv-conf.ts';
import type { DnsQuery, DnsResponse, ResourceRecord } from './types.ts';

export type Libc = 'glibc' | 'musl';

/**
 * What became of one query: the response; nothing within the timeout (after every attempt); or
 * `refused`: the nameserver's address answered ICMP port unreachable (what a client hears of it
 * depends on its socket, see above).
 */
export type SendResult = DnsResponse | 'timeout' | 'refused';

/**
 * A UDP socket a client opened (bound to one ephemeral port, connected to the nameserver): every
 * query sent on it leaves from that port, so they share one conntrack entry and one DNAT choice.
 * Only its identity matters; `openSocket` gives a new one.
 */
export interface DnsSocket {
  readonly kind: 'udp-socket';
}

export function openSocket(): DnsSocket {
  return { kind: 'udp-socket' };
}

/** Sends one query on `socket`; without one, on a socket of its own (a fresh source port). */
export type Send = (query: DnsQuery, socket?: DnsSocket) => SendResult;

export interface SentQuery {
  query: DnsQuery;
  result: SendResult;
  /** How many times the resolver sent it (its attempts when no answer came). */
  tries: number;
}

export type LookupOutcome =
  | { kind: 'found'; name: string; canonical: string; addresses: string[]; records: ResourceRecord[] }
  | { kind: 'hosts'; name: string; canonical: string; addresses: string[] }
  | { kind: 'literal'; addresses: string[] }
  | { kind: 'not-found'; nodata: boolean }
  | { kind: 'servfail' }
  | { kind: 'timeout'; waitedSeconds: number }
  /** glibc heard ICMP port unreachable on its connected socket: EAI_AGAIN at once. */
  | { kind: 'refused' }
  | { kind: 'invalid-name' };

export interface LookupResult {
  queries: SentQuery[];
  outcome: LookupOutcome;
  /** How long the lookup kept the caller waiting for answers that never came, in ms. */
  waitedMs: number;
}

/** Failed sends as the library hears them: musl never learns of the ICMP error and waits. */
function heard(result: 'timeout' | 'refused', libc: Libc): 'timeout' | 'refused' {
  return result === 'refused' && libc === 'musl' ? 'timeout' : result;
}

/** What one unanswered query costs before the library gives up, in ms. */
export function giveUpMs(result: 'timeout' | 'refused', libc: Libc, config: DnsConfig): number {
  const { timeout, attempts } = resolverOptions(config);
  if (libc === 'musl') return timeout * 1000; // res_msend: retries inside one timeout window
  return result === 'refused' ? 0 : timeout * Math.max(1, attempts) * 1000;
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
  const done = (queries: SentQuery[], outcome: LookupOutcome, waitedMs = 0): LookupResult => ({ queries, outcome, waitedMs });
  if (isIPLiteral(name)) return done([], { kind: 'literal', addresses: [name] });
  if (nameProblem(name) || (opts.libc === 'musl' && !isHostnameText(name))) return done([], { kind: 'invalid-name' });
  const fromHosts = hostsLookup(name, opts.hosts ?? []);
  if (fromHosts) return done([], fromHosts);
  const types: ('A' | 'AAAA')[] = opts.family === 'ipv4' ? ['A'] : opts.family === 'ipv6' ? ['AAAA'] : ['A', 'AAAA'];
  const { attempts } = resolverOptions(config);
  const queries: SentQuery[] = [];
  let nodata = false;
  let servfail = false;
  for (const candidate of candidates(name, config, opts.libc)) {
    // One socket per candidate name, its A and AAAA queries both on it.
    const socket = openSocket();
    const results = types.map((type) => {
      const query: DnsQuery = { name: candidate, type, rd: true };
      const result = send(query, socket);
      // Unanswered (or refused) queries go out once per attempt; glibc's retries on a refused
      // server cost nothing, musl's sit inside the one timeout it waits.
      const tries = typeof result === 'string' ? Math.max(1, attempts) : 1;
      queries.push({ query, result, tries });
      return typeof result === 'string' ? heard(result, opts.libc) : result;
    });
    if (results.includes('timeout')) {
      const waitedMs = giveUpMs('timeout', opts.libc, config);
      return done(queries, { kind: 'timeout', waitedSeconds: waitedMs / 1000 }, waitedMs);
    }
    if (results.includes('refused')) return done(queries, { kind: 'refused' });
    const responses = results as DnsResponse[];
    const records = responses.flatMap((r) => (r.rcode === 'NOERROR' ? r.answer : []));
    const addresses = records.flatMap((r) => (r.type === 'A' || r.type === 'AAAA' ? [r.address] : []));
    if (addresses.length) {
      return done(queries, { kind: 'found', name: candidate, canonical: canonicalName(candidate, records), addresses, records });
    }
    const rcodes = responses.map((r) => r.rcode);
    if (opts.libc === 'musl') {
      if (rcodes.includes('SERVFAIL')) return done(queries, { kind: 'servfail' });
      if (rcodes.every((r) => r === 'NXDOMAIN')) continue;
      if (rcodes.some((r) => r !== 'NOERROR' && r !== 'NXDOMAIN')) return done(queries, { kind: 'servfail' });
      return done(queries, { kind: 'not-found', nodata: true });
    }
    if (rcodes.includes('SERVFAIL')) servfail = true;
    else if (rcodes.every((r) => r === 'NOERROR')) nodata = true;
  }
  if (servfail && !nodata) return done(queries, { kind: 'servfail' });
  return done(queries, { kind: 'not-found', nodata });
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

/**
 * getnameinfo(NI_NAMEREQD): /etc/hosts, then a PTR query; undefined when there is no name.
 * `waitedMs` is what an unanswered PTR query cost (with `libc` and `config`; 0 without them).
 */
export function reverseLookup(ip: string, send: Send, hosts: HostsEntry[], wait?: { libc: Libc; config: DnsConfig }): { name?: string; queries: SentQuery[]; waitedMs: number } {
  const hit = hosts.find((h) => h.ip === ip);
  if (hit) return { name: hit.names[0], queries: [], waitedMs: 0 };
  const rev = `${ip.split('.').reverse().join('.')}.in-addr.arpa.`;
  const query: DnsQuery = { name: rev, type: 'PTR', rd: true };
  const result = send(query, openSocket());
  const failed = typeof result === 'string' ? heard(result, wait?.libc ?? 'glibc') : undefined;
  const queries = [{ query, result, tries: failed && wait ? Math.max(1, resolverOptions(wait.config).attempts) : 1 }];
  if (failed) return { queries, waitedMs: wait ? giveUpMs(failed, wait.libc, wait.config) : 0 };
  if (typeof result === 'string' || result.rcode !== 'NOERROR') return { queries, waitedMs: 0 };
  const ptr = result.answer.find((r) => r.type === 'PTR');
  return { name: ptr && ptr.type === 'PTR' ? ptr.target.replace(/\.$/, '') : undefined, queries, waitedMs: 0 };
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

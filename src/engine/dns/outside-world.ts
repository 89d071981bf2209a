/**
 * The DNS world beyond the cluster, as CoreDNS's `forward . /etc/resolv.conf` reaches it through
 * the node's resolver: a small table of names. Anything not in the table is NXDOMAIN, as a real
 * recursive resolver answers for a name that does not exist.
 */
import { fqdn, withoutDot } from './names.ts';
import type { DnsResponse, RRType, ResourceRecord } from './types.ts';

export interface OutsideName {
  A?: string[];
  AAAA?: string[];
  /** An alias: the resolver follows it (and its target may be in the table too). */
  CNAME?: string;
  /** PTR target for a reverse name (`x.x.x.x.in-addr.arpa`). */
  PTR?: string;
  TXT?: string[];
  /** TTL the authoritative server gives; CoreDNS's `cache 30` caps what the pod sees at 30. */
  ttl?: number;
}

export interface OutsideWorld {
  /** Names without the trailing dot, lower case. */
  names: Readonly<Record<string, OutsideName>>;
  /** The node's upstream resolver cannot be reached: CoreDNS answers SERVFAIL for outside names. */
  unreachable?: boolean;
}

/**
 * svcsim's default outside world. The example.* domains are IANA's documentation domains with
 * the addresses they had in 2025; the other names are the ones the Kubernetes documentation uses
 * for ExternalName (`my.database.example.com`) and get documentation-range (TEST-NET) addresses.
 */
export const DEFAULT_OUTSIDE_WORLD: OutsideWorld = {
  names: {
    'example.com': { A: ['23.192.228.80', '23.192.228.84', '23.215.0.136', '23.215.0.138', '96.7.128.175', '96.7.128.198'], ttl: 300 },
    'www.example.com': { CNAME: 'example.com', ttl: 300 },
    'example.org': { A: ['23.192.228.80', '23.192.228.84', '23.215.0.136', '23.215.0.138', '96.7.128.175', '96.7.128.198'], ttl: 300 },
    'example.net': { A: ['23.192.228.80', '23.192.228.84', '23.215.0.136', '23.215.0.138', '96.7.128.175', '96.7.128.198'], ttl: 300 },
    'my.database.example.com': { A: ['192.0.2.10'], ttl: 300 },
    'api.example.com': { CNAME: 'example.com', ttl: 300 },
  },
};

/** The forward plugin's answer for a name outside the cluster zones (CNAME chains followed, at most 8 links). */
export function upstreamAnswer(world: OutsideWorld, name: string, type: RRType, rd = true): DnsResponse {
  const question = { name: fqdn(name), type };
  const flags = { aa: false, rd, ra: true, tc: false };
  if (world.unreachable) return { question, rcode: 'SERVFAIL', flags, answer: [], authority: [], additional: [], source: 'forward' };
  const answer: ResourceRecord[] = [];
  let current = fqdn(name);
  const seen = new Set<string>();
  for (let hop = 0; hop < 8; hop++) {
    const key = withoutDot(current).toLowerCase();
    const entry = world.names[key];
    if (!entry) {
      return hop === 0
        ? { question, rcode: 'NXDOMAIN', flags, answer: [], authority: [], additional: [], source: 'forward' }
        : { question, rcode: 'NXDOMAIN', flags, answer, authority: [], additional: [], source: 'forward' };
    }
    const ttl = entry.ttl ?? 300;
    if (entry.CNAME && type !== 'CNAME') {
      if (seen.has(key)) break;
      seen.add(key);
      const target = fqdn(entry.CNAME);
      answer.push({ name: current, ttl, type: 'CNAME', target });
      current = target;
      continue;
    }
    const add = (t: RRType) => {
      if (t === 'A') for (const a of entry.A ?? []) answer.push({ name: current, ttl, type: 'A', address: a });
      if (t === 'AAAA') for (const a of entry.AAAA ?? []) answer.push({ name: current, ttl, type: 'AAAA', address: a });
      if (t === 'CNAME' && entry.CNAME) answer.push({ name: current, ttl, type: 'CNAME', target: fqdn(entry.CNAME) });
      if (t === 'PTR' && entry.PTR) answer.push({ name: current, ttl, type: 'PTR', target: fqdn(entry.PTR) });
      if (t === 'TXT' && entry.TXT) answer.push({ name: current, ttl, type: 'TXT', text: entry.TXT });
    };
    if (type === 'ANY') for (const t of ['A', 'AAAA', 'TXT'] as const) add(t);
    else add(type);
    break;
  }
  return { question, rcode: 'NOERROR', flags, answer, authority: [], additional: [], source: 'forward' };
}

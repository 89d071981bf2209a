/** Resource records in master-file presentation (RFC 1035 §5.1), as dig prints their data. */
import type { RData, ResourceRecord } from './types.ts';

/** The RDATA column: `10.96.0.1`, `0 100 80 web.default.svc.cluster.local.`, `"1.1.0"`. */
export function rdataText(r: RData): string {
  switch (r.type) {
    case 'A':
    case 'AAAA':
      return r.address;
    case 'CNAME':
    case 'PTR':
    case 'NS':
      return r.target;
    case 'MX':
      return `${r.preference} ${r.exchange}`;
    case 'SRV':
      return `${r.priority} ${r.weight} ${r.port} ${r.target}`;
    case 'TXT':
      return r.text.map((t) => `"${t.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(' ');
    case 'SOA':
      return `${r.mname} ${r.rname} ${r.serial} ${r.refresh} ${r.retry} ${r.expire} ${r.minimum}`;
  }
}

/** One line per record, single-spaced: `name ttl IN TYPE rdata` (for tests and traces). */
export function recordLine(r: ResourceRecord): string {
  return `${r.name} ${r.ttl} IN ${r.type} ${rdataText(r)}`;
}

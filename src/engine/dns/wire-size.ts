/**
 * The size of a DNS message on the wire, as dig's `MSG SIZE  rcvd:` reports it. CoreDNS sends
 * replies uncompressed when they fit the client's buffer (miekg/dns Msg.Truncate sets
 * Compress=false when the uncompressed length fits; CoreDNS request.Scrub), so this is the
 * uncompressed length; svcsim's answers never come near 1232 bytes.
 */
import type { DnsQuestion, ResourceRecord } from './types.ts';

export function nameLength(name: string): number {
  const n = name.endsWith('.') ? name.slice(0, -1) : name;
  if (n === '' || n === '.') return 1;
  return n.split('.').reduce((sum, l) => sum + l.length + 1, 0) + 1;
}

function rdataLength(r: ResourceRecord): number {
  switch (r.type) {
    case 'A':
      return 4;
    case 'AAAA':
      return 16;
    case 'CNAME':
    case 'PTR':
    case 'NS':
      return nameLength(r.target);
    case 'MX':
      return 2 + nameLength(r.exchange);
    case 'SRV':
      return 6 + nameLength(r.target);
    case 'TXT':
      return r.text.reduce((s, t) => s + 1 + t.length, 0);
    case 'SOA':
      return nameLength(r.mname) + nameLength(r.rname) + 20;
  }
}

export function recordLength(r: ResourceRecord): number {
  return nameLength(r.name) + 10 + rdataLength(r);
}

/** Header, question, records, and an OPT record carrying `optionBytes` of EDNS options (when EDNS is used). */
export function messageLength(question: DnsQuestion, records: ResourceRecord[], edns?: { optionBytes: number }): number {
  let size = 12 + nameLength(question.name) + 4;
  for (const r of records) size += recordLength(r);
  if (edns) size += 11 + edns.optionBytes;
  return size;
}

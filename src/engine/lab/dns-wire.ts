/**
 * RFC 1035 wire pieces for the lab's DNS responder: record data as hex, so the responder (a few
 * lines of plain JavaScript in the CoreDNS pods) only writes the header, the question and owner
 * names. Names are written uncompressed (a reader cannot tell; sizes differ from CoreDNS's).
 */
import { RR_TYPE_CODE, type RData, type RRType } from '../dns/types.ts';

const hex2 = (n: number): string => (n & 0xff).toString(16).padStart(2, '0');
const u16 = (n: number): string => hex2(n >> 8) + hex2(n);
const u32 = (n: number): string => u16(Math.floor(n / 0x10000) & 0xffff) + u16(n & 0xffff);

/** A name as length-prefixed labels ending in the root label (case kept). */
export function nameHex(name: string): string {
  let out = '';
  for (const label of name.split('.')) {
    if (!label) continue;
    const bytes = [...label].map((ch) => ch.charCodeAt(0) & 0xff);
    out += hex2(bytes.length) + bytes.map(hex2).join('');
  }
  return `${out}00`;
}

function stringHex(text: string): string {
  const bytes = [...text].map((ch) => ch.charCodeAt(0) & 0xff).slice(0, 255);
  return hex2(bytes.length) + bytes.map(hex2).join('');
}

function ipv4Hex(ip: string): string {
  return ip.split('.').map((p) => hex2(Number(p))).join('');
}

/** An IPv6 address (with `::` and an optional dotted tail) as 16 bytes. */
export function ipv6Hex(ip: string): string {
  let text = ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number);
    text = `${text.slice(0, v4.index)}${((a! << 8) | b!).toString(16)}:${((c! << 8) | d!).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.map((g) => u16(parseInt(g || '0', 16))).join('');
}

export function typeCode(type: RRType): number {
  return RR_TYPE_CODE[type];
}

/** The RDATA of a record, as hex. */
export function rdataHex(r: RData): string {
  switch (r.type) {
    case 'A':
      return ipv4Hex(r.address);
    case 'AAAA':
      return ipv6Hex(r.address);
    case 'CNAME':
    case 'PTR':
    case 'NS':
      return nameHex(r.target);
    case 'MX':
      return u16(r.preference) + nameHex(r.exchange);
    case 'SRV':
      return u16(r.priority) + u16(r.weight) + u16(r.port) + nameHex(r.target);
    case 'TXT':
      return r.text.map(stringHex).join('');
    case 'SOA':
      return nameHex(r.mname) + nameHex(r.rname) + [r.serial, r.refresh, r.retry, r.expire, r.minimum].map(u32).join('');
  }
}

/**
 * The values iptables options take, read as iptables reads them: addresses with masks,
 * interface names, protocols, ports and ranges, flag lists, marks, NAT ranges. Each reader
 * throws a ParseError with iptables' message; parseArgs turns it into a result.
 */
import type { AddrMatch, IfaceMatch, PortRange, ProtoMatch } from './rule.ts';

export class ParseError extends Error {}

export function fail(message: string): never {
  throw new ParseError(message);
}

/** strtoul(s, 0): decimal, 0x hex or leading-0 octal, as iptables reads marks. */
export function parseUint32(text: string): number | undefined {
  let n: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) n = parseInt(text.slice(2), 16);
  else if (/^0[0-7]+$/.test(text)) n = parseInt(text, 8);
  else if (/^\d+$/.test(text)) n = Number(text);
  else return undefined;
  return n <= 0xffffffff ? n : undefined;
}

/**
 * A dotted quad as parseIPv4 reads it (four groups of 1-3 digits, each up to 255, leading
 * zeros allowed), read by hand: a node's rules hold 200,000 addresses, and the regex's match
 * array and substrings cost more than the reading.
 */
export function readIPv4(text: string): number | undefined {
  let n = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return undefined;
      octet = octet * 10 + (c - 48);
    } else if (c === 46 && digits > 0 && dots < 3) {
      if (octet > 255) return undefined;
      n = n * 256 + octet;
      dots++;
      octet = 0;
      digits = 0;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0 || octet > 255) return undefined;
  return n * 256 + octet;
}

function prefixMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

function maskToPrefix(mask: number): number {
  for (let p = 0; p <= 32; p++) if (prefixMask(p) === mask) return p;
  return -1;
}

export function parseAddr(text: string, invert: boolean): AddrMatch {
  const slash = text.indexOf('/');
  const host = slash < 0 ? text : text.slice(0, slash);
  const addr = readIPv4(host);
  if (addr === undefined) fail(`host/network \`${host}' not found`);
  let prefix = 32;
  if (slash >= 0) {
    const m = text.slice(slash + 1);
    if (/^\d{1,2}$/.test(m) && Number(m) <= 32) prefix = Number(m);
    else {
      const dotted = readIPv4(m);
      const bits = dotted === undefined ? -1 : maskToPrefix(dotted);
      if (bits < 0) fail(`invalid mask \`${m}' specified`);
      prefix = bits;
    }
  }
  const mask = prefixMask(prefix);
  return { invert, addr: (addr & mask) >>> 0, prefix, mask };
}

export function parseIface(text: string, invert: boolean): IfaceMatch {
  if (text.length === 0 || text.length > 15) fail(`interface name \`${text}' must be shorter than IFNAMSIZ (15)`);
  const wildcard = text.endsWith('+');
  return { invert, name: wildcard ? text.slice(0, -1) : text, wildcard };
}

const PROTO_NUMBERS: Record<string, number> = { all: 0, icmp: 1, tcp: 6, udp: 17, sctp: 132 };

// The protocols rules name without `!`, one frozen object each, shared by every rule
// (200,000 `-p tcp` on a big node). ParsedRules are never changed once parsed.
const SHARED_PROTOS: Readonly<Record<string, ProtoMatch>> = {
  all: Object.freeze({ invert: false, number: 0, name: 'all' }),
  icmp: Object.freeze({ invert: false, number: 1, name: 'icmp' }),
  tcp: Object.freeze({ invert: false, number: 6, name: 'tcp' }),
  udp: Object.freeze({ invert: false, number: 17, name: 'udp' }),
  sctp: Object.freeze({ invert: false, number: 132, name: 'sctp' }),
};

export function parseProto(text: string, invert: boolean): ProtoMatch {
  if (!invert && (text === 'tcp' || text === 'udp')) return SHARED_PROTOS[text];
  const lower = text.toLowerCase();
  // Own names only: `-p constructor` is an unknown protocol, not Object.prototype's.
  if (Object.hasOwn(PROTO_NUMBERS, lower)) {
    if (!invert) return SHARED_PROTOS[lower];
    const number = PROTO_NUMBERS[lower];
    return { invert, number, name: lower as ProtoMatch['name'] };
  }
  if (/^\d+$/.test(text) && Number(text) <= 255) {
    const number = Number(text);
    let name: ProtoMatch['name'];
    for (const k in PROTO_NUMBERS) {
      if (PROTO_NUMBERS[k] === number) {
        name = k as ProtoMatch['name'];
        break;
      }
    }
    return { invert, number, name };
  }
  fail(`unknown protocol "${text}" specified`);
}

export function parsePort(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) n = -1;
    else if (n >= 0 && n <= 65535) n = n * 10 + (c - 48);
  }
  if (text.length === 0 || n < 0 || n > 65535) fail(`invalid port/service \`${text}' specified`);
  return n;
}

export function parsePortRange(text: string, sep: string): PortRange {
  const i = text.indexOf(sep);
  if (i < 0) {
    const p = parsePort(text);
    return { min: p, max: p };
  }
  const min = i === 0 ? 0 : parsePort(text.slice(0, i));
  const max = i === text.length - 1 ? 65535 : parsePort(text.slice(i + 1));
  if (min > max) fail(`invalid portrange (min > max)`);
  return { min, max };
}

export function parseList<T extends string>(text: string, allowed: readonly T[], what: string): T[] {
  const out: T[] = [];
  for (const part of text.split(',')) {
    const up = part.toUpperCase() as T;
    if (!allowed.includes(up)) fail(`Bad ${what} "${part}"`);
    if (!out.includes(up)) out.push(up);
  }
  // The kernel keeps a bit mask: the printed order is the bit order, not the author's.
  return allowed.filter((t) => out.includes(t));
}

export function parseMarkPair(text: string, defaultMask: number): { value: number; mask: number } {
  const slash = text.indexOf('/');
  const value = parseUint32(slash < 0 ? text : text.slice(0, slash));
  const mask = slash < 0 ? defaultMask : parseUint32(text.slice(slash + 1));
  if (value === undefined || mask === undefined) fail(`Bad MARK value "${text}"`);
  return { value, mask };
}

/** `ip[-ip][:port[-port]]` for DNAT/SNAT (one address only: that is all Services need). */
export function parseNatRange(text: string, option: string): { ip: number; port?: PortRange } {
  const colon = text.indexOf(':');
  const ipText = colon < 0 ? text : text.slice(0, colon);
  const ip = readIPv4(ipText);
  if (ip === undefined) fail(`Bad IP address "${ipText}" in ${option}`);
  if (colon < 0) return { ip };
  return { ip, port: parsePortRange(text.slice(colon + 1), '-') };
}

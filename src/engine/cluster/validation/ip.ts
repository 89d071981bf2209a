/**
 * IP and CIDR parsing the way the v1.33 validators see it: k8s.io/utils/net ParseIPSloppy
 * (Go 1.16 rules: IPv4 octets may carry leading zeros and are read as decimal) with the
 * StrictIPCIDRValidation gate off (alpha in v1.33), and ValidateNonSpecialIP's range checks.
 * kubernetes/apimachinery pkg/util/validation/ip.go; kubernetes pkg/apis/core/validation/validation.go.
 */

/** Parsed address: 4 bytes or 16 bytes. */
export type IPBytes = number[];

/**
 * What /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/ accepts, each part at most 255, read by
 * hand: no match array per address (the validators parse every Service's clusterIPs).
 */
function parseIPv4(s: string): IPBytes | undefined {
  const out = [0, 0, 0, 0];
  let part = 0;
  let digits = 0;
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return undefined;
      v = v * 10 + (c - 48);
    } else if (c === 46) {
      if (digits === 0 || part === 3) return undefined;
      out[part++] = v;
      v = 0;
      digits = 0;
    } else return undefined;
  }
  if (part !== 3 || digits === 0) return undefined;
  out[3] = v;
  for (const b of out) if (b > 255) return undefined;
  return out;
}

function parseIPv6(s: string): IPBytes | undefined {
  if (!s.includes(':')) return undefined;
  let head = s;
  let tail4: IPBytes | undefined;
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) > 0) {
    tail4 = parseIPv4(s.slice(lastColon + 1));
    if (!tail4) return undefined;
    head = s.slice(0, lastColon + 1) + '0:0';
  }
  const dbl = head.indexOf('::');
  if (dbl !== head.lastIndexOf('::')) return undefined;
  const parseGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups = part.split(':');
    const out: number[] = [];
    for (const g of groups) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  let groups: number[];
  if (dbl >= 0) {
    const left = parseGroups(head.slice(0, dbl));
    const right = parseGroups(head.slice(dbl + 2));
    if (!left || !right || left.length + right.length > 7) return undefined;
    groups = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  } else {
    const all = parseGroups(head);
    if (!all || all.length !== 8) return undefined;
    groups = all;
  }
  const bytes: IPBytes = [];
  for (const g of groups) bytes.push(g >> 8, g & 255);
  if (tail4) bytes.splice(12, 4, ...tail4);
  return bytes;
}

/** ParseIPSloppy: IPv4 gives 4 bytes, IPv6 16; IPv4-mapped IPv6 is reduced to IPv4 as Go's To4 would. */
export function parseIP(s: string): IPBytes | undefined {
  return parseIPv4(s) ?? parseIPv6(s);
}

export function isIPv6String(s: string): boolean {
  const b = parseIP(s);
  return b !== undefined && b.length === 16 && !isV4Mapped(b);
}

function isV4Mapped(b: IPBytes): boolean {
  if (b.length !== 16) return false;
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 255 && b[11] === 255;
}

function asV4(b: IPBytes): IPBytes | undefined {
  if (b.length === 4) return b;
  return isV4Mapped(b) ? b.slice(12) : undefined;
}

export const INVALID_IP_MSG = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
export const INVALID_CIDR_MSG = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/** ParseCIDRSloppy: address and prefix length within the family's bits. */
export function isValidCIDR(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const ip = parseIP(s.slice(0, slash));
  const len = s.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(len)) return false;
  const bits = ip.length === 4 || s.indexOf(':') < 0 ? 32 : 128;
  return Number(len) <= bits;
}

/** ValidateNonSpecialIP's messages for an address that parsed. */
export function nonSpecialIPMessages(s: string): string[] {
  const b = parseIP(s);
  if (!b) return ['must be a valid IP address'];
  const out: string[] = [];
  const v4 = asV4(b);
  if (v4) {
    if (v4[0] === 0 && v4[1] === 0 && v4[2] === 0 && v4[3] === 0) out.push(`may not be unspecified (${s})`);
    if (v4[0] === 127) out.push('may not be in the loopback range (127.0.0.0/8, ::1/128)');
    if (v4[0] === 169 && v4[1] === 254) out.push('may not be in the link-local range (169.254.0.0/16, fe80::/10)');
    if (v4[0] === 224 && v4[1] === 0 && v4[2] === 0) out.push('may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)');
    return out;
  }
  let zero = true;
  for (let i = 0; i < 15; i++) if (b[i] !== 0) zero = false;
  if (zero && b[15] === 0) out.push(`may not be unspecified (${s})`);
  if (zero && b[15] === 1) out.push('may not be in the loopback range (127.0.0.0/8, ::1/128)');
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0x80) out.push('may not be in the link-local range (169.254.0.0/16, fe80::/10)');
  if (b[0] === 0xff && (b[1] & 0x0f) === 0x02) out.push('may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)');
  return out;
}

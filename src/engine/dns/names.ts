/**
 * Domain-name helpers: the trailing dot, case-insensitive comparison, the limits of RFC 1035
 * (253 characters of text, 63 per label) and reverse (in-addr.arpa) names.
 */
import { parseIPv4 } from '../net/ipv4.ts';

/** `a.b` and `a.b.` -> `a.b.`; the root stays `.`. */
export function fqdn(name: string): string {
  if (name === '' || name === '.') return '.';
  return name.endsWith('.') ? name : `${name}.`;
}

/** `a.b.` -> `a.b`; the root stays `.`. */
export function withoutDot(name: string): string {
  return name.length > 1 && name.endsWith('.') ? name.slice(0, -1) : name;
}

export function sameName(a: string, b: string): boolean {
  return fqdn(a).toLowerCase() === fqdn(b).toLowerCase();
}

/** Labels of a name, without the empty root label. */
export function labels(name: string): string[] {
  const n = withoutDot(name);
  return n === '.' || n === '' ? [] : n.split('.');
}

/** Is `name` equal to or below `zone` (case-insensitive)? */
export function isSubdomain(zone: string, name: string): boolean {
  const z = fqdn(zone).toLowerCase();
  const n = fqdn(name).toLowerCase();
  return z === '.' || n === z || n.endsWith(`.${z}`);
}

export type NameProblem = 'empty-label' | 'label-too-long' | 'name-too-long';

/**
 * Whether a name can be put in a DNS message at all (RFC 1035 §2.3.4: labels of 1-63 octets,
 * 255 octets on the wire, i.e. 253 characters of text without the trailing dot). Characters are
 * not checked here: DNS carries any octet; resolvers differ (see resolver.ts).
 */
export function nameProblem(name: string): NameProblem | undefined {
  if (name === '.') return undefined;
  const text = withoutDot(name);
  if (text.length === 0 || text.startsWith('.') || text.includes('..')) return 'empty-label';
  if (text.length > 253) return 'name-too-long';
  if (text.split('.').some((l) => l.length > 63)) return 'label-too-long';
  return undefined;
}

/** Letters, digits, hyphens and dots only (musl's is_valid_hostname, minus its >=0x80 allowance). */
export function isHostnameText(name: string): boolean {
  return /^[A-Za-z0-9.\-\u0080-\uffff]+$/.test(name);
}

/** `10.244.3.4` -> `4.3.244.10.in-addr.arpa.` */
export function reverseName(ip: string): string | undefined {
  if (parseIPv4(ip) === undefined) return undefined;
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa.`;
}

/**
 * `4.3.244.10.in-addr.arpa.` -> `10.244.3.4`; undefined when it is not exactly four octets
 * (CoreDNS dnsutil.ExtractAddressFromReverse; IPv6 ip6.arpa is not modelled).
 */
export function addressFromReverse(name: string): string | undefined {
  const ls = labels(name).map((l) => l.toLowerCase());
  if (ls.length !== 6 || ls[4] !== 'in-addr' || ls[5] !== 'arpa') return undefined;
  const ip = ls.slice(0, 4).reverse().join('.');
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip) || parseIPv4(ip) === undefined) return undefined;
  // net.ParseIP rejects leading zeros only in newer Go; keep the canonical form.
  return ip.split('.').map((o) => String(Number(o))).join('.');
}

export function isIPv4(text: string): boolean {
  return parseIPv4(text) !== undefined;
}

/** Go's net.ParseIP: a dotted quad or an IPv6 address (8 groups, or fewer with one `::`). */
export function isIPLiteral(text: string): boolean {
  if (isIPv4(text)) return true;
  if (!text.includes(':')) return false;
  let t = text;
  let extra = 0;
  const v4 = /:(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (v4) {
    if (!isIPv4(v4[1])) return false;
    t = t.slice(0, -v4[1].length) + '0';
    extra = 1;
  }
  const halves = t.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (!groups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const count = groups.length + extra;
  return halves.length === 2 ? count <= 8 : count === 8;
}

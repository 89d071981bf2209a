/** IPv4 helpers (service, pod and node ranges; routing). Addresses as unsigned 32-bit numbers. */

export interface Cidr {
  /** Network address as a number. */
  base: number;
  prefix: number;
  /** Number of addresses in the range (2^(32-prefix)). */
  size: number;
}

/** The address as a number, or undefined when it is not a dotted-quad IPv4 address (1-3 digits per octet, each at most 255). */
export function parseIPv4(text: string): number | undefined {
  // Read by hand: the packet walker parses addresses at every hook and route lookup.
  const len = text.length;
  if (len < 7 || len > 15) return undefined;
  let n = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || octet > 255) return undefined;
      n = n * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      octet = octet * 10 + (c - 48);
      digits++;
    } else return undefined;
  }
  if (dots !== 3 || digits === 0 || octet > 255) return undefined;
  return n * 256 + octet;
}

export function formatIPv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** `10.96.0.0/12` -> its range (host bits cleared), or undefined when malformed. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const addr = parseIPv4(text.slice(0, slash));
  const prefix = Number(text.slice(slash + 1));
  if (addr === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const base = addr - (addr % size);
  return { base, prefix, size };
}

export function cidrContains(cidr: Cidr, ip: number): boolean {
  return ip >= cidr.base && ip < cidr.base + cidr.size;
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIPv4(cidr.base)}/${cidr.prefix}`;
}

/**
 * Stable stand-ins for what the kernel and the CNI plugins choose at random on a real node:
 * MAC addresses, veth names, containerd's netns names. Each is hashed from a name, so a
 * scenario always shows the same values, and so a value is the same wherever it is printed.
 * Also the IPv6 link-local address the kernel derives from a MAC (EUI-64, RFC 4291 App. A).
 */

/** FNV-1a 32-bit over a string, salted: the hash every stand-in below draws from. */
export function hash32(text: string, salt = 0): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  // final avalanche so that near names differ in every byte
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d) >>> 0;
  h ^= h >>> 12;
  return h >>> 0;
}

/** `n` bytes hashed from a name. */
export function hashBytes(text: string, n: number): number[] {
  const out: number[] = [];
  for (let salt = 0; out.length < n; salt++) {
    const h = hash32(text, salt);
    out.push((h >>> 24) & 255, (h >>> 16) & 255, (h >>> 8) & 255, h & 255);
  }
  return out.slice(0, n);
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}

export function formatMac(bytes: readonly number[]): string {
  return bytes.map(hex2).join(':');
}

/**
 * A random-looking unicast, locally administered MAC (what the kernel's eth_hw_addr_random
 * gives a veth or a bridge, and what flannel's mac.NewHardwareAddr gives flannel.1).
 */
export function localMac(seed: string): string {
  const b = hashBytes(`mac:${seed}`, 6);
  b[0] = (b[0]! & 0xfe) | 0x02;
  return formatMac(b);
}

/** A virtual machine NIC under QEMU/KVM: the 52:54:00 prefix libvirt and QEMU use. */
export function vmNicMac(seed: string): string {
  const b = hashBytes(`nic:${seed}`, 3);
  return formatMac([0x52, 0x54, 0x00, ...b]);
}

/**
 * containernetworking/plugins pkg/ip/link_linux.go RandomVethName: `veth` + 4 random bytes in
 * hex. `attempt` stands for makeVeth's retry when the name is already taken on the node.
 */
export function vethName(seed: string, attempt = 0): string {
  return `veth${hashBytes(`veth:${seed}:${attempt}`, 4).map(hex2).join('')}`;
}

/** containerd's pod netns name, `cni-` + 16 random bytes as 8-4-4-4-12 hex (pkg/netns). */
export function cniNetnsName(seed: string): string {
  const h = hashBytes(`netns:${seed}`, 16).map(hex2).join('');
  return `cni-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Parses `aa:bb:cc:dd:ee:ff`; undefined when malformed. */
export function parseMac(text: string): number[] | undefined {
  const parts = text.split(':');
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) return undefined;
  return parts.map((p) => parseInt(p, 16));
}

/** Eight 16-bit groups as inet_ntop prints them: lower case, the longest zero run (>= 2) as `::`. */
export function formatIPv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLen < 2) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLen).join(':');
  return `${head}::${tail}`;
}

/** fe80::/64 with the modified EUI-64 interface identifier of a MAC (the kernel's addr_gen_mode eui64). */
export function linkLocalFromMac(mac: string): string {
  const b = parseMac(mac) ?? [0, 0, 0, 0, 0, 0];
  const id = [b[0]! ^ 0x02, b[1]!, b[2]!, 0xff, 0xfe, b[3]!, b[4]!, b[5]!];
  return formatIPv6([0xfe80, 0, 0, 0, (id[0]! << 8) | id[1]!, (id[2]! << 8) | id[3]!, (id[4]! << 8) | id[5]!, (id[6]! << 8) | id[7]!]);
}

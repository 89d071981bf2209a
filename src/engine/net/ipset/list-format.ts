/**
 * `ipset list [-n] [NAME]` as ipset v7.17 prints it on a Debian 12 node (kernel 6.1). Values the
 * kernel reports, as observed on real kube-proxy ipvs nodes with bucketsize support (REAL,
 * `ipset list` dumps of kube-proxy's sets on kernels >= 5.11):
 *  - Revision: hash:ip 6, hash:ip,port 6, hash:ip,port,ip 6, hash:ip,port,net 8, bitmap:port 3.
 *  - Header: `family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x…` (hash types;
 *    kube-proxy creates them without `comment` since kubernetes PR #65533), `range 0-65535` (bitmap).
 *  - Size in memory: bitmap:port 0-65535 is 8264; an empty hash set is 200 (hash:ip, hash:ip,port),
 *    208 (hash:ip,port,ip) or 464 (hash:ip,port,net); each used bucket adds 32 bytes plus room for
 *    two elements (AHASH_INIT_SIZE), grown two at a time: DERIVED from the real sizes
 *    (KUBE-CLUSTER-IP: 4 members 392 = 200 + 4 x 48).
 * Hash members list in bucket order; the bucket comes from the set's random initval, so the order
 * looks shuffled, as on a real node (ours is a stand-in hash, not the kernel's jhash).
 */
import type { IpSet, IpsetType } from './ipset.ts';

export const IPSET_VERSION = 'v7.17';

const REVISION: Readonly<Record<IpsetType, number>> = {
  'hash:ip': 6,
  'hash:ip,port': 6,
  'hash:ip,port,ip': 6,
  'hash:ip,port,net': 8,
  'bitmap:port': 3,
};

const EMPTY_SIZE: Readonly<Record<Exclude<IpsetType, 'bitmap:port'>, number>> = {
  'hash:ip': 200,
  'hash:ip,port': 200,
  'hash:ip,port,ip': 208,
  'hash:ip,port,net': 464,
};

/** Bytes per element (the kernel's struct hash_*4_elem). */
const ELEMENT_SIZE: Readonly<Record<Exclude<IpsetType, 'bitmap:port'>, number>> = {
  'hash:ip': 4,
  'hash:ip,port': 8,
  'hash:ip,port,ip': 12,
  'hash:ip,port,net': 12,
};

const HASHSIZE = 1024;

function bucketOf(entry: string, initval: number): number {
  let h = (0x811c9dc5 ^ initval) >>> 0;
  for (let i = 0; i < entry.length; i++) h = Math.imul(h ^ entry.charCodeAt(i), 0x01000193) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d) >>> 0;
  h ^= h >>> 12;
  return h & (HASHSIZE - 1);
}

/** The members in the order `ipset list` prints them. */
export function listedMembers(set: IpSet): string[] {
  const entries = set.entries();
  if (set.type === 'bitmap:port') return [...entries].sort((a, b) => Number(a) - Number(b));
  const keyed = entries.map((e, i) => ({ e, i, b: bucketOf(e, set.initval) }));
  keyed.sort((x, y) => x.b - y.b || x.i - y.i);
  return keyed.map((k) => k.e);
}

export function sizeInMemory(set: IpSet): number {
  if (set.type === 'bitmap:port') {
    // 8192 bytes of bitmap for 65536 ports plus the set's own 72.
    return Math.ceil((set.range.to - set.range.from + 1) / 8) + 72;
  }
  const perBucket = new Map<number, number>();
  for (const e of set.entries()) {
    const b = bucketOf(e, set.initval);
    perBucket.set(b, (perBucket.get(b) ?? 0) + 1);
  }
  let size = EMPTY_SIZE[set.type];
  for (const n of perBucket.values()) size += 32 + ELEMENT_SIZE[set.type] * 2 * Math.ceil(n / 2);
  return size;
}

function header(set: IpSet): string {
  if (set.type === 'bitmap:port') return `range ${set.range.from}-${set.range.to}`;
  return `family inet hashsize ${HASHSIZE} maxelem 65536 bucketsize 12 initval 0x${set.initval.toString(16).padStart(8, '0')}`;
}

/** One set's block, without a trailing blank line. */
export function formatIpset(set: IpSet, references: number): string {
  const lines = [
    `Name: ${set.name}`,
    `Type: ${set.type}`,
    `Revision: ${REVISION[set.type]}`,
    `Header: ${header(set)}`,
    `Size in memory: ${sizeInMemory(set)}`,
    `References: ${references}`,
    `Number of entries: ${set.size}`,
    'Members:',
    ...listedMembers(set),
  ];
  return lines.join('\n') + '\n';
}

export interface IpsetListOptions {
  /** `ipset list NAME` */
  name?: string;
  /** `-n` / `-name`: names only. */
  namesOnly?: boolean;
}

export type IpsetListResult = { ok: true; text: string } | { ok: false; error: string };

/**
 * `ipset list`: every set (in creation order) separated by a blank line, or one set, or names.
 * `references(name)`: how many iptables rules name the set (the kernel's reference count).
 */
export function formatIpsetList(sets: readonly IpSet[], opts: IpsetListOptions, references: (name: string) => number): IpsetListResult {
  let chosen = sets;
  if (opts.name !== undefined) {
    const found = sets.find((s) => s.name === opts.name);
    if (!found) return { ok: false, error: `ipset ${IPSET_VERSION}: The set with the given name does not exist` };
    chosen = [found];
  }
  if (opts.namesOnly) return { ok: true, text: chosen.map((s) => s.name + '\n').join('') };
  return { ok: true, text: chosen.map((s) => formatIpset(s, references(s.name))).join('\n') };
}

/**
 * One node's connection-tracking table (net/netfilter/nf_conntrack_core.c): an entry per flow
 * with its original and reply tuples, found by either tuple in one hash lookup. NAT is kept the
 * kernel's way: the reply tuple is the translated flow inverted, so a reply packet matches it
 * directly and undoing the translation is reading the other tuple (nf_nat_core.c).
 */
import type { Rand } from '../rand.ts';
import type { L4Protocol, Packet } from './packet.ts';
import type { ConntrackTimeouts, CtDirection, SctpChunk, SctpState, TcpFlags, TcpState } from './conntrack-states.ts';
import { kubeProxyTimeouts, nextSctpState, nextTcpState } from './conntrack-states.ts';

export interface Tuple {
  proto: L4Protocol;
  src: string;
  dst: string;
  sport: number;
  dport: number;
}

export interface ConntrackEntry {
  readonly id: number;
  readonly original: Tuple;
  /** The tuple a reply carries: the translated flow, inverted. */
  readonly reply: Tuple;
  /** TCP or SCTP protocol state; UDP has none. */
  readonly state?: TcpState | SctpState;
  /** IPS_SEEN_REPLY: without it `conntrack -L` prints `[UNREPLIED]`. */
  readonly seenReply: boolean;
  /** IPS_ASSURED: `[ASSURED]`, the entry is not dropped early under table pressure. */
  readonly assured: boolean;
  /** IPS_SRC_NAT / IPS_DST_NAT (`conntrack -L --src-nat / --dst-nat`). */
  readonly srcNat: boolean;
  readonly dstNat: boolean;
  /** The connection mark (connmark); kube-proxy marks packets, not connections, so 0. */
  readonly mark: number;
  readonly zone: number;
  readonly use: number;
  /** Simulated milliseconds. */
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** What the nat table decided for a flow's first packet. */
export interface NatDecision {
  /** DNAT to ip:port (a KUBE-SEP rule). */
  dnat?: { ip: string; port: number };
  /**
   * SNAT / MASQUERADE to `ip`. Without `port` the source port is kept unless that clashes with
   * another flow; `randomFully` (kube-proxy's `MASQUERADE --random-fully`) always draws one.
   */
  snat?: { ip: string; port?: number; randomFully?: boolean };
}

export interface ConntrackMatch {
  entry: ConntrackEntry;
  direction: CtDirection;
}

/** Fields to select entries by, as `conntrack -L/-D` options and kube-proxy's cleanup filters name them. */
export interface ConntrackFilter {
  proto?: L4Protocol;
  origSrc?: string;
  origDst?: string;
  origSport?: number;
  origDport?: number;
  replySrc?: string;
  replyDst?: string;
  replySport?: number;
  replyDport?: number;
  srcNat?: boolean;
  dstNat?: boolean;
}

interface MutableEntry {
  id: number;
  original: Tuple;
  reply: Tuple;
  state?: TcpState | SctpState;
  seenReply: boolean;
  assured: boolean;
  srcNat: boolean;
  dstNat: boolean;
  mark: number;
  zone: number;
  use: number;
  createdAt: number;
  expiresAt: number;
  /** UDP: when traffic both ways makes it a stream (2 s after the first packet). */
  streamAt: number;
}

export function tupleKey(t: Tuple): string {
  return `${t.proto} ${t.src} ${t.sport} ${t.dst} ${t.dport}`;
}

export function tupleOf(p: Pick<Packet, 'proto' | 'src' | 'dst' | 'sport' | 'dport'>): Tuple {
  return { proto: p.proto, src: p.src, dst: p.dst, sport: p.sport, dport: p.dport };
}

export function invert(t: Tuple): Tuple {
  return { proto: t.proto, src: t.dst, dst: t.src, sport: t.dport, dport: t.sport };
}

function matches(e: MutableEntry, f: ConntrackFilter): boolean {
  const o = e.original;
  const r = e.reply;
  return (
    (f.proto === undefined || o.proto === f.proto) &&
    (f.origSrc === undefined || o.src === f.origSrc) &&
    (f.origDst === undefined || o.dst === f.origDst) &&
    (f.origSport === undefined || o.sport === f.origSport) &&
    (f.origDport === undefined || o.dport === f.origDport) &&
    (f.replySrc === undefined || r.src === f.replySrc) &&
    (f.replyDst === undefined || r.dst === f.replyDst) &&
    (f.replySport === undefined || r.sport === f.replySport) &&
    (f.replyDport === undefined || r.dport === f.replyDport) &&
    (f.srcNat === undefined || e.srcNat === f.srcNat) &&
    (f.dstNat === undefined || e.dstNat === f.dstNat)
  );
}

/** nf_nat_l4proto_unique_tuple: the port range NAT draws from keeps privileged ports privileged. */
function natPortRange(sport: number): { min: number; size: number } {
  if (sport < 512) return { min: 1, size: 511 };
  if (sport < 1024) return { min: 600, size: 424 };
  return { min: 1024, size: 65535 - 1024 + 1 };
}

export class ConntrackTable {
  /** Entries in creation order (the order `conntrack -L` lists them in svcsim). */
  private readonly entries = new Map<number, MutableEntry>();
  private readonly index = new Map<string, { entry: MutableEntry; direction: CtDirection }>();
  private nextId = 1;

  constructor(readonly timeouts: ConntrackTimeouts = kubeProxyTimeouts()) {}

  /** The live entry a packet belongs to, and in which direction; expired entries are dropped. */
  lookup(tuple: Tuple, now: number): ConntrackMatch | undefined {
    return this.lookupKey(tupleKey(tuple), now);
  }

  /**
   * The last packet tuple `lookupPacket` found nothing for, its key, and the insert count then.
   * A walk asks about a flow's first packet more than once before creating its entry (a free
   * source port, then the packet at ingress, then `create`): a miss stays a miss until an entry
   * is added, and the key string (its hash computed by the first Map lookup) serves `create` too.
   */
  private miss: { proto: string; src: string; sport: number; dst: string; dport: number; key: string; inserts: number } | undefined;
  private inserts = 0;

  private missed(p: Pick<Packet, 'proto' | 'src' | 'dst' | 'sport' | 'dport'>): string | undefined {
    const m = this.miss;
    return m !== undefined && m.sport === p.sport && m.dport === p.dport && m.src === p.src && m.dst === p.dst && m.proto === p.proto ? m.key : undefined;
  }

  /** `lookup` for a packet's own tuple, without building one. */
  lookupPacket(p: Pick<Packet, 'proto' | 'src' | 'dst' | 'sport' | 'dport'>, now: number): ConntrackMatch | undefined {
    const known = this.missed(p);
    if (known !== undefined && this.miss!.inserts === this.inserts) return undefined;
    const key = known ?? `${p.proto} ${p.src} ${p.sport} ${p.dst} ${p.dport}`;
    const hit = this.lookupKey(key, now);
    if (hit === undefined) this.miss = { proto: p.proto, src: p.src, sport: p.sport, dst: p.dst, dport: p.dport, key, inserts: this.inserts };
    return hit;
  }

  private lookupKey(key: string, now: number): ConntrackMatch | undefined {
    const hit = this.index.get(key);
    if (!hit) return undefined;
    if (hit.entry.expiresAt <= now) {
      this.remove(hit.entry);
      return undefined;
    }
    return { entry: hit.entry, direction: hit.direction };
  }

  /** Whether a tuple is in use by another flow (nf_nat_used_tuple). */
  isTaken(tuple: Tuple, now: number, except?: ConntrackEntry): boolean {
    const hit = this.lookup(tuple, now);
    return !!hit && hit.entry !== except;
  }

  /**
   * A new entry for a flow's first packet and the nat table's decisions. The TCP flags of the
   * first packet give the initial state (SYN -> SYN_SENT; a mid-stream ACK is picked up as
   * ESTABLISHED, nf_conntrack_tcp_loose). `rand` draws NAT source ports when one must change.
   */
  create(packet: Packet, nat: NatDecision, now: number, rand?: Rand, opts?: { unseen?: boolean }): ConntrackEntry {
    const original = tupleOf(packet);
    // `unseen`: the caller has just looked this tuple up and found nothing.
    const existing = opts?.unseen ? undefined : this.lookup(original, now);
    if (existing) this.remove(existing.entry as MutableEntry);
    // The reply tuple, with the destination NAT already in it (one object, not an inverse then a copy).
    const reply: Tuple = nat.dnat
      ? { proto: original.proto, src: nat.dnat.ip, dst: original.src, sport: nat.dnat.port, dport: original.sport }
      : { proto: original.proto, src: original.dst, dst: original.src, sport: original.dport, dport: original.sport };
    const entry: MutableEntry = {
      id: this.nextId++,
      original,
      reply,
      seenReply: false,
      assured: false,
      srcNat: false,
      dstNat: false,
      mark: 0,
      zone: 0,
      use: 1,
      createdAt: now,
      expiresAt: now,
      streamAt: now + 2000,
    };
    if (nat.dnat) entry.dstNat = true;
    if (nat.snat) this.chooseSnat(entry, nat.snat, now, rand);
    let timeout: number;
    if (original.proto === 'tcp') {
      const { state } = nextTcpState('NONE', 'original', packet.tcpFlags ?? 'SYN');
      entry.state = state === 'NONE' ? 'SYN_SENT' : state;
      timeout = this.timeouts.tcp[entry.state as TcpState];
    } else if (original.proto === 'sctp') {
      entry.state = 'COOKIE_WAIT';
      timeout = this.timeouts.sctp.COOKIE_WAIT;
    } else {
      timeout = this.timeouts.udp.unreplied;
    }
    entry.expiresAt = now + timeout * 1000;
    this.entries.set(entry.id, entry);
    this.inserts++;
    this.index.set(this.missed(original) ?? tupleKey(entry.original), { entry, direction: 'original' });
    this.index.set(tupleKey(entry.reply), { entry, direction: 'reply' });
    return entry;
  }

  /**
   * Source NAT (get_unique_tuple): keep the original source port when the resulting reply
   * tuple is free, else (and always with --random-fully) draw from the port's range,
   * probing onwards from a random offset.
   */
  private chooseSnat(entry: MutableEntry, snat: NonNullable<NatDecision['snat']>, now: number, rand?: Rand): void {
    const candidate = (port: number): Tuple => ({ ...entry.reply, dst: snat.ip, dport: port });
    let port = snat.port;
    if (port === undefined && !snat.randomFully && !this.isTaken(candidate(entry.original.sport), now)) port = entry.original.sport;
    if (port === undefined) {
      const { min, size } = natPortRange(entry.original.sport);
      const off = rand ? rand.int(65536) : 0;
      for (let i = 0; i < size; i++) {
        const p = min + ((off + i) % size);
        if (!this.isTaken(candidate(p), now)) {
          port = p;
          break;
        }
      }
      port ??= entry.original.sport;
    }
    entry.reply = candidate(port);
    entry.srcNat = snat.ip !== entry.original.src || port !== entry.original.sport;
  }

  /**
   * A later packet of a known flow: moves the protocol state, marks the reply as seen, sets
   * ASSURED and refreshes the timeout. `removed` when a RST answers a flow that never got a
   * reply: the kernel deletes such an entry at once (nf_conntrack_proto_tcp.c tcp_packet).
   */
  update(match: ConntrackMatch, packet: { tcpFlags?: TcpFlags; sctpChunk?: SctpChunk }, now: number): { invalid: boolean; removed: boolean } {
    const e = match.entry as MutableEntry;
    const dir = match.direction;
    const seenBefore = e.seenReply;
    let invalid = false;
    if (e.original.proto === 'tcp') {
      const flags = packet.tcpFlags ?? 'ACK';
      const old = e.state as TcpState;
      const next = nextTcpState(old, dir, flags);
      if (dir === 'reply' && !seenBefore && flags.startsWith('RST')) {
        this.remove(e);
        return { invalid: false, removed: true };
      }
      invalid = !!next.invalid;
      if (!next.invalid && !next.ignored) {
        e.state = next.state;
        if (seenBefore && !e.assured && (old === 'SYN_RECV' || old === 'ESTABLISHED') && next.state === 'ESTABLISHED') e.assured = true;
        const t = flags.startsWith('RST') ? this.timeouts.tcp.CLOSE : this.timeouts.tcp[next.state];
        e.expiresAt = now + t * 1000;
      }
    } else if (e.original.proto === 'sctp') {
      const old = e.state as SctpState;
      const next = nextSctpState(old, dir, packet.sctpChunk ?? 'DATA');
      e.state = next;
      if (old === 'COOKIE_ECHOED' && next === 'ESTABLISHED' && dir === 'reply') e.assured = true;
      e.expiresAt = now + this.timeouts.sctp[next] * 1000;
    } else {
      // nf_conntrack_udp_packet: replied and still active after 2 s -> a stream, ASSURED, longer timeout
      if (seenBefore) {
        const stream = now > e.streamAt;
        e.expiresAt = now + (stream ? this.timeouts.udp.replied : this.timeouts.udp.unreplied) * 1000;
        if (stream) e.assured = true;
      } else {
        e.expiresAt = now + this.timeouts.udp.unreplied * 1000;
      }
    }
    // SEEN_REPLY is set after the protocol handler ran (nf_conntrack_in)
    if (dir === 'reply') e.seenReply = true;
    return { invalid, removed: false };
  }

  /** Drops every entry whose timeout has run out; returns how many. */
  expire(now: number): number {
    let n = 0;
    for (const e of this.entries.values()) {
      if (e.expiresAt <= now) {
        this.remove(e);
        n++;
      }
    }
    return n;
  }

  /** Deletes the matching entries (kube-proxy's conntrack cleanup, `conntrack -D`); returns them. */
  /** Drops one entry the caller holds (the kernel killing a flow it just looked up), in O(1). */
  forget(entry: ConntrackEntry): void {
    if (this.entries.get(entry.id) === entry) this.remove(entry as MutableEntry);
  }

  delete(filter: ConntrackFilter, now: number): ConntrackEntry[] {
    this.expire(now);
    const gone: ConntrackEntry[] = [];
    for (const e of this.entries.values()) {
      if (matches(e, filter)) {
        gone.push(e);
        this.remove(e);
      }
    }
    return gone;
  }

  /** Live entries, oldest first, optionally filtered. */
  list(now: number, filter: ConntrackFilter = {}): ConntrackEntry[] {
    this.expire(now);
    return [...this.entries.values()].filter((e) => matches(e, filter));
  }

  count(now: number): number {
    this.expire(now);
    return this.entries.size;
  }

  private remove(e: MutableEntry): void {
    if (!this.entries.delete(e.id)) return;
    for (const t of [e.original, e.reply]) {
      const k = tupleKey(t);
      if (this.index.get(k)?.entry === e) this.index.delete(k);
    }
  }
}

/**
 * The packet after conntrack's NAT for its direction: an original-direction packet takes the
 * reply tuple inverted (DNAT and SNAT applied), a reply-direction packet the original tuple
 * inverted (both undone). The walker applies the destination part at PREROUTING/OUTPUT and
 * the source part at POSTROUTING/INPUT, as the kernel does; `part` selects one.
 */
export function natTranslate<P extends Pick<Packet, 'src' | 'dst' | 'sport' | 'dport'>>(packet: P, match: ConntrackMatch, part: 'both' | 'dst' | 'src' = 'both'): P {
  const target = invert(match.direction === 'original' ? match.entry.reply : match.entry.original);
  const out = { ...packet };
  if (part !== 'src') {
    out.dst = target.dst;
    out.dport = target.dport;
  }
  if (part !== 'dst') {
    out.src = target.src;
    out.sport = target.sport;
  }
  return out;
}

/** Seconds left as `conntrack -L` shows them: listed just after the last packet, so a fresh 120 s entry shows 119. */
export function remainingSeconds(entry: ConntrackEntry, now: number): number {
  return Math.max(0, Math.floor((entry.expiresAt - now - 1) / 1000));
}

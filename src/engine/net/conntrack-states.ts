/**
 * Protocol state machines and timeouts of the kernel's connection tracker, as far as a Service
 * connection exercises them: TCP (net/netfilter/nf_conntrack_proto_tcp.c, the tcp_conntracks
 * table), UDP (nf_conntrack_proto_udp.c) and SCTP (nf_conntrack_proto_sctp.c), with the
 * timeouts kube-proxy v1.33 sets (cmd/kube-proxy/app/conntrack.go; defaults in
 * pkg/proxy/apis/config/v1alpha1/defaults.go: tcp established 24h, close-wait 1h).
 */
import { parseGoDuration as parseDuration } from '../api/go-duration.ts';

export type TcpState = 'NONE' | 'SYN_SENT' | 'SYN_RECV' | 'ESTABLISHED' | 'FIN_WAIT' | 'CLOSE_WAIT' | 'LAST_ACK' | 'TIME_WAIT' | 'CLOSE' | 'SYN_SENT2';
export type SctpState = 'CLOSED' | 'COOKIE_WAIT' | 'COOKIE_ECHOED' | 'ESTABLISHED' | 'SHUTDOWN_SENT' | 'SHUTDOWN_RECD' | 'SHUTDOWN_ACK_SENT';
/** The TCP flag combinations a trace sends. */
export type TcpFlags = 'SYN' | 'SYN,ACK' | 'ACK' | 'FIN,ACK' | 'RST' | 'RST,ACK';
export type SctpChunk = 'INIT' | 'INIT_ACK' | 'COOKIE_ECHO' | 'COOKIE_ACK' | 'DATA' | 'ABORT' | 'SHUTDOWN' | 'SHUTDOWN_ACK' | 'SHUTDOWN_COMPLETE';
export type CtDirection = 'original' | 'reply';

/** Timeouts in seconds (/proc/sys/net/netfilter/nf_conntrack_*_timeout_*). */
export interface ConntrackTimeouts {
  tcp: Record<TcpState, number>;
  udp: { unreplied: number; replied: number };
  sctp: Record<SctpState, number>;
}

/** The kernel's defaults (Linux 6.8). */
export const KERNEL_TIMEOUTS: ConntrackTimeouts = {
  tcp: {
    NONE: 0,
    SYN_SENT: 120,
    SYN_RECV: 60,
    ESTABLISHED: 432000,
    FIN_WAIT: 120,
    CLOSE_WAIT: 60,
    LAST_ACK: 30,
    TIME_WAIT: 120,
    CLOSE: 10,
    SYN_SENT2: 120,
  },
  udp: { unreplied: 30, replied: 120 },
  sctp: { CLOSED: 10, COOKIE_WAIT: 3, COOKIE_ECHOED: 3, ESTABLISHED: 210, SHUTDOWN_SENT: 3, SHUTDOWN_RECD: 3, SHUTDOWN_ACK_SENT: 3 },
};

/** KubeProxyConfiguration `conntrack` (kubeproxy.config.k8s.io/v1alpha1), durations as Go prints them. */
export interface KubeProxyConntrackConfig {
  tcpEstablishedTimeout?: string | null;
  tcpCloseWaitTimeout?: string | null;
  udpTimeout?: string | null;
  udpStreamTimeout?: string | null;
}

/** `24h0m0s`, `1h`, `90s` -> whole seconds (time.ParseDuration); undefined when it is not a duration. */
export function parseGoDuration(text: string): number | undefined {
  const d = parseDuration(text);
  return 'error' in d ? undefined : Math.trunc(d.ns / 1e9);
}

/**
 * The timeouts on a node running kube-proxy: a null duration takes kube-proxy's default (24h
 * established, 1h close-wait), `0s` leaves the kernel's value; UDP defaults to 0s (unchanged).
 */
export function kubeProxyTimeouts(config: KubeProxyConntrackConfig = {}): ConntrackTimeouts {
  const pick = (text: string | null | undefined, dflt: number | undefined, kernel: number): number => {
    const v = text === null || text === undefined ? dflt : parseGoDuration(text);
    return v === undefined || v <= 0 ? kernel : v;
  };
  const k = KERNEL_TIMEOUTS;
  return {
    tcp: {
      ...k.tcp,
      ESTABLISHED: pick(config.tcpEstablishedTimeout, 86400, k.tcp.ESTABLISHED),
      CLOSE_WAIT: pick(config.tcpCloseWaitTimeout, 3600, k.tcp.CLOSE_WAIT),
    },
    udp: { unreplied: pick(config.udpTimeout, undefined, k.udp.unreplied), replied: pick(config.udpStreamTimeout, undefined, k.udp.replied) },
    sctp: { ...k.sctp },
  };
}

/** sIV: the packet is invalid for the state; sIG: ignored (the state does not change). */
type TcpNext = TcpState | 'sIV' | 'sIG';
const TCP_COLUMNS: readonly TcpState[] = ['NONE', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT', 'CLOSE', 'SYN_SENT2'];
type TcpIndex = 'syn' | 'synack' | 'fin' | 'ack' | 'rst';

const SS = 'SYN_SENT', SR = 'SYN_RECV', ES = 'ESTABLISHED', FW = 'FIN_WAIT', CW = 'CLOSE_WAIT', LA = 'LAST_ACK', TW = 'TIME_WAIT', CL = 'CLOSE', S2 = 'SYN_SENT2', IV = 'sIV', IG = 'sIG';

/** tcp_conntracks[dir][index][state], columns sNO sSS sSR sES sFW sCW sLA sTW sCL sS2. */
const TCP_TABLE: Record<CtDirection, Record<TcpIndex, readonly TcpNext[]>> = {
  original: {
    syn: [SS, SS, IG, IG, IG, IG, IG, SS, SS, S2],
    synack: [IV, IV, IG, IG, IG, IG, IG, IG, IG, SR],
    fin: [IV, IV, FW, FW, LA, LA, LA, TW, CL, IV],
    ack: [ES, IV, ES, ES, CW, CW, TW, TW, CL, IV],
    rst: [IV, CL, CL, CL, CL, CL, CL, CL, CL, CL],
  },
  reply: {
    syn: [IV, S2, IV, IV, IV, IV, IV, IV, IV, S2],
    synack: [IV, SR, IG, IG, IG, IG, IG, IG, IG, SR],
    fin: [IV, IV, FW, FW, LA, LA, LA, TW, CL, IV],
    ack: [IV, IG, SR, ES, CW, CW, TW, TW, CL, IG],
    rst: [IV, CL, CL, CL, CL, CL, CL, CL, CL, CL],
  },
};

/** get_conntrack_index: RST wins, then SYN (with or without ACK), FIN, ACK. */
function tcpIndex(flags: TcpFlags): TcpIndex {
  if (flags.startsWith('RST')) return 'rst';
  if (flags === 'SYN') return 'syn';
  if (flags === 'SYN,ACK') return 'synack';
  if (flags === 'FIN,ACK') return 'fin';
  return 'ack';
}

/** The TCP state after a segment; `invalid` and `ignored` leave the state as it was. */
export function nextTcpState(state: TcpState, dir: CtDirection, flags: TcpFlags): { state: TcpState; invalid?: true; ignored?: true } {
  const next = TCP_TABLE[dir][tcpIndex(flags)][TCP_COLUMNS.indexOf(state)]!;
  if (next === 'sIV') return { state, invalid: true };
  if (next === 'sIG') return { state, ignored: true };
  return { state: next };
}

/** A simplified SCTP association: the chunk that moves each step of setup and shutdown. */
export function nextSctpState(state: SctpState, dir: CtDirection, chunk: SctpChunk): SctpState {
  switch (chunk) {
    case 'INIT':
      return dir === 'original' && (state === 'CLOSED' || state === 'COOKIE_WAIT') ? 'COOKIE_WAIT' : state;
    case 'INIT_ACK':
      return state;
    case 'COOKIE_ECHO':
      return state === 'COOKIE_WAIT' ? 'COOKIE_ECHOED' : state;
    case 'COOKIE_ACK':
      return state === 'COOKIE_ECHOED' ? 'ESTABLISHED' : state;
    case 'ABORT':
    case 'SHUTDOWN_COMPLETE':
      return 'CLOSED';
    case 'SHUTDOWN':
      return state === 'ESTABLISHED' ? (dir === 'original' ? 'SHUTDOWN_SENT' : 'SHUTDOWN_RECD') : state;
    case 'SHUTDOWN_ACK':
      return state === 'SHUTDOWN_SENT' || state === 'SHUTDOWN_RECD' ? 'SHUTDOWN_ACK_SENT' : state;
    case 'DATA':
      return state;
  }
}

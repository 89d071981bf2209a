/**
 * IPVS's own TCP state machine and timeouts (net/netfilter/ipvs/ip_vs_proto_tcp.c tcp_states,
 * tcp_timeouts; ip_vs_proto_udp.c). In NAT mode IPVS sees both directions: INPUT is client to
 * server, OUTPUT server to client. A packet's event is its first of RST, SYN, FIN, ACK
 * (tcp_state_idx). A connection counts as active while ESTABLISHED and inactive otherwise.
 */
import type { IpvsConnState } from './types.ts';

export type TcpEvent = 'syn' | 'fin' | 'ack' | 'rst';
export type Direction = 'in' | 'out';

/** Seconds each state lasts without traffic (the kernel defaults; `ipvsadm --set` changes three). */
export const DEFAULT_TIMEOUTS: Readonly<Record<IpvsConnState, number>> = {
  NONE: 2,
  ESTABLISHED: 15 * 60,
  SYN_SENT: 2 * 60,
  SYN_RECV: 60,
  FIN_WAIT: 2 * 60,
  TIME_WAIT: 2 * 60,
  CLOSE: 10,
  CLOSE_WAIT: 60,
  LAST_ACK: 30,
  LISTEN: 2 * 60,
  SYNACK: 2 * 60,
  UDP: 5 * 60,
};

// Column order of tcp_states: sNO, sES, sSS, sSR, sFW, sTW, sCL, sCW, sLA, sLI, sSA.
const ORDER: readonly IpvsConnState[] = ['NONE', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'SYNACK'];
const NO = 'NONE', ES = 'ESTABLISHED', SS = 'SYN_SENT', SR = 'SYN_RECV', FW = 'FIN_WAIT', TW = 'TIME_WAIT';
const CL = 'CLOSE', CW = 'CLOSE_WAIT', LA = 'LAST_ACK', LI = 'LISTEN';
void NO;

const INPUT: Readonly<Record<TcpEvent, readonly IpvsConnState[]>> = {
  syn: [SR, ES, ES, SR, SR, SR, SR, SR, SR, SR, SR],
  fin: [CL, CW, SS, TW, TW, TW, CL, CW, LA, LI, TW],
  ack: [ES, ES, SS, ES, FW, TW, CL, CW, CL, LI, ES],
  rst: [CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, SR],
};

const OUTPUT: Readonly<Record<TcpEvent, readonly IpvsConnState[]>> = {
  syn: [SS, ES, SS, SR, SS, SS, SS, SS, SS, LI, SR],
  fin: [TW, FW, SS, TW, FW, TW, CL, TW, LA, LI, TW],
  ack: [ES, ES, SS, ES, FW, TW, CL, CW, LA, ES, ES],
  rst: [CL, CL, SS, CL, CL, TW, CL, CL, CL, CL, CL],
};

export function nextTcpState(state: IpvsConnState, dir: Direction, event: TcpEvent): IpvsConnState {
  const col = ORDER.indexOf(state);
  if (col < 0) return state;
  return (dir === 'in' ? INPUT : OUTPUT)[event][col];
}

/** tcp_state_idx: RST first, then SYN, FIN, ACK. */
export function tcpEventOf(flags: string | undefined): TcpEvent | undefined {
  if (!flags) return undefined;
  if (flags.includes('RST')) return 'rst';
  if (flags.includes('SYN')) return 'syn';
  if (flags.includes('FIN')) return 'fin';
  if (flags.includes('ACK')) return 'ack';
  return undefined;
}

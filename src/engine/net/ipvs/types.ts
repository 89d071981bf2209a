/**
 * IPVS as the kernel holds it (net/netfilter/ipvs): virtual services keyed by
 * (protocol, address, port), each with a scheduler and a list of real servers (destinations),
 * and a connection table. The specs here are what an IPVS user (kube-proxy) configures; the
 * kernel's counters and connections live in IpvsKernel.
 */

export type IpvsProtocol = 'TCP' | 'UDP' | 'SCTP';

/** The schedulers kube-proxy's `ipvs.scheduler` may name (ip_vs_<name>.ko). */
export const SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'mh'] as const;
export type SchedulerName = (typeof SCHEDULERS)[number];

/** IP_VS_SVC_F_SCHED1..3: sh-fallback/sh-port, mh-fallback/mh-port, or flag-1..3 for the others. */
export interface SchedFlags {
  flag1?: boolean;
  flag2?: boolean;
  flag3?: boolean;
}

export interface RealServerSpec {
  address: string;
  port: number;
  weight: number;
}

export interface VirtualServerSpec {
  protocol: IpvsProtocol;
  address: string;
  port: number;
  scheduler: SchedulerName;
  /** IP_VS_SVC_F_PERSISTENT: the persistence timeout in seconds (ClientIP affinity). */
  persistentTimeout?: number;
  flags?: SchedFlags;
  /** In the order the user added them (the kernel lists each new one first). */
  destinations: readonly RealServerSpec[];
}

/** `proto|address|port`: the key a VS is found by. */
export function serviceKey(protocol: IpvsProtocol, address: string, port: number): string {
  return `${protocol}|${address}|${port}`;
}

export function specKey(s: Pick<VirtualServerSpec, 'protocol' | 'address' | 'port'>): string {
  return serviceKey(s.protocol, s.address, s.port);
}

/** The packet fields IPVS schedules on. */
export interface IpvsFlow {
  protocol: IpvsProtocol;
  src: string;
  sport: number;
  dst: string;
  dport: number;
}

/** ip_vs_stats: per service and per destination. */
export interface IpvsStats {
  conns: number;
  inpkts: number;
  outpkts: number;
  inbytes: number;
  outbytes: number;
}

/** IPVS TCP states (ip_vs_proto_tcp.c tcp_state_name_table), UDP's one state, and NONE for templates. */
export type IpvsConnState =
  | 'NONE' | 'ESTABLISHED' | 'SYN_SENT' | 'SYN_RECV' | 'FIN_WAIT' | 'TIME_WAIT'
  | 'CLOSE' | 'CLOSE_WAIT' | 'LAST_ACK' | 'LISTEN' | 'SYNACK' | 'UDP';

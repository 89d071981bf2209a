/** What travels: an IPv4 packet's headers as far as Service networking looks at them. */

/** The transport protocols Services carry (Kubernetes' Protocol, lower-cased as iptables writes it). */
export type L4Protocol = 'tcp' | 'udp' | 'sctp';

export interface Packet {
  src: string;
  dst: string;
  proto: L4Protocol;
  sport: number;
  dport: number;
  /** The skb mark (kube-proxy's masquerade bit is 0x4000). */
  mark: number;
  /** TCP flags of interest for the trace: the first packet is a SYN. */
  tcpFlags?: 'SYN' | 'SYN,ACK' | 'ACK' | 'FIN,ACK' | 'RST' | 'RST,ACK';
}

/** An encapsulated packet (flannel VXLAN): the outer headers around the inner packet. */
export interface Encapsulation {
  kind: 'vxlan';
  outerSrc: string;
  outerDst: string;
  /** UDP 8472 (Linux's default VXLAN port, which flannel uses). */
  port: number;
  vni: number;
}

/**
 * A trace: one request's journey, as plain data the UI animates and the CLI prints
 * (DESIGN.md "The trace"). The reply travels back through conntrack and is part of it.
 */
import type { Encapsulation, L4Protocol, Packet } from '../net/packet.ts';
import type { IptablesTableName, RuleAuthor } from '../net/iptables/types.ts';

/** Where a rule lives: an iptables table, or kube-proxy's nftables table (`ip kube-proxy`). */
export type RuleTableName = IptablesTableName | 'ip kube-proxy';

export type TraceResult =
  /** The backend answered and the reply reached the client. */
  | 'delivered'
  /** A REJECT, or nothing listening on the port (RST / ICMP port unreachable). */
  | 'refused'
  /** A DROP rule: the client times out. */
  | 'dropped'
  /** The request or its reply was lost on the way (e.g. an asymmetric return path). */
  | 'timeout'
  /** No route to the destination. */
  | 'no-route'
  /** The connection was accepted and then closed without an answer (userspace kube-proxy found no endpoint to dial). */
  | 'closed';

/** Where a packet is at a hop. */
export interface HopPlace {
  /** A node name, `client` (an external client), or the pod's node for pod-side hops. */
  host: string;
  /** The network namespace: `host`, or `pod:<namespace>/<name>`. */
  netns: string;
  /** The interface involved, if any (`eth0`, `cni0`, `flannel.1`, `veth1a2b3c4d`). */
  iface?: string;
  /** The netfilter hook and table, for rule hops. */
  hook?: 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';
  table?: RuleTableName;
  chain?: string;
}

export type HopAction =
  | 'send'
  | 'route'
  | 'match'
  | 'jump'
  | 'dnat'
  | 'snat'
  | 'conntrack-new'
  | 'conntrack-hit'
  | 'mark'
  | 'encapsulate'
  | 'decapsulate'
  | 'bridge'
  | 'accept'
  | 'deliver'
  | 'reject'
  | 'drop'
  | 'no-route'
  | 'refuse';

export interface TraceRule {
  table: RuleTableName;
  chain: string;
  /** 1-based place in its chain, as `iptables -L --line-numbers` shows. */
  position: number;
  /** The exact rule text (`iptables-save` form). */
  text: string;
  author: RuleAuthor;
}

export interface Hop {
  place: HopPlace;
  action: HopAction;
  /** One plain sentence saying what happened and why (UI.md "Words"). */
  say: string;
  rule?: TraceRule;
  /** The packet's headers after this hop. */
  packet: Packet;
  /** Present while the packet is wrapped in VXLAN. */
  encapsulation?: Encapsulation;
  /** Which direction of the connection this hop belongs to. */
  direction: 'request' | 'reply';
}

export interface TraceEndpoint {
  ip: string;
  port: number;
  /** `namespace/name` of the pod, when the endpoint is a pod. */
  pod?: string;
  node?: string;
}

export interface TraceSource {
  kind: 'pod' | 'node' | 'client';
  /** `namespace/name` for a pod, the node name, or the client's name. */
  name: string;
  ip: string;
  host: string;
}

export interface Trace {
  request: { from: TraceSource; dst: string; dport: number; proto: L4Protocol };
  result: TraceResult;
  /** The backend that answered (or was chosen before the packet was refused or lost). */
  endpoint?: TraceEndpoint;
  /** The packet as the backend received it: shows whether the source was masqueraded. */
  arrival?: { src: string; dst: string; proto: L4Protocol };
  /** Rules the kernel tested for the request, summed over every hook on every node. */
  rulesTraversed: number;
  hops: Hop[];
  /** The reply's journey back to the client (absent when there was no reply). */
  reply?: { hops: Hop[]; arrival: { src: string; dst: string; proto: L4Protocol } };
  /**
   * userspace mode: kube-proxy itself accepted the client's connection on its proxy port and
   * opened a second one to the endpoint (the hops hold both); each dial it tried, in order.
   */
  proxied?: { node: string; service: string; proxyPort: number; attempts: { endpoint: string; result: string; elapsedMs: number }[]; error?: string };
  /** The name lookup that came first (a request by name from a pod): its queries, each a UDP packet of its own. */
  dns?: TraceDns;
}

/** One DNS question the resolver sent and what came back. */
export interface TraceDnsQuery {
  /** Fully qualified, with the trailing dot. */
  name: string;
  type: string;
  /** The response code, or `timeout` when no answer came within the resolver's timeout. */
  rcode: string;
  /** The answer records' data (`10.96.0.1`, `example.com.` for a CNAME). */
  answers: string[];
}

export interface TraceDns {
  /** The name as the client gave it. */
  name: string;
  /** The nameserver the queries went to (the pod's resolv.conf). */
  server: string;
  queries: TraceDnsQuery[];
  /** The addresses the lookup found, in the order the client tries them. */
  addresses: string[];
  /** Each query's own walk to the nameserver and back (none for /etc/hosts hits or literals). */
  traces: Trace[];
}

/**
 * A DNS query is a packet: one UDP datagram from the asking pod to its nameserver (the kube-dns
 * ClusterIP, 10.96.0.10:53), through whatever the node's kube-proxy made of that address, to a
 * CoreDNS pod, which answers as CoreDNS does. The walk leaves its UDP conntrack entries behind,
 * as a real lookup does. A walk that ends refused (kube-dns without endpoints: kube-proxy's
 * REJECT in iptables and nftables mode, or an IPVS virtual server with no real server) brings
 * back ICMP port unreachable: `refused`, which only a client on a connected socket hears (the
 * resolver and tools decide). Anything else without a CoreDNS pod at the end (a DROP, no route,
 * userspace kube-proxy with nowhere to send the datagram) means no answer: `timeout`.
 * Queries a client sends on one socket share its source port (`sport`): the later ones meet the
 * conntrack entry the first one made and follow its DNAT to the same CoreDNS pod.
 */
import type { Pod } from '../api/core.ts';
import type { ScenarioClient } from '../api/scenario.ts';
import { Rand } from '../rand.ts';
import { answer, DEFAULT_NODE_RESOLV_CONF, DEFAULT_OUTSIDE_WORLD, pluginOptionsForImage, rdataText, type DnsQuery, type DnsResponse } from '../dns/index.ts';
import { upstreamAnswer } from '../dns/outside-world.ts';
import type { Trace, TraceDnsQuery, TraceSource } from './trace.ts';
import { freshPort, send, type At } from './walk.ts';
import type { ClusterView, DataPlane } from './world.ts';

/** The label kubeadm's CoreDNS pods carry (the kube-dns Service selects it). */
const KUBE_DNS_LABEL = 'k8s-app';

export interface DnsExchange {
  query: DnsQuery;
  response: DnsResponse | 'timeout' | 'refused';
  /** The query's walk; absent when it went to the node's upstream resolver outside the cluster. */
  trace?: Trace;
  /** The source port it left from (absent with the trace). */
  sport?: number;
}

export interface DnsSender {
  source: TraceSource;
  at: At;
  clients: readonly ScenarioClient[];
  /** The port of the socket the client already sends from; a fresh ephemeral port when absent. */
  sport?: number;
}

/** Sends `query` to `server`:53 from `from` and returns CoreDNS's answer, 'refused' or 'timeout'. */
export function dnsExchange(dp: DataPlane, cluster: ClusterView, from: DnsSender, server: string, query: DnsQuery): DnsExchange {
  // dnsPolicy Default: the node's own upstream resolver, outside svcsim's network.
  if (DEFAULT_NODE_RESOLV_CONF.nameservers.includes(server)) return { query, response: upstreamAnswer(DEFAULT_OUTSIDE_WORLD, query.name, query.type, query.rd ?? true) };
  const req = { from: from.source, at: from.at, dst: server, dport: 53, proto: 'udp' as const, clients: from.clients };
  const sport = from.sport ?? freshPort(dp, req);
  const trace = send(dp, cluster, { ...req, sport });
  if (trace.result === 'refused') return { query, response: 'refused', trace, sport };
  const key = trace.result === 'delivered' ? trace.endpoint?.pod : undefined;
  const pod = key ? cluster.get('Pod', ...(key.split('/') as [string, string])) : undefined;
  if (!pod || pod.metadata.labels?.[KUBE_DNS_LABEL] !== 'kube-dns') return { query, response: 'timeout', trace, sport };
  // The CoreDNS version decides some answers (endpoint PTRs differ in v1.12.0).
  const image = pod.spec.containers.find((c) => /coredns/i.test(c.image ?? ''))?.image ?? pod.spec.containers[0]?.image;
  const rand = corednsRand(dp, pod);
  const response = answer(cluster, query, () => rand.next(), { plugin: pluginOptionsForImage(image) });
  return { query, response, trace, sport };
}

/**
 * Each CoreDNS process shuffles (`loadbalance`) with its own generator: its answers do not depend
 * on how many ports or rule draws the data plane made before. Seeded from the pod's uid, kept
 * per data plane (a session) for as long as the pod lives.
 */
const corednsRands = new WeakMap<DataPlane, Map<string, Rand>>();

function corednsRand(dp: DataPlane, pod: Pod): Rand {
  let byPod = corednsRands.get(dp);
  if (!byPod) corednsRands.set(dp, (byPod = new Map()));
  const id = pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`;
  let r = byPod.get(id);
  if (!r) {
    let h = 0x811c9dc5;
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
    byPod.set(id, (r = new Rand(h)));
  }
  return r;
}

/** A query as the trace shows it. */
export function traceQuery(e: Pick<DnsExchange, 'query' | 'response'>): TraceDnsQuery {
  const name = e.query.name.endsWith('.') ? e.query.name : `${e.query.name}.`;
  // `refused`: ICMP port unreachable came back instead of an answer.
  if (typeof e.response === 'string') return { name, type: e.query.type, rcode: e.response, answers: [] };
  return { name, type: e.query.type, rcode: e.response.rcode, answers: e.response.answer.map((r) => rdataText(r)) };
}

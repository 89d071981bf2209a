/**
 * A pod's resolver: its /etc/resolv.conf and /etc/hosts as the kubelet writes them, its image's
 * C library, and a `send` that puts every query on the wire as a UDP packet to the nameserver
 * (dataplane/dns-lookup.ts), from the source port of the socket the tool sent it on. Nodes and
 * outside clients use their host resolver, which knows no cluster names (kubeadm leaves the
 * node's resolv.conf alone): they resolve nothing here.
 */
import type { Container, Pod } from '../api/core.ts';
import { dnsExchange, traceQuery, type DnsExchange } from '../dataplane/dns-lookup.ts';
import type { Trace, TraceDns } from '../dataplane/index.ts';
import {
  clusterDnsIP,
  DEFAULT_NODE_RESOLV_CONF,
  etcHosts,
  imageDnsFlavor,
  lookupAddresses,
  podDnsConfig,
  type DnsConfig,
  type DnsFlavor,
  type DnsSocket,
  type HostsEntry,
  type LookupOutcome,
  type Send,
} from '../dns/index.ts';
import { muslSort } from '../dns/resolver.ts';
import type { Place, ShellContext } from './context.ts';
import { sourceOf } from './trace-target.ts';

export interface PodResolver {
  pod: Pod;
  container: Container;
  config: DnsConfig;
  hosts: HostsEntry[];
  flavor: DnsFlavor;
  podIP?: string;
  /** Sends one query as a packet; every exchange is kept in `exchanges`. */
  send: Send;
  exchanges: DnsExchange[];
}

type PodPlace = Extract<Place, { kind: 'pod' }>;

/** The container `kubectl exec` runs in: the one named (`-c`), else the default-container annotation's, else the first. */
export function execContainer(pod: Pod, named?: string): Container | undefined {
  if (named) return pod.spec.containers.find((c) => c.name === named);
  const wanted = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  return pod.spec.containers.find((c) => c.name === wanted) ?? pod.spec.containers[0];
}

/** The pod's resolv.conf as the kubelet makes it with the cluster's settings (kubeadm: clusterDNS 10.96.0.10). */
export function podResolvConf(ctx: Pick<ShellContext, 'cluster'>, pod: Pod): DnsConfig {
  const s = ctx.cluster.settings;
  return podDnsConfig(pod, { clusterDNS: [clusterDnsIP(s.serviceSubnet)], clusterDomain: s.dnsDomain, host: DEFAULT_NODE_RESOLV_CONF }).config;
}

export function podResolver(ctx: ShellContext, place: PodPlace): PodResolver | undefined {
  const pod = ctx.cluster.get('Pod', place.namespace, place.name);
  const container = pod && execContainer(pod, place.container);
  if (!pod || !container) return undefined;
  const config = podResolvConf(ctx, pod);
  const podIP = pod.status?.podIP;
  const exchanges: DnsExchange[] = [];
  const server = config.nameservers[0] ?? '127.0.0.1';
  // The port each of the tool's sockets got on its first query (its bind()).
  const ports = new Map<DnsSocket, number>();
  const send: Send = (query, socket) => {
    const from = sourceOf(ctx, place, server);
    if (!from) {
      exchanges.push({ query, response: 'timeout' });
      return 'timeout';
    }
    const sport = socket ? ports.get(socket) : undefined;
    const e = dnsExchange(ctx.dataplane, ctx.cluster, { source: from.source, at: from.at, clients: ctx.clients, ...(sport !== undefined ? { sport } : {}) }, server, query);
    if (socket && e.sport !== undefined) ports.set(socket, e.sport);
    exchanges.push(e);
    return e.response;
  };
  return { pod, container, config, hosts: etcHosts(pod, ctx.cluster.settings.dnsDomain), flavor: imageDnsFlavor(container.image), ...(podIP ? { podIP } : {}), send, exchanges };
}

/** The lookup phase as a trace shows it. */
export function traceDns(name: string, r: PodResolver, addresses: string[]): TraceDns {
  return {
    name,
    server: r.config.nameservers[0] ?? '',
    queries: r.exchanges.map(traceQuery),
    addresses,
    traces: r.exchanges.flatMap((e): Trace[] => (e.trace ? [e.trace] : [])),
  };
}

export type NameLookup =
  | { ok: true; addresses: string[]; dns?: TraceDns }
  | { ok: false; outcome: LookupOutcome | { kind: 'no-resolver' }; dns?: TraceDns };

/**
 * getaddrinfo(name) in the place: in a pod through its resolver (musl or glibc, by image), the
 * simulated clock moving by the time a timeout costs; elsewhere only address literals.
 */
export function resolveName(ctx: ShellContext, name: string): NameLookup {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return { ok: true, addresses: [name] };
  // A host's /etc/hosts names its loopback (its DNS servers are outside what svcsim simulates).
  if (ctx.place.kind !== 'pod') return name === 'localhost' ? { ok: true, addresses: ['127.0.0.1'] } : { ok: false, outcome: { kind: 'not-found', nodata: false } };
  const r = podResolver(ctx, ctx.place);
  if (!r) return { ok: false, outcome: { kind: 'no-resolver' } };
  const libc = r.flavor.libc;
  const found = lookupAddresses(name, r.config, r.send, { libc, family: 'any', hosts: r.hosts });
  const o = found.outcome;
  if (o.kind === 'timeout') ctx.cluster.tick(o.waitedSeconds);
  const v4 = (xs: string[]) => xs.filter((a) => !a.includes(':'));
  if (o.kind === 'found' || o.kind === 'hosts' || o.kind === 'literal') {
    const addresses = v4(libc === 'musl' ? muslSort(o.addresses, r.podIP) : o.addresses);
    const dns = r.exchanges.length || o.kind === 'hosts' ? traceDns(name, r, addresses) : undefined;
    if (addresses.length) return { ok: true, addresses, ...(dns ? { dns } : {}) };
    return { ok: false, outcome: { kind: 'not-found', nodata: true }, ...(dns ? { dns } : {}) };
  }
  return { ok: false, outcome: o, ...(r.exchanges.length ? { dns: traceDns(name, r, []) } : {}) };
}

/**
 * `svcsim trace --to NAME[:PORT]` from a pod: the name through the pod's resolver, then the
 * first address (port 80 unless given). Undefined when `to` is no name or the place no pod
 * (those keep `destinationFor`'s forms and words).
 */
export function resolveDestination(ctx: ShellContext, place: Place, to: string): { ip: string; port: number; dns?: TraceDns } | { error: string } | undefined {
  const m = /^([A-Za-z0-9_.-]+)(?::(\d+))?$/.exec(to);
  if (!m || place.kind !== 'pod' || /^\d+\.\d+\.\d+\.\d+$/.test(m[1])) return undefined;
  const port = m[2] === undefined ? 80 : Number(m[2]);
  if (port < 1 || port > 65535) return { error: `port ${port} is out of range (1-65535)` };
  const r = resolveName({ ...ctx, place }, m[1]);
  if (r.ok) return { ip: r.addresses[0], port, ...(r.dns ? { dns: r.dns } : {}) };
  const why = r.outcome.kind === 'timeout' ? 'the DNS queries timed out' : r.outcome.kind === 'refused' ? 'the nameserver refused the queries (ICMP port unreachable)' : r.outcome.kind === 'servfail' ? 'SERVFAIL' : r.outcome.kind === 'invalid-name' ? 'not a valid name' : 'no such name';
  return { error: `could not resolve host ${m[1]} from pod ${place.namespace}/${place.name}: ${why}` };
}

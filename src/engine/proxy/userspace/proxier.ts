/**
 * kube-proxy in userspace mode on one node (pkg/proxy/userspace/proxier.go, v1.25; removed in
 * v1.26): for every service port a listening socket on a proxy port of the node, iptables
 * portal rules that send the service's traffic into it, and a LoadBalancerRR choosing the
 * endpoint of each accepted connection. The backend connection is a new one from the
 * kube-proxy process, so the pod sees the node's address, never the client's.
 *
 * State persists across syncs and requests (proxy ports, rule order, the shuffled lists,
 * round-robin indexes, affinity, UDP clients), as in the long-running process. Rules are kept
 * in the order they were ensured (`iptables -A`): a Service added later appends its rules at
 * the end of each chain; a changed one is closed and reopened on a new proxy port.
 */
import type { Rand } from '../../rand.ts';
import type { L4Protocol } from '../../net/packet.ts';
import type { IptablesTable, RuleSpec, Ruleset } from '../../net/iptables/types.ts';
import type { ProxyNode } from '../proxy-node.ts';
import type { ProxyState } from '../proxy-state.ts';
import type { ServicePortInfo } from '../service-port.ts';
import type { EndpointInfo } from '../endpoints.ts';
import type { UserspaceConfig } from './config.ts';
import { EPHEMERAL_PORTS, PortAllocator } from './port-allocator.ts';
import { USERSPACE_CHAINS, USERSPACE_JUMPS, portalRules } from './portal-args.ts';
import type { ProxyAddress } from './portal-args.ts';
import { LoadBalancerRR } from './round-robin.ts';
import { ERR_SCTP_NOT_SUPPORTED, UdpClientCache, tryConnectEndpoints } from './proxy-socket.ts';
import type { ConnectResult, DialResult } from './proxy-socket.ts';

interface Entry {
  sp: ServicePortInfo;
  proxyPort: number;
  rules: { table: 'nat' | 'filter'; spec: RuleSpec }[];
  /** The endpoints list last given to the balancer (ProxyState keeps the array until it changes). */
  endpoints?: readonly EndpointInfo[];
  udp?: UdpClientCache;
}

/** A socket the kube-proxy process holds open (what `ss -lntup` would list). */
export interface ProxySocketInfo {
  protocol: L4Protocol;
  /** The bound address: the bind address for proxy ports, "" (all) for claimed NodePorts, the IP for local external IPs. */
  address: string;
  port: number;
  /** ServicePortName.String(). */
  service: string;
  kind: 'proxy' | 'nodePort' | 'externalIP';
}

export interface UserspaceSyncResult {
  /** Service IPs of removed UDP ports whose conntrack entries kube-proxy cleared (conntrack.ClearEntriesForIP). */
  staleUDPServiceIPs: string[];
  /** What kube-proxy logged as errors during the sync (klog %q formatting). */
  errors: string[];
}

export type AcceptResult = (ConnectResult & { service: string; proxyPort: number }) | { error: string; attempts: []; elapsedMs: 0 };

export interface UdpResult {
  service: string;
  /** The endpoint datagrams of this client go to, unless the balancer had none. */
  endpoint?: string;
  error?: string;
  /** The node's backend socket port (the source port the pod sees). */
  localPort?: number;
  /** An existing client socket was reused (no new balancer decision). */
  reused: boolean;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** proxier.go sameConfig: what makes an open service port be closed and reopened. */
function sameConfig(a: ServicePortInfo, b: ServicePortInfo): boolean {
  return (
    a.protocol === b.protocol && a.port === b.port && a.nodePort === b.nodePort && a.clusterIP === b.clusterIP &&
    sameList(a.externalIPs, b.externalIPs) && sameList(a.loadBalancerVIPs, b.loadBalancerVIPs) && a.sessionAffinity === b.sessionAffinity
  );
}

export class UserspaceProxy {
  readonly lb: LoadBalancerRR;
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Map<string, string>();
  /** One allocator for --proxy-port-range; without it the kernel's ephemeral ports, one space per protocol. */
  private readonly allocators = new Map<string, PortAllocator>();
  private readonly proxy: Omit<ProxyAddress, 'proxyPort'>;
  private cached: Ruleset | undefined;
  private readonly jumpSpecs: { spec: RuleSpec; position: 'prepend' | 'append'; table: 'nat' | 'filter' }[];

  constructor(
    readonly node: ProxyNode,
    readonly config: UserspaceConfig,
    private readonly rand: Rand,
  ) {
    this.lb = new LoadBalancerRR(rand);
    // NewCustomProxier: with 0.0.0.0 the host IP is ChooseHostInterface(), the node's primary IP.
    this.proxy = { listenIP: config.bindAddress, hostIP: config.bindAddress === '0.0.0.0' ? (node.ips[0] ?? '0.0.0.0') : config.bindAddress };
    this.jumpSpecs = USERSPACE_JUMPS.map((j) => ({ spec: { chain: j.chain, args: j.args, author: 'kube-proxy' }, position: j.position, table: j.table }));
  }

  private allocator(protocol: L4Protocol): PortAllocator {
    const key = this.config.portRange ? 'range' : protocol;
    let a = this.allocators.get(key);
    if (!a) this.allocators.set(key, (a = new PortAllocator(this.rand, this.config.portRange)));
    return a;
  }

  private close(key: string, e: Entry): void {
    this.entries.delete(key);
    this.listeners.delete(`${e.sp.protocol}/${e.proxyPort}`);
    this.allocator(e.sp.protocol).release(e.proxyPort);
    this.cached = undefined;
  }

  /** Brings the proxy to the cluster state (mergeService/unmergeService, the balancer's endpoint handlers). */
  sync(state: ProxyState, nowMs: number): UserspaceSyncResult {
    const result: UserspaceSyncResult = { staleUDPServiceIPs: [], errors: [] };
    const seen = new Set<string>();
    for (const sp of state.servicePorts()) {
      seen.add(sp.key);
      const old = this.entries.get(sp.key);
      if (old && sameConfig(old.sp, sp)) {
        old.sp = sp;
        continue;
      }
      if (old) this.close(sp.key, old);
      const port = this.allocator(sp.protocol).allocate();
      if (typeof port !== 'number') {
        result.errors.push(`failed to allocate proxy port for service "${sp.nameString}": ${port.error}`);
        continue;
      }
      if (sp.protocol === 'sctp') {
        // newProxySocket fails after the port was taken from the allocator (which keeps it).
        result.errors.push(`Failed to start proxy for "${sp.nameString}": ${ERR_SCTP_NOT_SUPPORTED}`);
        continue;
      }
      const rules = portalRules(
        { service: sp.nameString, protocol: sp.protocol, clusterIP: sp.clusterIP, port: sp.port, nodePort: sp.nodePort, externalIPs: sp.externalIPs, loadBalancerIPs: sp.loadBalancerVIPs },
        { ...this.proxy, proxyPort: port },
      ).map((r) => ({ table: r.table, spec: { chain: r.chain, args: r.args, author: 'kube-proxy' as const } }));
      const entry: Entry = { sp, proxyPort: port, rules, ...(sp.protocol === 'udp' ? { udp: new UdpClientCache(this.config.udpIdleTimeoutMs) } : {}) };
      this.entries.set(sp.key, entry);
      this.listeners.set(`${sp.protocol}/${port}`, sp.key);
      this.lb.newService(sp.key, sp.sessionAffinity, sp.stickyMaxAgeSeconds);
      this.cached = undefined;
    }
    for (const [key, e] of [...this.entries]) {
      if (seen.has(key)) continue;
      if (e.sp.protocol === 'udp') result.staleUDPServiceIPs.push(e.sp.clusterIP);
      this.close(key, e);
      this.lb.deleteService(key);
    }
    for (const [key, e] of this.entries) {
      const eps = state.endpoints(e.sp);
      if (eps !== e.endpoints) {
        e.endpoints = eps;
        // The Endpoints object lists ready addresses only; userspace ignores traffic policies and topology.
        this.lb.setEndpoints(key, eps.filter((ep) => ep.ready).map((ep) => ep.endpoint));
      }
      this.lb.cleanupStaleStickySessions(key, nowMs);
    }
    return result;
  }

  /** The proxy port of a service port (by ServicePortInfo.key), if it is open. */
  proxyPortOf(key: string): number | undefined {
    return this.entries.get(key)?.proxyPort;
  }

  /** The service port whose proxy socket listens on `port` (a packet REDIRECTed/DNATed to the node). */
  listener(protocol: L4Protocol, port: number): ServicePortInfo | undefined {
    const key = this.listeners.get(`${protocol}/${port}`);
    return key === undefined ? undefined : this.entries.get(key)?.sp;
  }

  /**
   * A TCP connection accepted on a service port's proxy socket: the balancer's choice and each
   * dial, per EndpointDialTimeouts. On error the client's (already accepted) connection is closed.
   */
  accept(key: string, clientIP: string, dial: (endpoint: string, timeoutMs: number) => DialResult, nowMs: number): AcceptResult {
    const e = this.entries.get(key);
    if (!e) return { error: `no proxy socket for ${key}`, attempts: [], elapsedMs: 0 };
    return { ...tryConnectEndpoints(this.lb, key, e.sp.protocol, clientIP, dial, nowMs), service: e.sp.nameString, proxyPort: e.proxyPort };
  }

  /** A datagram from `client` (`ip:port`) on a UDP service port's proxy socket. */
  udp(key: string, clientIP: string, clientPort: number, nowMs: number): UdpResult {
    const e = this.entries.get(key);
    if (!e || !e.udp) return { service: key, error: `no UDP proxy socket for ${key}`, reused: false };
    const client = `${clientIP}:${clientPort}`;
    const known = e.udp.get(client, nowMs);
    if (known) {
      e.udp.touch(client, nowMs);
      return { service: e.sp.nameString, endpoint: known.endpoint, localPort: known.localPort, reused: true };
    }
    const c = tryConnectEndpoints(this.lb, key, 'udp', clientIP, () => 'ok', nowMs);
    if ('error' in c) return { service: e.sp.nameString, error: c.error, reused: false };
    const localPort = EPHEMERAL_PORTS.base + this.rand.int(EPHEMERAL_PORTS.size);
    e.udp.add(client, c.endpoint, localPort, nowMs);
    return { service: e.sp.nameString, endpoint: c.endpoint, localPort, reused: false };
  }

  /** A reply from the backend to `client`: it keeps the client's socket alive (proxyClient's SetDeadline). */
  udpReply(key: string, clientIP: string, clientPort: number, nowMs: number): void {
    this.entries.get(key)?.udp?.touch(`${clientIP}:${clientPort}`, nowMs);
  }

  /** The sockets the process holds: proxy ports, and the NodePorts and local external IPs it claims. */
  sockets(): ProxySocketInfo[] {
    const out: ProxySocketInfo[] = [];
    const local = new Set(this.node.addresses);
    for (const e of this.entries.values()) {
      const service = e.sp.nameString;
      out.push({ protocol: e.sp.protocol, address: this.proxy.listenIP, port: e.proxyPort, service, kind: 'proxy' });
      for (const ip of [...e.sp.externalIPs, ...e.sp.loadBalancerVIPs]) {
        if (local.has(ip)) out.push({ protocol: e.sp.protocol, address: ip, port: e.sp.port, service, kind: 'externalIP' });
      }
      if (e.sp.nodePort !== 0) out.push({ protocol: e.sp.protocol, address: '', port: e.sp.nodePort, service, kind: 'nodePort' });
    }
    return out;
  }

  /** kube-proxy's iptables state on the node (the `kube-proxy` part of iptables-save). */
  ruleset(): Ruleset {
    if (this.cached) return this.cached;
    const tables: IptablesTable[] = (['nat', 'filter'] as const).map((name) => {
      const rules: RuleSpec[] = [];
      // Built-in chains: prepended jumps on top, appended ones (NodePorts, "must be the last rule") after.
      for (const builtin of ['PREROUTING', 'INPUT', 'OUTPUT']) {
        for (const pos of ['prepend', 'append'] as const) {
          for (const j of this.jumpSpecs) if (j.table === name && j.spec.chain === builtin && j.position === pos) rules.push(j.spec);
        }
      }
      for (const chain of USERSPACE_CHAINS[name]) {
        for (const e of this.entries.values()) for (const r of e.rules) if (r.table === name && r.spec.chain === chain) rules.push(r.spec);
      }
      return { name, chains: [...USERSPACE_CHAINS[name]], rules };
    });
    this.cached = { tables };
    return this.cached;
  }
}

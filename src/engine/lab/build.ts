/**
 * The lab plan for a cluster: every node, pod and outside client as a network namespace, wired
 * the way svcsim's data plane says the cluster is wired (net/node-build.ts), with each node's
 * tables exactly as svcsim generated them. The plan holds only what the simulated network
 * says; the kernel does the rest (kernel routes from addresses, ARP, conntrack).
 */
import type { ScenarioClient } from '../api/scenario.ts';
import type { ClusterReader } from '../cluster/types.ts';
import type { DataPlane } from '../dataplane/index.ts';
import { formatIPv4, parseIPv4 } from '../net/ipv4.ts';
import type { NetInterface } from '../net/interfaces.ts';
import type { NodeNetwork, PodNetwork } from '../net/netns.ts';
import { formatDst, type Route } from '../net/routes.ts';
import { formatIptablesSave } from '../net/iptables/save-format.ts';
import { transactionText } from '../net/nftables/transaction-format.ts';
import { podListens } from '../dataplane/listeners.ts';
import { etcHosts, formatEtcHosts, formatResolvConf } from '../dns/index.ts';
import { labDnsNames, labDnsTable, labPodDnsConfig } from './dns-table.ts';
import { CLIENT_BRIDGE, DEFAULT_PREFIX, labNames, UNDERLAY_BRIDGE, validPrefix } from './names.ts';
import type { LabMode, LabOptions, LabPlace, LabPlan, LabServer, LabStep, LabUdpFlow } from './types.ts';

export interface LabInput {
  cluster: ClusterReader;
  dataplane: DataPlane;
  clients: readonly ScenarioClient[];
  options?: LabOptions;
}

/** kube-proxy's --healthz-bind-address port, served on every node address. */
export const KUBE_PROXY_HEALTHZ_PORT = 10256;

/** Nodes with this label are in no cloud load balancer's pool (k8s.io/cloud-provider controllers/service/controller.go). */
const EXCLUDE_FROM_LB = 'node.kubernetes.io/exclude-from-external-load-balancers';

/**
 * Where the world outside sends a Service's outside addresses, as svcsim's walker does
 * (dataplane/walk.ts fromClient): a LoadBalancer ingress IP to the nodes of the load balancer's
 * pool (with externalTrafficPolicy Local only those with a ready endpoint), an externalIP to the
 * first node. The lab's underlay routes each address there, to several nodes as an ECMP route
 * hashed on ports too, so that each new connection may land on another node, as the cloud
 * load balancer spreads them.
 */
function outsideRoutes(cluster: ClusterReader, nodes: readonly NodeNetwork[]): { ip: string; via: string[]; why: string }[] {
  const ipOf = new Map(nodes.map((n) => [n.node, n.internalIP]));
  const out: { ip: string; via: string[]; why: string }[] = [];
  const seen = new Set<string>();
  for (const svc of cluster.list('Service')) {
    const key = `${svc.metadata.namespace ?? 'default'}/${svc.metadata.name}`;
    for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
      if (!ing.ip || seen.has(ing.ip)) continue;
      seen.add(ing.ip);
      const ready = new Set(
        cluster
          .list('EndpointSlice', svc.metadata.namespace)
          .filter((e) => e.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name)
          .flatMap((e) => e.endpoints.filter((x) => x.conditions?.ready !== false).map((x) => x.nodeName ?? '')),
      );
      const pool = nodes.filter((n) => cluster.get('Node', undefined, n.node)?.metadata.labels?.[EXCLUDE_FROM_LB] === undefined);
      const chosen = svc.spec.externalTrafficPolicy === 'Local' ? pool.filter((n) => ready.has(n.node)) : pool;
      const via = chosen.map((n) => ipOf.get(n.node)).filter((x): x is string => !!x);
      if (via.length) out.push({ ip: ing.ip, via, why: `${key}'s load balancer` });
    }
    for (const ip of svc.spec.externalIPs ?? []) {
      if (seen.has(ip)) continue;
      seen.add(ip);
      const first = nodes[0]?.internalIP;
      if (first) out.push({ ip, via: [first], why: `${key}'s externalIP (svcsim sends it to the first node)` });
    }
  }
  return out;
}

function udpFlows(cluster: ClusterReader): LabUdpFlow[] {
  const out: LabUdpFlow[] = [];
  for (const svc of cluster.list('Service')) {
    const slices = cluster.list('EndpointSlice', svc.metadata.namespace).filter((e) => e.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name);
    const endpoints = [...new Set(slices.flatMap((e) => e.endpoints.filter((x) => x.conditions?.ready !== false).flatMap((x) => x.addresses)))].sort();
    const ips = [...(svc.spec.clusterIPs ?? []), ...(svc.spec.externalIPs ?? []), ...(svc.status?.loadBalancer?.ingress ?? []).flatMap((i) => (i.ip ? [i.ip] : []))].filter((ip) => ip !== 'None');
    for (const p of svc.spec.ports ?? []) {
      if (p.protocol !== 'UDP') continue;
      out.push({ ips, port: p.port, ...(p.nodePort ? { nodePort: p.nodePort } : {}), endpoints });
    }
  }
  return out;
}

/** The label kubeadm's CoreDNS pods carry, which the kube-dns Service selects. */
const KUBE_DNS = { key: 'k8s-app', value: 'kube-dns' };

/**
 * The name-service switch of a Debian image (debian:12's /etc/nsswitch.conf, hosts: files dns):
 * a pod's getent asks /etc/hosts, then DNS, and not the host's mDNS or systemd modules.
 */
export const POD_NSSWITCH = `passwd:         files
group:          files
shadow:         files
gshadow:        files

hosts:          files dns
networks:       files

protocols:      db files
services:       db files
ethers:         db files
rpc:            db files

netgroup:       nis
`;

/** The port a pod with no declared containerPort serves in the lab (traefik/whoami's default). */
export const UNDECLARED_PORT = 80;

function addrArg(a: { address: string; prefix: number; broadcast?: string }): string[] {
  return ['ip', 'addr', 'add', `${a.address}/${a.prefix}`, ...(a.broadcast ? ['brd', a.broadcast] : []), 'dev'];
}

/** `ip route add` for a route the kernel does not derive from an address (those come by themselves). */
function routeArgv(r: Route): string[] {
  const argv = ['ip', 'route', 'add', formatDst(r.dst)];
  if (r.via) argv.push('via', r.via);
  argv.push('dev', r.dev);
  if (r.onlink) argv.push('onlink');
  if (r.proto === 'static') argv.push('proto', 'static');
  return argv;
}

function ownRoutes(ns: { main: { routes: readonly Route[] } }): Route[] {
  return ns.main.routes.filter((r) => r.proto !== 'kernel' && r.type === 'unicast');
}

/** A /24 around an outside client's address with a router address on it that is not the client's. */
function clientSubnet(ip: string): { router: string; prefix: number } {
  const n = parseIPv4(ip) ?? 0;
  const base = n - (n % 256);
  return { router: formatIPv4(n === base + 1 ? base + 254 : base + 1), prefix: 24 };
}

export function buildLab(input: LabInput): LabPlan {
  const prefix = input.options?.prefix ?? DEFAULT_PREFIX;
  if (!validPrefix(prefix)) throw new Error(`lab prefix ${JSON.stringify(prefix)}: a lowercase word of 2-11 letters or digits ending in '-'`);
  const { cluster, dataplane } = input;
  const mode: LabMode = dataplane.modeOf() === 'nftables' ? 'nftables' : 'iptables';
  const notes: string[] = [];
  const configured = dataplane.modeOf();
  if (configured !== 'iptables' && configured !== 'nftables') {
    throw new Error(`the lab loads iptables or nftables rules; this scenario's kube-proxy runs in ${configured} mode (use --mode iptables|nftables)`);
  }

  const nodes: NodeNetwork[] = [];
  for (const n of cluster.list('Node')) {
    const net = dataplane.node(n.metadata.name);
    if (net) nodes.push(net);
  }
  const underlay = labNames.underlay(prefix);
  const places: LabPlace[] = [{ kind: 'underlay', netns: underlay, name: 'underlay' }];
  input.clients.forEach((c) => places.push({ kind: 'client', netns: labNames.client(prefix, c.name), name: c.name, ip: c.ip }));
  for (const node of nodes) {
    places.push({ kind: 'node', netns: labNames.node(prefix, node.node), name: node.node, ...(node.internalIP ? { ip: node.internalIP } : {}) });
    for (const pod of node.pods.values()) places.push({ kind: 'pod', netns: labNames.pod(prefix, pod.pod), name: pod.pod, ip: pod.ip, node: node.node });
  }
  const seen = new Set<string>();
  for (const p of places) {
    if (seen.has(p.netns)) throw new Error(`two lab places share the namespace name ${p.netns}`);
    seen.add(p.netns);
  }

  const steps: LabStep[] = [];
  let group: string | undefined;
  const push = (step: LabStep): void => void steps.push(group ? { ...step, group } : step);
  const say = (text: string): void => push({ say: text });
  const run = (netns: string, ...argv: string[]): void => push({ netns, argv });

  say('Network namespaces: the underlay, outside clients, nodes, pods');
  for (const p of places) {
    group = `${p.kind}:${p.name}`;
    push({ netnsAdd: p.netns });
    run(p.netns, 'ip', 'link', 'set', 'lo', 'up');
  }
  group = undefined;

  say(`The underlay: bridge ${UNDERLAY_BRIDGE} for the nodes' eth0, bridge ${CLIENT_BRIDGE} for outside clients, routed between`);
  run(underlay, 'ip', 'link', 'add', UNDERLAY_BRIDGE, 'type', 'bridge');
  run(underlay, 'ip', 'link', 'set', UNDERLAY_BRIDGE, 'up');
  const gateways = new Map<string, string>();
  for (const node of nodes) {
    if (node.underlay && node.internalIP) gateways.set(node.underlay.gateway, node.underlay.cidr.split('/')[1] ?? '24');
  }
  for (const [gw, len] of gateways) run(underlay, 'ip', 'addr', 'add', `${gw}/${len}`, 'dev', UNDERLAY_BRIDGE);
  run(underlay, 'ip', 'link', 'add', CLIENT_BRIDGE, 'type', 'bridge');
  run(underlay, 'ip', 'link', 'set', CLIENT_BRIDGE, 'up');
  const routers = new Set<string>();
  for (const c of input.clients) {
    const s = clientSubnet(c.ip);
    if (routers.has(s.router)) continue;
    routers.add(s.router);
    run(underlay, 'ip', 'addr', 'add', `${s.router}/${s.prefix}`, 'dev', CLIENT_BRIDGE);
  }
  // Beyond the underlay's own subnets lies the rest of the world, which never answers: a silent
  // blackhole (not an ICMP unreachable), as a packet sent off toward the internet is never heard of again.
  run(underlay, 'ip', 'route', 'add', 'blackhole', 'default');
  run(underlay, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1', 'net.ipv4.fib_multipath_hash_policy=1');

  input.clients.forEach((c, i) => {
    const ns = labNames.client(prefix, c.name);
    const port = labNames.clientPort(i);
    const s = clientSubnet(c.ip);
    say(`Outside client ${c.name} (${c.ip})`);
    run(underlay, 'ip', 'link', 'add', port, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
    run(underlay, 'ip', 'link', 'set', port, 'master', CLIENT_BRIDGE, 'up');
    run(ns, 'ip', 'addr', 'add', `${c.ip}/${s.prefix}`, 'dev', 'eth0');
    run(ns, 'ip', 'link', 'set', 'eth0', 'up');
    run(ns, 'ip', 'route', 'add', 'default', 'via', s.router, 'dev', 'eth0');
  });

  const servers: LabServer[] = [];
  const dnsNames = labDnsNames(cluster, input.options?.dnsNames ?? []);
  nodes.forEach((node, i) => {
    const ns = labNames.node(prefix, node.node);
    group = `node:${node.node}`;
    const iface = (name: string): NetInterface | undefined => node.interfaces.find((x) => x.name === name);
    say(`Node ${node.node}${node.internalIP ? ` (${node.internalIP})` : ''}: eth0 on the underlay`);
    const eth0 = iface('eth0');
    run(underlay, 'ip', 'link', 'add', labNames.nodePort(i), 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
    run(underlay, 'ip', 'link', 'set', labNames.nodePort(i), 'master', UNDERLAY_BRIDGE, 'up');
    if (eth0) {
      run(ns, 'ip', 'link', 'set', 'eth0', 'address', eth0.mac, 'mtu', String(eth0.mtu));
      for (const a of eth0.inet) run(ns, ...addrArg(a), 'eth0');
    }
    run(ns, 'ip', 'link', 'set', 'eth0', 'up');

    const vx = node.interfaces.find((x) => x.kind === 'vxlan');
    if (vx?.vxlan) {
      say(`${node.node}: flannel's VXLAN device (VNI ${vx.vxlan.vni}, UDP ${vx.vxlan.dstport})`);
      run(ns, 'ip', 'link', 'add', vx.name, 'address', vx.mac, 'mtu', String(vx.mtu), 'type', 'vxlan', 'id', String(vx.vxlan.vni), 'local', vx.vxlan.local, 'dev', vx.vxlan.dev, 'dstport', String(vx.vxlan.dstport), ...(vx.vxlan.learning ? [] : ['nolearning']));
      for (const a of vx.inet) run(ns, ...addrArg(a), vx.name);
      run(ns, 'ip', 'link', 'set', vx.name, 'up');
    }
    const bridge = node.interfaces.find((x) => x.kind === 'bridge');
    if (bridge) {
      say(`${node.node}: the ${bridge.name} bridge, the pods' gateway`);
      run(ns, 'ip', 'link', 'add', bridge.name, 'address', bridge.mac, 'mtu', String(bridge.mtu), 'type', 'bridge');
      for (const a of bridge.inet) run(ns, ...addrArg(a), bridge.name);
      run(ns, 'ip', 'link', 'set', bridge.name, 'up');
    }
    for (const pod of node.pods.values()) {
      group = `pod:${pod.pod}`;
      addPod(ns, node, pod);
    }
    group = `node:${node.node}`;

    say(`${node.node}: routes, flannel's neighbour and forwarding entries, sysctls`);
    for (const r of ownRoutes(node)) run(ns, ...routeArgv(r));
    for (const n of node.neighbors) run(ns, 'ip', 'neigh', 'replace', n.ip, 'lladdr', n.lladdr, 'dev', n.dev, 'nud', 'permanent');
    for (const f of node.fdb) run(ns, 'bridge', 'fdb', 'replace', f.mac, 'dev', f.dev, 'dst', f.dst, 'self', 'permanent');
    // kube-proxy: route_localnet for NodePorts on 127.0.0.1 (iptables mode only; pkg/proxy/iptables/proxier.go)
    const sysctls = ['net.ipv4.ip_forward=1', 'net.bridge.bridge-nf-call-iptables=1', ...(mode === 'iptables' ? ['net.ipv4.conf.all.route_localnet=1'] : [])];
    run(ns, 'sysctl', '-q', '-w', ...sysctls);

    group = `tables:${node.node}`;
    const rules = dataplane.rulesOf(node.node);
    if (rules) {
      const saved = formatIptablesSave(rules.ruleset, { now: cluster.now() });
      if (saved.ok) {
        // kube-proxy creates its nfacct counters over netlink before its rules name them
        // (kubernetes pkg/proxy/iptables/proxier.go, nfacct Ensure); iptables-restore needs them to exist.
        const counters = new Set([...saved.text.matchAll(/--nfacct-name\s+(\S+)/g)].map((m) => m[1]!));
        if (counters.size) say(`${node.node}: kube-proxy's nfacct counters, which its rules name`);
        for (const c of counters) run(ns, 'nfacct', 'add', c);
        say(`${node.node}: the iptables rules svcsim generated (kube-proxy, kubelet, flannel), as iptables-save prints them`);
        push({ netns: ns, argv: ['iptables-restore'], stdin: saved.text });
      }
    }
    // kube-proxy's healthz server on every node address (the one host daemon that answers plain HTTP there).
    servers.push({ netns: ns, pod: node.node, hostname: node.node, ports: [{ port: KUBE_PROXY_HEALTHZ_PORT, proto: 'tcp' }] });
    const nft = mode === 'nftables' ? dataplane.kubeProxy(node.node)?.nft : undefined;
    if (nft) {
      say(`${node.node}: kube-proxy's nftables table, as kube-proxy feeds it to nft -f`);
      push({ netns: ns, argv: ['nft', '-f', '-'], stdin: transactionText(nft) });
    }
  });

  group = 'outside';
  const routes = outsideRoutes(cluster, nodes);
  if (routes.length) say("Outside addresses of Services: the underlay routes each to the node(s) svcsim's outside world sends it to");
  for (const r of routes) {
    const hops = r.via.length === 1 ? ['via', r.via[0]!, 'dev', UNDERLAY_BRIDGE] : r.via.flatMap((v) => ['nexthop', 'via', v, 'dev', UNDERLAY_BRIDGE]);
    run(underlay, 'ip', 'route', 'add', `${r.ip}/32`, ...hops);
  }

  function addPod(nodeNs: string, node: NodeNetwork, pod: PodNetwork): void {
    const ns = labNames.pod(prefix, pod.pod);
    const host = node.interfaces.find((x) => x.name === pod.hostVeth);
    const eth0 = pod.interfaces.find((x) => x.name === 'eth0');
    say(`Pod ${pod.pod} (${pod.ip}) on ${node.node}: veth ${pod.hostVeth} on ${host?.master ?? 'cni0'}, hairpin on (flannel's CNI config: hairpinMode true)`);
    run(nodeNs, 'ip', 'link', 'add', pod.hostVeth, ...(host ? ['address', host.mac, 'mtu', String(host.mtu)] : []), 'type', 'veth', 'peer', 'name', 'eth0', ...(eth0 ? ['address', eth0.mac, 'mtu', String(eth0.mtu)] : []), 'netns', ns);
    run(nodeNs, 'ip', 'link', 'set', pod.hostVeth, 'master', host?.master ?? 'cni0', 'up');
    run(nodeNs, 'ip', 'link', 'set', pod.hostVeth, 'type', 'bridge_slave', 'hairpin', 'on');
    for (const a of eth0?.inet ?? []) run(ns, ...addrArg(a), 'eth0');
    run(ns, 'ip', 'link', 'set', 'eth0', 'up');
    for (const r of ownRoutes(pod)) run(ns, ...routeArgv(r));
    const [podNs, podName] = pod.pod.split('/');
    const obj = cluster.get('Pod', podNs, podName ?? '');
    if (obj) {
      // The kubelet's resolv.conf and hosts file, and the image's nsswitch.conf, for what runs in the pod.
      const aliases = ((obj.spec.hostAliases ?? []) as { ip?: string; hostnames?: string[] }[]).filter((a) => a.ip && a.hostnames?.length).length;
      push({ etcFile: 'resolv.conf', netnsOf: ns, text: formatResolvConf(labPodDnsConfig(cluster, obj)) });
      push({ etcFile: 'hosts', netnsOf: ns, text: formatEtcHosts(etcHosts(obj, cluster.settings.dnsDomain), aliases) });
      push({ etcFile: 'nsswitch.conf', netnsOf: ns, text: POD_NSSWITCH });
    }
    const declared = obj?.spec.containers.flatMap((c) => c.ports ?? []) ?? [];
    const ports = declared.map((p) => ({ port: p.containerPort, proto: (p.protocol ?? 'TCP').toLowerCase() === 'udp' ? ('udp' as const) : ('tcp' as const) }));
    if (!declared.length && obj && podListens(obj, UNDECLARED_PORT, 'tcp')) ports.push({ port: UNDECLARED_PORT, proto: 'tcp' });
    const unique = [...new Map(ports.filter((p) => p.proto === 'tcp' || p.proto === 'udp').map((p) => [`${p.port}/${p.proto}`, p])).values()];
    const coredns = obj?.metadata.labels?.[KUBE_DNS.key] === KUBE_DNS.value && unique.some((p) => p.port === 53);
    if (unique.length) servers.push({ netns: ns, pod: pod.pod, hostname: podName ?? pod.pod, ports: unique, ...(coredns && obj ? { dns: labDnsTable(cluster, obj, dnsNames) } : {}) });
  }

  notes.push(
    `pods without a declared containerPort answer on ${UNDECLARED_PORT}/tcp only (svcsim lets them accept on any port)`,
    `node daemons (sshd, kubelet, kube-apiserver) and hostNetwork pods do not listen in the lab; on ${KUBE_PROXY_HEALTHZ_PORT}/tcp of each node a whoami server stands in for kube-proxy's healthz`,
    "LoadBalancer addresses: the underlay stands in for the cloud load balancer, an ECMP route to the nodes of its pool (a new connection may land on another node; no health checks); externalIPs are routed to the first node, as svcsim's outside world does",
    `CoreDNS pods answer on 53 (UDP and TCP) from svcsim's answers, made in advance for ${dnsNames.length} names (each Service, pod and address); other names get svcsim's answer for a name it does not know`,
    'SCTP ports are not served',
  );
  return { prefix, mode, places, steps, servers, notes, udpFlows: udpFlows(cluster) };
}

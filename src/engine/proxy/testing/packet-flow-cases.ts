/**
 * One table of packet flows, as data, run against every kube-proxy mode (STYLE.md; kubernetes
 * pkg/proxy/iptables/proxier_test.go runPacketFlowTests: source, destination, expected endpoints,
 * masquerade or not). A case is a scenario and a list of steps: console lines (`sleep`,
 * `kubectl scale`), requests with what must come of them, and conntrack checks. The expectations
 * are what a real v1.33 cluster does in iptables mode; `modes` says where another mode differs.
 *
 * The default cluster (seed 001): control plane master200 (172.200.1.200, pod CIDR 10.244.0.0/24,
 * CoreDNS 10.244.0.6/.7), workers node201..node203 (10.244.1.0/24 .. 10.244.3.0/24). The outside
 * client is `client` (203.0.113.10) unless the Scenario object names its own.
 */
import type { L4Protocol } from '../../net/packet.ts';

/** A trace's result (dataplane/trace.ts TraceResult), or `no-address`: the target has no such address, nothing is sent. */
export type FlowResult = 'delivered' | 'refused' | 'dropped' | 'timeout' | 'no-route' | 'closed' | 'no-address';

export type ProxyModeName = 'iptables' | 'ipvs' | 'nftables' | 'userspace';

/** Who sends. */
export type FlowSource =
  /** A pod by name, or the first pod (by name) matching a label selector, optionally on a node. */
  | { pod: string; namespace?: string }
  | { podSelector: string; namespace?: string; node?: string }
  /** A process in a node's host network namespace (its source address is the one its route picks). */
  | { node: string }
  /** An outside client by name (`client` unless the scenario declares others). */
  | { client: string };

/** Where to: a literal address, an address of a Service, or a pod's IP. */
export type FlowTarget =
  | { ip: string; port: number }
  | {
      service: string;
      namespace?: string;
      /** Which of its addresses. */
      via: 'clusterIP' | 'nodePort' | 'externalIP' | 'loadBalancer';
      /** The service port by name or number; the first port when absent. */
      port?: string | number;
      /** For `nodePort`: whose InternalIP. */
      node?: string;
    }
  | { podSelector: string; namespace?: string; port: number };

/** An endpoint a request may reach: a pod (by name or selector), optionally by node, or a literal address. */
export interface EndpointRef {
  pod?: string;
  podSelector?: string;
  node?: string;
  ip?: string;
  port?: number;
}

/** An address the backend may see as the request's source. */
export type AddressRef =
  /** The sender's own address: nothing masqueraded it. */
  | 'sender'
  /** An address of a node's interface (any interface when `iface` is absent). */
  | { node: string; iface?: string }
  | { ip: string };

export interface FlowExpect {
  result: FlowResult;
  /** The endpoints the request may reach (every repetition must land on one of them). */
  endpoints?: EndpointRef[];
  /** Over the repetitions, every listed endpoint is reached at least once. */
  reachesAll?: boolean;
  /** Every repetition reaches the same endpoint. */
  sameEndpoint?: boolean;
  /** Over the repetitions, more than one endpoint is reached. */
  varies?: boolean;
  /** Whether the backend sees a source other than the sender's address. */
  masquerade?: boolean;
  /** The source addresses the backend may see (with `masquerade: false`, `'sender'`: the kept client IP). */
  seenFrom?: AddressRef[];
  /** The backend sees the address the sender aimed at (no DNAT on the way: a pod IP, a headless Service). */
  untranslated?: boolean;
}

export interface SendStep {
  from: FlowSource;
  to: FlowTarget;
  proto?: L4Protocol;
  /** Repetitions, each a new flow (a new source port); between them `sleep` seconds when given. */
  times?: number;
  sleepBetween?: number;
  expect: FlowExpect;
  /** Where another mode differs: a replacement for some expectations, or `skip`. */
  modes?: Partial<Record<ProxyModeName, Partial<FlowExpect> | 'skip'>>;
}

/** The conntrack table of a node, as `conntrack -L` prints it, filtered by protocol and original destination. */
export interface ConntrackStep {
  node: string;
  proto: L4Protocol;
  /** Entries whose original destination is this target's address and port. */
  to: FlowTarget;
  expect: {
    count?: number;
    /** Every listed entry's reply source is an endpoint of the Service that is still serving. */
    repliesFromLiveEndpoints?: boolean;
    /** Exactly the entries the previous check on this node listed whose endpoint still serves are still there. */
    keepsLive?: boolean;
    /** Some entries the previous check listed are gone. */
    dropsSome?: boolean;
  };
  modes?: Partial<Record<ProxyModeName, ConntrackStep['expect'] | 'skip'>>;
}

export type FlowStep = { run: string } | { send: SendStep } | { conntrack: ConntrackStep };

export interface PacketFlowCase {
  name: string;
  /** Scenario YAML: objects on the default cluster, or `base: empty` with Nodes. */
  scenario: string;
  steps: FlowStep[];
}

// ---------------------------------------------------------------------------------------------
// Scenario pieces

function pod(name: string, node: string, labels: Record<string, string>, ports: { port: number; proto?: 'TCP' | 'UDP' }[] = [{ port: 80 }]): string {
  const portYaml = ports.length
    ? `\n    ports:\n${ports.map((p) => `    - containerPort: ${p.port}${p.proto && p.proto !== 'TCP' ? `\n      protocol: ${p.proto}` : ''}`).join('\n')}`
    : '';
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels:
${Object.entries(labels)
  .map(([k, v]) => `    ${k}: ${v}`)
  .join('\n')}
spec:
  nodeName: ${node}
  containers:
  - name: app
    image: traefik/whoami${portYaml}
`;
}

/** web-1..3 on node201..203 (app=web, each also pin=<its node>), and client pods on node201 and node203. */
const WEB_PODS = [
  pod('web-1', 'node201', { app: 'web', pin: 'node201' }),
  pod('web-2', 'node202', { app: 'web', pin: 'node202' }),
  pod('web-3', 'node203', { app: 'web', pin: 'node203' }),
  pod('client-1', 'node201', { app: 'client' }, []),
  pod('client-3', 'node203', { app: 'client' }, []),
];

function service(name: string, spec: string, status = ''): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
${spec.trimEnd()}
${status}`;
}

const SELECT_WEB = `  selector:
    app: web
  ports:
  - port: 80
    targetPort: 80
`;

const docs = (...parts: string[]): string => parts.map((p) => p.trimEnd()).join('\n---\n') + '\n';

const CLIENT_1: FlowSource = { pod: 'client-1' };
const CLIENT_3: FlowSource = { pod: 'client-3' };
const ANY_WEB: EndpointRef[] = [{ pod: 'web-1' }, { pod: 'web-2' }, { pod: 'web-3' }];
/** Masqueraded by a node: its cni0 address toward a local pod, its flannel.1 address toward a remote one. */
const BY_NODE = (node: string): AddressRef[] => [
  { node, iface: 'cni0' },
  { node, iface: 'flannel.1' },
];

/**
 * userspace mode (reference §5): kube-proxy accepts the connection itself and dials the endpoint
 * from the node, so the pod always sees an address of the proxying node, never the client's.
 */
const PROXIED_BY = (node: string): Partial<FlowExpect> => ({ masquerade: true, seenFrom: BY_NODE(node) });
/** userspace mode knew no traffic policies: any endpoint, the same on every node. */
const ANY_ENDPOINT: Partial<FlowExpect> = { endpoints: ANY_WEB, sameEndpoint: false };
/** userspace mode with no endpoint to dial: the client's connection was accepted, then closed (curl: Empty reply from server). */
const CLOSED: Partial<FlowExpect> = { result: 'closed', endpoints: undefined };

// ---------------------------------------------------------------------------------------------
// The cases (issue 3, Tests; reference §1.8 masquerade table, §1.9, §1.10, §1.13)

export const PACKET_FLOW_CASES: PacketFlowCase[] = [
  {
    name: 'pod -> ClusterIP: same node and across nodes, never masqueraded',
    scenario: docs(
      ...WEB_PODS,
      service('web', SELECT_WEB),
      service('web-201', `  selector:\n    pin: node201\n  ports:\n  - port: 80\n`),
      service('web-202', `  selector:\n    pin: node202\n  ports:\n  - port: 8080\n    targetPort: 80\n`),
    ),
    steps: [
      { send: { from: CLIENT_1, to: { service: 'web-201', via: 'clusterIP' }, expect: { result: 'delivered', endpoints: [{ pod: 'web-1', port: 80 }], masquerade: false, seenFrom: ['sender'] }, modes: { userspace: PROXIED_BY('node201') } } },
      { send: { from: CLIENT_1, to: { service: 'web-202', via: 'clusterIP' }, expect: { result: 'delivered', endpoints: [{ pod: 'web-2', node: 'node202', port: 80 }], masquerade: false, seenFrom: ['sender'] }, modes: { userspace: PROXIED_BY('node201') } } },
      { send: { from: CLIENT_3, to: { service: 'web', via: 'clusterIP' }, times: 30, expect: { result: 'delivered', endpoints: ANY_WEB, reachesAll: true, masquerade: false }, modes: { userspace: PROXIED_BY('node203') } } },
    ],
  },
  {
    name: 'host -> ClusterIP: masqueraded to the egress interface (cni0 toward a local pod, flannel.1 toward a remote one)',
    scenario: docs(...WEB_PODS, service('web-201', `  selector:\n    pin: node201\n  ports:\n  - port: 80\n`)),
    steps: [
      // The control plane's own CoreDNS pods sit behind cni0 (10.244.0.1).
      { send: { from: { node: 'master200' }, to: { service: 'kube-dns', namespace: 'kube-system', via: 'clusterIP', port: 'dns-tcp' }, expect: { result: 'delivered', endpoints: [{ podSelector: 'k8s-app=kube-dns', node: 'master200', port: 53 }], masquerade: true, seenFrom: [{ ip: '10.244.0.1' }] } } },
      // web-1 is on node201: out through flannel.1 (10.244.0.0 on master200).
      { send: { from: { node: 'master200' }, to: { service: 'web-201', via: 'clusterIP' }, expect: { result: 'delivered', endpoints: [{ pod: 'web-1' }], masquerade: true, seenFrom: [{ ip: '10.244.0.0' }] } } },
      { send: { from: { node: 'node201' }, to: { service: 'web-201', via: 'clusterIP' }, expect: { result: 'delivered', endpoints: [{ pod: 'web-1' }], masquerade: true, seenFrom: [{ ip: '10.244.1.1' }] } } },
    ],
  },
  {
    name: 'pod -> its own Service (hairpin): masqueraded to its node cni0 address',
    scenario: docs(...WEB_PODS, service('web-201', `  selector:\n    pin: node201\n  ports:\n  - port: 80\n`)),
    steps: [{ send: { from: { pod: 'web-1' }, to: { service: 'web-201', via: 'clusterIP' }, expect: { result: 'delivered', endpoints: [{ pod: 'web-1' }], masquerade: true, seenFrom: [{ node: 'node201', iface: 'cni0' }] } } }],
  },
  {
    name: 'external -> NodePort, externalTrafficPolicy Cluster: any node, masqueraded to that node, maybe a second hop',
    scenario: docs(...WEB_PODS, service('web-np', `  type: NodePort\n${SELECT_WEB}    nodePort: 30080\n`)),
    steps: [
      { send: { from: { client: 'client' }, to: { service: 'web-np', via: 'nodePort', node: 'node201' }, times: 24, expect: { result: 'delivered', endpoints: ANY_WEB, reachesAll: true, masquerade: true, seenFrom: BY_NODE('node201') } } },
      // The control plane has no web pod: every request takes a second hop over VXLAN.
      { send: { from: { client: 'client' }, to: { service: 'web-np', via: 'nodePort', node: 'master200' }, times: 6, expect: { result: 'delivered', endpoints: ANY_WEB, masquerade: true, seenFrom: [{ node: 'master200', iface: 'flannel.1' }] } } },
      // A pod reaching a NodePort is masqueraded too (the EXT chain marks everything).
      { send: { from: CLIENT_3, to: { service: 'web-np', via: 'nodePort', node: 'node202' }, expect: { result: 'delivered', endpoints: ANY_WEB, masquerade: true, seenFrom: BY_NODE('node202') } } },
    ],
  },
  {
    name: 'external -> NodePort, externalTrafficPolicy Local: client IP kept, dropped where no local endpoint',
    scenario: docs(...WEB_PODS, service('web-np', `  type: NodePort\n  externalTrafficPolicy: Local\n${SELECT_WEB}    nodePort: 30081\n`)),
    steps: [
      { send: { from: { client: 'client' }, to: { service: 'web-np', via: 'nodePort', node: 'node202' }, times: 5, expect: { result: 'delivered', endpoints: [{ pod: 'web-2' }], sameEndpoint: true, masquerade: false, seenFrom: ['sender'] }, modes: { userspace: { ...ANY_ENDPOINT, ...PROXIED_BY('node202') } } } },
      // ipvs: a node without a local endpoint falls back to every endpoint (PR #97081, reference
      // §3.2) and forwards unmarked; flannel's FLANNEL-POSTRTG masquerades traffic from outside the
      // pod network to another node's pods, so the reply finds its way back.
      { send: { from: { client: 'client' }, to: { service: 'web-np', via: 'nodePort', node: 'master200' }, expect: { result: 'dropped' }, modes: { ipvs: { result: 'delivered', endpoints: ANY_WEB, masquerade: true, seenFrom: [{ node: 'master200', iface: 'flannel.1' }] }, userspace: { result: 'delivered', ...ANY_ENDPOINT, ...PROXIED_BY('master200') } } } },
      // A pod aiming at its own node's NodePort is short-circuited to every endpoint, unmasqueraded (reference §1.8).
      { send: { from: CLIENT_1, to: { service: 'web-np', via: 'nodePort', node: 'node201' }, times: 24, expect: { result: 'delivered', endpoints: ANY_WEB, reachesAll: true, masquerade: false, seenFrom: ['sender'] }, modes: { ipvs: { reachesAll: false, endpoints: [{ pod: 'web-1' }] }, userspace: PROXIED_BY('node201') } } },
      // Toward another node flannel masquerades it (FLANNEL-POSTRTG) on the way out: there it is
      // external traffic, and that node has no local endpoint.
      { send: { from: CLIENT_1, to: { service: 'web-np', via: 'nodePort', node: 'master200' }, expect: { result: 'dropped' }, modes: { ipvs: { result: 'delivered', endpoints: ANY_WEB }, userspace: { result: 'delivered', ...ANY_ENDPOINT, ...PROXIED_BY('master200') } } } },
    ],
  },
  {
    name: 'externalIPs: reached from outside like a NodePort on the node that receives it',
    scenario: docs(...WEB_PODS, service('web-ext', `${SELECT_WEB}  externalIPs:\n  - 192.168.50.10\n`)),
    steps: [
      { send: { from: { client: 'client' }, to: { service: 'web-ext', via: 'externalIP' }, times: 24, expect: { result: 'delivered', endpoints: ANY_WEB, reachesAll: true, masquerade: true } } },
      // From a pod the externalIP is caught on the pod's own node; the EXT chain masquerades every source (reference §1.8).
      // userspace: the container portal for an external IP skips bridged traffic (`-m physdev !
      // --physdev-is-in`), so a pod's packet follows the default route out and is never answered.
      { send: { from: CLIENT_1, to: { service: 'web-ext', via: 'externalIP' }, times: 6, expect: { result: 'delivered', endpoints: ANY_WEB, masquerade: true, seenFrom: BY_NODE('node201') }, modes: { userspace: { result: 'timeout', endpoints: undefined } } } },
    ],
  },
  {
    name: 'internalTrafficPolicy Local: only the node-local endpoint; DROP on a node without one',
    scenario: docs(
      ...WEB_PODS.filter((p) => !p.includes('name: web-3')),
      service('web-itl', `  internalTrafficPolicy: Local\n${SELECT_WEB}`),
    ),
    steps: [
      { send: { from: CLIENT_1, to: { service: 'web-itl', via: 'clusterIP' }, times: 8, expect: { result: 'delivered', endpoints: [{ pod: 'web-1' }], sameEndpoint: true, masquerade: false }, modes: { userspace: { ...ANY_ENDPOINT, ...PROXIED_BY('node201') } } } },
      // ipvs: the ClusterIP's virtual server has no real server on this node: ICMP port unreachable.
      { send: { from: CLIENT_3, to: { service: 'web-itl', via: 'clusterIP' }, expect: { result: 'dropped' }, modes: { ipvs: { result: 'refused' }, userspace: { result: 'delivered', ...ANY_ENDPOINT, ...PROXIED_BY('node203') } } } },
      { send: { from: { node: 'master200' }, to: { service: 'web-itl', via: 'clusterIP' }, expect: { result: 'dropped' }, modes: { ipvs: { result: 'refused' }, userspace: { result: 'delivered', ...ANY_ENDPOINT, ...PROXIED_BY('master200') } } } },
    ],
  },
  {
    name: 'sessionAffinity ClientIP: the same client reaches the same pod until the timeout',
    scenario: docs(...WEB_PODS, service('web-sticky', `${SELECT_WEB}  sessionAffinity: ClientIP\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 30\n`)),
    steps: [
      { send: { from: CLIENT_1, to: { service: 'web-sticky', via: 'clusterIP' }, times: 12, sleepBetween: 5, expect: { result: 'delivered', endpoints: ANY_WEB, sameEndpoint: true } } },
      // Past the timeout each request draws afresh (and starts a new affinity). ipvs: the
      // persistence template outlives its timeout while it controls connections, and the last
      // request's connection is in TIME_WAIT for 2 minutes (ip_vs_conn.c ip_vs_conn_expire).
      { send: { from: CLIENT_1, to: { service: 'web-sticky', via: 'clusterIP' }, times: 12, sleepBetween: 31, expect: { result: 'delivered', endpoints: ANY_WEB, varies: true }, modes: { ipvs: { varies: false, sameEndpoint: true } } } },
      // Another client keeps its own affinity.
      { send: { from: CLIENT_3, to: { service: 'web-sticky', via: 'clusterIP' }, times: 6, expect: { result: 'delivered', endpoints: ANY_WEB, sameEndpoint: true } } },
    ],
  },
  {
    name: 'a Service without endpoints refuses (REJECT)',
    scenario: docs(...WEB_PODS, service('nobody', `  selector:\n    app: nothing\n  ports:\n  - port: 80\n`), service('nobody-np', `  type: NodePort\n  selector:\n    app: nothing\n  ports:\n  - port: 80\n    nodePort: 30090\n`)),
    steps: [
      // userspace: the proxy accepts, finds no endpoint and closes: curl's "Empty reply from server".
      { send: { from: CLIENT_1, to: { service: 'nobody', via: 'clusterIP' }, expect: { result: 'refused' }, modes: { userspace: CLOSED } } },
      { send: { from: { node: 'master200' }, to: { service: 'nobody', via: 'clusterIP' }, expect: { result: 'refused' }, modes: { userspace: CLOSED } } },
      { send: { from: { client: 'client' }, to: { service: 'nobody-np', via: 'nodePort', node: 'node201' }, expect: { result: 'refused' }, modes: { userspace: CLOSED } } },
    ],
  },
  {
    name: 'a ClusterIP on a port the Service does not define, and an unallocated service IP: no rule matches in iptables mode',
    scenario: docs(...WEB_PODS, service('web', SELECT_WEB)),
    steps: [
      // iptables matches nothing: the packet follows the default route out of the cluster and is
      // never answered (reference §1.9). nftables rejects it (cluster-ips-check, §4); ipvs rejects
      // new connections to VIP ports that are not services (KUBE-IPVS-FILTER, §3.4).
      {
        send: {
          from: CLIENT_1,
          to: { service: 'web', via: 'clusterIP', port: 80 },
          expect: { result: 'delivered' },
        },
      },
      {
        send: {
          from: CLIENT_1,
          to: { ip: '10.96.0.1', port: 80 },
          expect: { result: 'timeout' },
          modes: { nftables: { result: 'refused' }, ipvs: { result: 'refused' } },
        },
      },
      // nftables drops traffic to unallocated addresses of the service range.
      { send: { from: CLIENT_1, to: { ip: '10.111.222.123', port: 80 }, expect: { result: 'timeout' }, modes: { nftables: { result: 'dropped' } } } },
    ],
  },
  {
    name: 'a wrong targetPort is refused by the pod, after DNAT',
    scenario: docs(...WEB_PODS, service('web-wrong', `  selector:\n    pin: node202\n  ports:\n  - port: 80\n    targetPort: 8080\n`)),
    // userspace: the proxy's dial is refused; with no other endpoint to try it closes the client's connection.
    steps: [{ send: { from: CLIENT_1, to: { service: 'web-wrong', via: 'clusterIP' }, expect: { result: 'refused', endpoints: [{ pod: 'web-2', port: 8080 }] }, modes: { userspace: CLOSED } } }],
  },
  {
    name: 'a selector-less Service with manual Endpoints (mirrored to an EndpointSlice)',
    scenario: docs(
      ...WEB_PODS,
      service('manual', `  ports:\n  - name: web\n    port: 80\n    targetPort: 80\n`),
      `apiVersion: v1
kind: Endpoints
metadata:
  name: manual
subsets:
- addresses:
  - ip: 172.200.1.202
  ports:
  - name: web
    port: 10256
`,
    ),
    steps: [
      // kube-proxy's health server listens on every node at 10256: the mirrored slice sends there.
      { send: { from: CLIENT_1, to: { service: 'manual', via: 'clusterIP' }, expect: { result: 'delivered', endpoints: [{ ip: '172.200.1.202', port: 10256, node: 'node202' }] } } },
    ],
  },
  {
    name: 'a hand-written EndpointSlice whose nodeName is no node: reachable, local nowhere',
    scenario: docs(
      ...WEB_PODS,
      service('handmade', `  type: NodePort\n  externalTrafficPolicy: Local\n  ports:\n  - name: http\n    port: 80\n    nodePort: 30100\n`),
      `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: handmade-1
  labels:
    kubernetes.io/service-name: handmade
addressType: IPv4
ports:
- name: http
  port: 80
  protocol: TCP
endpoints:
- addresses:
  - 10.244.2.99
  conditions:
    ready: true
  nodeName: ghost-node
`,
    ),
    steps: [
      // Nothing answers ARP for 10.244.2.99 on node202's bridge: the kernel there reports the
      // host unreachable (ICMP), curl says "No route to host".
      { send: { from: CLIENT_1, to: { service: 'handmade', via: 'clusterIP' }, expect: { result: 'no-route', endpoints: [{ ip: '10.244.2.99', port: 80 }] }, modes: { userspace: CLOSED } } },
      // Local on no node: every node drops external traffic. ipvs falls back to the cluster's
      // endpoints (reference §3.2) and meets the missing host.
      { send: { from: { client: 'client' }, to: { service: 'handmade', via: 'nodePort', node: 'node202' }, expect: { result: 'dropped' }, modes: { ipvs: { result: 'no-route' }, userspace: CLOSED } } },
    ],
  },
  {
    name: 'a headless Service has no virtual IP: only the pod IPs answer',
    scenario: docs(...WEB_PODS, service('web-headless', `  clusterIP: None\n${SELECT_WEB}`)),
    steps: [
      { send: { from: CLIENT_1, to: { service: 'web-headless', via: 'clusterIP' }, expect: { result: 'no-address' } } },
      { send: { from: CLIENT_1, to: { podSelector: 'pin=node203', port: 80 }, expect: { result: 'delivered', endpoints: [{ pod: 'web-3' }], untranslated: true, masquerade: false } } },
    ],
  },
  {
    name: 'UDP: delivered to a UDP port; conntrack entries to a removed endpoint are cleared when the Deployment scales down',
    scenario: docs(
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dns
spec:
  replicas: 3
  selector:
    matchLabels:
      app: udp
  template:
    metadata:
      labels:
        app: udp
    spec:
      containers:
      - name: app
        image: traefik/whoami
        ports:
        - containerPort: 5353
          protocol: UDP
`,
      pod('client-1', 'node201', { app: 'client' }, []),
      service('udp', `  selector:\n    app: udp\n  ports:\n  - port: 53\n    targetPort: 5353\n    protocol: UDP\n`),
    ),
    steps: [
      { send: { from: CLIENT_1, to: { service: 'udp', via: 'clusterIP' }, proto: 'udp', times: 18, expect: { result: 'delivered', endpoints: [{ podSelector: 'app=udp', port: 5353 }], masquerade: false }, modes: { userspace: PROXIED_BY('node201') } } },
      // userspace: the client's entries point at kube-proxy's own socket (REDIRECT), not at
      // endpoints; the proxy's per-client UDP sockets go after udpIdleTimeout instead.
      { conntrack: { node: 'node201', proto: 'udp', to: { service: 'udp', via: 'clusterIP' }, expect: { count: 18, repliesFromLiveEndpoints: true }, modes: { userspace: 'skip' } } },
      // Scaling up changes the endpoints but every entry still points at a serving one: all stay.
      { run: 'kubectl scale deployment dns --replicas=4' },
      { conntrack: { node: 'node201', proto: 'udp', to: { service: 'udp', via: 'clusterIP' }, expect: { count: 18, keepsLive: true }, modes: { userspace: 'skip' } } },
      // Scaling down: the entries whose reply came from a removed pod are deleted, the others stay
      // (UDP entries live 30 s, so the checks come right after the change).
      { run: 'kubectl scale deployment dns --replicas=1' },
      { conntrack: { node: 'node201', proto: 'udp', to: { service: 'udp', via: 'clusterIP' }, expect: { repliesFromLiveEndpoints: true, keepsLive: true, dropsSome: true }, modes: { userspace: 'skip' } } },
      { send: { from: CLIENT_1, to: { service: 'udp', via: 'clusterIP' }, proto: 'udp', times: 4, expect: { result: 'delivered', endpoints: [{ podSelector: 'app=udp' }], sameEndpoint: true } } },
    ],
  },
  {
    name: 'LoadBalancer: the cloud load balancer sends to nodes; ETP Cluster masquerades, ETP Local keeps the client',
    scenario: docs(
      ...WEB_PODS,
      service('web-lb', `  type: LoadBalancer\n${SELECT_WEB}`, `status:\n  loadBalancer:\n    ingress:\n    - ip: 192.0.2.50\n`),
      service('web-lb-local', `  type: LoadBalancer\n  externalTrafficPolicy: Local\n${SELECT_WEB}`, `status:\n  loadBalancer:\n    ingress:\n    - ip: 192.0.2.51\n`),
    ),
    steps: [
      // The control plane is labelled exclude-from-external-load-balancers: the load balancer
      // sends only to the workers, which masquerade to their own addresses.
      { send: { from: { client: 'client' }, to: { service: 'web-lb', via: 'loadBalancer' }, times: 16, expect: { result: 'delivered', endpoints: ANY_WEB, reachesAll: true, masquerade: true, seenFrom: [...BY_NODE('node201'), ...BY_NODE('node202'), ...BY_NODE('node203')] } } },
      { send: { from: { client: 'client' }, to: { service: 'web-lb-local', via: 'loadBalancer' }, times: 16, expect: { result: 'delivered', endpoints: ANY_WEB, masquerade: false, seenFrom: ['sender'] }, modes: { userspace: { masquerade: true, seenFrom: [...BY_NODE('node201'), ...BY_NODE('node202'), ...BY_NODE('node203')] } } } },
    ],
  },
  {
    name: 'LoadBalancer with loadBalancerSourceRanges: clients inside pass, clients outside are dropped (KUBE-FW)',
    scenario: docs(
      `apiVersion: svcsim.dev/v1alpha1
kind: Scenario
clients:
- name: office
  ip: 203.0.113.10
- name: stranger
  ip: 198.51.100.7
`,
      ...WEB_PODS,
      service('web-lb', `  type: LoadBalancer\n${SELECT_WEB}  loadBalancerSourceRanges:\n  - 203.0.113.0/24\n`, `status:\n  loadBalancer:\n    ingress:\n    - ip: 192.0.2.60\n`),
    ),
    steps: [
      { send: { from: { client: 'office' }, to: { service: 'web-lb', via: 'loadBalancer' }, times: 4, expect: { result: 'delivered', endpoints: ANY_WEB, masquerade: true } } },
      // userspace never filtered loadBalancerSourceRanges.
      { send: { from: { client: 'stranger' }, to: { service: 'web-lb', via: 'loadBalancer' }, expect: { result: 'dropped' }, modes: { userspace: { result: 'delivered', endpoints: ANY_WEB, masquerade: true } } } },
      // The NodePort behind it is not filtered by the source ranges.
      { send: { from: { client: 'stranger' }, to: { service: 'web-lb', via: 'nodePort', node: 'node201' }, expect: { result: 'delivered', endpoints: ANY_WEB, masquerade: true } } },
    ],
  },
  {
    name: 'base: empty with two Nodes of its own',
    scenario: docs(
      `apiVersion: svcsim.dev/v1alpha1
kind: Scenario
base: empty
`,
      `apiVersion: v1
kind: Node
metadata:
  name: cp1
  labels:
    node-role.kubernetes.io/control-plane: ""
spec:
  podCIDR: 10.244.0.0/24
status:
  addresses:
  - type: InternalIP
    address: 10.0.0.10
`,
      `apiVersion: v1
kind: Node
metadata:
  name: w1
spec:
  podCIDR: 10.244.1.0/24
status:
  addresses:
  - type: InternalIP
    address: 10.0.0.11
`,
      pod('api-1', 'w1', { app: 'api' }),
      pod('caller', 'cp1', { app: 'caller' }, []),
      service('api', `  selector:\n    app: api\n  ports:\n  - port: 80\n`),
    ),
    steps: [
      { send: { from: { pod: 'caller' }, to: { service: 'api', via: 'clusterIP' }, expect: { result: 'delivered', endpoints: [{ pod: 'api-1', node: 'w1' }], masquerade: false }, modes: { userspace: PROXIED_BY('cp1') } } },
      { send: { from: { node: 'cp1' }, to: { service: 'api', via: 'clusterIP' }, expect: { result: 'delivered', endpoints: [{ pod: 'api-1' }], masquerade: true, seenFrom: [{ node: 'cp1', iface: 'flannel.1' }] } } },
    ],
  },
];

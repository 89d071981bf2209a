/**
 * A kernel lab: the scenario as real Linux network namespaces (issue 6). Plain data: the
 * namespaces to make, the commands to run in them in order, the servers to start in the pods.
 * The CLI runs it (`svcsim lab up`) and renders it as a shell script (`svcsim lab script`);
 * both go through `labCommand`, so the script is what `lab up` runs.
 */
import type { L4Protocol } from '../net/packet.ts';
import type { LabDnsTable } from './dns-table.ts';

/** kube-proxy modes a lab can load into the kernel (ipvs needs ip_vs, userspace a kube-proxy process). */
export type LabMode = 'iptables' | 'nftables';

export type LabStep = (
  /** A heading in the script: what the next steps build. */
  | { say: string }
  /** `ip netns add NAME`. */
  | { netnsAdd: string }
  /** A command run inside a lab namespace; `stdin` is fed to it (a heredoc in the script). */
  | { netns: string; argv: readonly string[]; stdin?: string }
  /**
   * A file of the namespace's own /etc (resolv.conf, hosts, nsswitch.conf): written to
   * /etc/netns/NETNS/FILE, which `ip netns exec` bind-mounts over /etc/FILE for what runs inside.
   */
  | { etcFile: string; netnsOf: string; text: string }
) & {
  /** Which part of the lab the step builds (`pod:NS/NAME`, `node:NAME`, `tables:NODE` ...): what `labUpdate` reruns. */
  group?: string;
  /** A step whose failure does not matter (conntrack -D that finds nothing exits 1). */
  tolerant?: boolean;
};

/** Where a lab namespace stands for. */
export type LabPlaceKind = 'underlay' | 'client' | 'node' | 'pod';

export interface LabPlace {
  kind: LabPlaceKind;
  /** The lab namespace name (always starts with the lab prefix). */
  netns: string;
  /** Node name, `namespace/pod`, client name, or `underlay`. */
  name: string;
  /** The place's main address (node InternalIP, pod IP, client IP). */
  ip?: string;
  /** A pod's node. */
  node?: string;
}

/** A small server answering like the simulated whoami, in a pod's namespace (or a node's, for kube-proxy's healthz port). */
export interface LabServer {
  netns: string;
  /** `namespace/name` of a pod, or a node's name. */
  pod: string;
  /** What it answers as `Hostname:` (the pod's name, as traefik/whoami prints os.Hostname()). */
  hostname: string;
  ports: { port: number; proto: L4Protocol }[];
  /** A CoreDNS pod: port 53 (UDP and TCP) answers from this table, as svcsim's CoreDNS does. */
  dns?: LabDnsTable;
}

export interface LabPlan {
  /** Every lab namespace name starts with it; `lab down` removes exactly those. */
  prefix: string;
  mode: LabMode;
  places: LabPlace[];
  steps: LabStep[];
  servers: LabServer[];
  /** What the lab leaves out of the simulated cluster, said plainly. */
  notes: string[];
  /** UDP Service ports and their endpoints: kube-proxy clears the conntrack entries of an endpoint that goes. */
  udpFlows: LabUdpFlow[];
}

/** One UDP Service port as kube-proxy's conntrack cleanup sees it. */
export interface LabUdpFlow {
  /** Addresses the port is reached at: ClusterIPs, externalIPs, LoadBalancer IPs. */
  ips: string[];
  port: number;
  nodePort?: number;
  /** Serving endpoint addresses. */
  endpoints: string[];
}

export interface LabOptions {
  /** Namespace name prefix (default `svl-`). */
  prefix?: string;
  /** Names the CoreDNS pods must answer as svcsim does (with every search-list form), beyond the cluster's own. */
  dnsNames?: readonly string[];
}

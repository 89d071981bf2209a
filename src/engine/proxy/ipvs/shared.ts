/**
 * What ipvs mode writes the same on every node, built once per ProxyState version: the virtual
 * servers of service ports whose endpoints do not depend on the node, the ipsets whose members
 * do not either (cluster IPs, externalIPs, LB VIPs, NodePorts, health-check ports), and the
 * facts the per-node part needs (which ports are node-dependent or have NodePorts, each node's
 * local endpoints for KUBE-LOOP-BACK, the LB VIPs with source ranges).
 */
import { IpSet } from '../../net/ipset/ipset.ts';
import { specKey } from '../../net/ipvs/types.ts';
import type { VirtualServerSpec } from '../../net/ipvs/types.ts';
import type { EndpointInfo } from '../endpoints.ts';
import type { ProxyState } from '../proxy-state.ts';
import type { ServicePortInfo } from '../service-port.ts';
import type { IpvsProxyConfig } from './config.ts';
import * as N from './names.ts';
import { addressServers, portDests, virtualServer } from './virtual-servers.ts';

export interface LocalEndpoint {
  ep: EndpointInfo;
  protocol: string;
}

/** `epIP,proto:port,epIP`: hairpin traffic from an endpoint to itself. */
export function loopbackEntry(l: LocalEndpoint): string {
  return `${l.ep.ip},${l.protocol}:${l.ep.port},${l.ep.ip}`;
}

export interface SharedIpvs {
  readonly version: number;
  readonly ports: readonly ServicePortInfo[];
  /** VSs of node-independent ports, by `proto|addr|port`. */
  readonly table: ReadonlyMap<string, VirtualServerSpec>;
  /** Ports whose real servers depend on the node (Local policy, zone hints). */
  readonly dependent: readonly ServicePortInfo[];
  /** Ports with a nodePort. */
  readonly nodePorts: readonly ServicePortInfo[];
  /** NodePort servers of node-independent ports, by `PROTO|nodePort`, to repeat on each node address. */
  readonly nodePortTemplates: ReadonlyMap<string, VirtualServerSpec>;
  /** Node-independent sets by name. */
  readonly sets: ReadonlyMap<string, IpSet>;
  /** Service addresses to bind on kube-ipvs0, before leaving out the node's own addresses. */
  readonly vips: readonly string[];
  /** Each node's local endpoints (KUBE-LOOP-BACK members are made from them per node). */
  readonly loopback: ReadonlyMap<string, readonly LocalEndpoint[]>;
  /** LB VIP:port entries with loadBalancerSourceRanges. */
  readonly firewalled: readonly { sp: ServicePortInfo; vip: string }[];
  /** Whether any externalIP or LB VIP may be a node address (then KUBE-IPVS-IPS is per node). */
  readonly externalVips: ReadonlySet<string>;
}

/** A stand-in for the kernel's random initval, fixed per set name. */
export function initvalOf(name: string, salt: string): number {
  let h = 0x811c9dc5;
  const text = `${salt}/${name}`;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function newSet(name: string, salt: string): IpSet {
  const info = N.IPSET_INFO.find((i) => i.name === name)!;
  return new IpSet(name, info.type, { initval: initvalOf(name, salt) });
}

const NODE_SETS = new Set([N.LOOP_BACK, N.LOAD_BALANCER_SOURCE_IP, N.NODE_PORT_SCTP, N.NODE_PORT_LOCAL_SCTP]);

export function buildShared(state: ProxyState, cfg: IpvsProxyConfig): SharedIpvs {
  const ports = state.servicePorts();
  const table = new Map<string, VirtualServerSpec>();
  const dependent: ServicePortInfo[] = [];
  const nodePorts: ServicePortInfo[] = [];
  const nodePortTemplates = new Map<string, VirtualServerSpec>();
  const sets = new Map<string, IpSet>();
  for (const info of N.IPSET_INFO) if (!NODE_SETS.has(info.name)) sets.set(info.name, newSet(info.name, 'shared'));
  // Entries are built from validated Service and endpoint fields (kube-proxy's Entry.Validate).
  const add = (name: string, entry: string) => sets.get(name)!.addValidated(entry);
  const vips: string[] = [];
  const seenVip = new Set<string>();
  const loopback = new Map<string, LocalEndpoint[]>();
  const firewalled: { sp: ServicePortInfo; vip: string }[] = [];
  const externalVips = new Set<string>();
  const bind = (ip: string) => {
    if (!seenVip.has(ip)) {
      seenVip.add(ip);
      vips.push(ip);
    }
  };
  for (const sp of ports) {
    const eps = state.endpoints(sp);
    const proto = sp.protocol;
    for (const ep of eps) {
      if (!ep.nodeName) continue;
      let list = loopback.get(ep.nodeName);
      if (!list) loopback.set(ep.nodeName, (list = []));
      list.push({ ep, protocol: proto });
    }
    add(N.CLUSTER_IP, `${sp.clusterIP},${proto}:${sp.port}`);
    bind(sp.clusterIP);
    for (const ip of sp.externalIPs) {
      add(sp.externalPolicyLocal ? N.EXTERNAL_IP_LOCAL : N.EXTERNAL_IP, `${ip},${proto}:${sp.port}`);
      externalVips.add(ip);
      bind(ip);
    }
    for (const ip of sp.loadBalancerVIPs) {
      const entry = `${ip},${proto}:${sp.port}`;
      add(N.LOAD_BALANCER, entry);
      if (sp.externalPolicyLocal) add(N.LOAD_BALANCER_LOCAL, entry);
      if (sp.loadBalancerSourceRanges.length > 0) {
        add(N.LOAD_BALANCER_FW, entry);
        for (const cidr of sp.loadBalancerSourceRanges) add(N.LOAD_BALANCER_SOURCE_CIDR, `${entry},${cidr}`);
        firewalled.push({ sp, vip: ip });
      }
      externalVips.add(ip);
      bind(ip);
    }
    if (sp.nodePort !== 0) {
      nodePorts.push(sp);
      if (proto !== 'sctp') {
        add(proto === 'tcp' ? N.NODE_PORT_TCP : N.NODE_PORT_UDP, String(sp.nodePort));
        if (sp.externalPolicyLocal) add(proto === 'tcp' ? N.NODE_PORT_LOCAL_TCP : N.NODE_PORT_LOCAL_UDP, String(sp.nodePort));
      }
    }
    if (sp.healthCheckNodePort !== 0) add(N.HEALTH_CHECK_NODE_PORT, String(sp.healthCheckNodePort));
    if (sp.usesLocalEndpoints || eps.some((ep) => ep.zoneHints !== undefined)) {
      dependent.push(sp);
      continue;
    }
    const d = portDests(sp, eps, { name: '' });
    for (const vs of addressServers(sp, d, cfg)) table.set(specKey(vs), vs);
    if (sp.nodePort !== 0) {
      const t = virtualServer(sp, '', sp.nodePort, d.external, cfg);
      nodePortTemplates.set(`${t.protocol}|${t.port}`, t);
    }
  }
  // KUBE-IPVS-IPS as on a node none of whose addresses is an externalIP or LB VIP.
  for (const ip of vips) add(N.IPVS_IPS, ip);
  return { version: state.version, ports, table, dependent, nodePorts, nodePortTemplates, sets, vips, loopback, firewalled, externalVips };
}

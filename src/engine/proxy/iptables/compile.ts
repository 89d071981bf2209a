/**
 * The rules kube-proxy's iptables proxier writes for one service port on one node, in the order
 * syncProxyRules writes them (kubernetes pkg/proxy/iptables/proxier.go, reference §1.4).
 * Arguments are kept as separate tokens, unquoted: the restore formatter quotes the ones with
 * spaces, exactly where proxier.go writes `"..."`.
 */
import type { RuleSpec } from '../../net/iptables/types.ts';
import { categorizeEndpoints } from '../categorize-endpoints.ts';
import type { EndpointInfo } from '../endpoints.ts';
import type { ServicePortInfo } from '../service-port.ts';
import type { LocalDetector } from './config.ts';
import {
  KUBE_EXTERNAL_SERVICES,
  KUBE_MARK_MASQ,
  KUBE_NODEPORTS,
  KUBE_PROXY_FIREWALL,
  KUBE_SERVICES,
  servicePortChainNames,
  servicePortEndpointChainName,
} from './names.ts';
import type { ServicePortChainNames } from './names.ts';
import { probability } from './probability.ts';
import { cidrContains, parseCidr, parseIPv4 } from '../../net/ipv4.ts';

/** One service port's share of the restore input. */
export interface ServiceFragment {
  readonly filter: readonly RuleSpec[];
  /** nat chains it declares (`:KUBE-SVC-... - [0:0]`), in the order written. */
  readonly natChains: readonly string[];
  readonly nat: readonly RuleSpec[];
}

export interface FragmentContext {
  nodeName: string;
  nodeZone?: string;
  /** kube-proxy's nodeIP (loadBalancerSourceRanges containing it let the node reach its LB IPs). */
  nodeIP?: string;
  masqueradeAll: boolean;
  detector: LocalDetector | undefined;
  /** More than 1000 endpoints in all: per-endpoint comments are left out. */
  largeClusterMode: boolean;
  /** localhostNodePorts, IPv4 and the nfacct counter: the extra 127.0.0.0/8 NodePort rule. */
  localhostNodePortRule: boolean;
}

const chainNameCache = new WeakMap<ServicePortInfo, ServicePortChainNames>();
const sepNameCache = new WeakMap<EndpointInfo, string>();

export function chainNamesOf(sp: ServicePortInfo): ServicePortChainNames {
  let names = chainNameCache.get(sp);
  if (!names) chainNameCache.set(sp, (names = servicePortChainNames(sp.nameString, sp.protocol)));
  return names;
}

/** KUBE-SEP-... of one endpoint of `sp` (cached on the endpoint, which belongs to one service port). */
export function endpointChainOf(sp: ServicePortInfo, ep: EndpointInfo): string {
  let name = sepNameCache.get(ep);
  if (!name) sepNameCache.set(ep, (name = servicePortEndpointChainName(sp.nameString, sp.protocol, ep.endpoint)));
  return name;
}

function rule(chain: string, args: readonly string[]): RuleSpec {
  return { chain, args, author: 'kube-proxy' };
}

export function compileServicePort(sp: ServicePortInfo, endpoints: readonly EndpointInfo[], ctx: FragmentContext): ServiceFragment {
  const filter: RuleSpec[] = [];
  const natChains: string[] = [];
  const nat: RuleSpec[] = [];
  const p = sp.protocol;
  const n = sp.nameString;
  const port = String(sp.port);
  const names = chainNamesOf(sp);
  const { clusterEndpoints, localEndpoints, allReachableEndpoints, hasEndpoints } = categorizeEndpoints(endpoints, sp, {
    name: ctx.nodeName,
    zone: ctx.nodeZone,
  });

  const usesClusterPolicyChain = clusterEndpoints.length > 0 && sp.usesClusterEndpoints;
  const usesLocalPolicyChain = localEndpoints.length > 0 && sp.usesLocalEndpoints;
  let internalPolicyChain = names.clusterPolicy;
  let hasInternalEndpoints = hasEndpoints;
  if (sp.internalPolicyLocal) {
    internalPolicyChain = names.localPolicy;
    if (localEndpoints.length === 0) hasInternalEndpoints = false;
  }
  let externalPolicyChain = names.clusterPolicy;
  let hasExternalEndpoints = hasEndpoints;
  if (sp.externalPolicyLocal) {
    externalPolicyChain = names.localPolicy;
    if (localEndpoints.length === 0) hasExternalEndpoints = false;
  }
  const externalChain = names.external;
  // Based on hasEndpoints, not hasExternalEndpoints: the short-circuit rules for pods and the
  // node are needed even when no endpoint is usable from outside.
  const usesExternalChain = hasEndpoints && sp.externallyAccessible;
  const usesFWChain = hasEndpoints && sp.loadBalancerVIPs.length > 0 && sp.loadBalancerSourceRanges.length > 0;
  const loadBalancerChain = usesFWChain ? names.firewall : externalChain;

  let internalFilterTarget = '';
  let internalFilterComment = '';
  let externalFilterTarget = '';
  let externalFilterComment = '';
  if (!hasEndpoints) {
    internalFilterTarget = externalFilterTarget = 'REJECT';
    internalFilterComment = externalFilterComment = `${n} has no endpoints`;
  } else {
    if (!hasInternalEndpoints) {
      internalFilterTarget = 'DROP';
      internalFilterComment = `${n} has no local endpoints`;
    }
    if (!hasExternalEndpoints) {
      externalFilterTarget = 'DROP';
      externalFilterComment = `${n} has no local endpoints`;
    }
  }

  // The ClusterIP.
  if (hasInternalEndpoints) {
    nat.push(rule(KUBE_SERVICES, ['-m', 'comment', '--comment', `${n} cluster IP`, '-m', p, '-p', p, '-d', sp.clusterIP, '--dport', port, '-j', internalPolicyChain]));
  } else {
    filter.push(rule(KUBE_SERVICES, ['-m', 'comment', '--comment', internalFilterComment, '-m', p, '-p', p, '-d', sp.clusterIP, '--dport', port, '-j', internalFilterTarget]));
  }

  for (const ip of sp.externalIPs) {
    if (hasEndpoints) nat.push(rule(KUBE_SERVICES, ['-m', 'comment', '--comment', `${n} external IP`, '-m', p, '-p', p, '-d', ip, '--dport', port, '-j', externalChain]));
    if (!hasExternalEndpoints) {
      filter.push(rule(KUBE_EXTERNAL_SERVICES, ['-m', 'comment', '--comment', externalFilterComment, '-m', p, '-p', p, '-d', ip, '--dport', port, '-j', externalFilterTarget]));
    }
  }

  for (const ip of sp.loadBalancerVIPs) {
    if (hasEndpoints) nat.push(rule(KUBE_SERVICES, ['-m', 'comment', '--comment', `${n} loadbalancer IP`, '-m', p, '-p', p, '-d', ip, '--dport', port, '-j', loadBalancerChain]));
    if (usesFWChain) {
      filter.push(
        rule(KUBE_PROXY_FIREWALL, ['-m', 'comment', '--comment', `${n} traffic not accepted by ${names.firewall}`, '-m', p, '-p', p, '-d', ip, '--dport', port, '-j', 'DROP']),
      );
    }
  }
  if (!hasExternalEndpoints) {
    for (const ip of sp.loadBalancerVIPs) {
      filter.push(rule(KUBE_EXTERNAL_SERVICES, ['-m', 'comment', '--comment', externalFilterComment, '-m', p, '-p', p, '-d', ip, '--dport', port, '-j', externalFilterTarget]));
    }
  }

  if (sp.nodePort !== 0) {
    const np = String(sp.nodePort);
    if (hasEndpoints) {
      // NodePorts are not subject to loadBalancerSourceRanges (upstream: "for better or for worse").
      if (ctx.localhostNodePortRule) {
        nat.push(
          rule(KUBE_NODEPORTS, ['-m', 'comment', '--comment', n, '-m', p, '-p', p, '-d', '127.0.0.0/8', '--dport', np, '-m', 'nfacct', '--nfacct-name', 'localhost_nps_accepted_pkts', '-j', externalChain]),
        );
      }
      nat.push(rule(KUBE_NODEPORTS, ['-m', 'comment', '--comment', n, '-m', p, '-p', p, '--dport', np, '-j', externalChain]));
    }
    if (!hasExternalEndpoints) {
      filter.push(
        rule(KUBE_EXTERNAL_SERVICES, ['-m', 'comment', '--comment', externalFilterComment, '-m', 'addrtype', '--dst-type', 'LOCAL', '-m', p, '-p', p, '--dport', np, '-j', externalFilterTarget]),
      );
    }
  }

  if (sp.healthCheckNodePort !== 0) {
    // Whether or not this node has local endpoints, the health check port must be reachable.
    filter.push(rule(KUBE_NODEPORTS, ['-m', 'comment', '--comment', `${n} health check node port`, '-m', 'tcp', '-p', 'tcp', '--dport', String(sp.healthCheckNodePort), '-j', 'ACCEPT']));
  }

  // Internal traffic: masquerade what does not come from a pod (or everything, with masqueradeAll).
  if (hasInternalEndpoints) {
    const args = ['-m', 'comment', '--comment', `${n} cluster IP`, '-m', p, '-p', p, '-d', sp.clusterIP, '--dport', port];
    if (ctx.masqueradeAll) nat.push(rule(internalPolicyChain, [...args, '-j', KUBE_MARK_MASQ]));
    else if (ctx.detector) nat.push(rule(internalPolicyChain, [...args, ...ctx.detector.ifNotLocal, '-j', KUBE_MARK_MASQ]));
  }

  if (usesExternalChain) {
    natChains.push(externalChain);
    if (!sp.externalPolicyLocal) {
      // Endpoints may be on other nodes: masquerade so replies come back through this one.
      nat.push(rule(externalChain, ['-m', 'comment', '--comment', `masquerade traffic for ${n} external destinations`, '-j', KUBE_MARK_MASQ]));
    } else {
      if (ctx.detector) {
        nat.push(rule(externalChain, ['-m', 'comment', '--comment', `pod traffic for ${n} external destinations`, ...ctx.detector.ifLocal, '-j', names.clusterPolicy]));
      }
      nat.push(rule(externalChain, ['-m', 'comment', '--comment', `masquerade LOCAL traffic for ${n} external destinations`, '-m', 'addrtype', '--src-type', 'LOCAL', '-j', KUBE_MARK_MASQ]));
      nat.push(rule(externalChain, ['-m', 'comment', '--comment', `route LOCAL traffic for ${n} external destinations`, '-m', 'addrtype', '--src-type', 'LOCAL', '-j', names.clusterPolicy]));
    }
    if (hasExternalEndpoints) nat.push(rule(externalChain, ['-j', externalPolicyChain]));
  }

  if (usesFWChain) {
    natChains.push(names.firewall);
    const head = ['-m', 'comment', '--comment', `${n} loadbalancer IP`];
    let allowFromNode = false;
    const nodeIP = ctx.nodeIP === undefined ? undefined : parseIPv4(ctx.nodeIP);
    for (const cidr of sp.loadBalancerSourceRanges) {
      nat.push(rule(names.firewall, [...head, '-s', cidr, '-j', externalChain]));
      const c = parseCidr(cidr);
      if (c && nodeIP !== undefined && cidrContains(c, nodeIP)) allowFromNode = true;
    }
    // A VIP-like LB's IP is often local to the node: a request from the node to it loops back
    // with the VIP as source, so let those in too.
    if (allowFromNode) for (const ip of sp.loadBalancerVIPs) nat.push(rule(names.firewall, [...head, '-s', ip, '-j', externalChain]));
    // Reaching the end means no DNAT: KUBE-PROXY-FIREWALL in filter drops it.
    nat.push(rule(names.firewall, ['-m', 'comment', '--comment', `other traffic to ${n} will be dropped by KUBE-PROXY-FIREWALL`]));
  }

  if (usesClusterPolicyChain) {
    natChains.push(names.clusterPolicy);
    writeServiceToEndpointRules(nat, sp, names.clusterPolicy, clusterEndpoints, ctx.largeClusterMode);
  }
  if (usesLocalPolicyChain) {
    natChains.push(names.localPolicy);
    writeServiceToEndpointRules(nat, sp, names.localPolicy, localEndpoints, ctx.largeClusterMode);
  }

  for (const ep of allReachableEndpoints) {
    const sep = endpointChainOf(sp, ep);
    natChains.push(sep);
    const head = ctx.largeClusterMode ? [] : ['-m', 'comment', '--comment', n];
    // Hairpin: a pod reaching itself through the Service is masqueraded.
    nat.push(rule(sep, [...head, '-s', ep.ip, '-j', KUBE_MARK_MASQ]));
    const affinity = sp.sessionAffinity === 'ClientIP' ? ['-m', 'recent', '--name', sep, '--set'] : [];
    nat.push(rule(sep, [...head, ...affinity, '-m', p, '-p', p, '-j', 'DNAT', '--to-destination', ep.endpoint]));
  }

  return { filter, natChains, nat };
}

/** proxier.go writeServiceToEndpointRules: affinity checks first, then the probability ladder. */
function writeServiceToEndpointRules(nat: RuleSpec[], sp: ServicePortInfo, chain: string, endpoints: readonly EndpointInfo[], large: boolean): void {
  const n = sp.nameString;
  if (sp.sessionAffinity === 'ClientIP') {
    const seconds = String(sp.stickyMaxAgeSeconds);
    for (const ep of endpoints) {
      const sep = endpointChainOf(sp, ep);
      const comment = large ? [] : ['-m', 'comment', '--comment', `${n} -> ${ep.endpoint}`];
      nat.push(rule(chain, [...comment, '-m', 'recent', '--name', sep, '--rcheck', '--seconds', seconds, '--reap', '-j', sep]));
    }
  }
  const count = endpoints.length;
  for (let i = 0; i < count; i++) {
    const ep = endpoints[i];
    const sep = endpointChainOf(sp, ep);
    const comment = large ? [] : ['-m', 'comment', '--comment', `${n} -> ${ep.endpoint}`];
    if (i < count - 1) nat.push(rule(chain, [...comment, '-m', 'statistic', '--mode', 'random', '--probability', probability(count - i), '-j', sep]));
    else nat.push(rule(chain, [...comment, '-j', sep]));
  }
}

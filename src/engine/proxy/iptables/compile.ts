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
} from './names.ts';
import type { ServicePortChainNames } from './names.ts';
import { probability } from './probability.ts';
import { ClusterIPRule, masqueradeTail } from './cluster-ip-rules.ts';
import { LadderRule, SepDnatRule, SepMasqRule, SepRule } from './endpoint-rules.ts';
import type { PortRuleContext } from './endpoint-rules.ts';
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

/** A service port's SVC, SVL, EXT and FW chain names, hashed once (the backend keeps one per service port). */
export class ServicePortNames {
  readonly chains: ServicePortChainNames;

  constructor(sp: ServicePortInfo) {
    this.chains = servicePortChainNames(sp.nameString, sp.protocol);
  }
}

/** The items of `list` for `subset`'s endpoints (an ordered sub-list of `all`, which `list` follows). */
function ofSubset<T>(subset: readonly EndpointInfo[], all: readonly EndpointInfo[], list: readonly T[]): readonly T[] {
  if (subset === all) return list;
  const out = new Array<T>(subset.length);
  let j = 0;
  for (let i = 0; i < subset.length; i++) {
    while (all[j] !== subset[i]) j++;
    out[i] = list[j];
  }
  return out;
}

/** No extra match: masqueradeAll masquerades all traffic to the ClusterIP. */
const NOTHING: readonly string[] = [];

function rule(chain: string, args: readonly string[]): RuleSpec {
  return { chain, args, author: 'kube-proxy' };
}

export function compileServicePort(sp: ServicePortInfo, endpoints: readonly EndpointInfo[], ctx: FragmentContext, hashes: ServicePortNames = new ServicePortNames(sp)): ServiceFragment {
  const filter: RuleSpec[] = [];
  const natChains: string[] = [];
  const nat: RuleSpec[] = [];
  const p = sp.protocol;
  const n = sp.nameString;
  const port = String(sp.port);
  const names = hashes.chains;
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
    nat.push(new ClusterIPRule(KUBE_SERVICES, sp, ['-j', internalPolicyChain]));
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
    if (ctx.masqueradeAll) nat.push(new ClusterIPRule(internalPolicyChain, sp, masqueradeTail(NOTHING)));
    else if (ctx.detector) nat.push(new ClusterIPRule(internalPolicyChain, sp, masqueradeTail(ctx.detector.ifNotLocal)));
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

  const portCtx: PortRuleContext = { comment: ctx.largeClusterMode ? undefined : n, protocol: p, servicePortName: n };
  // Each endpoint's KUBE-SEP- chain, named when first read; its first rule stands for it, and
  // its rules declare it (a LazyChain is never in natChains).
  const seps = new Array<SepMasqRule>(allReachableEndpoints.length);
  for (let e = 0; e < allReachableEndpoints.length; e++) seps[e] = new SepMasqRule(portCtx, allReachableEndpoints[e]);
  if (usesClusterPolicyChain) {
    natChains.push(names.clusterPolicy);
    writeServiceToEndpointRules(nat, sp, ofSubset(clusterEndpoints, allReachableEndpoints, seps), names.clusterPolicy, clusterEndpoints, ctx.largeClusterMode);
  }
  if (usesLocalPolicyChain) {
    natChains.push(names.localPolicy);
    writeServiceToEndpointRules(nat, sp, ofSubset(localEndpoints, allReachableEndpoints, seps), names.localPolicy, localEndpoints, ctx.largeClusterMode);
  }

  for (let e = 0; e < allReachableEndpoints.length; e++) {
    const ep = allReachableEndpoints[e];
    const sep = seps[e];
    // Hairpin: a pod reaching itself through the Service is masqueraded.
    nat.push(sep);
    if (sp.sessionAffinity === 'ClientIP') {
      const dnat = ctx.largeClusterMode ? [] : ['-m', 'comment', '--comment', n];
      dnat.push('-m', 'recent', '--name', sep.chain, '--set', '-m', p, '-p', p, '-j', 'DNAT', '--to-destination', ep.endpoint);
      nat.push(new SepRule(sep, dnat));
    } else nat.push(new SepDnatRule(sep));
  }

  return { filter, natChains, nat };
}

/** proxier.go writeServiceToEndpointRules: affinity checks first, then the probability ladder. */
function writeServiceToEndpointRules(nat: RuleSpec[], sp: ServicePortInfo, seps: readonly SepMasqRule[], chain: string, endpoints: readonly EndpointInfo[], large: boolean): void {
  const n = sp.nameString;
  if (sp.sessionAffinity === 'ClientIP') {
    const seconds = String(sp.stickyMaxAgeSeconds);
    for (let i = 0; i < endpoints.length; i++) {
      const ep = endpoints[i];
      const sep = seps[i].chain;
      const args: string[] = large ? [] : ['-m', 'comment', '--comment', `${n} -> ${ep.endpoint}`];
      args.push('-m', 'recent', '--name', sep, '--rcheck', '--seconds', seconds, '--reap', '-j', sep);
      // The jump's target found by identity, as the ladder's are.
      nat.push({ chain, args, author: 'kube-proxy', jumpChain: seps[i] });
    }
  }
  const count = endpoints.length;
  for (let i = 0; i < count; i++) {
    nat.push(new LadderRule(chain, i === count - 1 ? undefined : probability(count - i), seps[i]));
  }
}

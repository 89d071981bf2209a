/**
 * The iptables part of ipvs mode in kube-proxy's restore order (pkg/proxy/ipvs/proxier.go
 * writeIptablesRules, v1.33; reference §3.4 plus the newer KUBE-IPVS-FILTER rule for
 * KUBE-EXTERNAL-IP-LOCAL and the KUBE-IPVS-OUT-FILTER chain), and how iptables-save prints it.
 */
import { describe, expect, it } from 'vitest';
import { parseRuleSpec } from '../../net/iptables/parse.ts';
import { restoreRuleText } from '../../net/iptables/restore-format.ts';
import { saveLine } from '../../net/iptables/save-format.ts';
import type { Ruleset } from '../../net/iptables/types.ts';
import { ep, slice, stateOf, svc } from '../testing/builders.ts';
import type { ProxyNode } from '../proxy-node.ts';
import { compileIpvsNode } from './compile.ts';
import { ipvsConfigFrom } from './config.ts';

const NODE: ProxyNode = { name: 'node-a', ips: ['192.168.0.2'], addresses: ['127.0.0.1', '192.168.0.2', '10.244.1.1'] };
const config = ipvsConfigFrom({ apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', mode: 'ipvs', clusterCIDR: '10.244.0.0/16' });

function lines(r: Ruleset, table: 'nat' | 'filter'): string[] {
  return r.tables.find((t) => t.name === table)!.rules.map(restoreRuleText);
}

const MASQ_TAIL = [
  '-A KUBE-POSTROUTING -m mark ! --mark 0x00004000/0x00004000 -j RETURN',
  '-A KUBE-POSTROUTING -j MARK --xor-mark 0x00004000',
  '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
  '-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000',
];

const FILTER_FIXED = [
  '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x00004000/0x00004000 -j ACCEPT',
  '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
  '-A KUBE-NODE-PORT -m comment --comment "Kubernetes health check node port" -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j ACCEPT',
  '-A KUBE-IPVS-FILTER -m set --match-set KUBE-LOAD-BALANCER dst,dst -j RETURN',
  '-A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN',
  '-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP dst,dst -j RETURN',
  '-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP-LOCAL dst,dst -j RETURN',
  '-A KUBE-IPVS-FILTER -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j RETURN',
  '-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT',
];

describe('ipvs mode iptables rules', () => {
  it('writes only the cluster-IP rules for a plain ClusterIP service', () => {
    const state = stateOf([
      svc('ns1', 'web', { clusterIP: '10.96.45.10', ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] }),
      slice('ns1', 'web-abc', 'web', [{ port: 8080, protocol: 'TCP' }], [ep('10.244.2.7', 'node-b')]),
    ]);
    const s = compileIpvsNode(state, NODE, config);
    expect(lines(s.restore, 'nat')).toEqual([
      '-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN',
      '-A KUBE-SERVICES -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ',
      '-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT',
      '-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ',
      '-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT',
      ...MASQ_TAIL,
    ]);
    expect(lines(s.restore, 'filter')).toEqual(['-A KUBE-SOURCE-RANGES-FIREWALL -j DROP', ...FILTER_FIXED]);
    expect(s.restore.tables.map((t) => `${t.name}: ${t.chains.join(' ')}`)).toEqual([
      'nat: KUBE-SERVICES KUBE-POSTROUTING KUBE-NODE-PORT KUBE-LOAD-BALANCER KUBE-MARK-MASQ',
      'filter: KUBE-FORWARD KUBE-NODE-PORT KUBE-PROXY-FIREWALL KUBE-SOURCE-RANGES-FIREWALL KUBE-IPVS-FILTER KUBE-IPVS-OUT-FILTER',
    ]);
  });

  it('adds hairpin, NodePort, externalIP and load-balancer rules in writeIptablesRules order', () => {
    const state = stateOf([
      svc('ns1', 'web', {
        type: 'LoadBalancer', clusterIP: '10.96.45.10', externalIPs: ['203.0.113.7'], externalTrafficPolicy: 'Local', healthCheckNodePort: 32000,
        loadBalancerSourceRanges: ['192.168.0.0/24'], ports: [{ port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }],
      }, { loadBalancer: { ingress: [{ ip: '198.51.100.10' }] } }),
      svc('ns1', 'dns', { type: 'NodePort', clusterIP: '10.96.45.11', ports: [{ port: 53, targetPort: 53, nodePort: 30053, protocol: 'UDP' }] }),
      slice('ns1', 'web-abc', 'web', [{ port: 8080, protocol: 'TCP' }], [ep('10.244.1.5', 'node-a'), ep('10.244.2.7', 'node-b')]),
      slice('ns1', 'dns-abc', 'dns', [{ port: 53, protocol: 'UDP' }], [ep('10.244.2.8', 'node-b')]),
    ]);
    const s = compileIpvsNode(state, NODE, config);
    expect(lines(s.restore, 'nat')).toEqual([
      '-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN',
      '-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE',
      '-A KUBE-SERVICES -m comment --comment "Kubernetes service lb portal" -m set --match-set KUBE-LOAD-BALANCER dst,dst -j KUBE-LOAD-BALANCER',
      '-A KUBE-LOAD-BALANCER -m comment --comment "Kubernetes service load balancer ip + port with externalTrafficPolicy=local" -m set --match-set KUBE-LOAD-BALANCER-LOCAL dst,dst -j RETURN',
      '-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port with externalTrafficPolicy=local" -m set --match-set KUBE-NODE-PORT-LOCAL-TCP dst -j RETURN',
      '-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ',
      '-A KUBE-NODE-PORT -p udp -m comment --comment "Kubernetes nodeport UDP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-UDP dst -j KUBE-MARK-MASQ',
      '-A KUBE-SERVICES -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ',
      '-A KUBE-SERVICES -m comment --comment "Kubernetes service external ip + port with externalTrafficPolicy=local" -m set --match-set KUBE-EXTERNAL-IP-LOCAL dst,dst -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT',
      '-A KUBE-SERVICES -m comment --comment "Kubernetes service external ip + port with externalTrafficPolicy=local" -m set --match-set KUBE-EXTERNAL-IP-LOCAL dst,dst -m addrtype --dst-type LOCAL -j ACCEPT',
      '-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT',
      '-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ',
      '-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT',
      '-A KUBE-SERVICES -m set --match-set KUBE-LOAD-BALANCER dst,dst -j ACCEPT',
      ...MASQ_TAIL,
    ]);
    expect(lines(s.restore, 'filter')).toEqual([
      '-A KUBE-PROXY-FIREWALL -m comment --comment "Kubernetes service load balancer ip + port for load balancer with sourceRange" -m set --match-set KUBE-LOAD-BALANCER-FW dst,dst -j KUBE-SOURCE-RANGES-FIREWALL',
      '-A KUBE-SOURCE-RANGES-FIREWALL -m comment --comment "Kubernetes service load balancer ip + port + source cidr for packet filter purpose" -m set --match-set KUBE-LOAD-BALANCER-SOURCE-CIDR dst,dst,src -j RETURN',
      // The node's IP is inside the source range, so the VIP may be reached from the node itself.
      '-A KUBE-SOURCE-RANGES-FIREWALL -m comment --comment "Kubernetes service load balancer ip + port + source IP for packet filter purpose" -m set --match-set KUBE-LOAD-BALANCER-SOURCE-IP dst,dst,src -j RETURN',
      '-A KUBE-SOURCE-RANGES-FIREWALL -j DROP',
      ...FILTER_FIXED,
    ]);
    expect(s.ipset('KUBE-LOAD-BALANCER-SOURCE-IP')!.entries()).toEqual(['198.51.100.10,tcp:80,198.51.100.10']);
    expect(s.ipset('KUBE-LOAD-BALANCER-SOURCE-CIDR')!.entries()).toEqual(['198.51.100.10,tcp:80,192.168.0.0/24']);
    expect(s.ipset('KUBE-HEALTH-CHECK-NODE-PORT')!.entries()).toEqual(['32000']);
    expect(s.dummyAddresses).toEqual(['10.96.45.11', '10.96.45.10', '203.0.113.7', '198.51.100.10']);
  });

  it('prints every rule through iptables-save, parsed', () => {
    const state = stateOf([svc('ns1', 'web', { clusterIP: '10.96.45.10', ports: [{ port: 80, protocol: 'TCP' }] })]);
    const s = compileIpvsNode(state, NODE, config);
    for (const t of s.ruleset.tables) for (const r of t.rules) expect(parseRuleSpec(r).ok).toBe(true);
    const nat = s.ruleset.tables.find((t) => t.name === 'nat')!;
    expect(nat.rules.slice(0, 3).map(saveLine)).toEqual([
      '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    ]);
    expect(saveLine(nat.rules[4])).toBe(
      '-A KUBE-SERVICES ! -s 10.244.0.0/16 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ',
    );
    const filter = s.ruleset.tables.find((t) => t.name === 'filter')!;
    expect(filter.rules.filter((r) => r.chain === 'INPUT').map(saveLine)).toEqual([
      '-A INPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-FILTER',
      '-A INPUT -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL',
      '-A INPUT -m comment --comment "kubernetes health check rules" -j KUBE-NODE-PORT',
    ]);
  });

  it('masquerades everything with masqueradeAll and uses src,dst without a local detector', () => {
    const state = stateOf([svc('ns1', 'web', { clusterIP: '10.96.45.10', ports: [{ port: 80, protocol: 'TCP' }] })]);
    const all = compileIpvsNode(state, NODE, ipvsConfigFrom({ apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', iptables: { masqueradeAll: true } }));
    expect(lines(all.restore, 'nat')[1]).toBe('-A KUBE-SERVICES -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ');
    const none = compileIpvsNode(state, NODE, ipvsConfigFrom({ apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration' }));
    expect(lines(none.restore, 'nat')[1]).toBe('-A KUBE-SERVICES -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP src,dst -j KUBE-MARK-MASQ');
  });
});

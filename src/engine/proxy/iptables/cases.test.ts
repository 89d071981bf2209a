/**
 * kube-proxy iptables rules for the cases a user meets, one expectation per row: exact restore
 * lines (reference §1.3, §1.4, §1.9, §1.10) that must or must not be written.
 */
import { describe, it, expect } from 'vitest';
import type { Service } from '../../api/core.ts';
import type { EndpointSlice } from '../../api/discovery.ts';
import { ep, slice, stateOf, svc, TEST_NODE } from '../testing/builders.ts';
import { IptablesBackend } from './backend.ts';
import { DEFAULT_IPTABLES_CONFIG, GOLDEN_HARNESS_CONFIG } from './config.ts';
import type { IptablesProxyConfig } from './config.ts';

const P80 = [{ name: 'p80', port: 80, protocol: 'TCP' as const }];
const NP = (type: 'NodePort' | 'LoadBalancer', extra: Partial<Service['spec']> = {}): Service['spec'] => ({
  type,
  clusterIP: '172.30.0.41',
  ports: [{ ...P80[0], nodePort: 3001 }],
  ...extra,
});
const slice1 = (...endpoints: EndpointSlice['endpoints']) => slice('ns1', 'svc1-abc', 'svc1', P80, endpoints);

function lines(objects: (Service | EndpointSlice)[], cfg: Partial<IptablesProxyConfig> = {}, node = TEST_NODE): string[] {
  return new IptablesBackend({ ...GOLDEN_HARNESS_CONFIG, ...cfg }).compile(stateOf(objects), node).restoreText().split('\n');
}

const SVC = 'KUBE-SVC-XPGD46QRK7WJZT7O';
const SVL = 'KUBE-SVL-XPGD46QRK7WJZT7O';
const EXT = 'KUBE-EXT-XPGD46QRK7WJZT7O';
const FW = 'KUBE-FW-XPGD46QRK7WJZT7O';
const SEP1 = 'KUBE-SEP-SXIVWICOYRO3J4NJ'; // 10.180.0.1:80
const SEP2 = 'KUBE-SEP-ZX7GRIZKSNUQ3LAJ'; // 10.180.2.1:80

interface Case {
  name: string;
  objects: (Service | EndpointSlice)[];
  cfg?: Partial<IptablesProxyConfig>;
  has: string[];
  hasNot?: string[];
}

const cases: Case[] = [
  {
    name: 'NodePort with externalTrafficPolicy Cluster masquerades all external traffic',
    objects: [svc('ns1', 'svc1', NP('NodePort')), slice1(ep('10.180.0.1', 'host1'))],
    has: [
      `-A KUBE-NODEPORTS -m comment --comment ns1/svc1:p80 -m tcp -p tcp --dport 3001 -j ${EXT}`,
      `-A ${EXT} -m comment --comment "masquerade traffic for ns1/svc1:p80 external destinations" -j KUBE-MARK-MASQ`,
      `-A ${EXT} -j ${SVC}`,
    ],
    hasNot: [`:${SVL} - [0:0]`],
  },
  {
    name: 'NodePort with externalTrafficPolicy Local and a local endpoint goes to the local endpoint only',
    objects: [svc('ns1', 'svc1', NP('NodePort', { externalTrafficPolicy: 'Local' })), slice1(ep('10.180.0.1', 'test-hostname'), ep('10.180.2.1', 'host2'))],
    has: [
      `-A ${EXT} -m comment --comment "pod traffic for ns1/svc1:p80 external destinations" -s 10.0.0.0/8 -j ${SVC}`,
      `-A ${EXT} -m comment --comment "masquerade LOCAL traffic for ns1/svc1:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`,
      `-A ${EXT} -m comment --comment "route LOCAL traffic for ns1/svc1:p80 external destinations" -m addrtype --src-type LOCAL -j ${SVC}`,
      `-A ${EXT} -j ${SVL}`,
      `-A ${SVL} -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j ${SEP1}`,
      `-A ${SVC} -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -m statistic --mode random --probability 0.5000000000 -j ${SEP1}`,
      `:${SEP2} - [0:0]`,
    ],
    hasNot: [`-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/svc1:p80 has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j DROP`],
  },
  {
    name: 'NodePort with externalTrafficPolicy Local and no local endpoint drops outside traffic but keeps the short-circuit',
    objects: [svc('ns1', 'svc1', NP('NodePort', { externalTrafficPolicy: 'Local' })), slice1(ep('10.180.2.1', 'host2'))],
    has: [
      `-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/svc1:p80 has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j DROP`,
      `-A ${EXT} -m comment --comment "route LOCAL traffic for ns1/svc1:p80 external destinations" -m addrtype --src-type LOCAL -j ${SVC}`,
    ],
    hasNot: [`-A ${EXT} -j ${SVL}`, `:${SVL} - [0:0]`],
  },
  {
    name: 'an EndpointSlice written by hand naming a node that does not exist is local nowhere',
    objects: [svc('ns1', 'svc1', NP('NodePort', { externalTrafficPolicy: 'Local' })), slice1(ep('10.180.0.1', 'ghost-node'))],
    has: [`-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/svc1:p80 has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j DROP`],
  },
  {
    name: 'LoadBalancer with source ranges containing the node IP also admits the node through its LB IP',
    objects: [
      svc('ns1', 'svc1', NP('LoadBalancer', { loadBalancerSourceRanges: ['192.168.0.0/24', '203.0.113.0/25'] }), { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } }),
      slice1(ep('10.180.0.1', 'host1')),
    ],
    has: [
      `-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 loadbalancer IP" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j ${FW}`,
      `-A ${FW} -m comment --comment "ns1/svc1:p80 loadbalancer IP" -s 192.168.0.0/24 -j ${EXT}`,
      `-A ${FW} -m comment --comment "ns1/svc1:p80 loadbalancer IP" -s 203.0.113.0/25 -j ${EXT}`,
      `-A ${FW} -m comment --comment "ns1/svc1:p80 loadbalancer IP" -s 1.2.3.4 -j ${EXT}`,
      `-A ${FW} -m comment --comment "other traffic to ns1/svc1:p80 will be dropped by KUBE-PROXY-FIREWALL"`,
      `-A KUBE-PROXY-FIREWALL -m comment --comment "ns1/svc1:p80 traffic not accepted by ${FW}" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j DROP`,
    ],
  },
  {
    name: 'a LoadBalancer in ipMode Proxy gets no rules for its ingress IP',
    objects: [svc('ns1', 'svc1', NP('LoadBalancer'), { loadBalancer: { ingress: [{ ip: '1.2.3.4', ipMode: 'Proxy' }] } }), slice1(ep('10.180.0.1', 'host1'))],
    has: [`-A KUBE-NODEPORTS -m comment --comment ns1/svc1:p80 -m tcp -p tcp --dport 3001 -j ${EXT}`],
    hasNot: [`-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 loadbalancer IP" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j ${EXT}`],
  },
  {
    name: 'externalIPs, NodePort and LB IP without endpoints are rejected in KUBE-EXTERNAL-SERVICES',
    objects: [svc('ns1', 'svc1', NP('LoadBalancer', { externalIPs: ['192.168.99.11'] }), { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } })],
    has: [
      `-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 has no endpoints" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j REJECT`,
      `-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/svc1:p80 has no endpoints" -m tcp -p tcp -d 192.168.99.11 --dport 80 -j REJECT`,
      `-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/svc1:p80 has no endpoints" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j REJECT`,
      `-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/svc1:p80 has no endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j REJECT`,
    ],
    hasNot: [`:${EXT} - [0:0]`],
  },
  {
    name: 'ClientIP session affinity checks the recent list before the probability ladder',
    objects: [
      svc('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: P80, sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } } }),
      slice1(ep('10.180.0.1'), ep('10.180.2.1')),
    ],
    has: [
      `-A ${SVC} -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -m recent --name ${SEP1} --rcheck --seconds 600 --reap -j ${SEP1}`,
      `-A ${SVC} -m comment --comment "ns1/svc1:p80 -> 10.180.2.1:80" -m recent --name ${SEP2} --rcheck --seconds 600 --reap -j ${SEP2}`,
      `-A ${SVC} -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -m statistic --mode random --probability 0.5000000000 -j ${SEP1}`,
      `-A ${SEP1} -m comment --comment ns1/svc1:p80 -m recent --name ${SEP1} --set -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80`,
    ],
  },
  {
    name: 'internalTrafficPolicy Local with a local endpoint sends ClusterIP traffic to KUBE-SVL',
    objects: [svc('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: P80, internalTrafficPolicy: 'Local' }), slice1(ep('10.180.0.1', 'test-hostname'), ep('10.180.2.1', 'host2'))],
    has: [
      `-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j ${SVL}`,
      `-A ${SVL} -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ`,
      `-A ${SVL} -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j ${SEP1}`,
    ],
    hasNot: [`:${SVC} - [0:0]`, `:${SEP2} - [0:0]`],
  },
  {
    name: 'internalTrafficPolicy Local without a local endpoint drops ClusterIP traffic',
    objects: [svc('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: P80, internalTrafficPolicy: 'Local' }), slice1(ep('10.180.2.1', 'host2'))],
    has: [`-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 has no local endpoints" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j DROP`],
    hasNot: [`:${SVL} - [0:0]`, `:${SEP2} - [0:0]`],
  },
  {
    name: 'terminating endpoints are ignored while a Ready one exists',
    objects: [svc('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: P80 }), slice1(ep('10.180.0.1'), ep('10.180.2.1', undefined, { ready: false, serving: true, terminating: true }))],
    has: [`-A ${SVC} -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j ${SEP1}`],
    hasNot: [`:${SEP2} - [0:0]`],
  },
  {
    name: 'serving terminating endpoints are used when none is Ready',
    objects: [svc('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: P80 }), slice1(ep('10.180.2.1', undefined, { ready: false, serving: true, terminating: true }))],
    has: [`-A ${SVC} -m comment --comment "ns1/svc1:p80 -> 10.180.2.1:80" -j ${SEP2}`],
  },
  {
    name: 'terminating endpoints that no longer serve leave the Service without endpoints',
    objects: [svc('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: P80 }), slice1(ep('10.180.2.1', undefined, { ready: false, serving: false, terminating: true }))],
    has: [`-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 has no endpoints" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j REJECT`],
  },
  {
    name: 'masqueradeAll masquerades every ClusterIP packet',
    objects: [svc('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: P80 }), slice1(ep('10.180.0.1'))],
    cfg: { masqueradeAll: true },
    has: [`-A ${SVC} -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-MARK-MASQ`],
  },
  {
    name: 'without a clusterCIDR there is no ClusterIP masquerade rule and no pod short-circuit',
    objects: [svc('ns1', 'svc1', NP('NodePort', { externalTrafficPolicy: 'Local' })), slice1(ep('10.180.0.1', 'test-hostname'))],
    cfg: { clusterCIDR: '' },
    has: [`-A ${EXT} -m comment --comment "masquerade LOCAL traffic for ns1/svc1:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`],
    hasNot: [
      `-A ${SVC} -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ`,
      `-A ${EXT} -m comment --comment "pod traffic for ns1/svc1:p80 external destinations" -s 10.0.0.0/8 -j ${SVC}`,
    ],
  },
  {
    name: 'detect-local-mode InterfaceNamePrefix writes the interface match',
    objects: [svc('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: P80 }), slice1(ep('10.180.0.1'))],
    cfg: { detectLocalMode: 'InterfaceNamePrefix', interfaceNamePrefix: 'veth' },
    has: [`-A ${SVC} -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -i veth+ -j KUBE-MARK-MASQ`],
  },
  {
    name: 'nodePortAddresses selects node IPs and, leaving out loopback, turns localhost NodePorts off',
    objects: [svc('ns1', 'svc1', NP('NodePort')), slice1(ep('10.180.0.1'))],
    cfg: { nodePortAddresses: ['192.168.0.0/16'], nfacct: true },
    has: [`-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -d 192.168.0.2 -j KUBE-NODEPORTS`],
    hasNot: [':KUBE-FIREWALL - [0:0]', `-A KUBE-NODEPORTS -m comment --comment ns1/svc1:p80 -m tcp -p tcp -d 127.0.0.0/8 --dport 3001 -m nfacct --nfacct-name localhost_nps_accepted_pkts -j ${EXT}`],
  },
  {
    name: 'localhostNodePorts false keeps 127.0.0.0/8 out of the NodePort jump',
    objects: [svc('ns1', 'svc1', NP('NodePort')), slice1(ep('10.180.0.1'))],
    cfg: { localhostNodePorts: false },
    has: [`-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j KUBE-NODEPORTS`],
    hasNot: [':KUBE-FIREWALL - [0:0]'],
  },
  {
    name: 'a real v1.33 node writes --random-fully, nfacct counters and the Go-formatted mark',
    objects: [svc('ns1', 'svc1', NP('NodePort')), slice1(ep('10.180.0.1'))],
    cfg: { ...DEFAULT_IPTABLES_CONFIG, clusterCIDR: '10.0.0.0/8', masqueradeMarkText: undefined },
    has: [
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
      '-A KUBE-POSTROUTING -m mark ! --mark 0x00004000/0x00004000 -j RETURN',
      '-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000',
      '-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP',
      `-A KUBE-NODEPORTS -m comment --comment ns1/svc1:p80 -m tcp -p tcp -d 127.0.0.0/8 --dport 3001 -m nfacct --nfacct-name localhost_nps_accepted_pkts -j ${EXT}`,
    ],
  },
  {
    name: 'nf_conntrack_tcp_be_liberal drops the INVALID rule',
    objects: [],
    cfg: { conntrackTCPBeLiberal: true },
    has: ['-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT'],
    hasNot: ['-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP'],
  },
  {
    name: 'headless and ExternalName Services get no rules',
    objects: [
      svc('ns1', 'svc1', { clusterIP: 'None', ports: P80 }),
      svc('ns1', 'ext', { type: 'ExternalName', externalName: 'example.com', ports: P80 }),
      slice1(ep('10.180.0.1')),
    ],
    has: ['*nat'],
    hasNot: [`:${SVC} - [0:0]`, `:${SEP1} - [0:0]`],
  },
  {
    name: 'endpoints are ordered as strings, so .10 comes before .9',
    objects: [svc('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: P80 }), slice1(ep('10.244.1.9'), ep('10.244.1.10'), ep('10.244.1.11'))],
    has: [`-A ${SVC} -m comment --comment "ns1/svc1:p80 -> 10.244.1.10:80" -m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-`],
  },
  {
    name: 'a slice port whose name does not match the Service port gives no endpoints',
    objects: [svc('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: P80 }), slice('ns1', 'svc1-abc', 'svc1', [{ name: 'http', port: 80, protocol: 'TCP' }], [ep('10.180.0.1')])],
    has: [`-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 has no endpoints" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j REJECT`],
  },
];

describe('kube-proxy iptables rules per case', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const out = lines(c.objects, c.cfg);
    for (const line of c.has) {
      if (line.endsWith('-j KUBE-SEP-')) expect(out.some((l) => l.startsWith(line))).toBe(true);
      else expect(out).toContain(line);
    }
    for (const line of c.hasNot ?? []) expect(out).not.toContain(line);
  });

  it('large cluster mode (over 1000 endpoints) drops per-endpoint comments', () => {
    const eps = Array.from({ length: 1001 }, (_, i) => ep(`10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`));
    const out = lines([svc('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: P80 }), slice1(...eps)]);
    expect(out.find((l) => l.endsWith('DNAT --to-destination 10.1.0.1:80'))).toMatch(/^-A KUBE-SEP-[A-Z2-7]{16} -m tcp -p tcp -j DNAT --to-destination 10\.1\.0\.1:80$/);
    expect(out.filter((l) => l.startsWith(`-A ${SVC} `) && l.includes('--comment')).length).toBe(1);
    expect(out.some((l) => l.startsWith('-A KUBE-SEP-') && l.includes('--comment'))).toBe(false);
  });
});

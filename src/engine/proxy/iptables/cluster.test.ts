/**
 * kube-proxy on the engine's default cluster (reference §2.8 G8: the chain names of the
 * kubernetes and kube-dns service ports), the real G8 inputs in restore form, the jump rules,
 * and sharing and incremental updates across nodes.
 */
import { describe, it, expect } from 'vitest';
import { createCluster } from '../../cluster/default-cluster.ts';
import { DEFAULT_SETTINGS } from '../../cluster/settings.ts';
import { ProxyState } from '../proxy-state.ts';
import { proxyNodesOf } from '../proxy-node.ts';
import { ep, slice, stateOf, svc, TEST_NODE } from '../testing/builders.ts';
import { IptablesBackend } from './backend.ts';
import { DEFAULT_IPTABLES_CONFIG, iptablesConfigFrom } from './config.ts';
import { probability } from './probability.ts';
import { restoreRuleText as restoreRuleLine } from '../../net/iptables/restore-format.ts';

describe('the default cluster', () => {
  const cluster = createCluster({ settings: DEFAULT_SETTINGS, seed: 7, now: Date.UTC(2025, 5, 1) });
  const state = ProxyState.fromCluster(cluster);
  const backend = new IptablesBackend(iptablesConfigFrom(cluster.settings.proxy));
  const nodes = proxyNodesOf(cluster);

  it('names the kubernetes and kube-dns chains as every real cluster does (G8)', () => {
    const text = backend.compile(state, nodes[0]).restoreText();
    for (const chain of ['KUBE-SVC-NPX46M4PTMTKRN6Y', 'KUBE-SVC-TCOU7JCQXEZGVUNU', 'KUBE-SVC-ERIFXISQEP7F7OF4', 'KUBE-SVC-JD5MR3NA4I4DYORP']) {
      expect(text).toContain(`:${chain} - [0:0]`);
    }
    expect(text).toContain('-A KUBE-SERVICES -m comment --comment "default/kubernetes:https cluster IP" -m tcp -p tcp -d 10.96.0.1 --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y');
    expect(text).toContain('-A KUBE-SVC-TCOU7JCQXEZGVUNU -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp -p udp -d 10.96.0.10 --dport 53 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ');
    expect(text).toContain('-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully');
  });

  it('gives every node the same rules when no Service uses Local policy', () => {
    const a = backend.compile(state, nodes[1]);
    const b = backend.compile(state, nodes[2]);
    expect(a.restore.tables[1].rules).toEqual(b.restore.tables[1].rules);
    // Shared, not copied: the same rule objects.
    expect(a.restore.tables[1].rules[5]).toBe(b.restore.tables[1].rules[5]);
  });
});

describe('G8 inputs (REAL kubeadm dump) in restore form', () => {
  const state = stateOf([
    svc('default', 'kubernetes', { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] }),
    slice('default', 'kubernetes', 'kubernetes', [{ name: 'https', port: 6443, protocol: 'TCP' }], [ep('192.168.20.100')]),
    svc('kube-system', 'kube-dns', {
      clusterIP: '10.96.0.10',
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
        { name: 'metrics', port: 9153, protocol: 'TCP' },
      ],
    }),
    slice(
      'kube-system',
      'kube-dns-abcde',
      'kube-dns',
      [
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
        { name: 'metrics', port: 9153, protocol: 'TCP' },
      ],
      [ep('10.244.2.2', 'node2'), ep('10.244.2.3', 'node2')],
    ),
  ]);
  const backend = new IptablesBackend({ ...DEFAULT_IPTABLES_CONFIG, clusterCIDR: '10.244.0.0/16' });
  const text = backend.compile(state, { name: 'master', ips: ['192.168.20.100'], addresses: ['127.0.0.1', '192.168.20.100'] }).restoreText();

  it.each([
    '-A KUBE-SEP-CLAGU7VMF4VCXE4X -m comment --comment kube-system/kube-dns:metrics -s 10.244.2.2 -j KUBE-MARK-MASQ',
    '-A KUBE-SEP-CLAGU7VMF4VCXE4X -m comment --comment kube-system/kube-dns:metrics -m tcp -p tcp -j DNAT --to-destination 10.244.2.2:9153',
    '-A KUBE-SEP-U7HH75UFG3U5VGYY -m comment --comment default/kubernetes:https -s 192.168.20.100 -j KUBE-MARK-MASQ',
    '-A KUBE-SEP-U7HH75UFG3U5VGYY -m comment --comment default/kubernetes:https -m tcp -p tcp -j DNAT --to-destination 192.168.20.100:6443',
    '-A KUBE-SERVICES -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp -p udp -d 10.96.0.10 --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU',
    '-A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https cluster IP" -m tcp -p tcp -d 10.96.0.1 --dport 443 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ',
    '-A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https -> 192.168.20.100:6443" -j KUBE-SEP-U7HH75UFG3U5VGYY',
    '-A KUBE-SVC-TCOU7JCQXEZGVUNU -m comment --comment "kube-system/kube-dns:dns -> 10.244.2.2:53" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-TCIZBYBD3WWXNWF5',
    '-A KUBE-SVC-TCOU7JCQXEZGVUNU -m comment --comment "kube-system/kube-dns:dns -> 10.244.2.3:53" -j KUBE-SEP-ZHICQ2ODADGCY7DS',
  ])('%s', (line) => {
    expect(text.split('\n')).toContain(line);
  });
});

describe('jump rules', () => {
  it('stand in the built-in chains in the order the inserts leave them (REAL §1.2)', () => {
    const tables = new IptablesBackend().compile(stateOf([]), TEST_NODE).ruleset;
    const filter = tables.tables.find((t) => t.name === 'filter')!;
    const builtin = filter.rules.filter((r) => ['INPUT', 'FORWARD', 'OUTPUT'].includes(r.chain)).map(restoreRuleLine);
    expect(builtin.filter((l) => l.startsWith('-A INPUT'))).toEqual([
      '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
      '-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS',
      '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
    ]);
    expect(builtin.filter((l) => l.startsWith('-A FORWARD'))).toEqual([
      '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
      '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
      '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
    ]);
    const nat = tables.tables.find((t) => t.name === 'nat')!;
    expect(nat.rules.filter((r) => ['PREROUTING', 'OUTPUT', 'POSTROUTING'].includes(r.chain)).map(restoreRuleLine)).toEqual([
      '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    ]);
    expect(tables.tables.map((t) => [t.name, t.chains.includes('KUBE-PROXY-CANARY')])).toEqual([
      ['mangle', true],
      ['filter', true],
      ['nat', true],
    ]);
  });
});

describe('incremental updates', () => {
  const P80 = [{ name: 'p80', port: 80, protocol: 'TCP' as const }];
  it('an endpoint change rebuilds that service only, and Local-policy services differ per node', () => {
    const state = stateOf([
      svc('ns1', 'a', { clusterIP: '172.30.0.1', ports: P80 }),
      slice('ns1', 'a-1', 'a', P80, [ep('10.0.1.1', 'n1')]),
      svc('ns1', 'b', { type: 'NodePort', clusterIP: '172.30.0.2', externalTrafficPolicy: 'Local', ports: [{ ...P80[0], nodePort: 30001 }] }),
      slice('ns1', 'b-1', 'b', P80, [ep('10.0.2.1', 'n1')]),
    ]);
    const backend = new IptablesBackend({ ...DEFAULT_IPTABLES_CONFIG, clusterCIDR: '10.0.0.0/8' });
    const n1 = { name: 'n1', ips: ['192.168.0.1'], addresses: ['127.0.0.1', '192.168.0.1'] };
    const n2 = { name: 'n2', ips: ['192.168.0.2'], addresses: ['127.0.0.1', '192.168.0.2'] };
    const n3 = { name: 'n3', ips: ['192.168.0.3'], addresses: ['127.0.0.1', '192.168.0.3'] };
    const t1 = backend.compile(state, n1);
    const t2 = backend.compile(state, n2);
    const t3 = backend.compile(state, n3);
    expect(backend.compile(state, n1)).toBe(t1);
    expect(t1.fragment(0)).toBe(t2.fragment(0));
    // b has a local endpoint on n1 only; n2 and n3 share the "no local endpoint" variant.
    expect(t1.fragment(1)).not.toBe(t2.fragment(1));
    expect(t2.fragment(1)).toBe(t3.fragment(1));
    expect(t2.restoreText()).toContain('"ns1/b:p80 has no local endpoints"');
    expect(t1.restoreText()).not.toContain('"ns1/b:p80 has no local endpoints"');

    state.updateEndpointSlice(slice('ns1', 'a-1', 'a', P80, [ep('10.0.1.1', 'n1'), ep('10.0.1.2', 'n2')]));
    const after = backend.compile(state, n2);
    expect(after).not.toBe(t2);
    expect(after.fragment(1)).toBe(t2.fragment(1));
    expect(after.restoreText()).toContain('-A KUBE-SVC-');
    expect(after.restoreText()).toContain('"ns1/a:p80 -> 10.0.1.2:80"');

    state.deleteEndpointSlice('ns1', 'a-1');
    expect(backend.compile(state, n2).restoreText()).toContain('"ns1/a:p80 has no endpoints"');
    state.deleteService('ns1', 'a');
    expect(backend.compile(state, n2).restoreText()).not.toContain('ns1/a:p80');
  });
});

describe('probabilities', () => {
  it('print as %0.10f of 1/n, rounding ties to even as Go does', () => {
    expect([2, 3, 4, 10, 100001].map(probability)).toEqual(['0.5000000000', '0.3333333333', '0.2500000000', '0.1000000000', '0.0000099999']);
    expect(probability(1)).toBe('1.0000000000');
    expect(probability(2048)).toBe('0.0004882812');
  });
});

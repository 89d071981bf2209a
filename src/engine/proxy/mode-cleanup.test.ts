import { describe, expect, it } from 'vitest';
import { parseRestoreText } from '../net/iptables/restore-parse.ts';
import { restoreRuleText } from '../net/iptables/restore-format.ts';
import type { Ruleset } from '../net/iptables/types.ts';
import { applyIptablesLeftovers, cleanupsOnStart, leftoversAfterSwitch } from './mode-cleanup.ts';

function rs(text: string): Ruleset {
  const r = parseRestoreText(text, 'kube-proxy');
  if (!r.ok) throw new Error(r.error);
  return r.ruleset;
}

const IPTABLES_MODE = rs(`*nat
:KUBE-SERVICES - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-SVC-AAAA - [0:0]
:KUBE-SEP-BBBB - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
-A KUBE-SERVICES -m comment --comment "a/web cluster IP" -m tcp -p tcp -d 10.96.0.5 --dport 80 -j KUBE-SVC-AAAA
-A KUBE-SVC-AAAA -m comment --comment "a/web -> 10.244.1.5:80" -j KUBE-SEP-BBBB
-A KUBE-SEP-BBBB -m comment --comment a/web -m tcp -p tcp -j DNAT --to-destination 10.244.1.5:80
COMMIT
*filter
:KUBE-SERVICES - [0:0]
:KUBE-EXTERNAL-SERVICES - [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
-A KUBE-SERVICES -m comment --comment "a/gone has no endpoints" -m tcp -p tcp -d 10.96.0.9 --dport 80 -j REJECT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
COMMIT
`);

const IPVS_MODE = rs(`*nat
:KUBE-SERVICES - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-MARK-MASQ - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN
COMMIT
*filter
:KUBE-FORWARD - [0:0]
:KUBE-IPVS-FILTER - [0:0]
-A INPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-FILTER
-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
COMMIT
`);

const lines = (r: Ruleset, table: string) => r.tables.find((t) => t.name === table)!.rules.map(restoreRuleText);

describe('which cleanups kube-proxy v1.33 runs at start (platformCleanup)', () => {
  it('cleans iptables and ipvs leftovers only when starting in nftables, and nftables only when starting in iptables or ipvs', () => {
    expect(cleanupsOnStart('nftables')).toEqual(['iptables.CleanupLeftovers', 'ipvs.CleanupLeftovers']);
    expect(cleanupsOnStart('iptables')).toEqual(['nftables.CleanupLeftovers']);
    expect(cleanupsOnStart('ipvs')).toEqual(['nftables.CleanupLeftovers']);
    expect(cleanupsOnStart('ipvs', true)).toHaveLength(3);
    expect(cleanupsOnStart('userspace')).toEqual([]);
  });

  it('leaves the IPVS state (virtual servers, kube-ipvs0, ipsets) when switching ipvs -> iptables', () => {
    expect(leftoversAfterSwitch('ipvs', 'iptables')).toMatchObject({
      iptablesChainsKept: 'all', ipvsKept: true, dummyInterfaceKept: true, ipsetsKept: true, nftTableKept: false,
    });
  });

  it('removes all of it when switching ipvs -> nftables, and the nftables table when switching back', () => {
    expect(leftoversAfterSwitch('ipvs', 'nftables')).toMatchObject({ iptablesChainsKept: 'some', ipvsKept: false, dummyInterfaceKept: false, ipsetsKept: false });
    expect(leftoversAfterSwitch('nftables', 'iptables').nftTableKept).toBe(false);
    expect(leftoversAfterSwitch('nftables', 'userspace').nftTableKept).toBe(true);
  });
});

describe('applyIptablesLeftovers', () => {
  it('iptables -> ipvs: the stale filter KUBE-SERVICES REJECT and the per-service chains stay; shared chains are rewritten', () => {
    const after = applyIptablesLeftovers(IPTABLES_MODE, IPVS_MODE, leftoversAfterSwitch('iptables', 'ipvs'));
    expect(lines(after, 'filter')).toEqual([
      '-A INPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-FILTER',
      '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
      '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
      '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
      '-A KUBE-SERVICES -m comment --comment "a/gone has no endpoints" -m tcp -p tcp -d 10.96.0.9 --dport 80 -j REJECT',
    ]);
    const nat = lines(after, 'nat');
    expect(nat).toContain('-A KUBE-SVC-AAAA -m comment --comment "a/web -> 10.244.1.5:80" -j KUBE-SEP-BBBB');
    // KUBE-SERVICES is ipvs's now: the old ClusterIP rule went with the flush.
    expect(nat.filter((l) => l.startsWith('-A KUBE-SERVICES'))).toEqual(['-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN']);
    expect(nat.filter((l) => l.startsWith('-A PREROUTING'))).toHaveLength(1);
  });

  it('iptables -> nftables: iptables.CleanupLeftovers and ipvs.CleanupLeftovers leave no kube-proxy chain behind', () => {
    const empty: Ruleset = { tables: [] };
    const after = applyIptablesLeftovers(IPTABLES_MODE, empty, leftoversAfterSwitch('iptables', 'nftables'));
    expect(after.tables.flatMap((t) => t.rules)).toEqual([]);
    expect(after.tables.flatMap((t) => t.chains)).toEqual([]);
  });

  it('userspace -> iptables: nobody removes the portal chains any more', () => {
    const userspace = rs(`*nat
:KUBE-PORTALS-CONTAINER - [0:0]
-A PREROUTING -m comment --comment "handle ClusterIPs; NOTE: this must be before the NodePort rules" -j KUBE-PORTALS-CONTAINER
COMMIT
`);
    const after = applyIptablesLeftovers(userspace, IPTABLES_MODE, leftoversAfterSwitch('userspace', 'iptables'));
    expect(lines(after, 'nat').filter((l) => l.startsWith('-A PREROUTING'))).toEqual([
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A PREROUTING -m comment --comment "handle ClusterIPs; NOTE: this must be before the NodePort rules" -j KUBE-PORTALS-CONTAINER',
    ]);
    expect(after.tables.find((t) => t.name === 'nat')!.chains).toContain('KUBE-PORTALS-CONTAINER');
  });
});

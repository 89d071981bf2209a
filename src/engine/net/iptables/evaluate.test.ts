import { describe, expect, it } from 'vitest';
import { compileRuleset } from './compile.ts';
import { runHook } from './evaluate.ts';
import { G1_RESTORE, G3_RESTORE } from './testdata/golden-restore.ts';
import { context, packet, rulesetFrom } from './testdata/context.ts';

const JUMPS = `*filter
-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
COMMIT
*nat
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
COMMIT
`;

function node(restore: string) {
  const kp = rulesetFrom(restore);
  const jumps = rulesetFrom(JUMPS);
  return compileRuleset({
    tables: kp.tables.map((t) => {
      const j = jumps.tables.find((x) => x.name === t.name);
      return { ...t, rules: [...(j?.rules ?? []), ...t.rules] };
    }),
  });
}

const G1 = node(G1_RESTORE);

describe('runHook on kube-proxy rules (G1: ClusterIP with three endpoints)', () => {
  it('DNATs a pod to the first endpoint when the first draw is under 1/3, without masquerading', () => {
    const r = runHook(G1, 'nat', 'PREROUTING', context(packet('10.0.0.2', '172.30.1.1', 80), { random: () => 0.1 }));
    expect(r.verdict).toBe('ACCEPT');
    expect(r.dnat).toEqual({ ip: '10.0.1.1', port: 80 });
    expect(r.packet).toMatchObject({ dst: '10.0.1.1', dport: 80, mark: 0 });
    expect(r.matched.map((m) => `${m.chain}:${m.position}`)).toEqual([
      'PREROUTING:1', 'KUBE-SERVICES:1', 'KUBE-SVC-AQI2S6QIMU7PVVRP:2', 'KUBE-SEP-3JOIVZTXZZRGORX4:2',
    ]);
    expect(r.matched[1].text).toBe(
      '-A KUBE-SERVICES -d 172.30.1.1/32 -p tcp -m comment --comment "ns1/svc1 cluster IP" -m tcp --dport 80 -j KUBE-SVC-AQI2S6QIMU7PVVRP',
    );
    expect(r.matched[1].author).toBe('kube-proxy');
    // PREROUTING 1 + KUBE-SERVICES 1 + SVC rules 1-2 + SEP rules 1-2
    expect(r.traversed).toBe(6);
  });

  it('walks the probability ladder: draws of 0.9 then 0.9 land on the last endpoint', () => {
    const r = runHook(G1, 'nat', 'PREROUTING', context(packet('10.0.0.2', '172.30.1.1', 80), { random: () => 0.9 }));
    expect(r.dnat).toEqual({ ip: '10.0.1.3', port: 80 });
    expect(r.traversed).toBe(1 + 1 + 4 + 2);
  });

  it('marks a host-network source for masquerade and MASQUERADEs it in POSTROUTING', () => {
    const pre = runHook(G1, 'nat', 'OUTPUT', context(packet('192.168.0.2', '172.30.1.1', 80), { random: () => 0.4 }));
    expect(pre.packet.mark).toBe(0x4000);
    expect(pre.dnat).toEqual({ ip: '10.0.1.2', port: 80 });
    const post = runHook(G1, 'nat', 'POSTROUTING', context(pre.packet));
    expect(post.snat).toEqual({ masquerade: true, randomFully: false });
    expect(post.packet.mark).toBe(0);
    expect(post.matched.map((m) => m.text)).toEqual([
      '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
      '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE',
    ]);
  });

  it('masquerades hairpin traffic: a pod reaching itself through its Service', () => {
    const r = runHook(G1, 'nat', 'PREROUTING', context(packet('10.0.1.1', '172.30.1.1', 80), { random: () => 0 }));
    expect(r.dnat?.ip).toBe('10.0.1.1');
    expect(r.packet.mark).toBe(0x4000);
  });

  it('lets unmarked traffic through POSTROUTING untouched (RETURN to the policy)', () => {
    const r = runHook(G1, 'nat', 'POSTROUTING', context(packet('10.0.0.2', '10.0.1.1', 80)));
    expect(r).toMatchObject({ verdict: 'ACCEPT', traversed: 2 });
    expect(r.snat).toBeUndefined();
  });

  it('matches nothing for a port the Service does not define (no REJECT in iptables mode)', () => {
    const r = runHook(G1, 'nat', 'PREROUTING', context(packet('10.0.0.2', '172.30.1.1', 81)));
    expect(r.dnat).toBeUndefined();
    expect(r.matched.map((m) => m.chain)).toEqual(['PREROUTING']);
  });

  it('does nothing for a table or hook without rules', () => {
    expect(runHook(G1, 'raw', 'PREROUTING', context(packet('1.1.1.1', '2.2.2.2', 80)))).toMatchObject({ verdict: 'ACCEPT', traversed: 0 });
  });
});

describe('runHook on REJECT and filter rules (G3: no endpoints)', () => {
  const G3 = node(G3_RESTORE);
  it('rejects a new connection with icmp-port-unreachable in filter', () => {
    const r = runHook(G3, 'filter', 'FORWARD', context(packet('10.0.0.2', '172.30.0.41', 80)));
    expect(r).toMatchObject({ verdict: 'REJECT', rejectWith: 'icmp-port-unreachable' });
    expect(r.matched.at(-1)?.text).toBe(
      '-A KUBE-SERVICES -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
    );
  });

  it('skips the REJECT for an established connection (ctstate NEW guard)', () => {
    const r = runHook(G3, 'filter', 'FORWARD', context(packet('10.0.0.2', '172.30.0.41', 80), { conntrack: { state: 'ESTABLISHED', dnat: false } }));
    expect(r.verdict).toBe('ACCEPT');
  });
});

describe('runHook on netfilter control flow', () => {
  const FLOW = compileRuleset(rulesetFrom(`*filter
:INPUT DROP [0:0]
:A - [0:0]
:B - [0:0]
:C - [0:0]
-A INPUT -p tcp --dport 1 -j A
-A INPUT -p tcp --dport 2 -g B
-A INPUT -p tcp --dport 3 -j C
-A INPUT -p tcp --dport 4 -j ACCEPT
-A A -j MARK --set-xmark 0x1/0xffffffff
-A A -j RETURN
-A A -j ACCEPT
-A B -j C
-A B -j ACCEPT
-A C -m mark --mark 0x1 -j ACCEPT
COMMIT
`));

  it('returns from a jumped-to chain and falls to the built-in policy', () => {
    const r = runHook(FLOW, 'filter', 'INPUT', context(packet('1.1.1.1', '2.2.2.2', 1)));
    expect(r.verdict).toBe('DROP');
    expect(r.packet.mark).toBe(1);
    // INPUT 1, A 1-2, INPUT 2-4
    expect(r.traversed).toBe(1 + 2 + 3);
  });

  it('comes back from C to B after a jump made inside a goto chain', () => {
    const r = runHook(FLOW, 'filter', 'INPUT', context(packet('1.1.1.1', '2.2.2.2', 2)));
    expect(r.verdict).toBe('ACCEPT');
    expect(r.matched.map((m) => `${m.chain}:${m.position}`)).toEqual(['INPUT:2', 'B:1', 'B:2']);
  });

  it('applies a DROP policy when nothing accepts', () => {
    expect(runHook(FLOW, 'filter', 'INPUT', context(packet('1.1.1.1', '2.2.2.2', 9))).verdict).toBe('DROP');
  });

  it('stops a goto loop instead of hanging', () => {
    const loop = compileRuleset(rulesetFrom('*filter\n:A - [0:0]\n:B - [0:0]\n-A INPUT -j A\n-A A -g B\n-A B -g A\nCOMMIT\n'));
    const r = runHook(loop, 'filter', 'INPUT', context(packet('1.1.1.1', '2.2.2.2', 1)));
    expect(r.verdict).toBe('DROP');
    expect(r.error).toMatch(/Too many levels/);
  });
});

describe('session affinity with -m recent', () => {
  const AFFINITY = compileRuleset(rulesetFrom(`*nat
:KUBE-SVC-X - [0:0]
:KUBE-SEP-A - [0:0]
:KUBE-SEP-B - [0:0]
-A PREROUTING -m tcp -p tcp -d 10.96.0.5 --dport 80 -j KUBE-SVC-X
-A KUBE-SVC-X -m comment --comment "ns/s -> 10.244.1.2:80" -m recent --name KUBE-SEP-A --rcheck --seconds 10800 --reap -j KUBE-SEP-A
-A KUBE-SVC-X -m comment --comment "ns/s -> 10.244.2.2:80" -m recent --name KUBE-SEP-B --rcheck --seconds 10800 --reap -j KUBE-SEP-B
-A KUBE-SVC-X -m comment --comment "ns/s -> 10.244.1.2:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-A
-A KUBE-SVC-X -m comment --comment "ns/s -> 10.244.2.2:80" -j KUBE-SEP-B
-A KUBE-SEP-A -m comment --comment ns/s -m recent --name KUBE-SEP-A --set -m tcp -p tcp -j DNAT --to-destination 10.244.1.2:80
-A KUBE-SEP-B -m comment --comment ns/s -m recent --name KUBE-SEP-B --set -m tcp -p tcp -j DNAT --to-destination 10.244.2.2:80
COMMIT
`));

  it('sends the same client to the same endpoint until the timeout, then draws again', () => {
    const recent = new Map<string, Map<string, number>>();
    const go = (now: number, draw: number) =>
      runHook(AFFINITY, 'nat', 'PREROUTING', context(packet('10.244.3.3', '10.96.0.5', 80), { recent, now, random: () => draw })).dnat?.ip;
    expect(go(0, 0.9)).toBe('10.244.2.2');
    expect(go(100, 0.1)).toBe('10.244.2.2');
    expect(go(100 + 10799, 0.1)).toBe('10.244.2.2');
    expect(go(100 + 10799 + 10800, 0.1)).toBe('10.244.1.2');
    // reaped: the old entry for KUBE-SEP-B is gone
    expect(recent.get('KUBE-SEP-B')?.has('10.244.3.3')).toBe(false);
  });
});

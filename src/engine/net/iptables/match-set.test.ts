import { describe, expect, it } from 'vitest';
import { compileRuleset } from './compile.ts';
import { runHook } from './evaluate.ts';
import { formatIptablesList } from './list-format.ts';
import type { IpsetLookup } from './match-set.ts';
import { parseArgs } from './parse.ts';
import { saveLine } from './save-format.ts';
import { context, packet, rulesetFrom } from './testdata/context.ts';

const IPVS_NAT = `*nat
:KUBE-SERVICES - [0:0]
:KUBE-MARK-MASQ - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN
-A KUBE-SERVICES -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ
-A KUBE-SERVICES -m comment --comment "Kubernetes service external ip + port for masquerade and filter purpose" -m set --match-set KUBE-EXTERNAL-IP dst,dst -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT
-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT
-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
COMMIT
`;

/** A hash:ip,port set holding `10.96.0.1,tcp:443`. */
const clusterIPs: IpsetLookup = {
  test: (p, flags) => {
    const ip = flags[0] === 'src' ? p.src : p.dst;
    const port = flags[1] === 'src' ? p.sport : p.dport;
    return ip === '10.96.0.1' && p.proto === 'tcp' && port === 443;
  },
};
const externalIPs: IpsetLookup = { test: (p) => p.dst === '203.0.113.7' && p.dport === 80 };

function lookup(name: string): IpsetLookup | undefined {
  return name === 'KUBE-CLUSTER-IP' ? clusterIPs : name === 'KUBE-EXTERNAL-IP' ? externalIPs : undefined;
}

describe('-m set and -m physdev', () => {
  const ruleset = rulesetFrom(IPVS_NAT);
  const compiled = compileRuleset(ruleset);

  it('saves set matches as iptables-save prints them', () => {
    const nat = ruleset.tables.find((t) => t.name === 'nat')!;
    expect(saveLine(nat.rules[2])).toBe(
      '-A KUBE-SERVICES ! -s 10.244.0.0/16 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ',
    );
    expect(saveLine(nat.rules[3])).toBe(
      '-A KUBE-SERVICES -m comment --comment "Kubernetes service external ip + port for masquerade and filter purpose" -m set --match-set KUBE-EXTERNAL-IP dst,dst -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT',
    );
  });

  it('lists them as iptables -L -n does', () => {
    const r = formatIptablesList(ruleset, { table: 'nat', chain: 'KUBE-SERVICES', numeric: true, verbose: false, lineNumbers: false });
    expect(r.ok && r.text).toContain('/* Kubernetes service cluster ip + port for masquerade purpose */ match-set KUBE-CLUSTER-IP dst,dst');
    expect(r.ok && r.text).toContain('match-set KUBE-EXTERNAL-IP dst,dst PHYSDEV match ! --physdev-is-in ADDRTYPE match src-type !LOCAL');
  });

  it('saves an inverted set match with the ! before --match-set', () => {
    const r = parseArgs('X', ['-m', 'set', '!', '--match-set', 'S', 'src', '-j', 'DROP']);
    expect(r.ok).toBe(true);
    expect(saveLine({ chain: 'X', args: ['-m', 'set', '!', '--match-set', 'S', 'src', '-j', 'DROP'], author: 'system' })).toBe('-A X -m set ! --match-set S src -j DROP');
  });

  it('refuses flags other than src and dst', () => {
    const r = parseArgs('X', ['-m', 'set', '--match-set', 'S', 'dst,port', '-j', 'DROP']);
    expect(r.ok).toBe(false);
  });

  it('marks a node-originated packet to a cluster IP member for masquerade, and accepts it', () => {
    const r = runHook(compiled, 'nat', 'PREROUTING', { ...context(packet('192.168.0.2', '10.96.0.1', 443)), ipsets: lookup });
    expect(r.verdict).toBe('ACCEPT');
    expect(r.packet.mark).toBe(0x4000);
    expect(r.matched.map((m) => `${m.chain}:${m.position}`)).toEqual(['PREROUTING:1', 'KUBE-SERVICES:2', 'KUBE-MARK-MASQ:1', 'KUBE-SERVICES:4']);
  });

  it('leaves a pod packet unmarked and a port outside the set unmatched', () => {
    const pod = runHook(compiled, 'nat', 'PREROUTING', { ...context(packet('10.244.1.5', '10.96.0.1', 443)), ipsets: lookup });
    expect(pod.packet.mark).toBe(0);
    expect(pod.matched.map((m) => m.chain + ':' + m.position)).toEqual(['PREROUTING:1', 'KUBE-SERVICES:4']);
    const other = runHook(compiled, 'nat', 'PREROUTING', { ...context(packet('10.244.1.5', '10.96.0.1', 80)), ipsets: lookup });
    expect(other.matched.map((m) => m.chain + ':' + m.position)).toEqual(['PREROUTING:1']);
  });

  it('accepts external traffic to an external IP only when it did not come through a bridge', () => {
    const outside = runHook(compiled, 'nat', 'PREROUTING', { ...context(packet('198.51.100.9', '203.0.113.7', 80)), ipsets: lookup });
    expect(outside.matched.map((m) => m.chain + ':' + m.position)).toContain('KUBE-SERVICES:3');
    const bridged = runHook(compiled, 'nat', 'PREROUTING', { ...context(packet('198.51.100.9', '203.0.113.7', 80)), ipsets: lookup, bridged: true });
    expect(bridged.matched.map((m) => m.chain + ':' + m.position)).not.toContain('KUBE-SERVICES:3');
  });

  it('never matches a set the node does not have', () => {
    const r = runHook(compiled, 'nat', 'PREROUTING', context(packet('192.168.0.2', '10.96.0.1', 443)));
    expect(r.packet.mark).toBe(0);
  });
});

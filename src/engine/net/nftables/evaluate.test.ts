/** The evaluator's chain semantics (nf_tables_core.c nft_do_chain). */
import { describe, it, expect } from 'vitest';
import { NftTableBuilder, rule, stmt } from './build.ts';
import { baseChainsFor, runNftChain } from './evaluate.ts';
import type { NftContext, NftTable } from './types.ts';

function ctx(over: Partial<NftContext['packet']> = {}, extra: Partial<NftContext> = {}): NftContext {
  return {
    packet: { src: '10.244.1.5', dst: '10.96.0.10', proto: 'udp', sport: 5000, dport: 53, mark: 0, ...over },
    conntrack: { state: 'NEW', dnat: false },
    isLocal: (ip) => ip === '192.168.0.2',
    random: () => 0.99,
    now: 0,
    dynamic: new Map(),
    ...extra,
  };
}

function table(): NftTable {
  const b = new NftTableBuilder('ip', 'kube-proxy');
  b.addSet({ name: 'service-ips', kind: 'map', type: 'ipv4_addr . inet_proto . inet_service : verdict' });
  b.addElement('service-ips', { key: ['10.96.0.10', 'udp', '53'], verdict: { kind: 'goto', chain: 'svc' } });
  b.addChain('nat-prerouting', [rule([stmt.jump('services')]), rule([stmt.markSet('or', '0x1')])], { base: { type: 'nat', hook: 'prerouting', priority: -100 } });
  b.addChain('filter-pre', [rule([stmt.ctStateNew, stmt.verdict('drop')])], { base: { type: 'filter', hook: 'prerouting', priority: -110 } });
  b.addChain('services', [rule([stmt.vmap('daddr.l4proto.dport', 'service-ips')]), rule([stmt.markSet('or', '0x10')])]);
  b.addChain('svc', [rule([stmt.addr('saddr', '10.244.0.0/16', true), stmt.jump('mark')]), rule([stmt.numgen(['ep-a', 'ep-b'])])]);
  b.addChain('mark', [rule([stmt.markSet('or', '0x4000')])]);
  b.addChain('ep-a', [rule([stmt.l4proto('udp'), stmt.dnat('10.244.1.2', 5353)])]);
  b.addChain('ep-b', [rule([stmt.verdict('return')]), rule([stmt.l4proto('udp'), stmt.dnat('10.244.2.2', 5353)])]);
  return b.finish();
}

describe('runNftChain', () => {
  it('follows jump, map goto and numgen to a dnat, counting every rule evaluated', () => {
    const r = runNftChain(table(), 'nat-prerouting', ctx({}, { random: () => 0.2 }));
    expect(r.verdict).toBe('ACCEPT');
    expect(r.dnat).toEqual({ ip: '10.244.1.2', port: 5353 });
    expect(r.packet.dst).toBe('10.244.1.2');
    // jump services, the lookup, the saddr test, numgen, dnat.
    expect(r.traversed).toBe(5);
    expect(r.matched.map((m) => `${m.chain}#${m.position}`)).toEqual(['nat-prerouting#1', 'services#1', 'svc#2', 'ep-a#1']);
    expect(r.matched[1].element).toBe('10.96.0.10 . udp . 53 : goto svc');
    expect(r.matched[1].table).toBe('ip kube-proxy');
  });

  it('return from a chain reached by goto goes back to the caller of the chain that did the goto', () => {
    // ep-b returns at once: back past svc (entered by goto from the map) to nat-prerouting rule 2.
    const r = runNftChain(table(), 'nat-prerouting', ctx({}, { random: () => 0.7 }));
    expect(r.dnat).toBeUndefined();
    expect(r.packet.mark).toBe(0x1);
    expect(r.matched.at(-1)).toMatchObject({ chain: 'nat-prerouting', position: 2, text: 'meta mark set meta mark | 0x00000001' });
  });

  it('a map miss does not match: the next rule runs', () => {
    const r = runNftChain(table(), 'nat-prerouting', ctx({ dport: 54 }));
    expect(r.packet.mark).toBe(0x11);
    expect(r.traversed).toBe(4);
  });

  it('jump marks and comes back; ct state new is read from conntrack', () => {
    const r = runNftChain(table(), 'nat-prerouting', ctx({ src: '192.168.0.7' }, { random: () => 0.2 }));
    expect(r.packet.mark).toBe(0x4000);
    expect(runNftChain(table(), 'filter-pre', ctx()).verdict).toBe('DROP');
    expect(runNftChain(table(), 'filter-pre', { ...ctx(), conntrack: { state: 'ESTABLISHED', dnat: true } }).verdict).toBe('ACCEPT');
  });

  it('lists base chains of a hook by priority', () => {
    expect(baseChainsFor(table(), 'prerouting').map((c) => c.name)).toEqual(['filter-pre', 'nat-prerouting']);
  });
});

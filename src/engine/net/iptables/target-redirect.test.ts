import { describe, expect, it } from 'vitest';
import { compileRuleset } from './compile.ts';
import { runHook } from './evaluate.ts';
import { formatIptablesList } from './list-format.ts';
import { parseArgs } from './parse.ts';
import { formatIptablesSave } from './save-format.ts';
import { context, packet, rulesetFrom } from './testdata/context.ts';

// Rules as kube-proxy's userspace mode (v1.25 pkg/proxy/userspace/proxier.go) passed them.
const USERSPACE = rulesetFrom(`*nat
:KUBE-PORTALS-CONTAINER - [0:0]
:KUBE-PORTALS-HOST - [0:0]
-A PREROUTING -m comment --comment "handle ClusterIPs; NOTE: this must be before the NodePort rules" -j KUBE-PORTALS-CONTAINER
-A OUTPUT -m comment --comment "handle ClusterIPs; NOTE: this must be before the NodePort rules" -j KUBE-PORTALS-HOST
-A KUBE-PORTALS-CONTAINER -m comment --comment default/kubernetes:https -p tcp -m tcp --dport 443 -d 10.96.0.1/32 -j REDIRECT --to-ports 36463
-A KUBE-PORTALS-HOST -m comment --comment default/kubernetes:https -p tcp -m tcp --dport 443 -d 10.96.0.1/32 -j DNAT --to-destination 192.168.0.2:36463
COMMIT
*filter
:KUBE-NODEPORT-NON-LOCAL - [0:0]
-A INPUT -m comment --comment "Ensure that non-local NodePort traffic can flow" -j KUBE-NODEPORT-NON-LOCAL
-A KUBE-NODEPORT-NON-LOCAL -m comment --comment default/web -p tcp -m tcp --dport 41231 -m state --state NEW -j ACCEPT
COMMIT
`);
const COMPILED = compileRuleset(USERSPACE);
const NOW = Date.UTC(2022, 7, 23, 9, 0, 0);

describe('REDIRECT and -m state (userspace mode rules)', () => {
  it('iptables-save normalises them as iptables v1.8 prints them', () => {
    const out = formatIptablesSave(USERSPACE, { table: 'nat', now: NOW });
    expect(out.ok && out.text).toContain(
      '-A KUBE-PORTALS-CONTAINER -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https" -m tcp --dport 443 -j REDIRECT --to-ports 36463\n',
    );
    const filter = formatIptablesSave(USERSPACE, { table: 'filter', now: NOW });
    expect(filter.ok && filter.text).toContain(
      '-A KUBE-NODEPORT-NON-LOCAL -p tcp -m comment --comment "default/web" -m tcp --dport 41231 -m state --state NEW -j ACCEPT\n',
    );
  });

  it('iptables -L -n shows `redir ports` and `state NEW`', () => {
    const nat = formatIptablesList(USERSPACE, { table: 'nat', chain: 'KUBE-PORTALS-CONTAINER', numeric: true, verbose: false, lineNumbers: false });
    expect(nat.ok && nat.text.split('\n')[2]).toBe(
      'REDIRECT   6    --  0.0.0.0/0            10.96.0.1            /* default/kubernetes:https */ tcp dpt:443 redir ports 36463',
    );
    const filter = formatIptablesList(USERSPACE, { table: 'filter', chain: 'KUBE-NODEPORT-NON-LOCAL', numeric: true, verbose: false, lineNumbers: false });
    expect(filter.ok && filter.text.split('\n')[2]).toBe(
      'ACCEPT     6    --  0.0.0.0/0            0.0.0.0/0            /* default/web */ tcp dpt:41231 state NEW',
    );
  });

  it('sends a pod packet to the primary address of the interface it came in on, at the proxy port', () => {
    const ctx = context(packet('10.244.1.5', '10.96.0.1', 443), { inIface: 'cni0' });
    const r = runHook(COMPILED, 'nat', 'PREROUTING', { ...ctx, primaryAddress: (i) => (i === 'cni0' ? '10.244.1.1' : undefined) });
    expect(r.verdict).toBe('ACCEPT');
    expect(r.redirect).toEqual({ ip: '10.244.1.1', port: 36463 });
    expect(r.dnat).toEqual({ ip: '10.244.1.1', port: 36463 });
    expect(r.packet).toMatchObject({ src: '10.244.1.5', dst: '10.244.1.1', dport: 36463 });
  });

  it('drops the packet when the incoming interface has no address (nf_nat_redirect_ipv4)', () => {
    const ctx = context(packet('10.244.1.5', '10.96.0.1', 443), { inIface: 'veth0' });
    const r = runHook(COMPILED, 'nat', 'PREROUTING', { ...ctx, primaryAddress: () => undefined });
    expect(r.verdict).toBe('DROP');
    expect(r.redirect).toBeUndefined();
  });

  it('REDIRECT in OUTPUT goes to 127.0.0.1', () => {
    const rs = compileRuleset(rulesetFrom(`*nat
-A OUTPUT -p udp -m udp --dport 53 -j REDIRECT --to-ports 5353
COMMIT
`));
    const r = runHook(rs, 'nat', 'OUTPUT', context(packet('192.168.0.2', '10.96.0.10', 53, 'udp')));
    expect(r.redirect).toEqual({ ip: '127.0.0.1', port: 5353 });
  });

  it('-m state --state NEW matches only new connections', () => {
    const fresh = runHook(COMPILED, 'filter', 'INPUT', context(packet('203.0.113.9', '192.168.0.2', 41231)));
    expect(fresh.matched.map((m) => m.chain)).toEqual(['INPUT', 'KUBE-NODEPORT-NON-LOCAL']);
    const est = runHook(COMPILED, 'filter', 'INPUT', context(packet('203.0.113.9', '192.168.0.2', 41231), { conntrack: { state: 'ESTABLISHED', dnat: false } }));
    expect(est.matched.map((m) => m.chain)).toEqual(['INPUT']);
  });

  it('refuses --to-ports without a port protocol, as iptables does', () => {
    expect(parseArgs('PREROUTING', ['-j', 'REDIRECT', '--to-ports', '8080'])).toEqual({
      ok: false,
      error: 'REDIRECT: Need TCP, UDP, SCTP or DCCP with port specification',
    });
    expect(parseArgs('X', ['-m', 'state', '--state', 'BOGUS'])).toEqual({ ok: false, error: 'Bad state "BOGUS"' });
  });
});

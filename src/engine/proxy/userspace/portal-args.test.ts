import { describe, expect, it } from 'vitest';
import { formatIptablesSave } from '../../net/iptables/save-format.ts';
import { restoreRuleText } from '../../net/iptables/restore-format.ts';
import { Rand } from '../../rand.ts';
import { stateOf, svc } from '../testing/builders.ts';
import { UserspaceProxy } from './proxier.ts';
import { containerPortalArgs, hostNodePortArgs, hostPortalArgs, nonLocalNodePortArgs } from './portal-args.ts';

const NODE = { name: 'w1', ips: ['192.168.0.11'], addresses: ['127.0.0.1', '192.168.0.11', '10.244.1.1'] };
const ANY = { listenIP: '0.0.0.0', hostIP: '192.168.0.11', proxyPort: 36463 };

describe('portal rule arguments (pkg/proxy/userspace/proxier.go v1.25)', () => {
  it('writes the container portal as iptablesContainerPortalArgs orders it: comment, -p, -m, --dport, -d, target', () => {
    expect(containerPortalArgs('10.96.0.1', false, false, 443, 'tcp', ANY, 'default/kubernetes:https')).toEqual([
      '-m', 'comment', '--comment', 'default/kubernetes:https', '-p', 'tcp', '-m', 'tcp', '--dport', '443', '-d', '10.96.0.1/32',
      '-j', 'REDIRECT', '--to-ports', '36463',
    ]);
  });

  it('DNATs to the bind address instead of REDIRECT when bound to one IP', () => {
    expect(containerPortalArgs('10.96.0.1', false, false, 443, 'tcp', { ...ANY, listenIP: '192.168.0.11' }, 'default/kubernetes:https').slice(-4))
      .toEqual(['-j', 'DNAT', '--to-destination', '192.168.0.11:36463']);
  });

  it('always DNATs from the host, to the host IP when bound to 0.0.0.0', () => {
    expect(hostPortalArgs('10.96.0.1', false, 443, 'tcp', ANY, 'default/kubernetes:https').slice(-5))
      .toEqual(['10.96.0.1/32', '-j', 'DNAT', '--to-destination', '192.168.0.11:36463']);
  });

  it('matches NodePorts on any address, and lets new connections to the proxy port through filter INPUT', () => {
    expect(hostNodePortArgs(30080, 'tcp', ANY, 'shop/web')).toEqual([
      '-m', 'comment', '--comment', 'shop/web', '-p', 'tcp', '-m', 'tcp', '--dport', '30080', '-j', 'DNAT', '--to-destination', '192.168.0.11:36463',
    ]);
    expect(nonLocalNodePortArgs('tcp', ANY, 'shop/web')).toEqual([
      '-m', 'comment', '--comment', 'shop/web', '-p', 'tcp', '-m', 'tcp', '--dport', '36463', '-m', 'state', '--state', 'NEW', '-j', 'ACCEPT',
    ]);
  });
});

describe('a node\'s userspace ruleset', () => {
  const state = stateOf([
    svc('shop', 'web', { type: 'NodePort', clusterIP: '10.96.45.10', ports: [{ port: 80, nodePort: 30080 }], externalIPs: ['203.0.113.7'] }),
  ]);
  const proxy = new UserspaceProxy(NODE, { bindAddress: '0.0.0.0', udpIdleTimeoutMs: 250 }, new Rand(1));
  proxy.sync(state, 0);
  const pp = proxy.proxyPortOf('shop/web:/TCP')!;

  it('gives the service port a proxy port among the kernel\'s ephemeral ports', () => {
    expect(pp).toBeGreaterThanOrEqual(32768);
    expect(pp).toBeLessThanOrEqual(60999);
    expect(proxy.listener('tcp', pp)?.nameString).toBe('shop/web');
  });

  it('writes the restore view in iptablesInit and openPortal order', () => {
    const text = (t: 'nat' | 'filter') => proxy.ruleset().tables.find((x) => x.name === t)!.rules.map(restoreRuleText);
    expect(text('nat')).toEqual([
      '-A PREROUTING -m comment --comment "handle ClusterIPs; NOTE: this must be before the NodePort rules" -j KUBE-PORTALS-CONTAINER',
      '-A PREROUTING -m addrtype --dst-type LOCAL -m comment --comment "handle service NodePorts; NOTE: this must be the last rule in the chain" -j KUBE-NODEPORT-CONTAINER',
      '-A OUTPUT -m comment --comment "handle ClusterIPs; NOTE: this must be before the NodePort rules" -j KUBE-PORTALS-HOST',
      '-A OUTPUT -m addrtype --dst-type LOCAL -m comment --comment "handle service NodePorts; NOTE: this must be the last rule in the chain" -j KUBE-NODEPORT-HOST',
      `-A KUBE-PORTALS-CONTAINER -m comment --comment shop/web -p tcp -m tcp --dport 80 -d 10.96.45.10/32 -j REDIRECT --to-ports ${pp}`,
      `-A KUBE-PORTALS-CONTAINER -m comment --comment shop/web -p tcp -m tcp --dport 80 -d 203.0.113.7/32 -m physdev ! --physdev-is-in -j REDIRECT --to-ports ${pp}`,
      `-A KUBE-PORTALS-CONTAINER -m comment --comment shop/web -p tcp -m tcp --dport 80 -d 203.0.113.7/32 -m addrtype --dst-type LOCAL -j REDIRECT --to-ports ${pp}`,
      `-A KUBE-PORTALS-HOST -m comment --comment shop/web -p tcp -m tcp --dport 80 -d 10.96.45.10/32 -j DNAT --to-destination 192.168.0.11:${pp}`,
      `-A KUBE-PORTALS-HOST -m comment --comment shop/web -p tcp -m tcp --dport 80 -d 203.0.113.7/32 -m addrtype --dst-type LOCAL -j DNAT --to-destination 192.168.0.11:${pp}`,
      `-A KUBE-NODEPORT-CONTAINER -m comment --comment shop/web -p tcp -m tcp --dport 30080 -j REDIRECT --to-ports ${pp}`,
      `-A KUBE-NODEPORT-HOST -m comment --comment shop/web -p tcp -m tcp --dport 30080 -j DNAT --to-destination 192.168.0.11:${pp}`,
    ]);
    expect(text('filter')).toEqual([
      '-A INPUT -m comment --comment "Ensure that non-local NodePort traffic can flow" -j KUBE-NODEPORT-NON-LOCAL',
      `-A KUBE-NODEPORT-NON-LOCAL -m comment --comment shop/web -p tcp -m tcp --dport ${pp} -m state --state NEW -j ACCEPT`,
    ]);
  });

  it('prints the iptables-save view the kernel normalises to', () => {
    const nat = formatIptablesSave({ tables: proxy.ruleset().tables.filter((t) => t.name === 'nat' && t.rules.length > 0).map((t) => ({ ...t, rules: t.rules.filter((r) => r.chain === 'KUBE-PORTALS-CONTAINER' || r.chain === 'KUBE-NODEPORT-HOST') })) }, { table: 'nat', now: 0 });
    expect(nat.ok && nat.text.split('\n').filter((l) => l.startsWith('-A'))).toEqual([
      `-A KUBE-NODEPORT-HOST -p tcp -m comment --comment "shop/web" -m tcp --dport 30080 -j DNAT --to-destination 192.168.0.11:${pp}`,
      `-A KUBE-PORTALS-CONTAINER -d 10.96.45.10/32 -p tcp -m comment --comment "shop/web" -m tcp --dport 80 -j REDIRECT --to-ports ${pp}`,
      `-A KUBE-PORTALS-CONTAINER -d 203.0.113.7/32 -p tcp -m comment --comment "shop/web" -m tcp --dport 80 -m physdev ! --physdev-is-in -j REDIRECT --to-ports ${pp}`,
      `-A KUBE-PORTALS-CONTAINER -d 203.0.113.7/32 -p tcp -m comment --comment "shop/web" -m tcp --dport 80 -m addrtype --dst-type LOCAL -j REDIRECT --to-ports ${pp}`,
    ]);
  });

  it('appends a Service added later at the end of each chain and keeps the earlier proxy port', () => {
    const p2 = new UserspaceProxy(NODE, { bindAddress: '0.0.0.0', udpIdleTimeoutMs: 250 }, new Rand(2));
    const s = stateOf([svc('b', 'zeta', { clusterIP: '10.96.0.20', ports: [{ port: 80 }] })]);
    p2.sync(s, 0);
    const first = p2.proxyPortOf('b/zeta:/TCP');
    s.updateService(svc('a', 'alpha', { clusterIP: '10.96.0.30', ports: [{ port: 80 }] }));
    p2.sync(s, 0);
    expect(p2.proxyPortOf('b/zeta:/TCP')).toBe(first);
    const portals = p2.ruleset().tables[0].rules.filter((r) => r.chain === 'KUBE-PORTALS-CONTAINER').map((r) => r.args[3]);
    expect(portals).toEqual(['b/zeta', 'a/alpha']);
  });

  it('does not proxy SCTP and says why', () => {
    const p3 = new UserspaceProxy(NODE, { bindAddress: '0.0.0.0', udpIdleTimeoutMs: 250 }, new Rand(3));
    const r = p3.sync(stateOf([svc('t', 'sig', { clusterIP: '10.96.0.40', ports: [{ name: 'm3ua', port: 2905, protocol: 'SCTP' }] })]), 0);
    expect(r.errors).toEqual(['Failed to start proxy for "t/sig:m3ua": SCTP is not supported for user space proxy']);
    expect(p3.ruleset().tables[0].rules.filter((x) => x.chain === 'KUBE-PORTALS-CONTAINER')).toEqual([]);
  });
});

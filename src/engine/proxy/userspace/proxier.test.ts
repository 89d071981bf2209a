import { describe, expect, it } from 'vitest';
import { Rand } from '../../rand.ts';
import { ep, slice, stateOf, svc } from '../testing/builders.ts';
import { UserspaceProxy } from './proxier.ts';
import type { DialResult } from './proxy-socket.ts';

const NODE = { name: 'w1', ips: ['192.168.0.11'], addresses: ['127.0.0.1', '192.168.0.11'] };
const CONFIG = { bindAddress: '0.0.0.0', udpIdleTimeoutMs: 250 };
const KEY = 'shop/web:/TCP';

function cluster(ips: string[], extra: { sessionAffinity?: 'ClientIP' } = {}) {
  return stateOf([
    svc('shop', 'web', { clusterIP: '10.96.45.10', ports: [{ port: 80, targetPort: 8080 }], ...extra }),
    slice('shop', 'web-abc', 'web', [{ port: 8080, protocol: 'TCP' }], ips.map((ip) => ep(ip))),
  ]);
}

describe('UserspaceProxy.accept (TryConnectEndpoints)', () => {
  it('connects to the next endpoint in round-robin order, one attempt when it answers', () => {
    const p = new UserspaceProxy(NODE, CONFIG, new Rand(9));
    p.sync(cluster(['10.244.1.5', '10.244.2.7']), 0);
    const order = p.lb.inspect(KEY)!.endpoints;
    const a = p.accept(KEY, '10.244.1.20', () => 'ok', 0);
    const b = p.accept(KEY, '10.244.1.20', () => 'ok', 0);
    expect([('endpoint' in a && a.endpoint), ('endpoint' in b && b.endpoint)]).toEqual(order);
    expect(a.attempts).toEqual([{ endpoint: order[0], result: 'ok', elapsedMs: 0, timeoutMs: 250 }]);
    expect(a).toMatchObject({ service: 'shop/web', proxyPort: p.proxyPortOf(KEY) });
  });

  it('retries a dead endpoint on the next one with the real timeouts', () => {
    const p = new UserspaceProxy(NODE, CONFIG, new Rand(9));
    p.sync(cluster(['10.244.1.5', '10.244.2.7']), 0);
    const [dead, alive] = p.lb.inspect(KEY)!.endpoints;
    const dial = (e: string): DialResult => (e === dead ? 'timeout' : 'ok');
    const r = p.accept(KEY, '10.244.1.20', dial, 0);
    expect(r).toMatchObject({ endpoint: alive, elapsedMs: 250 });
    expect(r.attempts).toEqual([
      { endpoint: dead, result: 'timeout', elapsedMs: 250, timeoutMs: 250, error: `dial tcp ${dead}: i/o timeout` },
      { endpoint: alive, result: 'ok', elapsedMs: 0, timeoutMs: 500 },
    ]);
  });

  it('gives up after four attempts (250ms, 500ms, 1s, 2s) with upstream\'s error', () => {
    const p = new UserspaceProxy(NODE, CONFIG, new Rand(9));
    p.sync(cluster(['10.244.1.5']), 0);
    const r = p.accept(KEY, '10.244.1.20', () => 'timeout', 0);
    expect(r).toMatchObject({ error: 'failed to connect to an endpoint', elapsedMs: 3750 });
    expect(r.attempts.map((x) => [x.endpoint, x.timeoutMs])).toEqual([
      ['10.244.1.5:8080', 250], ['10.244.1.5:8080', 500], ['10.244.1.5:8080', 1000], ['10.244.1.5:8080', 2000],
    ]);
    const refused = p.accept(KEY, '10.244.1.20', () => 'refused', 0);
    expect(refused.attempts[0].error).toBe('dial tcp 10.244.1.5:8080: connect: connection refused');
    expect(refused.elapsedMs).toBe(0);
  });

  it('closes the client at once when the Service has no ready endpoints', () => {
    const p = new UserspaceProxy(NODE, CONFIG, new Rand(9));
    p.sync(cluster([]), 0);
    expect(p.accept(KEY, '10.244.1.20', () => 'ok', 0)).toMatchObject({ error: 'missing endpoints', attempts: [] });
  });

  it('moves an affinity client off a dead endpoint and keeps it on the new one', () => {
    const p = new UserspaceProxy(NODE, CONFIG, new Rand(4));
    p.sync(cluster(['10.244.1.5', '10.244.2.7', '10.244.3.9'], { sessionAffinity: 'ClientIP' }), 0);
    const first = p.accept(KEY, '10.0.0.7', () => 'ok', 0);
    const pinned = 'endpoint' in first ? first.endpoint : '';
    const moved = p.accept(KEY, '10.0.0.7', (e) => (e === pinned ? 'refused' : 'ok'), 1000);
    expect('endpoint' in moved && moved.endpoint).not.toBe(pinned);
    const again = p.accept(KEY, '10.0.0.7', () => 'ok', 2000);
    expect('endpoint' in again && again.endpoint).toBe('endpoint' in moved && moved.endpoint);
  });

  it('keeps the balancer state across syncs and only reshuffles when the endpoints change', () => {
    const p = new UserspaceProxy(NODE, CONFIG, new Rand(9));
    const s = cluster(['10.244.1.5', '10.244.2.7']);
    p.sync(s, 0);
    p.accept(KEY, '10.244.1.20', () => 'ok', 0);
    p.sync(s, 1000);
    expect(p.lb.inspect(KEY)!.index).toBe(1);
  });
});

describe('UserspaceProxy.udp', () => {
  function udpProxy() {
    const p = new UserspaceProxy(NODE, CONFIG, new Rand(9));
    p.sync(stateOf([
      svc('kube-system', 'kube-dns', { clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] }),
      slice('kube-system', 'kube-dns-x', 'kube-dns', [{ name: 'dns', port: 53, protocol: 'UDP' }], [ep('10.244.0.2'), ep('10.244.0.3')]),
    ]), 0);
    return p;
  }
  const DNS = 'kube-system/kube-dns:dns/UDP';

  it('keeps one backend socket per client while it is used within the idle timeout (250ms)', () => {
    const p = udpProxy();
    const a = p.udp(DNS, '10.244.1.20', 41000, 0);
    const b = p.udp(DNS, '10.244.1.20', 41000, 200);
    p.udpReply(DNS, '10.244.1.20', 41000, 300);
    const c = p.udp(DNS, '10.244.1.20', 41000, 549);
    expect([a.reused, b.reused, c.reused]).toEqual([false, true, true]);
    expect(new Set([a.endpoint, b.endpoint, c.endpoint]).size).toBe(1);
    expect(c.localPort).toBe(a.localPort);
  });

  it('opens a new socket (the next endpoint) after 250ms of silence', () => {
    const p = udpProxy();
    const a = p.udp(DNS, '10.244.1.20', 41000, 0);
    const b = p.udp(DNS, '10.244.1.20', 41000, 250);
    expect(b.reused).toBe(false);
    expect(b.endpoint).not.toBe(a.endpoint);
  });

  it('reports the removed UDP service IP for conntrack cleanup', () => {
    const p = udpProxy();
    expect(p.sync(stateOf([]), 0).staleUDPServiceIPs).toEqual(['10.96.0.10']);
    expect(p.sockets()).toEqual([]);
  });
});

describe('proxy ports from --proxy-port-range', () => {
  it('takes every port of a small range once, then fails with port_allocator.go\'s error', () => {
    const p = new UserspaceProxy(NODE, { ...CONFIG, portRange: { base: 40000, size: 2 } }, new Rand(1));
    const r = p.sync(stateOf([
      svc('a', 'one', { clusterIP: '10.96.0.1', ports: [{ port: 80 }] }),
      svc('a', 'two', { clusterIP: '10.96.0.2', ports: [{ port: 80 }] }),
      svc('a', 'three', { clusterIP: '10.96.0.3', ports: [{ port: 80 }] }),
    ]), 0);
    expect([p.proxyPortOf('a/one:/TCP'), p.proxyPortOf('a/three:/TCP')].sort()).toEqual([40000, 40001]);
    expect(r.errors).toEqual([
      'failed to allocate proxy port for service "a/two": port allocation failed; there are no remaining ports left to allocate in the accepted range',
    ]);
  });
});

/**
 * What the walker shows of each kube-proxy mode beyond the packet-flow table: userspace's two
 * connections and retries, IPVS's scheduling and connection counts, nftables' rules in the trace.
 */
import { describe, it, expect } from 'vitest';
import { createSession, type Session } from '../session.ts';
import { withProxyMode } from '../scenario/proxy-mode.ts';
import type { Trace } from './trace.ts';

const CLIENT = `apiVersion: v1
kind: Pod
metadata:
  name: client-1
spec:
  nodeName: node201
  containers:
  - name: app
    # agnhost carries curl (traefik/whoami is FROM scratch: kubectl exec -- curl finds no binary there).
    image: registry.k8s.io/e2e-test-images/agnhost:2.53
`;

const WEB = `apiVersion: v1
kind: Pod
metadata:
  name: web-2
  labels:
    app: web
spec:
  nodeName: node202
  containers:
  - name: app
    image: traefik/whoami
    ports:
    - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
`;

function inMode(mode: string, ...docs: string[]): Session {
  const session = createSession({ scenario: withProxyMode(docs.join('---\n'), mode) });
  expect(session.problems.map((p) => p.message)).toEqual([]);
  return session;
}

function trace(session: Session, from: string, to: string): Trace {
  const r = session.trace({ from, to });
  if ('error' in r) throw new Error(r.error);
  return r.trace;
}

function clusterIP(session: Session, name: string): string {
  return session.cluster.get('Service', 'default', name)!.spec.clusterIP!;
}

describe('userspace mode (historical)', () => {
  // A selector-less Service whose Endpoints hold an address outside the simulated network (the
  // dial times out) and a live pod: kube-proxy tries endpoints in turn (proxysocket.go).
  const DEAD_AND_LIVE = `apiVersion: v1
kind: Service
metadata:
  name: half
spec:
  ports:
  - port: 80
---
apiVersion: v1
kind: Endpoints
metadata:
  name: half
subsets:
- addresses:
  - ip: 198.51.100.99
  - ip: 10.244.2.10
  ports:
  - port: 80
`;

  it('connects twice: the client to kube-proxy, kube-proxy from the node to the pod', () => {
    const s = inMode('userspace', CLIENT, WEB);
    const t = trace(s, 'client-1', `${clusterIP(s, 'web')}:80`);
    expect(t.result).toBe('delivered');
    expect(t.proxied?.node).toBe('node201');
    expect(t.proxied?.service).toBe('default/web');
    // The pod sees node201's flannel.1 address (the route toward node202), never the client's.
    expect(t.arrival?.src.split(':')[0]).toBe('10.244.1.0');
    expect(t.hops.some((h) => h.rule?.text.includes('-j REDIRECT --to-ports'))).toBe(true);
    expect(t.hops.some((h) => h.say.startsWith('kube-proxy on node201 dials the endpoint'))).toBe(true);
    // The client hears back from the address it called.
    expect(t.reply?.arrival.src).toBe(`${clusterIP(s, 'web')}:80`);
  });

  it('retries the next endpoint after a dial times out (250 ms first)', () => {
    const s = inMode('userspace', CLIENT, WEB, DEAD_AND_LIVE);
    const ip = clusterIP(s, 'half');
    const traces = Array.from({ length: 6 }, () => trace(s, 'client-1', `${ip}:80`));
    for (const t of traces) expect(t.result).toBe('delivered');
    for (const t of traces) expect(t.endpoint?.ip).toBe('10.244.2.10');
    const retried = traces.filter((t) => t.proxied!.attempts.length === 2);
    expect(retried.length).toBeGreaterThan(0);
    expect(retried[0]!.proxied!.attempts).toEqual([
      { endpoint: '198.51.100.99:80', result: 'timeout', elapsedMs: 250 },
      { endpoint: '10.244.2.10:80', result: 'ok', elapsedMs: 0 },
    ]);
  });

  it('with no endpoint the connection is accepted, then closed: curl says Empty reply from server', () => {
    const s = inMode('userspace', CLIENT, `apiVersion: v1\nkind: Service\nmetadata:\n  name: nobody\nspec:\n  selector:\n    app: none\n  ports:\n  - port: 80\n`);
    const r = s.run(`kubectl exec client-1 -- curl -s -S http://${clusterIP(s, 'nobody')}/`);
    expect(r.stderr).toBe('curl: (52) Empty reply from server\ncommand terminated with exit code 52\n');
    expect(r.exitCode).toBe(52);
  });
});

describe('ipvs mode', () => {
  it('schedules the request in IPVS and counts the finished connection as inactive', () => {
    const s = inMode('ipvs', CLIENT, WEB);
    const ip = clusterIP(s, 'web');
    const t = trace(s, 'client-1', `${ip}:80`);
    expect(t.result).toBe('delivered');
    expect(t.hops.find((h) => h.say.startsWith('IPVS on node201'))?.say).toBe(
      `IPVS on node201: the virtual server TCP ${ip}:80 (rr) picks the real server 10.244.2.10:80; Masq rewrites the destination.`,
    );
    // A pod's request is not masqueraded (KUBE-CLUSTER-IP matches only sources outside the pod CIDR).
    const clientIP = s.cluster.get('Pod', 'default', 'client-1')!.status!.podIP!;
    expect(t.arrival?.src.split(':')[0]).toBe(clientIP);
    const listing = s.run('ssh node201 ipvsadm -Ln').stdout;
    expect(listing).toContain(`TCP  ${ip}:80 rr\n  -> 10.244.2.10:80               Masq    1      0          1         \n`);
    expect(s.run('ssh node201 ipvsadm -Lnc').stdout).toMatch(new RegExp(`TCP \\d\\d:\\d\\d  TIME_WAIT   ${clientIP.replace(/\./g, '\\.')}:\\d+ +${ip.replace(/\./g, '\\.')}:80 +10\\.244\\.2\\.10:80`));
  });

  it('refuses a virtual server without real servers (ICMP port unreachable)', () => {
    const s = inMode('ipvs', CLIENT, `apiVersion: v1\nkind: Service\nmetadata:\n  name: nobody\nspec:\n  selector:\n    app: none\n  ports:\n  - port: 80\n`);
    const t = trace(s, 'client-1', `${clusterIP(s, 'nobody')}:80`);
    expect(t.result).toBe('refused');
  });
});

describe('nftables mode', () => {
  it('shows kube-proxy nftables rules in the trace, with the map element that matched', () => {
    const s = inMode('nftables', CLIENT, WEB);
    const ip = clusterIP(s, 'web');
    const t = trace(s, 'client-1', `${ip}:80`);
    expect(t.result).toBe('delivered');
    const vmap = t.hops.find((h) => h.rule?.table === 'ip kube-proxy' && h.rule.chain === 'services');
    expect(vmap?.say).toBe(`nftables ip kube-proxy services rule 1 matched: ip daddr . meta l4proto . th dport vmap @service-ips (element ${ip} . tcp . 80 : goto service-PFISGYVC-default/web/tcp/).`);
    expect(t.hops.some((h) => h.action === 'dnat' && h.rule?.text === 'meta l4proto tcp dnat to 10.244.2.10:80')).toBe(true);
    // A handful of rules, however many Services: vmaps are one lookup each.
    expect(t.rulesTraversed).toBeLessThan(40);
  });
});

describe('ipvs connection timers', () => {
  it('a finished connection leaves the table when its TIME_WAIT runs out (120 s)', () => {
    const s = inMode('ipvs', CLIENT, WEB);
    const ip = clusterIP(s, 'web');
    trace(s, 'client-1', `${ip}:80`);
    expect(s.run('ssh node201 ipvsadm -Lnc').stdout).toContain('TIME_WAIT');
    s.run('sleep 120');
    expect(s.run('ssh node201 ipvsadm -Lnc').stdout).toBe('IPVS connection entries\npro expire state       source             virtual            destination\n');
    expect(s.run('ssh node201 ipvsadm -Ln').stdout).toContain(`TCP  ${ip}:80 rr\n  -> 10.244.2.10:80               Masq    1      0          0         \n`);
  });
});

/**
 * The walker and conntrack across requests: a later packet of a known flow skips the nat table,
 * while a TCP SYN on a closed flow's tuple reopens it and draws again.
 */
import { describe, it, expect } from 'vitest';
import { createSession } from '../session.ts';
import { DataPlane, type ClusterView } from './world.ts';
import { send, type At } from './walk.ts';
import type { TraceSource } from './trace.ts';

const SCENARIO = ['node201', 'node202', 'node203']
  .map(
    (node, i) => `apiVersion: v1
kind: Pod
metadata:
  name: dns-${i + 1}
  labels:
    app: dns
spec:
  nodeName: ${node}
  containers:
  - name: app
    image: traefik/whoami
    ports:
    - containerPort: 53
      protocol: UDP
    - containerPort: 53
      protocol: TCP
`,
  )
  .concat(
    `apiVersion: v1
kind: Pod
metadata:
  name: caller
spec:
  nodeName: node201
  containers:
  - name: app
    image: traefik/whoami
`,
    `apiVersion: v1
kind: Service
metadata:
  name: dns
spec:
  selector:
    app: dns
  ports:
  - name: udp
    port: 53
    protocol: UDP
  - name: tcp
    port: 53
    protocol: TCP
`,
  )
  .join('---\n');

describe('requests sharing a source port', () => {
  const session = createSession({ scenario: SCENARIO });
  const cluster = session.cluster as ClusterView;
  const ip = cluster.get('Service', 'default', 'dns')!.spec.clusterIP!;
  const caller = cluster.get('Pod', 'default', 'caller')!;
  const from: TraceSource = { kind: 'pod', name: 'default/caller', ip: caller.status!.podIP!, host: 'node201' };
  const at: At = { kind: 'pod', key: 'default/caller', node: 'node201' };

  it('UDP: the second datagram of a flow hits conntrack, skips the nat table and reaches the same pod', () => {
    const dp = new DataPlane(cluster, 3);
    const first = send(dp, cluster, { from, at, dst: ip, dport: 53, proto: 'udp', sport: 40000, clients: session.clients });
    const again = send(dp, cluster, { from, at, dst: ip, dport: 53, proto: 'udp', sport: 40000, clients: session.clients });
    expect(first.result).toBe('delivered');
    expect(again.result).toBe('delivered');
    expect(again.endpoint).toEqual(first.endpoint);
    expect(first.hops.some((h) => h.action === 'conntrack-hit')).toBe(false);
    expect(again.hops.find((h) => h.action === 'conntrack-hit')?.place.host).toBe('node201');
    expect(again.hops.some((h) => h.action === 'dnat')).toBe(false);
    expect(again.rulesTraversed).toBeLessThan(first.rulesTraversed);
  });

  it('TCP: a SYN on the tuple of a closed connection (TIME_WAIT) is a new flow: the nat table draws again', () => {
    const dp = new DataPlane(cluster, 5);
    const endpoints = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const t = send(dp, cluster, { from, at, dst: ip, dport: 53, proto: 'tcp', sport: 40001, clients: session.clients });
      expect(t.result).toBe('delivered');
      expect(t.hops.some((h) => h.action === 'conntrack-hit')).toBe(false);
      expect(t.hops.some((h) => h.action === 'dnat')).toBe(true);
      endpoints.add(t.endpoint!.pod!);
    }
    expect(endpoints.size).toBeGreaterThan(1);
    // Each reopen replaced the old entry: one entry for the tuple on the caller's node.
    expect(dp.conntrack('node201').list(cluster.now(), { proto: 'tcp', origSport: 40001 })).toHaveLength(1);
  });
});

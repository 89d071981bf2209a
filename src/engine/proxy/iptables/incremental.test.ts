/**
 * Tables patched after changes (plan patched per changed Service, rule lists spliced from the
 * node's previous ones) are exactly what a fresh backend compiles from the same state.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Service } from '../../api/core.ts';
import type { ProxyNode } from '../proxy-node.ts';
import { ProxyState } from '../proxy-state.ts';
import { ep, slice, svc } from '../testing/builders.ts';
import { IptablesBackend } from './backend.ts';

const NODES: ProxyNode[] = ['n0', 'n1', 'n2'].map((name, i) => ({ name, ips: [`192.168.0.${i + 2}`], addresses: ['127.0.0.1', `192.168.0.${i + 2}`] }));
const SERVICES = 8;

function service(i: number, local: boolean): Service {
  return svc(`ns${i % 3}`, `s${i}`, {
    type: i % 2 === 0 ? 'NodePort' : 'ClusterIP',
    clusterIP: `10.96.0.${10 + i}`,
    ...(local ? { externalTrafficPolicy: 'Local' as const } : {}),
    ports: [{ name: 'p', port: 80, protocol: 'TCP', targetPort: 8080, ...(i % 2 === 0 ? { nodePort: 30000 + i } : {}) }],
  });
}

type Step =
  | { kind: 'slice'; svc: number; eps: { host: number; node: number; ready: boolean }[] }
  | { kind: 'service'; svc: number; local: boolean }
  | { kind: 'delete-slice'; svc: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('slice' as const),
    svc: fc.nat(SERVICES - 1),
    eps: fc.array(fc.record({ host: fc.integer({ min: 2, max: 6 }), node: fc.nat(2), ready: fc.boolean() }), { maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant('service' as const), svc: fc.nat(SERVICES - 1), local: fc.boolean() }),
  fc.record({ kind: fc.constant('delete-slice' as const), svc: fc.nat(SERVICES - 1) }),
);

function apply(state: ProxyState, s: Step): void {
  const ns = `ns${s.svc % 3}`;
  if (s.kind === 'service') state.updateService(service(s.svc, s.local));
  else if (s.kind === 'delete-slice') state.deleteEndpointSlice(ns, `s${s.svc}-1`);
  else {
    const eps = s.eps.map((e) => ep(`10.244.${e.node}.${e.host}`, NODES[e.node].name, { ready: e.ready }));
    state.updateEndpointSlice(slice(ns, `s${s.svc}-1`, `s${s.svc}`, [{ name: 'p', port: 8080, protocol: 'TCP' }], eps));
  }
}

describe('iptables tables after incremental changes', () => {
  it('equal a fresh compile, whichever nodes were compiled and read in between', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(step, fc.nat(7)), { minLength: 1, maxLength: 25 }), (steps) => {
        const state = new ProxyState();
        for (let i = 0; i < SERVICES; i++) state.updateService(service(i, i % 3 === 0));
        const backend = new IptablesBackend();
        for (const n of NODES) void backend.compile(state, n).restore;
        for (const [s, which] of steps) {
          apply(state, s);
          // Bits of `which`: compile (and read) node k after this step.
          for (let k = 0; k < NODES.length; k++) {
            if ((which & (1 << k)) === 0) continue;
            const text = backend.compile(state, NODES[k]).restoreText();
            expect(text).toBe(new IptablesBackend().compile(state, NODES[k]).restoreText());
          }
        }
        for (const n of NODES) expect(backend.compile(state, n).restoreText()).toBe(new IptablesBackend().compile(state, n).restoreText());
      }),
      { numRuns: 200, seed: 42 },
    );
  });

  it('reports the Services changed since a version, until the log no longer reaches back', () => {
    const state = new ProxyState();
    state.updateService(service(0, false));
    const v = state.version;
    state.updateService(service(1, false));
    state.updateEndpointSlice(slice('ns0', 's0-1', 's0', [{ name: 'p', port: 8080 }], [ep('10.244.0.2')]));
    expect(state.changedSince(v)?.sort()).toEqual(['ns0/s0', 'ns1/s1']);
    for (let i = 0; i < 600; i++) state.updateService(service(2, i % 2 === 0));
    expect(state.changedSince(v)).toBeUndefined();
    expect(state.changedSince(state.version)).toEqual([]);
  });
});

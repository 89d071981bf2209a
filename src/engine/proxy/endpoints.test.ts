import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { EndpointSlice } from '../api/discovery.ts';
import { endpointsFromSlices } from './endpoints.ts';

function slice(name: string, eps: { ip: string; terminating?: boolean; node?: string }[]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    endpoints: eps.map((e) => ({ addresses: [e.ip], conditions: { ready: !e.terminating, serving: true, terminating: e.terminating ?? false }, nodeName: e.node })),
  };
}

/** The slice cache's rule, written plainly: by slice name, a later copy replaces unless terminating. */
function reference(slices: EndpointSlice[]): [string, string | undefined, boolean][] {
  const set = new Map<string, { node?: string; terminating: boolean }>();
  for (const s of [...slices].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))) {
    for (const e of s.endpoints) {
      const key = `${e.addresses[0]}:80`;
      const terminating = e.conditions?.terminating === true;
      if (set.has(key) && terminating) continue;
      set.set(key, { node: e.nodeName, terminating });
    }
  }
  return [...set].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, v]) => [k, v.node, v.terminating]);
}

describe('endpointsFromSlices', () => {
  it('keeps one endpoint per ip:port, sorted as strings, a non-terminating copy over a terminating one', () => {
    const eps = endpointsFromSlices([
      slice('web-b', [{ ip: '10.0.0.9', node: 'n2' }, { ip: '10.0.0.10', terminating: true, node: 'n2' }]),
      slice('web-a', [{ ip: '10.0.0.9', terminating: true, node: 'n1' }, { ip: '10.0.0.10', node: 'n1' }]),
    ]).get('http/TCP')!;
    expect(eps.map((e) => [e.endpoint, e.nodeName, e.terminating])).toEqual([
      ['10.0.0.10:80', 'n1', false],
      ['10.0.0.9:80', 'n2', false],
    ]);
  });

  it('agrees with the slice cache rule on any duplicates', () => {
    const ep = fc.record({ ip: fc.constantFrom('10.0.0.1', '10.0.0.2', '10.0.0.10'), terminating: fc.boolean(), node: fc.constantFrom('n1', 'n2', 'n3') });
    fc.assert(
      fc.property(fc.array(fc.array(ep, { maxLength: 4 }), { minLength: 1, maxLength: 3 }), (lists) => {
        const slices = lists.map((l, i) => slice(`web-${String.fromCharCode(99 - i)}`, l));
        const got = (endpointsFromSlices(slices).get('http/TCP') ?? []).map((e) => [e.endpoint, e.nodeName, e.terminating]);
        expect(got).toEqual(reference(slices));
      }),
      { numRuns: 300 },
    );
  });
});

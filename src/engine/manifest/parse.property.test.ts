import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseManifests } from './index.ts';
import type { ParseResult } from './index.ts';

/** Every problem carries a position inside the text; every document holds an object or errors. */
function checkInvariants(text: string, r: ParseResult) {
  const lines = text.split('\n').length;
  const inside = (p: { line: number; column: number } | undefined) => {
    expect(p).toBeDefined();
    expect(p!.line).toBeGreaterThanOrEqual(1);
    expect(p!.line).toBeLessThanOrEqual(lines);
    expect(p!.column).toBeGreaterThanOrEqual(1);
  };
  for (const e of r.errors) inside(e.position);
  for (const d of r.documents) {
    expect(d.object !== undefined || d.errors.length > 0).toBe(true);
    inside(d.position);
    for (const e of d.errors) inside(e.position);
  }
}

const valid = `apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {app: web}
spec:
  type: NodePort
  ports:
  - name: http
    port: 80
    targetPort: http
  selector:
    app: web
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx
`;

const yamlish = fc.stringMatching(/^[a-z0-9 :\-\[\]{}'"&*!|>#\n\t,.?%@`~]*$/);

describe('parseManifests never throws', () => {
  it('on random YAML-ish text', () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        checkInvariants(text, parseManifests(text, { file: 'f.yaml' }));
      }),
      { numRuns: 400 },
    );
  });

  it('on random JSON values turned to YAML', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (v) => {
        const text = stringify(v);
        checkInvariants(text, parseManifests(text, { file: 'f.yaml' }));
      }),
      { numRuns: 300 },
    );
  });

  it('on random objects with an apiVersion and kind', () => {
    const kinds = fc.constantFrom('Service', 'Pod', 'Deployment', 'Node', 'ConfigMap', 'EndpointSlice', 'Endpoints', 'Namespace', 'List');
    fc.assert(
      fc.property(kinds, fc.dictionary(fc.constantFrom('metadata', 'spec', 'status', 'items', 'data', 'ports'), fc.jsonValue({ maxDepth: 4 })), (kind, rest) => {
        const apiVersion = kind === 'Deployment' ? 'apps/v1' : kind === 'EndpointSlice' ? 'discovery.k8s.io/v1' : 'v1';
        const text = stringify({ apiVersion, kind, ...rest });
        checkInvariants(text, parseManifests(text, { file: 'f.yaml' }));
      }),
      { numRuns: 300 },
    );
  });

  it('on mutated valid manifests', () => {
    const mutation = fc.record({
      at: fc.nat({ max: valid.length }),
      cut: fc.nat({ max: 8 }),
      insert: fc.constantFrom('', ':', ' ', '\t', '- ', '"', "'", '{', ']', '\n', '&a ', '*a', '---\n', 'x: y\n', '\0'),
    });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
        let text = valid;
        for (const m of ms) {
          const at = Math.min(m.at, text.length);
          text = text.slice(0, at) + m.insert + text.slice(at + m.cut);
        }
        checkInvariants(text, parseManifests(text, { file: 'f.yaml' }));
      }),
      { numRuns: 500 },
    );
  });
});

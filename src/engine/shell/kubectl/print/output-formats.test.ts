import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { printGet } from './get.ts';
import { toYaml } from './yaml.ts';
import { marshalIndent, type JsonValue } from './json.ts';
import { fakeCluster } from './testing/fake-cluster.ts';
import { deployment, endpoints, group, node, slice, svc } from './testing/builders.ts';
import { parse as parseYaml } from 'yaml';

const cluster = fakeCluster([]);

const seedEndpoints = () => {
  const ep = endpoints('mynginx-service', 0, [
    {
      addresses: [{ ip: '10.244.1.11', nodeName: 'node201.yinzhengjie.org.cn', targetRef: { kind: 'Pod', name: 'mynginx-deploy-55ffb645f8-cpjrf', namespace: 'myservice', resourceVersion: '158314', uid: '938de275-fa19-4e66-95e0-a4afdf3b64c3' } }],
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    },
  ]);
  ep.metadata = {
    annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': '2020-02-08T01:26:51Z' },
    creationTimestamp: '2020-02-08T01:26:51Z',
    name: 'mynginx-service',
    namespace: 'myservice',
    resourceVersion: '159708',
    uid: '07866fcb-4849-4d8d-94f6-0af4d3324a5f',
  };
  return ep;
};

describe('-o yaml', () => {
  it('prints a list query as kind: List with sorted keys and quoted timestamps (seed 001, v1.33 list metadata)', () => {
    const r = printGet([group('Endpoints', [seedEndpoints()])], { output: 'yaml' }, cluster);
    expect(r.stdout).toBe(`apiVersion: v1
items:
- apiVersion: v1
  kind: Endpoints
  metadata:
    annotations:
      endpoints.kubernetes.io/last-change-trigger-time: "2020-02-08T01:26:51Z"
    creationTimestamp: "2020-02-08T01:26:51Z"
    name: mynginx-service
    namespace: myservice
    resourceVersion: "159708"
    uid: 07866fcb-4849-4d8d-94f6-0af4d3324a5f
  subsets:
  - addresses:
    - ip: 10.244.1.11
      nodeName: node201.yinzhengjie.org.cn
      targetRef:
        kind: Pod
        name: mynginx-deploy-55ffb645f8-cpjrf
        namespace: myservice
        resourceVersion: "158314"
        uid: 938de275-fa19-4e66-95e0-a4afdf3b64c3
    ports:
    - name: http
      port: 80
      protocol: TCP
kind: List
metadata:
  resourceVersion: ""
`);
    expect(r.stderr).toBe('Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n');
  });

  it('prints one named object without a List, and an empty list as items: []', () => {
    const s = svc('web', 1, { clusterIP: '10.96.0.20', ports: [{ port: 80 }] });
    expect(printGet([group('Service', [s])], { output: 'yaml', singleItem: true }, cluster).stdout).toMatch(/^apiVersion: v1\nkind: Service\nmetadata:\n/);
    expect(printGet([group('Service', [])], { output: 'yaml' }, cluster).stdout).toBe('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
  });

  it('chooses go-yaml scalar styles', () => {
    expect(toYaml({ a: 'true', b: '80', c: '', d: '{"x":1}', e: 'a: b', f: 'plain text', g: 'line1\nline2\n', h: '*', i: 'y', j: '1.5', k: 'app=web,tier=fe' })).toBe(
      'a: "true"\nb: "80"\nc: ""\nd: \'{"x":1}\'\ne: \'a: b\'\nf: plain text\ng: |\n  line1\n  line2\nh: \'*\'\ni: "y"\nj: "1.5"\nk: app=web,tier=fe\n',
    );
  });

  it('shows last-applied-configuration as a literal block', () => {
    expect(toYaml({ metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1"}\n' } } })).toBe(
      'metadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {"apiVersion":"v1"}\n',
    );
  });

  it('wraps long plain strings after column 80', () => {
    const long = 'word '.repeat(30).trim();
    const out = toYaml({ description: long });
    expect(out.split('\n')[0].length).toBeLessThanOrEqual(86);
    expect(out.split('\n')[1].startsWith('  word')).toBe(true);
  });

  it('reads back as the same value (property)', () => {
    // Oracle: the `yaml` package's YAML 1.2 core schema (its 1.1 mode reads "." and "e0" as NaN,
    // which go-yaml does not); the 1.1 words go-yaml also quotes are covered above.
    const str = fc.string();
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, str, fc.integer(), fc.boolean(), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(str.filter((k) => k.length > 0), tie('node'), { maxKeys: 3 })),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(str.filter((k) => k.length > 0), value, { maxKeys: 4 }), (obj) => {
        expect(parseYaml(toYaml(obj as JsonValue))).toEqual(obj);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('-o json', () => {
  it('indents with four spaces, sorts keys and escapes HTML characters like Go', () => {
    expect(marshalIndent({ b: [1, 'x<y'], a: {}, c: [] })).toBe('{\n    "a": {},\n    "b": [\n        1,\n        "x\\u003cy"\n    ],\n    "c": []\n}\n');
  });

  it('writes backspace and form feed as \\b and \\f, as encoding/json does since Go 1.22 (kubectl v1.33 is built with Go 1.24)', () => {
    expect(marshalIndent({ note: 'a\bb\fc\u0001&' })).toBe('{\n    "note": "a\\bb\\fc\\u0001\\u0026"\n}\n');
  });
});

describe('-o name', () => {
  it('prints kind.group/name', () => {
    const r = printGet(
      [group('Service', [svc('web', 1, {})]), group('Deployment', [deployment('web', 1, 1, 1)]), group('EndpointSlice', [slice('web-abc', 'web', 1, [], [])])],
      { output: 'name' },
      cluster,
    );
    expect(r.stdout).toBe('service/web\ndeployment.apps/web\nendpointslice.discovery.k8s.io/web-abc\n');
  });
});

describe('-o jsonpath', () => {
  const s = svc('web', 1, { clusterIP: '10.96.0.20', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, protocol: 'TCP' }] });
  const get = (tmpl: string, single = false) => printGet([group('Service', [s, svc('db', 1, { clusterIP: 'None' })])].map((g) => (single ? { ...g, objects: [s] } : g)), { output: `jsonpath=${tmpl}`, singleItem: single }, cluster);

  it('reads a field of one object', () => expect(get('{.spec.clusterIP}', true).stdout).toBe('10.96.0.20'));
  it('joins list results with spaces', () => expect(get('{.items[*].metadata.name}').stdout).toBe('web db'));
  it('ranges with literal newlines', () => expect(get('{range .items[*]}{.metadata.name}{"\\t"}{.spec.clusterIP}{"\\n"}{end}').stdout).toBe('web\t10.96.0.20\ndb\tNone\n'));
  it('prints maps as JSON', () => expect(get('{.spec.selector}', true).stdout).toBe('{"app":"web"}'));
  it('prints nothing for a missing key', () => expect(get('{.spec.nothing}', true)).toEqual({ stdout: '', stderr: '', exitCode: 0 }));
  it('filters', () => {
    const n = node('w1', '192.168.0.3');
    const r = printGet([group('Node', [n])], { output: 'jsonpath={.status.addresses[?(@.type=="InternalIP")].address}', singleItem: true }, cluster);
    expect(r.stdout).toBe('192.168.0.3');
  });
  it('reports parse errors as kubectl does', () => expect(get('{.spec.clusterIP').stderr).toBe('error: error parsing jsonpath {.spec.clusterIP, unclosed action\n'));
  it('reports execution errors with the object dump', () => {
    const r = printGet([group('Service', [])], { output: 'jsonpath={.items[0].metadata.name}' }, cluster);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'error: error executing jsonpath "{.items[0].metadata.name}": Error executing template: array index out of bounds: index 0, length 0. Printing more information for debugging the template:\n' +
        '\ttemplate was:\n\t\t{.items[0].metadata.name}\n' +
        '\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{"apiVersion":"v1", "items":[]interface {}{}, "kind":"List", "metadata":map[string]interface {}{"resourceVersion":""}}\n\n\n',
    );
  });
});

describe('-o custom-columns', () => {
  it('prints one row per object, <none> for missing values', () => {
    const r = printGet([group('Service', [svc('web', 1, { clusterIP: '10.96.0.20', ports: [{ port: 80 }, { port: 443 }] }), svc('x', 1, {})])], { output: 'custom-columns=NAME:.metadata.name,IP:.spec.clusterIP,PORTS:.spec.ports[*].port' }, cluster);
    expect(r.stdout).toBe('NAME   IP           PORTS\nweb    10.96.0.20   80,443\nx      <none>       <none>\n');
  });

  it('prints the header, and the rows before a failing one, ahead of a template error (PrintObj flushes on the way out)', () => {
    const services = [svc('a', 1, { ports: [{ port: 80 }, { port: 81 }] }), svc('b', 1, { ports: [{ port: 80 }] }), svc('c', 1, { ports: [{ port: 80 }, { port: 81 }] })];
    const run = (spec: string) => printGet([group('Service', services)], { output: `custom-columns=${spec}` }, cluster);
    expect(run('N:.metadata.name,P:.spec.ports[1].port')).toEqual({ stdout: 'N     P\na     81\n', stderr: 'error: array index out of bounds: index 1, length 1\n', exitCode: 1 });
    expect(run('N:.metadata[')).toEqual({ stdout: 'N\n', stderr: 'error: unterminated array\n', exitCode: 1 });
    // A spec that does not parse fails before anything prints.
    expect(run('N')).toEqual({ stdout: '', stderr: 'error: unexpected custom-columns spec: N, expected <header>:<json-path-expr>\n', exitCode: 1 });
  });

  it('shows ESC and carriage returns in values escaped (printers.EscapeTerminal)', () => {
    const s = svc('web', 1, {});
    s.metadata.annotations = { note: 'a\x1b[31mb\rc' };
    expect(printGet([group('Service', [s])], { output: 'custom-columns=NOTE:.metadata.annotations.note' }, cluster).stdout).toBe('NOTE\na^[[31mb\\rc\n');
  });
});

describe('speed', () => {
  it('prints 10,000 services as one aligned table', () => {
    const services = Array.from({ length: 10_000 }, (_, i) => svc(`svc-${i}`, i, { type: 'ClusterIP', clusterIPs: [`10.96.${i >> 8}.${i & 255}`], ports: [{ port: 80 }] }));
    const out = printGet([group('Service', services)], {}, cluster).stdout;
    expect(out.split('\n').length).toBe(10_002);
  });
});

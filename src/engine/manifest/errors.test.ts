import { describe, it, expect } from 'vitest';
import { parseManifests, decodeKubeProxyConfiguration } from './index.ts';
import type { Service } from '../api/index.ts';

const f = 'svc.yaml';
const parse = (text: string) => parseManifests(text, { file: f });
const svc = (spec: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n${spec}`;

describe('strict decoding, in the API server words', () => {
  it('several unknown fields are joined in sorted-key order', () => {
    const [doc] = parse(svc('  zeta: 1\n  ports:\n  - port: 80\n    Name: a\n')).documents;
    expect(doc.errors[0].message).toBe(
      'Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.ports[0].Name", unknown field "spec.zeta"',
    );
  });

  it('a string for an int32 names the Go struct field', () => {
    const [doc] = parse(svc('  ports:\n  - port: "80"\n')).documents;
    expect(doc.errors[0].message).toBe(
      'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32',
    );
    expect(doc.errors[0].position).toMatchObject({ line: 7, column: 5 });
  });

  it('int32 overflow and fractions are type errors with the number', () => {
    expect(parse(svc('  ports:\n  - port: 99999999999\n')).documents[0].errors[0].message).toContain(
      'json: cannot unmarshal number 99999999999 into Go struct field ServicePort.spec.ports.port of type int32',
    );
    expect(parse(svc('  ports:\n  - port: 80.5\n')).documents[0].errors[0].message).toContain('cannot unmarshal number 80.5 into');
    // go-yaml leaves 1e309 a string: it overflows float64.
    expect(parse(svc('  ports:\n  - port: 1e309\n')).documents[0].errors[0].message).toContain('cannot unmarshal string into Go struct field ServicePort.spec.ports.port');
  });

  it('a list for the selector', () => {
    expect(parse(svc('  selector:\n  - app\n')).documents[0].errors[0].message).toBe(
      'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal array into Go struct field ServiceSpec.spec.selector of type map[string]string',
    );
  });

  it('targetPort takes an int or a string', () => {
    const ok = parse(svc('  ports:\n  - port: 80\n    targetPort: http\n  - port: 81\n    targetPort: 8081\n')).documents[0].object as Service;
    expect(ok.spec.ports?.map((p) => p.targetPort)).toEqual(['http', 8081]);
    expect(parse(svc('  ports:\n  - port: 80\n    targetPort: true\n')).documents[0].errors[0].message).toContain(
      'json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32',
    );
  });

  it('YAML 1.1 booleans: `yes` is not a string', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    env:\n    - name: A\n      value: yes\n`;
    expect(parse(text).documents[0].errors[0].message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal bool into Go struct field EnvVar.spec.containers.env.value of type string',
    );
  });

  it('duplicate keys: kubectl keeps the last value and says nothing (warning only for the editor)', () => {
    const [doc] = parse(svc('  type: NodePort\n  type: ClusterIP\n')).documents;
    expect(doc.errors).toEqual([]);
    expect((doc.object as Service).spec.type).toBe('ClusterIP');
    expect(doc.warnings[0].position).toMatchObject({ line: 7 });
  });
});

describe('kubectl client errors', () => {
  it('YAML syntax: the line counts from the document, the position from the file', () => {
    const text = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b: c\n`;
    const { documents, errors } = parse(text);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toBe(
      'error: error parsing svc.yaml: error converting YAML to JSON: yaml: line 4: mapping values are not allowed in this context',
    );
    expect(errors[0].position?.line).toBe(9);
    // The Namespace before it is still applied; the broken one is not.
    expect(documents.map((d) => d.reached)).toEqual([true, false]);
    expect(documents[0].object?.kind).toBe('Namespace');
  });

  it('a tab in indentation', () => {
    expect(parse('apiVersion: v1\nkind: Service\nmetadata:\n\tname: x\n').errors[0].message).toBe(
      'error: error parsing svc.yaml: error converting YAML to JSON: yaml: line 4: found character that cannot start any token',
    );
  });

  it('kind not set stops the stream; documents after it are not reached', () => {
    const text = `apiVersion: v1\nmetadata:\n  name: x\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n`;
    const { documents, errors } = parse(text);
    expect(errors[0].message).toBe(
      'error: error validating "svc.yaml": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false',
    );
    expect(documents.map((d) => d.reached)).toEqual([false, false]);
    expect(parse('metadata:\n  name: x\n').errors[0].message).toContain('error validating data: [apiVersion not set, kind not set];');
    expect(parse('- a\n- b\n').errors[0].message).toContain('error validating data: invalid object to validate;');
  });

  it('no matches for kind: that document fails, the others go on', () => {
    const text = `apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n---\napiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: d\n  namespace: web\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n`;
    const { documents, errors } = parse(text);
    expect(errors).toEqual([]);
    expect(documents[0].errors[0].message).toBe(
      'error: resource mapping not found for name: "x" namespace: "" from "svc.yaml": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first',
    );
    expect(documents[1].errors[0].message).toContain('name: "d" namespace: "web" from "svc.yaml": no matches for kind "Deployment" in version "extensions/v1beta1"');
    expect(documents[2].object?.kind).toBe('Namespace');
    expect(documents.every((d) => d.reached)).toBe(true);
  });

  it('a bad document separator', () => {
    expect(parse('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n--- foo\n').errors[0].message).toBe(
      'error: error parsing svc.yaml: invalid Yaml document separator: foo',
    );
  });
});

describe('bad input is reported, never thrown', () => {
  it('empty and comment-only documents are skipped', () => {
    expect(parse('---\n# nothing\n---\n\n---\nnull\n')).toEqual({ documents: [], errors: [] });
  });

  it('alias bombs stop with go-yaml words', () => {
    let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      text += `${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
    }
    const t0 = performance.now();
    const { errors } = parse(text);
    expect(errors[0].message).toBe('error: error parsing svc.yaml: error converting YAML to JSON: yaml: document contains excessive aliasing');
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('NUL bytes, deep nesting and infinities', () => {
    expect(parse('apiVersion: v1\nkind: Namespace\0\n').errors[0].message).toBe(
      'error: error parsing svc.yaml: error converting YAML to JSON: yaml: control characters are not allowed',
    );
    expect(parse('a: ' + '['.repeat(20000)).errors[0].message).toBe(
      'error: error parsing svc.yaml: error converting YAML to JSON: yaml: exceeded max depth of 10000',
    );
    expect(parse('a: .inf\n').errors[0].message).toBe('error: error parsing svc.yaml: error converting YAML to JSON: json: unsupported value: +Inf');
  });

  it('CRLF line endings decode like LF', () => {
    const [doc] = parse(svc('  ports:\n  - port: 80\n').replace(/\n/g, '\r\n')).documents;
    expect((doc.object as Service).spec.ports).toEqual([{ port: 80 }]);
  });

  it('a document over the 3 MiB request limit', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  k: "${'x'.repeat(3_200_000)}"\n`;
    const [doc] = parse(text).documents;
    expect(doc.errors[0].status).toMatchObject({ reason: 'RequestEntityTooLarge', code: 413, message: 'Request entity too large: limit is 3145728' });
  });
});

describe('decodeKubeProxyConfiguration', () => {
  const conf = `apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: 10.244.0.0/16
configSyncPeriod: 0s
conntrack:
  maxPerCore: null
  min: null
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: ""
  strictARP: false
  syncPeriod: 0s
kind: KubeProxyConfiguration
metricsBindAddress: ""
mode: "ipvs"
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
winkernel:
  enableDSR: false
  networkName: ""
  sourceVip: ""
`;
  it("a kubeadm cluster's config.conf", () => {
    const { config, errors, warnings } = decodeKubeProxyConfiguration(conf);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(config?.mode).toBe('ipvs');
    expect(config?.clusterCIDR).toBe('10.244.0.0/16');
    expect(config?.ipvs).toMatchObject({ scheduler: '', strictARP: false });
    expect(config?.iptables?.masqueradeBit).toBeUndefined();
  });

  it('unknown fields are logged and the rest is used, as kube-proxy does', () => {
    const { config, warnings } = decodeKubeProxyConfiguration(conf.replace('  scheduler: ""', '  schedular: "rr"'));
    expect(config?.mode).toBe('ipvs');
    expect(warnings).toEqual(['strict decoding error: unknown field "ipvs.schedular"']);
  });
});

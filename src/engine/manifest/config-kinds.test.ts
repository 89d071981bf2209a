import { describe, it, expect } from 'vitest';
import { parseManifests } from './index.ts';
import type { ClusterConfiguration, Scenario } from '../api/index.ts';

describe('configuration kinds in a scenario', () => {
  it('kubeadm v1beta4 ClusterConfiguration decodes; not served by the API server', () => {
    const text = `apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
kubernetesVersion: v1.33.1
networking:
  serviceSubnet: 10.96.0.0/12
  podSubnet: 10.244.0.0/16
  dnsDomain: cluster.local
apiServer:
  extraArgs:
  - name: service-node-port-range
    value: 30000-32767
`;
    const [doc] = parseManifests(text, { file: 's.yaml' }).documents;
    expect(doc.served).toBe(false);
    const cc = doc.object as ClusterConfiguration;
    expect(cc.networking).toEqual({ serviceSubnet: '10.96.0.0/12', podSubnet: '10.244.0.0/16', dnsDomain: 'cluster.local' });
  });

  it('v1beta3 writes extraArgs as a map; a v1beta4 list there is a type error', () => {
    const text = `apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n  - name: a\n    value: b\n`;
    const [doc] = parseManifests(text, { file: 's.yaml' }).documents;
    expect(doc.errors[0].message).toContain(
      'json: cannot unmarshal array into Go struct field APIServer.apiServer.extraArgs of type map[string]string',
    );
  });

  it('Scenario with steps; a misspelt field is an error', () => {
    const text = `apiVersion: svcsim.dev/v1alpha1\nkind: Scenario\ntitle: NodePort\nseed: 42\nsteps:\n- run: kubectl get svc\n  say: Look\n`;
    const [doc] = parseManifests(text, { file: 's.yaml' }).documents;
    expect((doc.object as Scenario).steps).toEqual([{ run: 'kubectl get svc', say: 'Look' }]);
    const bad = parseManifests(text.replace('title', 'titel'), { file: 's.yaml' }).documents[0];
    expect(bad.errors[0].message).toBe('Scenario in version "v1alpha1" cannot be handled as a Scenario: strict decoding error: unknown field "titel"');
  });

  it('a real `kubectl get node -o yaml` status decodes (capitalised kubeletEndpoint.Port, quantities)', () => {
    const text = `apiVersion: v1
kind: Node
metadata:
  name: node201
spec:
  podCIDR: 10.244.1.0/24
status:
  addresses:
  - address: 172.200.1.201
    type: InternalIP
  allocatable:
    cpu: "2"
    memory: 3777616Ki
    pods: "110"
  daemonEndpoints:
    kubeletEndpoint:
      Port: 10250
`;
    const [doc] = parseManifests(text, { file: 'n.yaml' }).documents;
    expect(doc.errors).toEqual([]);
    expect(doc.positionOf('status.addresses[0].type')).toMatchObject({ line: 10, column: 5 });
    expect(doc.positionOf('status.nope.deeper')).toMatchObject({ line: 7, column: 1 });
  });
});

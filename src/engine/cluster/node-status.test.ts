import { describe, expect, it } from 'vitest';
import { createSession } from '../index.ts';

const SCENARIO = `apiVersion: v1
kind: Node
metadata:
  name: cp1
  labels:
    node-role.kubernetes.io/control-plane: ""
spec:
  podCIDR: 10.244.0.0/24
  taints:
  - key: node-role.kubernetes.io/control-plane
    effect: NoSchedule
status:
  addresses:
  - type: InternalIP
    address: 192.168.1.10
---
apiVersion: v1
kind: Node
metadata:
  name: w1
spec:
  podCIDR: 10.244.1.0/24
status:
  addresses:
  - type: InternalIP
    address: 192.168.1.11
  conditions:
  - type: Ready
    status: "False"
    reason: KubeletNotReady
    message: container runtime network not ready
`;

describe("a scenario's nodes", () => {
  it('are filled in the way their kubelets register them, keeping what the scenario says', () => {
    const s = createSession({ scenario: SCENARIO });
    expect(s.problems).toEqual([]);
    const out = s.run('kubectl get nodes -o wide').stdout.split('\n');
    expect(out[1]).toMatch(/^cp1 +Ready +control-plane +3d15h +v1\.33\.1 +192\.168\.1\.10 +<none> +Ubuntu 24\.04\.2 LTS /);
    expect(out[2]).toMatch(/^w1 +NotReady +<none> +3d14h +v1\.33\.1 +192\.168\.1\.11 /);
    expect(s.run("kubectl get node w1 -o jsonpath='{.metadata.labels.kubernetes\\.io/hostname}'").stdout).toBe('w1');
  });

  it('carry the time their kubelet registered them on each condition it sets (kubectl would print Go zero time for none)', () => {
    const s = createSession({ scenario: SCENARIO });
    const joined = s.cluster.get('Node', undefined, 'cp1')!.metadata.creationTimestamp!;
    const times = s.run("kubectl get node cp1 -o jsonpath='{range .status.conditions[*]}{.type} {.lastHeartbeatTime} {.lastTransitionTime};{end}'").stdout;
    expect(times).toBe(['NetworkUnavailable', 'MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'].map((t) => `${t} ${joined} ${joined};`).join(''));
    expect(s.run('kubectl describe node cp1').stdout).not.toContain('0001');
    // DisableNodeKubeProxyVersion (on by default in v1.33): the kubelet no longer claims a kube-proxy version.
    expect(s.run('kubectl describe node cp1').stdout).toContain('  Kubelet Version:            v1.33.1\n  Kube-Proxy Version:         \n');
  });
});

describe('nodes written without a pod CIDR', () => {
  it('get the next free /24 of the pod subnet, as the controller-manager allocates it, and their pods start', () => {
    const s = createSession({
      scenario: 'apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus:\n  addresses: [{type: InternalIP, address: 192.168.1.5}]\n---\napiVersion: v1\nkind: Node\nmetadata: {name: n2}\nspec: {podCIDR: 10.244.0.0/24}\nstatus:\n  addresses: [{type: InternalIP, address: 192.168.1.6}]\n',
    });
    expect(s.run("kubectl get nodes -o jsonpath='{range .items[*]}{.metadata.name}={.spec.podCIDR} {end}'").stdout).toBe('n1=10.244.1.0/24 n2=10.244.0.0/24 ');
    // The console's home is the first node when none is marked control plane, with kubectl configured.
    expect(s.run('kubectl create deployment w --image=nginx').stdout).toBe('deployment.apps/w created\n');
  });
});

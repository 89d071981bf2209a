import { describe, expect, it } from 'vitest';
import { createSession } from '../index.ts';

const HOST_GW = `apiVersion: v1
kind: ConfigMap
metadata: {name: kube-flannel-cfg, namespace: kube-flannel}
data:
  net-conf.json: |
    {"Network": "10.244.0.0/16", "Backend": {"Type": "host-gw"}}
`;

describe("flannel's backend", () => {
  it('is VXLAN by default and host-gw when kube-flannel-cfg says so', () => {
    expect(createSession().run('ip route').stdout).toContain('10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink \n');
    const s = createSession({ scenario: HOST_GW });
    expect(s.problems).toEqual([]);
    expect(s.run('ip route').stdout).toContain('10.244.1.0/24 via 172.200.1.201 dev eth0 \n');
  });

  it('sends a host -> ClusterIP request out of eth0 with host-gw, masqueraded to the node address', () => {
    const s = createSession({ scenario: HOST_GW });
    s.run('kubectl create deployment web --image=traefik/whoami --port=80');
    s.run('kubectl expose deploy web --port=80');
    const r = s.run(`curl -s ${s.run('kubectl get svc web -o jsonpath={.spec.clusterIP}').stdout}`);
    expect(r.trace?.result).toBe('delivered');
    expect(r.trace?.arrival?.src.split(':')[0]).toBe('172.200.1.200');
    expect(r.trace?.hops.some((h) => h.action === 'encapsulate')).toBe(false);
  });

  it('says which backends svcsim simulates', () => {
    const s = createSession({ scenario: HOST_GW.replace('host-gw', 'wireguard') });
    expect(s.problems.map((p) => p.message)).toEqual(['svcsim: flannel backend "wireguard" is not simulated; vxlan and host-gw are']);
  });
});

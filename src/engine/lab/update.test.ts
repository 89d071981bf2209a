import { describe, it, expect } from 'vitest';
import { createSession } from '../session.ts';
import { DataPlane, type ClusterView } from '../dataplane/index.ts';
import type { Session } from '../session.ts';
import { buildLab } from './build.ts';
import { labCommand } from './command.ts';
import { withProxyMode } from '../scenario/proxy-mode.ts';
import type { LabPlan } from './types.ts';
import { labUpdate } from './update.ts';

const SCENARIO = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dns
spec:
  replicas: 3
  selector:
    matchLabels:
      app: udp
  template:
    metadata:
      labels:
        app: udp
    spec:
      containers:
      - name: app
        image: traefik/whoami
        ports:
        - containerPort: 5353
          protocol: UDP
---
apiVersion: v1
kind: Service
metadata:
  name: udp
spec:
  selector:
    app: udp
  ports:
  - port: 53
    targetPort: 5353
    protocol: UDP
`;

function planOf(s: Session): LabPlan {
  const dp = new DataPlane(s.cluster as ClusterView, 0);
  dp.observeKubeProxies();
  return buildLab({ cluster: s.cluster, dataplane: dp, clients: s.clients });
}

const pods = (p: LabPlan): string[] => p.places.filter((x) => x.kind === 'pod' && x.name.startsWith('default/')).map((x) => x.netns);

describe('labUpdate', () => {
  it('scaling up wires the new pod, starts its server and reloads every node table; nothing is cleared', () => {
    const s = createSession({ scenario: SCENARIO });
    const before = planOf(s);
    s.run('kubectl scale deployment dns --replicas=4');
    const after = planOf(s);
    const u = labUpdate(before, after);
    const [added] = pods(after).filter((ns) => !pods(before).includes(ns));
    expect(u.removeNetns).toEqual([]);
    // The new pod's server, and the CoreDNS servers again: their answers now know the new pod's name.
    expect(u.startServers.map((x) => x.netns).sort()).toEqual([added, ...after.servers.filter((x) => x.dns).map((x) => x.netns)].sort());
    expect(u.stopServers.sort()).toEqual(after.servers.filter((x) => x.dns).map((x) => x.netns).sort());
    const cmds = u.steps.map(labCommand).filter((c): c is string[] => !!c).map((c) => c.join(' '));
    expect(cmds).toContain(`ip netns add ${added}`);
    expect(cmds.filter((c) => c.endsWith('iptables-restore'))).toHaveLength(4);
    expect(cmds.some((c) => c.includes('conntrack -D'))).toBe(false);
  });

  it("scaling down ends the pods that went and clears their UDP flows on every node, as kube-proxy's cleanup does", () => {
    const s = createSession({ scenario: SCENARIO });
    const before = planOf(s);
    s.run('kubectl scale deployment dns --replicas=1');
    const after = planOf(s);
    const u = labUpdate(before, after);
    const gone = pods(before).filter((ns) => !pods(after).includes(ns));
    expect(gone).toHaveLength(2);
    expect(u.removeNetns.sort()).toEqual(gone.sort());
    expect(u.stopServers.sort()).toEqual([...gone, ...after.servers.filter((x) => x.dns).map((x) => x.netns)].sort());
    const goneIPs = before.places.filter((x) => gone.includes(x.netns)).map((x) => x.ip!);
    const svcIP = s.cluster.get('Service', 'default', 'udp')!.spec.clusterIP!;
    const deletes = u.steps.filter((x) => 'argv' in x && x.argv[0] === 'conntrack');
    expect(deletes.every((x) => x.tolerant)).toBe(true);
    expect(new Set(deletes.map((x) => ('argv' in x ? x.argv.join(' ') : '')))).toEqual(new Set(goneIPs.map((ip) => `conntrack -D -p udp --orig-dst ${svcIP} --orig-port-dst 53 --reply-src ${ip}`)));
    expect(deletes).toHaveLength(goneIPs.length * 4);
  });

  it('nftables: the table is deleted and added again in one transaction', () => {
    const s = createSession({ scenario: withProxyMode(SCENARIO, 'nftables') });
    const before = planOf(s);
    s.run('kubectl scale deployment dns --replicas=2');
    const nft = labUpdate(before, planOf(s)).steps.find((x) => 'argv' in x && x.argv[0] === 'nft');
    expect(nft && 'stdin' in nft ? nft.stdin?.split('\n').slice(0, 3) : []).toEqual(['add table ip kube-proxy', 'delete table ip kube-proxy', expect.stringMatching(/^add table ip kube-proxy/)]);
  });
});

import { describe, it, expect } from 'vitest';
import { createSession } from '../session.ts';
import { DataPlane, type ClusterView } from '../dataplane/index.ts';
import { buildLab } from './build.ts';
import { etcPath } from './command.ts';
import { ipv6Hex, nameHex, rdataHex } from './dns-wire.ts';
import { labDnsNames } from './dns-table.ts';
import { renderLabScript } from './script.ts';
import type { LabPlan, LabStep } from './types.ts';

const SCENARIO = `apiVersion: v1
kind: Pod
metadata:
  name: asker
spec:
  nodeName: node201
  containers:
  - name: app
    image: debian:12
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
  - name: http
    port: 80
`;

function planOf(dnsNames: string[] = []): { plan: LabPlan; webIP: string } {
  const s = createSession({ scenario: SCENARIO });
  expect(s.problems).toEqual([]);
  const dp = new DataPlane(s.cluster as ClusterView, 0);
  dp.observeKubeProxies();
  const plan = buildLab({ cluster: s.cluster, dataplane: dp, clients: s.clients, options: { dnsNames } });
  return { plan, webIP: s.cluster.get('Service', 'default', 'web')!.spec.clusterIP! };
}

describe('DNS wire pieces', () => {
  it('writes names as labels and addresses as bytes', () => {
    expect(nameHex('web.default.')).toBe('037765620764656661756c7400');
    expect(nameHex('.')).toBe('00');
    expect(ipv6Hex('fd00::1')).toBe('fd000000000000000000000000000001');
    expect(ipv6Hex('::ffff:10.0.0.1')).toBe('00000000000000000000ffff0a000001');
    expect(rdataHex({ type: 'A', address: '10.96.0.10' })).toBe('0a60000a');
    expect(rdataHex({ type: 'SRV', priority: 0, weight: 100, port: 80, target: 'a.' })).toBe('000000640050016100');
  });
});

describe('the lab CoreDNS pods', () => {
  const { plan, webIP } = planOf(['web']);
  const dnsServers = plan.servers.filter((s) => s.dns);

  it('are the kube-dns pods, serving 53 from a table of svcsim answers', () => {
    expect(dnsServers.map((s) => s.pod)).toEqual(['kube-system/coredns-6c74fc6fcc-bcx8x', 'kube-system/coredns-6c74fc6fcc-lt9g6']);
    const table = dnsServers[0]!.dns!;
    const a = table.answers['web.default.svc.cluster.local.|1']!;
    expect(a.rcode).toBe(0);
    expect(a.aa).toBe(true);
    expect(a.answer.map((r) => r.rdata)).toEqual([webIP.split('.').map((n) => Number(n).toString(16).padStart(2, '0')).join('')]);
    // AAAA of an IPv4 Service: NOERROR, no data, the zone's SOA.
    const aaaa = table.answers['web.default.svc.cluster.local.|28']!;
    expect([aaaa.rcode, aaaa.answer.length, aaaa.authority.map((r) => `${r.name} ${r.type}`)]).toEqual([0, 0, ['cluster.local. 6']]);
    expect(table.answers['_http._tcp.web.default.svc.cluster.local.|33']!.answer).toHaveLength(1);
    expect(table.unknownInZone.rcode).toBe(3);
  });

  it('hold every search-list form of the names asked', () => {
    const s = createSession({ scenario: SCENARIO });
    const names = labDnsNames(s.cluster, ['web']);
    for (const n of ['web.default.svc.cluster.local.', 'web.svc.cluster.local.', 'web.cluster.local.', 'web.localdomain.', 'web.org.cn.', 'web.']) expect(names).toContain(n);
  });
});

describe('pod /etc files', () => {
  const { plan } = planOf();
  const files = plan.steps.filter((s): s is Extract<LabStep, { etcFile: string }> => 'etcFile' in s);

  it("give each pod the kubelet's resolv.conf and hosts file and a glibc nsswitch", () => {
    const asker = files.filter((f) => f.netnsOf === 'svl-pod-default-asker');
    expect(asker.map(etcPath)).toEqual(['/etc/netns/svl-pod-default-asker/resolv.conf', '/etc/netns/svl-pod-default-asker/hosts', '/etc/netns/svl-pod-default-asker/nsswitch.conf']);
    expect(asker[0]!.text).toBe('search default.svc.cluster.local svc.cluster.local cluster.local localdomain org.cn\nnameserver 10.96.0.10\noptions ndots:5\n');
    expect(asker[1]!.text).toMatch(/^# Kubernetes-managed hosts file\.\n127\.0\.0\.1\tlocalhost\n[\s\S]*\n10\.244\.1\.\d+\tasker\n$/);
    expect(asker[2]!.text).toMatch(/^hosts: +files dns$/m);
  });

  it('are written by the script under /etc/netns and removed by its teardown line', () => {
    const script = renderLabScript(plan, { serverProgram: '// whoami\n' });
    expect(script).toContain("mkdir -p /etc/netns/svl-pod-default-asker\ncat > /etc/netns/svl-pod-default-asker/resolv.conf <<'SVCSIM_EOF'\nsearch default.svc.cluster.local");
    expect(script).toContain('rm -rf "/etc/netns/$ns"');
    expect(script).toMatch(/ip netns exec svl-pod-kube-system-coredns-6c74fc6fcc-bcx8x node "\$LAB_DIR\/whoami\.mjs" coredns-6c74fc6fcc-bcx8x 53\/udp 53\/tcp 9153\/tcp 8080\/tcp 8181\/tcp --dns "\$LAB_DIR\/svl-pod-kube-system-coredns-6c74fc6fcc-bcx8x\.dns\.json"/);
  });
});

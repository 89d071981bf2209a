/**
 * Virtual servers per reference §3.2: NodePort servers on every node address, the Local-policy
 * fallback to all endpoints, ITP=Local, ClientIP persistence, mh's flag, and sharing between nodes.
 */
import { describe, expect, it } from 'vitest';
import { formatIpvsadmList } from '../../net/ipvs/ipvsadm-format.ts';
import { IpvsKernel } from '../../net/ipvs/kernel.ts';
import type { ProxyNode } from '../proxy-node.ts';
import { ep, slice, stateOf, svc } from '../testing/builders.ts';
import { compileIpvsNode } from './compile.ts';
import { ipvsConfigFrom } from './config.ts';

const NODE_A: ProxyNode = { name: 'node-a', ips: ['192.168.0.2'], addresses: ['127.0.0.1', '192.168.0.2', '10.244.1.1'] };
const NODE_B: ProxyNode = { name: 'node-b', ips: ['192.168.0.3'], addresses: ['127.0.0.1', '192.168.0.3', '10.244.2.1'] };
const config = ipvsConfigFrom({ apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', mode: 'ipvs', clusterCIDR: '10.244.0.0/16' });

const web = (spec: Record<string, unknown> = {}) => svc('default', 'web', {
  type: 'NodePort', clusterIP: '10.96.45.10', ports: [{ port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }], ...spec,
});
const webEndpoints = slice('default', 'web-abc', 'web', [{ port: 8080, protocol: 'TCP' }], [ep('10.244.1.5', 'node-a'), ep('10.244.2.7', 'node-b')]);

function ipvsadm(node: ProxyNode, objects: Parameters<typeof stateOf>[0], cfg = config): string {
  const s = compileIpvsNode(stateOf(objects), node, cfg);
  return formatIpvsadmList(new IpvsKernel(s.table), { numeric: true });
}

describe('ipvs virtual servers', () => {
  it('puts a NodePort server on every node address but loopback (the DERIVED example)', () => {
    expect(ipvsadm(NODE_A, [web(), webEndpoints])).toBe(`IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  192.168.0.2:30080 rr
  -> 10.244.1.5:8080              Masq    1      0          0         
  -> 10.244.2.7:8080              Masq    1      0          0         
TCP  10.96.45.10:80 rr
  -> 10.244.1.5:8080              Masq    1      0          0         
  -> 10.244.2.7:8080              Masq    1      0          0         
TCP  10.244.1.1:30080 rr
  -> 10.244.1.5:8080              Masq    1      0          0         
  -> 10.244.2.7:8080              Masq    1      0          0         
`);
  });

  it('only uses --nodeport-addresses matches when set', () => {
    const cfg = ipvsConfigFrom({ apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', clusterCIDR: '10.244.0.0/16', nodePortAddresses: ['192.168.0.0/24'] });
    const services = ipvsadm(NODE_A, [web(), webEndpoints], cfg).split('\n').filter((l) => l.startsWith('TCP'));
    expect(services).toEqual(['TCP  192.168.0.2:30080 rr', 'TCP  10.96.45.10:80 rr']);
  });

  it('ETP=Local: local endpoints on the NodePort, all endpoints where there is none; ClusterIP keeps all', () => {
    const objects = [web({ externalTrafficPolicy: 'Local' }), webEndpoints];
    const a = compileIpvsNode(stateOf(objects), NODE_A, config);
    expect(a.table.find('TCP', '192.168.0.2', 30080)!.destinations.map((d) => d.address)).toEqual(['10.244.1.5']);
    expect(a.table.find('TCP', '10.96.45.10', 80)!.destinations.map((d) => d.address)).toEqual(['10.244.1.5', '10.244.2.7']);
    const c = compileIpvsNode(stateOf(objects), { name: 'node-c', ips: ['192.168.0.4'], addresses: ['192.168.0.4'] }, config);
    // PR #97081: no local endpoint, so every endpoint (replies from other nodes go astray, unmasqueraded).
    expect(c.table.find('TCP', '192.168.0.4', 30080)!.destinations.map((d) => d.address)).toEqual(['10.244.1.5', '10.244.2.7']);
    expect(a.ipset('KUBE-NODE-PORT-LOCAL-TCP')!.entries()).toEqual(['30080']);
  });

  it('ITP=Local: the ClusterIP server has only local endpoints, none on a node without', () => {
    const objects = [svc('default', 'web', { clusterIP: '10.96.45.10', internalTrafficPolicy: 'Local', ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] }), webEndpoints];
    expect(compileIpvsNode(stateOf(objects), NODE_B, config).table.find('TCP', '10.96.45.10', 80)!.destinations.map((d) => d.address)).toEqual(['10.244.2.7']);
    const c = compileIpvsNode(stateOf(objects), { name: 'node-c', ips: ['192.168.0.4'], addresses: ['192.168.0.4'] }, config);
    expect(c.table.find('TCP', '10.96.45.10', 80)!.destinations).toEqual([]);
  });

  it('makes ClientIP affinity a persistent service with the affinity timeout', () => {
    const out = ipvsadm(NODE_A, [web({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } } }), webEndpoints]);
    expect(out).toContain('TCP  10.96.45.10:80 rr persistent 600\n');
    expect(out).toContain('TCP  192.168.0.2:30080 rr persistent 600\n');
  });

  it('uses the configured scheduler, and mh with the source-hash flag', () => {
    const mh = ipvsConfigFrom({ apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', ipvs: { scheduler: 'mh' } });
    expect(ipvsadm(NODE_A, [web(), webEndpoints], mh)).toContain('TCP  10.96.45.10:80 mh (mh-port)\n');
    const lc = ipvsConfigFrom({ apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', ipvs: { scheduler: 'lc' } });
    expect(ipvsadm(NODE_A, [web(), webEndpoints], lc)).toContain('TCP  10.96.45.10:80 lc\n');
  });

  it('shares the ClusterIP servers between nodes and keeps NodePort ones per node', () => {
    const state = stateOf([web(), webEndpoints]);
    const a = compileIpvsNode(state, NODE_A, config);
    const b = compileIpvsNode(state, NODE_B, config);
    expect(a.table.shared).toBe(b.table.shared);
    expect(a.table.find('TCP', '10.96.45.10', 80)).toBe(b.table.find('TCP', '10.96.45.10', 80));
    expect(b.table.find('TCP', '192.168.0.2', 30080)).toBeUndefined();
    expect(b.table.find('TCP', '192.168.0.3', 30080)).toBeDefined();
    expect(a.ipset('KUBE-CLUSTER-IP')).toBe(b.ipset('KUBE-CLUSTER-IP'));
  });

  it('keeps a removed endpoint at weight 0 while its connection drains', () => {
    const state = stateOf([web(), webEndpoints]);
    const kernel = new IpvsKernel(compileIpvsNode(state, NODE_A, config).table);
    // rr starts with the destination added last.
    const r = kernel.schedule({ protocol: 'TCP', src: '10.244.1.9', sport: 5000, dst: '10.96.45.10', dport: 80 }, 0);
    expect(r.kind === 'new' && r.conn.daddr).toBe('10.244.2.7');
    state.updateEndpointSlice(slice('default', 'web-abc', 'web', [{ port: 8080, protocol: 'TCP' }], [ep('10.244.1.5', 'node-a')]));
    kernel.load(compileIpvsNode(state, NODE_A, config).table);
    expect(formatIpvsadmList(kernel, { numeric: true })).toContain('TCP  10.96.45.10:80 rr\n  -> 10.244.1.5:8080              Masq    1      0          0         \n  -> 10.244.2.7:8080              Masq    0      0          1         \n');
  });
});

import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster/default-cluster.ts';
import { DEFAULT_SETTINGS } from '../cluster/settings.ts';
import { formatIpRoute } from './ip-format.ts';
import { buildClusterNetwork, lookupRoute } from './node-network.ts';

const NOW = Date.UTC(2025, 5, 1, 10, 0, 0);
const cluster = createCluster({ settings: DEFAULT_SETTINGS, seed: 7, now: NOW });
const net = buildClusterNetwork(cluster);
const corednsKeys = () => [...net.node('master200')!.pods.keys()];

describe('the node network of the default cluster (flannel VXLAN)', () => {
  it('routes the control plane: default via the gateway, its pods on cni0, every other node through flannel.1 onlink', () => {
    expect(formatIpRoute(net.node('master200')!)).toBe(
      'default via 172.200.1.1 dev eth0 proto static \n' +
        '10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1 \n' +
        '10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink \n' +
        '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink \n' +
        '10.244.3.0/24 via 10.244.3.0 dev flannel.1 onlink \n' +
        '172.200.1.0/24 dev eth0 proto kernel scope link src 172.200.1.200 \n',
    );
  });

  it('keeps the local table the kernel derives from the addresses, without network broadcasts', () => {
    expect(formatIpRoute(net.node('master200')!, 'local')).toBe(
      'local 10.244.0.0 dev flannel.1 proto kernel scope host src 10.244.0.0 \n' +
        'local 10.244.0.1 dev cni0 proto kernel scope host src 10.244.0.1 \n' +
        'broadcast 10.244.0.255 dev cni0 proto kernel scope link src 10.244.0.1 \n' +
        'local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 \n' +
        'local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 \n' +
        'broadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1 \n' +
        'local 172.200.1.200 dev eth0 proto kernel scope host src 172.200.1.200 \n' +
        'broadcast 172.200.1.255 dev eth0 proto kernel scope link src 172.200.1.200 \n',
    );
  });

  it('gives a node without pods on the pod network no cni0 and no route to its own subnet', () => {
    const w = net.node('node201')!;
    expect(w.interfaces.map((i) => i.name)).toEqual(['lo', 'eth0', 'flannel.1']);
    expect(formatIpRoute(w)).toBe(
      'default via 172.200.1.1 dev eth0 proto static \n' +
        '10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink \n' +
        '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink \n' +
        '10.244.3.0/24 via 10.244.3.0 dev flannel.1 onlink \n' +
        '172.200.1.0/24 dev eth0 proto kernel scope link src 172.200.1.201 \n',
    );
  });

  it('gives every pod its own namespace: default and the pod network via the bridge, its /24 on eth0', () => {
    const [first] = corednsKeys();
    const pod = net.pod(first!)!;
    expect(pod.id).toBe(`pod:${first}`);
    expect(formatIpRoute(pod)).toBe(
      'default via 10.244.0.1 dev eth0 \n' +
        `10.244.0.0/24 dev eth0 proto kernel scope link src ${pod.ip} \n` +
        '10.244.0.0/16 via 10.244.0.1 dev eth0 \n',
    );
  });

  it('wires each veth pair consistently: the host end names the pod netns, the pod end points back at it', () => {
    const node = net.node('master200')!;
    for (const key of corednsKeys()) {
      const pod = net.pod(key)!;
      const hostEnd = node.interfaces.find((i) => i.name === pod.hostVeth)!;
      expect(hostEnd.ifindex).toBe(pod.hostVethIndex);
      expect(hostEnd.master).toBe('cni0');
      expect(hostEnd.peer).toEqual({ ifindex: 2, netns: { name: pod.netnsName } });
      expect(pod.hostVeth).toMatch(/^veth[0-9a-f]{8}$/);
      expect(pod.netnsName).toMatch(/^cni-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(pod.interfaces[1]!.peer).toEqual({ ifindex: pod.hostVethIndex, netns: { id: 0 } });
    }
    expect(node.interfaces.map((i) => i.ifindex)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('uses the VTEP MAC each node published in its flannel annotation, and the peers’ in ARP and FDB entries', () => {
    const annotated = (name: string) => JSON.parse(cluster.get('Node', undefined, name)!.metadata.annotations!['flannel.alpha.coreos.com/backend-data']!).VtepMAC;
    const m = net.node('master200')!;
    expect(m.interfaces.find((i) => i.name === 'flannel.1')!.mac).toBe(annotated('master200'));
    expect(m.neighbors).toEqual([
      { ip: '10.244.1.0', dev: 'flannel.1', lladdr: annotated('node201') },
      { ip: '10.244.2.0', dev: 'flannel.1', lladdr: annotated('node202') },
      { ip: '10.244.3.0', dev: 'flannel.1', lladdr: annotated('node203') },
    ]);
    expect(m.fdb[0]).toEqual({ mac: annotated('node201'), dev: 'flannel.1', dst: '172.200.1.201' });
    expect(m.interfaces.find((i) => i.name === 'flannel.1')!.vxlan).toEqual({ vni: 1, local: '172.200.1.200', dev: 'eth0', dstport: 8472, learning: false });
  });

  it('is the same network when built again from the same cluster', () => {
    const again = buildClusterNetwork(cluster);
    expect(again.node('master200')).toEqual(net.node('master200'));
  });
});

describe('lookupRoute', () => {
  it('sends a remote pod address through flannel.1 from flannel.1’s own address', () => {
    expect(lookupRoute(net, 'master200', '10.244.2.5')).toMatchObject({ type: 'unicast', iface: 'flannel.1', via: '10.244.2.0', onlink: true, src: '10.244.0.0' });
  });

  it('sends a local pod address to cni0 from the bridge address', () => {
    expect(lookupRoute(net, 'master200', '10.244.0.6')).toMatchObject({ type: 'unicast', iface: 'cni0', src: '10.244.0.1' });
    expect(lookupRoute(net, 'master200', '10.244.0.6')!.via).toBeUndefined();
  });

  it('sends a Service address (no route of its own) out the default route, from the node IP', () => {
    expect(lookupRoute(net, 'master200', '10.96.0.1')).toMatchObject({ type: 'unicast', iface: 'eth0', via: '172.200.1.1', src: '172.200.1.200' });
  });

  it('finds the node’s own addresses in the local table first', () => {
    expect(lookupRoute(net, 'node202', '172.200.1.202')).toMatchObject({ type: 'local', table: 'local', iface: 'lo', src: '172.200.1.202' });
    expect(lookupRoute(net, 'master200', '10.244.0.1')).toMatchObject({ type: 'local', iface: 'lo' });
    expect(lookupRoute(net, 'master200', '127.0.0.53')).toMatchObject({ type: 'local', src: '127.0.0.1' });
  });

  it('sends everything from a pod to its gateway, the bridge', () => {
    const [key] = corednsKeys();
    const pod = net.pod(key!)!;
    expect(lookupRoute(net, key!, '10.96.0.10')).toMatchObject({ iface: 'eth0', via: '10.244.0.1', src: pod.ip });
    expect(lookupRoute(net, key!, '10.244.3.9')).toMatchObject({ iface: 'eth0', via: '10.244.0.1', src: pod.ip });
    expect(lookupRoute(net, key!, '10.244.0.200')).toMatchObject({ iface: 'eth0', src: pod.ip });
    expect(lookupRoute(net, key!, pod.ip)).toMatchObject({ type: 'local', iface: 'lo' });
  });

  it('answers a hostNetwork pod with its node’s namespace, and nothing for unknown names or bad addresses', () => {
    const proxy = cluster.list('Pod', 'kube-system').find((p) => p.spec.hostNetwork && p.spec.nodeName === 'node203')!;
    const key = `kube-system/${proxy.metadata.name}`;
    expect(net.netns(key)).toBe(net.node('node203'));
    expect(net.pod(key)).toBeUndefined();
    expect(lookupRoute(net, 'nosuchnode', '10.244.0.6')).toBeUndefined();
    expect(lookupRoute(net, 'default/nosuchpod', '10.244.0.6')).toBeUndefined();
    expect(lookupRoute(net, 'master200', 'not-an-ip')).toBeUndefined();
  });

  it('knows who owns an address', () => {
    const [key] = corednsKeys();
    expect(net.ownerOf('172.200.1.201')).toEqual({ kind: 'node', name: 'node201' });
    expect(net.ownerOf('10.244.0.1')).toEqual({ kind: 'node', name: 'master200' });
    expect(net.ownerOf('10.244.3.0')).toEqual({ kind: 'node', name: 'node203' });
    expect(net.ownerOf(net.pod(key!)!.ip)).toEqual({ kind: 'pod', name: key });
    expect(net.ownerOf('10.96.0.1')).toBeUndefined();
  });

  it('gives an address two pods were given (a pasted status) to the first in namespace/name order, whichever came first', () => {
    const c = createCluster({ settings: DEFAULT_SETTINGS, seed: 7, now: NOW });
    const pod = (name: string, nodeName: string) => ({
      apiVersion: 'v1' as const,
      kind: 'Pod' as const,
      metadata: { name, namespace: 'default' },
      spec: { nodeName, containers: [{ name: 'c', image: 'busybox' }] },
      status: { podIP: '10.244.9.9' },
    });
    for (const [name, node] of [['zeta', 'node202'], ['alpha', 'node203']] as const) expect(c.create(pod(name, node)).ok).toBe(true);
    expect(c.get('Pod', 'default', 'alpha')?.status?.podIP).toBe('10.244.9.9');
    expect(buildClusterNetwork(c).ownerOf('10.244.9.9')).toEqual({ kind: 'pod', name: 'default/alpha' });
  });
});

describe('flannel host-gw', () => {
  const hostGw = createCluster({ settings: { ...DEFAULT_SETTINGS, cni: 'flannel-host-gw' }, seed: 7, now: NOW });
  const hnet = buildClusterNetwork(hostGw);

  it('routes other nodes’ pod subnets via their InternalIP on eth0, with no flannel.1 and a full-size MTU', () => {
    const m = hnet.node('master200')!;
    expect(formatIpRoute(m)).toBe(
      'default via 172.200.1.1 dev eth0 proto static \n' +
        '10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1 \n' +
        '10.244.1.0/24 via 172.200.1.201 dev eth0 \n' +
        '10.244.2.0/24 via 172.200.1.202 dev eth0 \n' +
        '10.244.3.0/24 via 172.200.1.203 dev eth0 \n' +
        '172.200.1.0/24 dev eth0 proto kernel scope link src 172.200.1.200 \n',
    );
    expect(m.interfaces.map((i) => i.name)).not.toContain('flannel.1');
    expect(m.interfaces.find((i) => i.name === 'cni0')!.mtu).toBe(1500);
    expect(lookupRoute(hnet, 'master200', '10.244.2.7')).toMatchObject({ iface: 'eth0', via: '172.200.1.202', src: '172.200.1.200' });
  });

  it('skips a peer outside the node’s link, as the kernel refuses an unreachable gateway', () => {
    const custom = createCluster({
      settings: { ...DEFAULT_SETTINGS, cni: 'flannel-host-gw' },
      seed: 7,
      now: NOW,
      nodes: [
        { apiVersion: 'v1', kind: 'Node', metadata: { name: 'a' }, spec: { podCIDR: '10.244.0.0/24' }, status: { addresses: [{ type: 'InternalIP', address: '192.168.1.10' }] } },
        { apiVersion: 'v1', kind: 'Node', metadata: { name: 'b' }, spec: { podCIDR: '10.244.1.0/24' }, status: { addresses: [{ type: 'InternalIP', address: '192.168.2.10' }] } },
      ],
    });
    const n = buildClusterNetwork(custom).node('a')!;
    expect(n.main.routes.some((r) => r.dev === 'eth0' && r.via === '192.168.2.10')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster/default-cluster.ts';
import { DEFAULT_SETTINGS } from '../cluster/settings.ts';
import { ipCommand } from './ip-command.ts';
import { formatIpAddr, formatIpLink, formatIpNeigh } from './ip-format.ts';
import { buildClusterNetwork } from './node-network.ts';

const cluster = createCluster({ settings: DEFAULT_SETTINGS, seed: 7, now: Date.UTC(2025, 5, 1, 10, 0, 0) });
const net = buildClusterNetwork(cluster);
const master = net.node('master200')!;
const podKey = [...master.pods.keys()].find((k) => master.pods.get(k)!.ip === '10.244.0.7')!;
const pod = net.pod(podKey)!;

// iproute2 6.1.0 (Ubuntu 24.04): trailing spaces are part of the output
const LO =
  '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n' +
  '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n' +
  '    inet 127.0.0.1/8 scope host lo\n' +
  '       valid_lft forever preferred_lft forever\n' +
  '    inet6 ::1/128 scope host noprefixroute \n' +
  '       valid_lft forever preferred_lft forever\n';

describe('ip addr on a node', () => {
  it('prints lo, eth0, flannel.1, cni0 and one veth per pod as iproute2 does', () => {
    const veth = master.interfaces.filter((i) => i.kind === 'veth');
    expect(formatIpAddr(master)).toBe(
      LO +
        '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n' +
        '    link/ether 52:54:00:74:04:e1 brd ff:ff:ff:ff:ff:ff\n' +
        '    inet 172.200.1.200/24 brd 172.200.1.255 scope global eth0\n' +
        '       valid_lft forever preferred_lft forever\n' +
        '    inet6 fe80::5054:ff:fe74:4e1/64 scope link \n' +
        '       valid_lft forever preferred_lft forever\n' +
        '3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default \n' +
        '    link/ether 0a:bd:22:68:0b:4d brd ff:ff:ff:ff:ff:ff\n' +
        '    inet 10.244.0.0/32 scope global flannel.1\n' +
        '       valid_lft forever preferred_lft forever\n' +
        '    inet6 fe80::8bd:22ff:fe68:b4d/64 scope link \n' +
        '       valid_lft forever preferred_lft forever\n' +
        '4: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000\n' +
        '    link/ether ce:d7:e2:82:bb:94 brd ff:ff:ff:ff:ff:ff\n' +
        '    inet 10.244.0.1/24 brd 10.244.0.255 scope global cni0\n' +
        '       valid_lft forever preferred_lft forever\n' +
        '    inet6 fe80::ccd7:e2ff:fe82:bb94/64 scope link \n' +
        '       valid_lft forever preferred_lft forever\n' +
        veth
          .map(
            (v) =>
              `${v.ifindex}: ${v.name}@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master cni0 state UP group default qlen 1000\n` +
              `    link/ether ${v.mac} brd ff:ff:ff:ff:ff:ff link-netns ${'name' in v.peer!.netns ? v.peer!.netns.name : ''}\n` +
              `    inet6 ${v.inet6[0]!.address}/64 scope link \n` +
              '       valid_lft forever preferred_lft forever\n',
          )
          .join(''),
    );
    expect(veth).toHaveLength(2);
    expect(veth[0]!.inet6[0]!.address).toMatch(/^fe80::[0-9a-f:]+$/);
  });

  it('ip -4 addr lists only links with an IPv4 address and skips the link/ether lines', () => {
    expect(formatIpAddr(master, { family: 4 })).toBe(
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n' +
        '    inet 127.0.0.1/8 scope host lo\n' +
        '       valid_lft forever preferred_lft forever\n' +
        '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n' +
        '    inet 172.200.1.200/24 brd 172.200.1.255 scope global eth0\n' +
        '       valid_lft forever preferred_lft forever\n' +
        '3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default \n' +
        '    inet 10.244.0.0/32 scope global flannel.1\n' +
        '       valid_lft forever preferred_lft forever\n' +
        '4: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000\n' +
        '    inet 10.244.0.1/24 brd 10.244.0.255 scope global cni0\n' +
        '       valid_lft forever preferred_lft forever\n',
    );
  });

  it('ip link adds `mode DEFAULT` and shows no addresses', () => {
    const text = formatIpLink(master);
    expect(text.split('\n').slice(0, 6).join('\n')).toBe(
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n' +
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n' +
        '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT group default qlen 1000\n' +
        '    link/ether 52:54:00:74:04:e1 brd ff:ff:ff:ff:ff:ff\n' +
        '3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default \n' +
        '    link/ether 0a:bd:22:68:0b:4d brd ff:ff:ff:ff:ff:ff',
    );
    expect(text).not.toContain('inet');
  });

  it('ip neigh shows flannel’s permanent ARP entry for each peer VTEP', () => {
    expect(formatIpNeigh(master.neighbors)).toBe(
      '10.244.1.0 dev flannel.1 lladdr 0a:5a:ca:38:22:ee PERMANENT \n' +
        '10.244.2.0 dev flannel.1 lladdr 0a:59:ca:36:8f:e9 PERMANENT \n' +
        '10.244.3.0 dev flannel.1 lladdr 0a:58:ca:34:fc:e4 PERMANENT \n',
    );
  });
});

describe('ip addr inside a pod', () => {
  it('shows eth0 as the peer of the host veth, in host netns id 0', () => {
    expect(formatIpAddr(pod)).toBe(
      LO +
        `2: eth0@if${pod.hostVethIndex}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000\n` +
        '    link/ether 7e:1d:0c:e7:d8:3a brd ff:ff:ff:ff:ff:ff link-netnsid 0\n' +
        '    inet 10.244.0.7/24 brd 10.244.0.255 scope global eth0\n' +
        '       valid_lft forever preferred_lft forever\n' +
        '    inet6 fe80::7c1d:cff:fee7:d83a/64 scope link \n' +
        '       valid_lft forever preferred_lft forever\n',
    );
  });

  it('ip -4 addr appends link-netnsid to the link line, as iproute2 prints it outside the link-layer block', () => {
    expect(formatIpAddr(pod, { family: 4 }).split('\n')[3]).toBe(
      `2: eth0@if${pod.hostVethIndex}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000 link-netnsid 0`,
    );
  });
});

describe('the ip command', () => {
  it('matches objects and verbs by prefix, as iproute2 does', () => {
    const route = ipCommand(master, ['route']).stdout;
    expect(route.startsWith('default via 172.200.1.1 dev eth0 proto static \n')).toBe(true);
    expect(ipCommand(master, ['r']).stdout).toBe(route);
    expect(ipCommand(master, ['ro', 'sh']).stdout).toBe(route);
    expect(ipCommand(master, ['route', 'list', 'table', 'local']).stdout).toContain('local 172.200.1.200 dev eth0 proto kernel scope host src 172.200.1.200 \n');
    expect(ipCommand(master, ['a']).stdout).toBe(formatIpAddr(master));
    expect(ipCommand(master, ['-4', 'a', 'show', 'dev', 'eth0']).stdout).toBe(
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n' +
        '    inet 172.200.1.200/24 brd 172.200.1.255 scope global eth0\n' +
        '       valid_lft forever preferred_lft forever\n',
    );
    expect(ipCommand(master, ['link', 'show', 'cni0']).stdout.split('\n')[0]).toBe('4: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP mode DEFAULT group default qlen 1000');
    expect(ipCommand(master, ['n']).stdout).toBe(formatIpNeigh(master.neighbors));
  });

  it('answers mistakes with iproute2’s messages and exit codes', () => {
    expect(ipCommand(master, ['bogus'])).toEqual({ stdout: '', stderr: 'Object "bogus" is unknown, try "ip help".\n', exitCode: 1 });
    expect(ipCommand(master, ['route', 'frobnicate'])).toEqual({ stdout: '', stderr: 'Command "frobnicate" is unknown, try "ip route help".\n', exitCode: 255 });
    expect(ipCommand(master, ['addr', 'show', 'dev', 'wlan0'])).toEqual({ stdout: '', stderr: 'Device "wlan0" does not exist.\n', exitCode: 1 });
    expect(ipCommand(master, ['-x', 'addr'])).toEqual({ stdout: '', stderr: 'Option "-x" is unknown, try "ip -help".\n', exitCode: 255 });
  });
});

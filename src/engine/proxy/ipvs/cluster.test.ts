/**
 * ipvs mode on the engine's default cluster: seed 001's `ipvsadm -Ln` on the control plane
 * after switching kube-proxy to ipvs, kube-ipvs0's addresses and the ipsets.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster/default-cluster.ts';
import { DEFAULT_SETTINGS } from '../../cluster/settings.ts';
import { formatIpsetList } from '../../net/ipset/list-format.ts';
import { formatIpvsadmList } from '../../net/ipvs/ipvsadm-format.ts';
import { IpvsKernel } from '../../net/ipvs/kernel.ts';
import { proxyNodesOf } from '../proxy-node.ts';
import { ProxyState } from '../proxy-state.ts';
import { compileIpvsNode } from './compile.ts';
import { ipvsConfigFrom } from './config.ts';

const settings = { ...DEFAULT_SETTINGS, proxy: { ...DEFAULT_SETTINGS.proxy, mode: 'ipvs' as const } };
const cluster = createCluster({ settings, seed: 7, now: Date.UTC(2025, 5, 1) });
const state = ProxyState.fromCluster(cluster);
const config = ipvsConfigFrom(cluster.settings.proxy);
const nodes = proxyNodesOf(cluster);
const master = nodes.find((n) => n.name === 'master200')!;

// Seed 001, verbatim (destination lines end in the spaces of ipvsadm's %-10u columns).
const SEED_001 = [
  'IP Virtual Server version 1.2.1 (size=4096)',
  'Prot LocalAddress:Port Scheduler Flags',
  '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
  'TCP  10.96.0.1:443 rr',
  '  -> 172.200.1.200:6443           Masq    1      0          0         ',
  'TCP  10.96.0.10:53 rr',
  '  -> 10.244.0.6:53                Masq    1      0          0         ',
  '  -> 10.244.0.7:53                Masq    1      0          0         ',
  'TCP  10.96.0.10:9153 rr',
  '  -> 10.244.0.6:9153              Masq    1      0          0         ',
  '  -> 10.244.0.7:9153              Masq    1      0          0         ',
  'UDP  10.96.0.10:53 rr',
  '  -> 10.244.0.6:53                Masq    1      0          0         ',
  '  -> 10.244.0.7:53                Masq    1      0          0         ',
  '',
].join('\n');

describe('the default cluster in ipvs mode', () => {
  const ipvs = compileIpvsNode(state, master, config);

  it('prints seed 001’s ipvsadm -Ln on the control plane', () => {
    expect(formatIpvsadmList(new IpvsKernel(ipvs.table, ipvs.kernelOptions), { numeric: true })).toBe(SEED_001);
  });

  it('prints the same on every worker (no NodePort service, no Local policy)', () => {
    for (const n of nodes) {
      const s = compileIpvsNode(state, n, config);
      expect(formatIpvsadmList(new IpvsKernel(s.table), { numeric: true })).toBe(SEED_001);
    }
  });

  it('binds the kubernetes and kube-dns cluster IPs to kube-ipvs0', () => {
    expect(ipvs.dummyAddresses).toEqual(['10.96.0.1', '10.96.0.10']);
    expect(ipvs.ipset('KUBE-IPVS-IPS')?.entries()).toEqual(['10.96.0.1', '10.96.0.10']);
  });

  it('fills KUBE-CLUSTER-IP and, on the control plane only, KUBE-LOOP-BACK with CoreDNS', () => {
    expect([...ipvs.ipset('KUBE-CLUSTER-IP')!.entries()].sort()).toEqual(['10.96.0.1,tcp:443', '10.96.0.10,tcp:53', '10.96.0.10,tcp:9153', '10.96.0.10,udp:53']);
    expect([...ipvs.ipset('KUBE-LOOP-BACK')!.entries()].sort()).toEqual([
      '10.244.0.6,tcp:53,10.244.0.6', '10.244.0.6,tcp:9153,10.244.0.6', '10.244.0.6,udp:53,10.244.0.6',
      '10.244.0.7,tcp:53,10.244.0.7', '10.244.0.7,tcp:9153,10.244.0.7', '10.244.0.7,udp:53,10.244.0.7',
    ]);
    const worker = compileIpvsNode(state, nodes.find((n) => n.name === 'node201')!, config);
    expect(worker.ipset('KUBE-LOOP-BACK')!.size).toBe(0);
  });

  it('counts the iptables rules that name each set, as ipset list shows them', () => {
    const r = formatIpsetList(ipvs.ipsets, { name: 'KUBE-CLUSTER-IP' }, (n) => ipvs.references(n));
    // The masquerade rule, the ACCEPT at the end of KUBE-SERVICES, and KUBE-IPVS-FILTER's RETURN.
    expect(r.ok && r.text).toContain('References: 3\nNumber of entries: 4\n');
    expect(ipvs.references('KUBE-IPVS-IPS')).toBe(1);
    expect(ipvs.references('KUBE-HEALTH-CHECK-NODE-PORT')).toBe(2);
    expect(formatIpsetList(ipvs.ipsets, { namesOnly: true }, () => 0)).toEqual({ ok: true, text: [
      'KUBE-LOOP-BACK', 'KUBE-CLUSTER-IP', 'KUBE-EXTERNAL-IP', 'KUBE-EXTERNAL-IP-LOCAL', 'KUBE-LOAD-BALANCER', 'KUBE-LOAD-BALANCER-FW',
      'KUBE-LOAD-BALANCER-LOCAL', 'KUBE-LOAD-BALANCER-SOURCE-IP', 'KUBE-LOAD-BALANCER-SOURCE-CIDR', 'KUBE-NODE-PORT-TCP', 'KUBE-NODE-PORT-LOCAL-TCP',
      'KUBE-NODE-PORT-UDP', 'KUBE-NODE-PORT-LOCAL-UDP', 'KUBE-NODE-PORT-SCTP-HASH', 'KUBE-NODE-PORT-LOCAL-SCTP-HASH', 'KUBE-HEALTH-CHECK-NODE-PORT', 'KUBE-IPVS-IPS', '',
    ].join('\n') });
  });
});

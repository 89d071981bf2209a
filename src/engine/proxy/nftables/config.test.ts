/** Defaults kube-proxy v1.33 applies to an nftables KubeProxyConfiguration (cmd/kube-proxy/app/server_linux.go, server.go). */
import { describe, expect, it } from 'vitest';
import { nftablesConfigFrom, nftLocalDetectorFor } from './config.ts';
import { txStmt } from '../../net/nftables/rule-text.ts';
import { nodePortIPs, nodePortMatchAll } from './base-table.ts';
import type { ProxyNode } from '../proxy-node.ts';

const NODE: ProxyNode = { name: 'node-a', ips: ['192.168.0.2', '192.168.0.3'], addresses: ['127.0.0.1', '192.168.0.2', '192.168.0.3', '10.244.1.1'] };

describe('nftables nodePortAddresses', () => {
  it('defaults to primary: NodePorts only on the node primary IPv4, listed in @nodeport-ips', () => {
    const cfg = nftablesConfigFrom({ apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', mode: 'nftables' });
    expect(cfg.nodePortAddresses).toEqual(['primary']);
    expect(nodePortMatchAll(cfg)).toBe(false);
    expect(nodePortIPs(cfg, NODE)).toEqual(['192.168.0.2']);
  });

  it('keeps configured CIDRs (loopback left out)', () => {
    const cfg = nftablesConfigFrom({ apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', mode: 'nftables', nodePortAddresses: ['0.0.0.0/0'] });
    expect(nodePortIPs(cfg, NODE)).toEqual(['192.168.0.2', '192.168.0.3', '10.244.1.1']);
  });
});

describe('nftables local-traffic detectors', () => {
  it('match pod interfaces by name (iifname), for a bridge and for a prefix', () => {
    const base = { apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', mode: 'nftables' } as const;
    const bridge = nftLocalDetectorFor(nftablesConfigFrom({ ...base, detectLocalMode: 'BridgeInterface', detectLocal: { bridgeInterface: 'cbr0' } }), {});
    expect(bridge && txStmt(bridge.ifNotLocal)).toBe('iifname != cbr0');
    const prefix = nftLocalDetectorFor(nftablesConfigFrom({ ...base, detectLocalMode: 'InterfaceNamePrefix', detectLocal: { interfaceNamePrefix: 'azv' } }), {});
    expect(prefix && txStmt(prefix.ifNotLocal)).toBe('iifname != azv*');
  });
});

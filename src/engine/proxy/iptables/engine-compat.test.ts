/** Every rule kube-proxy writes parses in the iptables engine (so the walker can evaluate it). */
import { it, expect } from 'vitest';
import { parseRuleSpec } from '../../net/iptables/parse.ts';
import { createCluster } from '../../cluster/default-cluster.ts';
import { DEFAULT_SETTINGS } from '../../cluster/settings.ts';
import { ProxyState } from '../proxy-state.ts';
import { proxyNodesOf } from '../proxy-node.ts';
import { ep, slice, svc } from '../testing/builders.ts';
import { IptablesBackend } from './backend.ts';

it('every rule of a node with LB source ranges, affinity, ETP Local and externalIPs parses', () => {
  const cluster = createCluster({ settings: DEFAULT_SETTINGS, seed: 7, now: Date.UTC(2025, 5, 1) });
  const state = ProxyState.fromCluster(cluster);
  state.updateService(
    svc('ns1', 'lb', {
      type: 'LoadBalancer',
      clusterIP: '10.96.9.9',
      externalTrafficPolicy: 'Local',
      healthCheckNodePort: 31111,
      sessionAffinity: 'ClientIP',
      loadBalancerSourceRanges: ['172.200.1.0/24'],
      externalIPs: ['5.5.5.5'],
      ports: [{ name: 'p', port: 80, nodePort: 30080 }],
    }, { loadBalancer: { ingress: [{ ip: '9.9.9.9' }] } }),
  );
  state.updateEndpointSlice(slice('ns1', 'lb-1', 'lb', [{ name: 'p', port: 80 }], [ep('10.244.1.5', 'node201')]));
  const tables = new IptablesBackend().compile(state, proxyNodesOf(cluster)[1]);
  const failures: string[] = [];
  for (const t of tables.ruleset.tables) {
    for (const r of t.rules) {
      const p = parseRuleSpec(r);
      if (!p.ok) failures.push(`${r.chain} ${r.args.join(' ')}: ${p.error}`);
    }
  }
  expect(failures).toEqual([]);
  expect(tables.restoreText()).toContain('-s 9.9.9.9 -j KUBE-EXT-');
});

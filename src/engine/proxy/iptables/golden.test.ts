/**
 * Golden restore input from upstream's proxier_test.go (reference §2.1 G1, §2.3 G3),
 * byte for byte in the canonical order, with the upstream harness (§2.0).
 */
import { describe, it, expect } from 'vitest';
import { ep, slice, stateOf, svc, TEST_NODE } from '../testing/builders.ts';
import { IptablesBackend } from './backend.ts';
import { GOLDEN_HARNESS_CONFIG } from './config.ts';
// The reference's golden text, shared with the iptables engine's own restore-format tests.
import { G1_RESTORE, G3_RESTORE } from '../../net/iptables/testdata/golden-restore.ts';

describe('upstream goldens (K128 proxier_test.go)', () => {
  it('G1: ClusterIP, unnamed port, three endpoints (TestInternalTrafficPolicyE2E, policy Cluster)', () => {
    const state = stateOf([
      svc('ns1', 'svc1', { clusterIP: '172.30.1.1', selector: { foo: 'bar' }, internalTrafficPolicy: 'Cluster', ports: [{ port: 80, protocol: 'TCP' }] }),
      slice('ns1', 'svc1-1', 'svc1', [{ name: '', port: 80, protocol: 'TCP' }], [ep('10.0.1.1', 'test-hostname'), ep('10.0.1.2', 'host1'), ep('10.0.1.3', 'host2')]),
    ]);
    const text = new IptablesBackend(GOLDEN_HARNESS_CONFIG).compile(state, TEST_NODE).restoreText();
    expect(text).toBe(G1_RESTORE);
  });

  it('G3: ClusterIP with no endpoints is rejected in filter KUBE-SERVICES (TestClusterIPReject)', () => {
    const state = stateOf([svc('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80, protocol: 'TCP' }] })]);
    const text = new IptablesBackend(GOLDEN_HARNESS_CONFIG).compile(state, TEST_NODE).restoreText();
    expect(text).toBe(G3_RESTORE);
  });
});

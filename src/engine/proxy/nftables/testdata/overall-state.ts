/** The services and slices of TestOverallNFTablesRules (reference §2.7/§4.2 harness), as a ProxyState. */
import type { ProxyNode } from '../../proxy-node.ts';
import type { ProxyState } from '../../proxy-state.ts';
import { slice, stateOf, svc } from '../../testing/builders.ts';

const p80 = [{ name: 'p80', port: 80, protocol: 'TCP' as const }];

/** NewFakeProxier's node: test-node, 192.168.0.2 (plus 192.168.1.2 and 192.168.99.11 on eth0). */
export const NFT_TEST_NODE: ProxyNode = {
  name: 'test-node',
  ips: ['192.168.0.2'],
  addresses: ['127.0.0.1', '192.168.0.2', '192.168.1.2', '192.168.99.11'],
};

export function overallState(): ProxyState {
  return stateOf([
    svc('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: p80 }),
    svc(
      'ns2',
      'svc2',
      {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        clusterIP: '172.30.0.42',
        ports: [{ ...p80[0], nodePort: 3001 }],
        externalIPs: ['192.168.99.22'],
        healthCheckNodePort: 30000,
      },
      { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } },
    ),
    svc('ns3', 'svc3', { type: 'NodePort', clusterIP: '172.30.0.43', ports: [{ ...p80[0], nodePort: 3003 }] }),
    svc('ns4', 'svc4', { type: 'NodePort', clusterIP: '172.30.0.44', externalIPs: ['192.168.99.33'], ports: [{ ...p80[0], targetPort: 80 }] }),
    svc(
      'ns5',
      'svc5',
      {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Cluster',
        clusterIP: '172.30.0.45',
        ports: [{ ...p80[0], nodePort: 3002 }],
        healthCheckNodePort: 30000,
        loadBalancerSourceRanges: [' 203.0.113.0/25'],
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
      },
      { loadBalancer: { ingress: [{ ip: '5.6.7.8' }] } },
    ),
    svc('ns6', 'svc6', { type: 'ClusterIP', clusterIP: '172.30.0.46', ports: [{ ...p80[0], targetPort: 80 }] }),
    slice('ns1', 'svc1-1', 'svc1', p80, [{ addresses: ['10.180.0.1'] }]),
    slice('ns2', 'svc2-1', 'svc2', p80, [{ addresses: ['10.180.0.2'] }]),
    slice('ns3', 'svc3-1', 'svc3', p80, [{ addresses: ['10.180.0.3'] }]),
    slice('ns4', 'svc4-1', 'svc4', p80, [{ addresses: ['10.180.0.4'] }, { addresses: ['10.180.0.5'], nodeName: 'test-node' }]),
    slice('ns5', 'svc5-1', 'svc5', p80, [{ addresses: ['10.180.0.3'] }]),
  ]);
}

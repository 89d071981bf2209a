/** Builders for proxy tests: Services and EndpointSlices as a user would write them. */
import type { Service, ServiceSpec, ServiceStatus } from '../../api/core.ts';
import type { Endpoint, EndpointSlice, EndpointSlicePort } from '../../api/discovery.ts';
import type { ProxyNode } from '../proxy-node.ts';
import { ProxyState } from '../proxy-state.ts';

export function svc(ns: string, name: string, spec: ServiceSpec, status?: ServiceStatus): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec, ...(status ? { status } : {}) };
}

export function slice(ns: string, name: string, service: string, ports: EndpointSlicePort[], endpoints: Endpoint[]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: ns, labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    ports,
    endpoints,
  };
}

/** A ready endpoint on a node. */
export function ep(ip: string, nodeName?: string, conditions?: Endpoint['conditions']): Endpoint {
  return { addresses: [ip], ...(conditions ? { conditions } : { conditions: { ready: true } }), ...(nodeName ? { nodeName } : {}) };
}

export function stateOf(objects: (Service | EndpointSlice)[]): ProxyState {
  const state = new ProxyState();
  for (const o of objects) {
    if (o.kind === 'Service') state.updateService(o);
    else state.updateEndpointSlice(o);
  }
  return state;
}

/** The upstream harness node (reference §2.0). */
export const TEST_NODE: ProxyNode = { name: 'test-hostname', ips: ['192.168.0.2'], addresses: ['127.0.0.1', '192.168.0.2'] };

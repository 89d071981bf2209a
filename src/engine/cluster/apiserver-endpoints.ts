/**
 * The `kubernetes` Service's Endpoints and EndpointSlice, which kube-apiserver itself writes
 * (kubernetes pkg/controlplane/reconcilers, endpointsadapter.go): the control-plane nodes'
 * addresses on the secure port, the slice named `kubernetes`, the Endpoints labelled so the
 * mirroring controller leaves them alone.
 */
import type { Endpoints } from '../api/core.ts';
import type { EndpointSlice } from '../api/discovery.ts';
import type { ControllerContext } from './controller-context.ts';
import { deepEqual } from './deep-equal.ts';
import { SERVICE_NAME_LABEL, SKIP_MIRROR_LABEL } from './endpoint-pods.ts';
import { nodeInternalIP } from './pod-network.ts';

export const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

export function apiserverEndpoints(ctx: ControllerContext): void {
  const svc = ctx.store.get('Service', 'default', 'kubernetes');
  if (!svc) return;
  const ips = ctx.store
    .list('Node')
    .filter((n) => n.metadata.labels?.[CONTROL_PLANE_LABEL] !== undefined)
    .map(nodeInternalIP)
    .filter((ip): ip is string => ip !== undefined);
  if (!ips.length) return;
  const sp = svc.spec.ports?.find((p) => p.name === 'https') ?? svc.spec.ports?.[0];
  const port = typeof sp?.targetPort === 'number' ? sp.targetPort : 6443;
  const endpoints: Endpoints = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { [SKIP_MIRROR_LABEL]: 'true' } },
    subsets: [{ addresses: ips.map((ip) => ({ ip })), ports: [{ name: 'https', port, protocol: 'TCP' }] }],
  };
  const slice: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { [SERVICE_NAME_LABEL]: 'kubernetes' }, generation: 1 },
    addressType: 'IPv4',
    endpoints: ips.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
    ports: [{ name: 'https', port, protocol: 'TCP' }],
  };
  const curEp = ctx.store.get('Endpoints', 'default', 'kubernetes');
  if (!curEp) ctx.createObject(endpoints);
  else if (!deepEqual(curEp.subsets, endpoints.subsets)) ctx.updateObject({ ...curEp, subsets: endpoints.subsets });
  const curSlice = ctx.store.get('EndpointSlice', 'default', 'kubernetes');
  if (!curSlice) ctx.createObject(slice);
  else if (!deepEqual(curSlice.endpoints, slice.endpoints) || !deepEqual(curSlice.ports, slice.ports)) {
    ctx.updateObject({ ...curSlice, endpoints: slice.endpoints, ports: slice.ports });
  }
}

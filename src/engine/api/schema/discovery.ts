/** discovery.k8s.io/v1 EndpointSlice (k8s.io/api/discovery/v1/types.go), v1.33 field names. */
import { bool, int32, list, named, str, stringList, stringMap, struct } from './build.ts';
import { objectMeta } from './meta.ts';
import { objectReference } from './core-service.ts';

const forZone = struct('ForZone', { name: str });
const forNode = struct('ForNode', { name: str });

export const endpointSlice = struct('EndpointSlice', {
  apiVersion: str,
  kind: str,
  metadata: objectMeta,
  addressType: named('v1.AddressType'),
  endpoints: list(
    struct('Endpoint', {
      addresses: stringList,
      conditions: struct('EndpointConditions', { ready: bool, serving: bool, terminating: bool }),
      hostname: str,
      targetRef: objectReference,
      deprecatedTopology: stringMap,
      nodeName: str,
      zone: str,
      hints: struct('EndpointHints', { forZones: list(forZone), forNodes: list(forNode) }),
    }),
  ),
  ports: list(struct('EndpointPort', { name: str, protocol: named('v1.Protocol'), port: int32, appProtocol: str })),
});

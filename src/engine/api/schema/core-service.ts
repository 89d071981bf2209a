/** Service and Endpoints (k8s.io/api/core/v1/types.go), every v1.33 field. */
import { bool, int32, intOrString, list, named, str, stringList, stringMap, struct } from './build.ts';
import { condition, objectMeta } from './meta.ts';

const protocol = named('v1.Protocol');

export const servicePort = struct('ServicePort', {
  name: str,
  protocol,
  appProtocol: str,
  port: int32,
  targetPort: intOrString,
  nodePort: int32,
});

export const serviceSpec = struct('ServiceSpec', {
  ports: list(servicePort),
  selector: stringMap,
  clusterIP: str,
  clusterIPs: stringList,
  type: named('v1.ServiceType'),
  externalIPs: stringList,
  sessionAffinity: named('v1.ServiceAffinity'),
  loadBalancerIP: str,
  loadBalancerSourceRanges: stringList,
  externalName: str,
  externalTrafficPolicy: named('v1.ServiceExternalTrafficPolicy'),
  healthCheckNodePort: int32,
  publishNotReadyAddresses: bool,
  sessionAffinityConfig: struct('SessionAffinityConfig', {
    clientIP: struct('ClientIPConfig', { timeoutSeconds: int32 }),
  }),
  ipFamilies: list(named('v1.IPFamily')),
  ipFamilyPolicy: named('v1.IPFamilyPolicy'),
  allocateLoadBalancerNodePorts: bool,
  loadBalancerClass: str,
  internalTrafficPolicy: named('v1.ServiceInternalTrafficPolicy'),
  trafficDistribution: str,
});

export const serviceStatus = struct('ServiceStatus', {
  loadBalancer: struct('LoadBalancerStatus', {
    ingress: list(
      struct('LoadBalancerIngress', {
        ip: str,
        hostname: str,
        ipMode: named('v1.LoadBalancerIPMode'),
        ports: list(struct('PortStatus', { port: int32, protocol, error: str })),
      }),
    ),
  }),
  conditions: list(condition),
});

export const service = struct('Service', {
  apiVersion: str,
  kind: str,
  metadata: objectMeta,
  spec: serviceSpec,
  status: serviceStatus,
});

export const objectReference = struct('ObjectReference', {
  kind: str,
  namespace: str,
  name: str,
  uid: named('types.UID'),
  apiVersion: str,
  resourceVersion: str,
  fieldPath: str,
});

const endpointAddress = struct('EndpointAddress', {
  ip: str,
  hostname: str,
  nodeName: str,
  targetRef: objectReference,
});

export const endpoints = struct('Endpoints', {
  apiVersion: str,
  kind: str,
  metadata: objectMeta,
  subsets: list(
    struct('EndpointSubset', {
      addresses: list(endpointAddress),
      notReadyAddresses: list(endpointAddress),
      ports: list(struct('EndpointPort', { name: str, port: int32, protocol, appProtocol: str })),
    }),
  ),
});

import { describe as suite, it, expect } from 'vitest';
import { describe } from './describe/index.ts';
import { fakeCluster, ago } from './testing/fake-cluster.ts';
import { deployment, endpoints, node, runningPod, slice, svc } from './testing/builders.ts';
import type { Namespace } from '../../../api/core.ts';

suite('kubectl describe service (v1.33 layout, section 11.4)', () => {
  const web = svc('web', 130, {
    type: 'NodePort', selector: { app: 'web' }, ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'], clusterIP: '10.96.45.10', clusterIPs: ['10.96.45.10'],
    ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30086, protocol: 'TCP' }], sessionAffinity: 'None', externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster',
  });
  web.metadata.labels = { app: 'web', tier: 'frontend' };
  web.metadata.annotations = { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1"}\n' };

  it('prints a NodePort service with endpoints from its slices and hides last-applied', () => {
    const cluster = fakeCluster([web, slice('web-7x2lq', 'web', 100, [{ name: 'http', port: 8080, protocol: 'TCP' }], [{ addresses: ['10.244.1.5'] }, { addresses: ['10.244.2.7'] }])]);
    expect(describe(web, cluster)).toBe(`Name:                     web
Namespace:                default
Labels:                   app=web
                          tier=frontend
Annotations:              <none>
Selector:                 app=web
Type:                     NodePort
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.96.45.10
IPs:                      10.96.45.10
Port:                     http  80/TCP
TargetPort:               8080/TCP
NodePort:                 http  30086/TCP
Endpoints:                10.244.1.5:8080,10.244.2.7:8080
Session Affinity:         None
External Traffic Policy:  Cluster
Internal Traffic Policy:  Cluster
Events:                   <none>
`);
  });

  const plain = svc('web', 130, {
    type: 'ClusterIP', selector: { app: 'web' }, ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'], clusterIP: '10.96.45.10', clusterIPs: ['10.96.45.10'],
    ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }], sessionAffinity: 'None', internalTrafficPolicy: 'Cluster',
  });
  const expected = (endpointsValue: string) => `Name:                     web
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=web
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.96.45.10
IPs:                      10.96.45.10
Port:                     <unset>  80/TCP
TargetPort:               8080/TCP
Endpoints:                ${endpointsValue}
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
`;
  it('leaves Endpoints empty when slices exist but no endpoint is ready', () => {
    const cluster = fakeCluster([slice('web-abcde', 'web', 10, [{ name: '', port: 8080, protocol: 'TCP' }], [{ addresses: ['10.244.1.5'], conditions: { ready: false } }])]);
    expect(describe(plain, cluster)).toBe(expected(''));
  });
  it('prints <none> when the service has no slice', () => expect(describe(plain, fakeCluster([]))).toBe(expected('<none>')));

  it('lists events as a table', () => {
    const cluster = fakeCluster([], [
      { type: 'Normal', reason: 'Type', message: 'ClusterIP -> NodePort', source: 'service-controller', involvedObject: { kind: 'Service', namespace: 'default', name: 'web' }, firstTimestamp: ago(65), lastTimestamp: ago(65), count: 1 },
    ]);
    expect(describe(plain, cluster).split('\n').slice(-5).join('\n')).toBe('Events:\n  Type    Reason  Age   From                Message\n  ----    ------  ----  ----                -------\n  Normal  Type    65s   service-controller  ClusterIP -> NodePort\n');
  });
});

suite('kubectl describe endpoints and endpointslice', () => {
  it('prints the seed 001 endpoints layout', () => {
    const ep = endpoints('mynginx-service', 10, [{ addresses: [{ ip: '10.244.1.11' }, { ip: '10.244.2.10' }, { ip: '10.244.3.4' }], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }]);
    ep.metadata.namespace = 'myservice';
    ep.metadata.annotations = { 'endpoints.kubernetes.io/last-change-trigger-time': '2020-02-08T01:26:51Z' };
    expect(describe(ep, fakeCluster([]))).toBe(`Name:         mynginx-service
Namespace:    myservice
Labels:       <none>
Annotations:  endpoints.kubernetes.io/last-change-trigger-time: 2020-02-08T01:26:51Z
Subsets:
  Addresses:          10.244.1.11,10.244.2.10,10.244.3.4
  NotReadyAddresses:  <none>
  Ports:
    Name  Port  Protocol
    ----  ----  --------
    http  80    TCP

Events:  <none>
`);
  });

  it('prints an EndpointSlice with conditions, target and zone', () => {
    const s = slice('web-7x2lq', 'web', 10, [{ name: 'http', port: 8080, protocol: 'TCP' }], [
      { addresses: ['10.244.1.5'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'w1', targetRef: { kind: 'Pod', name: 'web-abc', namespace: 'default' } },
    ]);
    expect(describe(s, fakeCluster([]))).toBe(`Name:         web-7x2lq
Namespace:    default
Labels:       kubernetes.io/service-name=web
Annotations:  <none>
AddressType:  IPv4
Ports:
  Name  Port  Protocol
  ----  ----  --------
  http  8080  TCP
Endpoints:
  - Addresses:  10.244.1.5
    Conditions:
      Ready:    true
    Hostname:   <unset>
    TargetRef:  Pod/web-abc
    NodeName:   w1
    Zone:       <unset>
Events:         <none>
`);
  });
});

suite('kubectl describe pod', () => {
  it('prints the v1.33 layout', () => {
    const p = runningPod('web-6d8f7c9b4-abcde', 130, { ip: '10.244.1.5', node: 'w1', labels: { app: 'web', 'pod-template-hash': '6d8f7c9b4' } });
    p.spec.serviceAccountName = 'default';
    p.spec.priority = 0;
    p.spec.containers[0].ports = [{ containerPort: 80, name: 'http', protocol: 'TCP' }];
    p.status = { ...p.status, hostIP: '192.168.0.3', startTime: '2025-06-01T11:57:50Z', qosClass: 'BestEffort' };
    p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-6d8f7c9b4', uid: 'u1', controller: true }];
    p.spec.tolerations = [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ];
    const text = describe(p, fakeCluster([]));
    expect(text).toBe(`Name:             web-6d8f7c9b4-abcde
Namespace:        default
Priority:         0
Service Account:  default
Node:             w1/192.168.0.3
Start Time:       Sun, 01 Jun 2025 11:57:50 +0000
Labels:           app=web
                  pod-template-hash=6d8f7c9b4
Annotations:      <none>
Status:           Running
IP:               10.244.1.5
IPs:
  IP:           10.244.1.5
Controlled By:  ReplicaSet/web-6d8f7c9b4
Containers:
  app:
    Container ID:   
    Image:          nginx:1.14-alpine
    Image ID:       
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Sun, 01 Jun 2025 11:57:50 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:         <none>
Conditions:
  Type           Status
  Ready          True 
Volumes:         <none>
QoS Class:       BestEffort
Node-Selectors:  <none>
Tolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                 node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:          <none>
`);
  });
});

suite('kubectl describe deployment, node, namespace', () => {
  it('prints the deployment summary lines and pod template', () => {
    const d = deployment('web', 130, 3, 3);
    d.metadata.creationTimestamp = '2025-06-01T11:57:50Z';
    d.status = { ...d.status, unavailableReplicas: 0, conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }] };
    const text = describe(d, fakeCluster([]));
    expect(text).toContain('Selector:               app=web\nReplicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable\nStrategyType:           RollingUpdate\nMinReadySeconds:        0\nRollingUpdateStrategy:  25% max unavailable, 25% max surge\nPod Template:\n  Labels:  app=web\n  Containers:\n   web:\n    Image:         nginx:1.14-alpine\n');
    expect(text).toContain('Conditions:\n  Type          Status  Reason\n  ----          ------  ------\n  Available     True    MinimumReplicasAvailable\n  Progressing   True    NewReplicaSetAvailable\n');
  });

  it('prints node roles, addresses and system info', () => {
    const text = describe(node('cp', '192.168.0.2', 'control-plane'), fakeCluster([]));
    expect(text.startsWith('Name:               cp\nRoles:              control-plane\nLabels:             kubernetes.io/hostname=cp\n                    node-role.kubernetes.io/control-plane=\n')).toBe(true);
    expect(text).toContain('Addresses:\n  InternalIP:  192.168.0.2\n  Hostname:    cp\n');
    expect(text).toContain('  Kubelet Version:            v1.33.1\n');
    expect(text).toContain('Non-terminated Pods:          (0 in total)\n');
  });

  it('prints a namespace with no quota and no limit range', () => {
    const ns: Namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', labels: { 'kubernetes.io/metadata.name': 'default' } }, status: { phase: 'Active' } };
    expect(describe(ns, fakeCluster([]))).toBe('Name:         default\nLabels:       kubernetes.io/metadata.name=default\nAnnotations:  <none>\nStatus:       Active\n\nNo resource quota.\n\nNo LimitRange resource.\n');
  });
});

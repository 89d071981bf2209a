import { describe as suite, it, expect } from 'vitest';
import { describe } from './index.ts';
import { fakeCluster } from '../testing/fake-cluster.ts';
import { deployment, runningPod } from '../testing/builders.ts';
import { describeProbe } from './probe.ts';

suite('describe pod: container details as kubectl v1.33 prints them', () => {
  const p = runningPod('web-0', 60, { ip: '10.244.1.5', node: 'w1' });
  p.status = { ...p.status, hostIP: '192.168.0.3', qosClass: 'Burstable' };
  p.spec.securityContext = { seccompProfile: { type: 'RuntimeDefault' } };
  p.spec.containers[0] = {
    ...p.spec.containers[0],
    ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }, { containerPort: 53, name: 'dns', protocol: 'UDP' }],
    resources: { limits: { cpu: '500m' }, requests: { cpu: '250m', memory: '64Mi' } },
    livenessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, initialDelaySeconds: 5 },
    readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 2, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
    startupProbe: { exec: { command: ['cat', '/tmp/ready'] } },
    envFrom: [{ configMapRef: { name: 'cfg' } }, { secretRef: { name: 'creds', optional: true }, prefix: 'DB_' }],
    env: [
      { name: 'MODE', value: 'prod' },
      { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
      { name: 'POD_NS', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
      { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
      { name: 'CPU_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
      { name: 'MEM_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } },
      { name: 'MEM_REQ', valueFrom: { resourceFieldRef: { resource: 'requests.memory', divisor: '1Mi' } } },
    ],
    volumeMounts: [{ name: 'data', mountPath: '/data' }],
  };
  p.spec.volumes = [{ name: 'data', persistentVolumeClaim: { claimName: 'data-web-0' } }, { name: 'odd' }];
  p.spec.topologySpreadConstraints = [
    { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' },
    { maxSkew: 2, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } },
  ];

  it('prints seccomp, probes, envFrom, resolved field references, volumes and spread constraints', () => {
    expect(describe(p, fakeCluster([]))).toBe(`Name:            web-0
Namespace:       default
Node:            w1/192.168.0.3
Labels:          <none>
Annotations:     <none>
Status:          Running
SeccompProfile:  RuntimeDefault
IP:              10.244.1.5
IPs:
  IP:  10.244.1.5
Containers:
  app:
    Container ID:   
    Image:          nginx:1.14-alpine
    Image ID:       
    Ports:          80/TCP, 53/UDP
    Host Ports:     0/TCP, 0/UDP
    State:          Running
      Started:      Sun, 01 Jun 2025 11:59:00 +0000
    Ready:          True
    Restart Count:  0
    Limits:
      cpu:  500m
    Requests:
      cpu:      250m
      memory:   64Mi
    Liveness:   http-get http://:http/healthz delay=5s timeout=1s period=10s #success=1 #failure=3
    Readiness:  tcp-socket :80 delay=0s timeout=1s period=2s #success=1 #failure=3
    Startup:    exec [cat /tmp/ready] delay=0s timeout=1s period=10s #success=1 #failure=3
    Environment Variables from:
      cfg    ConfigMap                 Optional: false
      creds  Secret with prefix 'DB_'  Optional: true
    Environment:
      MODE:       prod
      POD_NAME:   web-0 (v1:metadata.name)
      POD_NS:     default (v1:metadata.namespace)
      POD_IP:      (v1:status.podIP)
      CPU_LIMIT:  500 (limits.cpu)
      MEM_LIMIT:  node allocatable (limits.memory)
      MEM_REQ:    64 (requests.memory)
    Mounts:
      /data from data (rw)
Conditions:
  Type    Status
  Ready   True 
Volumes:
  data:
    Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)
    ClaimName:  data-web-0
    ReadOnly:   false
  odd:
  <unknown>
QoS Class:                    Burstable
Node-Selectors:               <none>
Tolerations:                  <none>
Topology Spread Constraints:  kubernetes.io/hostname:DoNotSchedule when max skew 2 is exceeded for selector app=web
                              zone:ScheduleAnyway when max skew 1 is exceeded
Events:                       <none>
`);
  });

  it('leaves field references unresolved in a pod template', () => {
    const d = deployment('web', 60, 1, 1);
    d.spec.template.spec.containers[0].env = [{ name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } }];
    expect(describe(d, fakeCluster([]))).toContain('    Environment:\n      POD_NAME:     (v1:metadata.name)\n    Mounts:        <none>\n');
  });

  it('drops the Events section with --show-events=false', () => {
    const text = describe(p, fakeCluster([]), { showEvents: false });
    expect(text.endsWith('zone:ScheduleAnyway when max skew 1 is exceeded\n')).toBe(true);
  });
});

suite('DescribeProbe', () => {
  it('formats each handler with the API server defaults', () => {
    expect(describeProbe({ httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' } })).toBe('http-get http://:8181/ready delay=0s timeout=1s period=10s #success=1 #failure=3');
    expect(describeProbe({ httpGet: { path: 'a b', port: 443, host: '10.0.0.1', scheme: 'HTTPS' } })).toBe('http-get https://10.0.0.1:443/a%20b delay=0s timeout=1s period=10s #success=1 #failure=3');
    expect(describeProbe({ grpc: { port: 9090 }, failureThreshold: 5 })).toBe('grpc <pod>:9090  delay=0s timeout=1s period=10s #success=1 #failure=5');
  });
});

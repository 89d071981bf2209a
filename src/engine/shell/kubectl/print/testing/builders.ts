/** Hand-built objects for printer tests. */
import type { ConfigMap, Endpoints, Node, Pod, Service } from '../../../../api/core.ts';
import type { Deployment } from '../../../../api/apps.ts';
import type { EndpointSlice } from '../../../../api/discovery.ts';
import { resourceForKind } from '../../../../api/resources.ts';
import type { Kind, KubeObject } from '../../../../api/objects.ts';
import { ago } from './fake-cluster.ts';

export const group = (kind: Kind, objects: KubeObject[]) => ({ resource: resourceForKind(kind), objects });

export function svc(name: string, ageSec: number, spec: Service['spec'], extra: Partial<Service> = {}): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default', creationTimestamp: ago(ageSec) }, spec, ...extra };
}

export function runningPod(name: string, ageSec: number, opts: { ip?: string; node?: string; ready?: boolean; restarts?: number; lastRestartSec?: number; labels?: Record<string, string>; namespace?: string } = {}): Pod {
  const ready = opts.ready ?? true;
  const cs = {
    name: 'app',
    ready,
    restartCount: opts.restarts ?? 0,
    started: true,
    state: { running: { startedAt: ago(ageSec) } },
    ...(opts.lastRestartSec !== undefined ? { lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(opts.lastRestartSec) } } } : {}),
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: opts.namespace ?? 'default', creationTimestamp: ago(ageSec), labels: opts.labels },
    spec: { containers: [{ name: 'app', image: 'nginx:1.14-alpine' }], nodeName: opts.node },
    status: {
      phase: 'Running',
      podIP: opts.ip,
      podIPs: opts.ip ? [{ ip: opts.ip }] : undefined,
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: [cs],
    },
  };
}

export function pendingPod(name: string, ageSec: number): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', creationTimestamp: ago(ageSec) },
    spec: { containers: [{ name: 'app', image: 'nginx' }] },
    status: { phase: 'Pending' },
  };
}

export function endpoints(name: string, ageSec: number, subsets: Endpoints['subsets']): Endpoints {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: 'default', creationTimestamp: ago(ageSec) }, subsets };
}

export function slice(name: string, service: string, ageSec: number, ports: EndpointSlice['ports'], eps: EndpointSlice['endpoints']): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: 'default', creationTimestamp: ago(ageSec), labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    ports,
    endpoints: eps,
  };
}

export function node(name: string, ip: string, role?: string): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, creationTimestamp: ago(5 * 86400), labels: { 'kubernetes.io/hostname': name, ...(role ? { [`node-role.kubernetes.io/${role}`]: '' } : {}) } },
    spec: { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'] },
    status: {
      addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }],
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      nodeInfo: { kubeletVersion: 'v1.33.1', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0-37-amd64', containerRuntimeVersion: 'containerd://1.7.24' },
    },
  };
}

export function deployment(name: string, ageSec: number, replicas: number, ready: number): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', creationTimestamp: ago(ageSec) },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'nginx:1.14-alpine', ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }] }] } },
    },
    status: { replicas, updatedReplicas: replicas, readyReplicas: ready, availableReplicas: ready },
  };
}

export function configMap(name: string, ageSec: number, keys: number): ConfigMap {
  const data: Record<string, string> = {};
  for (let i = 0; i < keys; i++) data[`k${i}`] = 'v';
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'kube-system', creationTimestamp: ago(ageSec) }, data };
}

/**
 * The server-side table columns kubectl get prints for each kind (kubernetes/kubernetes
 * pkg/printers/internalversion/printers.go: the *ColumnDefinitions and print* functions).
 * Priority-1 columns appear with -o wide only.
 */
import type { Endpoints, EndpointSlicePort, Node, Service } from '../../../api/index.ts';
import type { Endpoint } from '../../../api/discovery.ts';
import type { Container } from '../../../api/core.ts';
import type { KubeObject, Kind } from '../../../api/objects.ts';
import { formatAge } from './duration.ts';
import { formatLabels, formatLabelSelector } from './labels.ts';
import { podStatusCells, podWideCells } from './pod-cells.ts';

export interface TableDefinition {
  /** Column names as printers.go declares them; the header is their upper case. */
  columns: readonly string[];
  wideColumns: readonly string[];
  cells(obj: KubeObject, nowMs: number, wide: boolean): string[];
}

const LOAD_BALANCER_WIDTH = 16;

/** loadBalancerStatusStringer: ingress IPs or hostnames, deduplicated and sorted; clipped unless wide. */
function loadBalancerIngress(svc: Service, wide: boolean): string {
  const set = new Set<string>();
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    if (ing.ip) set.add(ing.ip);
    else if (ing.hostname) set.add(ing.hostname);
  }
  let r = [...set].sort().join(',');
  if (!wide && r.length > LOAD_BALANCER_WIDTH) r = r.slice(0, LOAD_BALANCER_WIDTH - 3) + '...';
  return r;
}

/** getServiceExternalIP. */
export function serviceExternalIP(svc: Service, wide: boolean): string {
  const externalIPs = svc.spec.externalIPs ?? [];
  switch (svc.spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIngress(svc, wide);
      if (externalIPs.length) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec.externalName ?? '';
  }
  return '<unknown>';
}

/** makePortString: `80/TCP`, `80:30086/TCP`, joined with commas. */
export function servicePorts(svc: Service): string {
  const ports = svc.spec.ports ?? [];
  if (ports.length === 0) return '<none>';
  return ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
}

/** `a,b,c + N more...` (listWithMoreString / formatEndpoints). */
function withMore(list: string[], count: number, max: number): string {
  const ret = list.join(',');
  return count > max ? `${ret} + ${count - max} more...` : ret;
}

/** net.JoinHostPort: IPv6 addresses get brackets. */
export function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** formatEndpoints (Endpoints table): ready ip:port pairs, 3 at most, `<none>` without subsets. */
export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    if (!ss.ports || ss.ports.length === 0) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) break;
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ss.ports) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) break;
        list.push(joinHostPort(a.ip, port.port));
      }
    }
  }
  return withMore(list, count, max);
}

/** formatDiscoveryPorts: port numbers (or names, or `*`), `<unset>` when none. */
export function formatDiscoveryPorts(ports: readonly EndpointSlicePort[] | undefined): string {
  const list: string[] = [];
  let count = 0;
  for (const p of ports ?? []) {
    if (list.length < 3) list.push(p.port !== undefined ? String(p.port) : p.name !== undefined ? p.name : '*');
    count++;
  }
  return withMore(list, count, 3) || '<unset>';
}

/** formatDiscoveryEndpoints: every address regardless of readiness, `<unset>` when none. */
export function formatDiscoveryEndpoints(endpoints: readonly Endpoint[] | undefined): string {
  const list: string[] = [];
  let count = 0;
  for (const e of endpoints ?? []) {
    for (const a of e.addresses) {
      if (list.length < 3) list.push(a);
      count++;
    }
  }
  return withMore(list, count, 3) || '<unset>';
}

/** findNodeRoles: `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role` values, sorted. */
export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return [...roles].sort();
}

function nodeStatus(node: Node): string {
  const status: string[] = [];
  const ready = (node.status?.conditions ?? []).find((c) => c.type === 'Ready');
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (node.spec.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

function nodeAddress(node: Node, type: 'InternalIP' | 'ExternalIP'): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}

/** layoutContainerCells: names and images joined with commas. */
function containerCells(containers: readonly Container[]): [string, string] {
  return [containers.map((c) => c.name).join(','), containers.map((c) => c.image ?? '').join(',')];
}

const age = (obj: KubeObject, now: number) => formatAge(obj.metadata.creationTimestamp, now);

export const TABLES: Record<Kind, TableDefinition> = {
  Pod: {
    columns: ['Name', 'Ready', 'Status', 'Restarts', 'Age'],
    wideColumns: ['IP', 'Node', 'Nominated Node', 'Readiness Gates'],
    cells(obj, now, wide) {
      if (obj.kind !== 'Pod') return [];
      const s = podStatusCells(obj, now);
      const row = [obj.metadata.name, s.ready, s.status, s.restarts, age(obj, now)];
      return wide ? row.concat(podWideCells(obj)) : row;
    },
  },
  Service: {
    columns: ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age'],
    wideColumns: ['Selector'],
    cells(obj, now, wide) {
      if (obj.kind !== 'Service') return [];
      const ips = obj.spec.clusterIPs?.length ? obj.spec.clusterIPs : obj.spec.clusterIP ? [obj.spec.clusterIP] : [];
      const row = [obj.metadata.name, obj.spec.type ?? 'ClusterIP', ips[0] ?? '<none>', serviceExternalIP(obj, wide), servicePorts(obj), age(obj, now)];
      if (wide) row.push(formatLabels(obj.spec.selector));
      return row;
    },
  },
  Endpoints: {
    columns: ['Name', 'Endpoints', 'Age'],
    wideColumns: [],
    cells(obj, now) {
      if (obj.kind !== 'Endpoints') return [];
      return [obj.metadata.name, formatEndpoints(obj), age(obj, now)];
    },
  },
  EndpointSlice: {
    columns: ['Name', 'AddressType', 'Ports', 'Endpoints', 'Age'],
    wideColumns: [],
    cells(obj, now) {
      if (obj.kind !== 'EndpointSlice') return [];
      return [obj.metadata.name, obj.addressType, formatDiscoveryPorts(obj.ports), formatDiscoveryEndpoints(obj.endpoints), age(obj, now)];
    },
  },
  Node: {
    columns: ['Name', 'Status', 'Roles', 'Age', 'Version'],
    wideColumns: ['Internal-IP', 'External-IP', 'OS-Image', 'Kernel-Version', 'Container-Runtime'],
    cells(obj, now, wide) {
      if (obj.kind !== 'Node') return [];
      const info = obj.status?.nodeInfo ?? {};
      const row = [obj.metadata.name, nodeStatus(obj), nodeRoles(obj).join(',') || '<none>', age(obj, now), info.kubeletVersion ?? ''];
      if (wide) {
        row.push(nodeAddress(obj, 'InternalIP'), nodeAddress(obj, 'ExternalIP'), info.osImage || '<unknown>', info.kernelVersion || '<unknown>', info.containerRuntimeVersion || '<unknown>');
      }
      return row;
    },
  },
  Deployment: {
    columns: ['Name', 'Ready', 'Up-to-date', 'Available', 'Age'],
    wideColumns: ['Containers', 'Images', 'Selector'],
    cells(obj, now, wide) {
      if (obj.kind !== 'Deployment') return [];
      const st = obj.status ?? {};
      const row = [obj.metadata.name, `${st.readyReplicas ?? 0}/${obj.spec.replicas ?? 1}`, String(st.updatedReplicas ?? 0), String(st.availableReplicas ?? 0), age(obj, now)];
      if (wide) row.push(...containerCells(obj.spec.template.spec.containers), formatLabelSelector(obj.spec.selector));
      return row;
    },
  },
  ReplicaSet: {
    columns: ['Name', 'Desired', 'Current', 'Ready', 'Age'],
    wideColumns: ['Containers', 'Images', 'Selector'],
    cells(obj, now, wide) {
      if (obj.kind !== 'ReplicaSet') return [];
      const st = obj.status ?? {};
      const row = [obj.metadata.name, String(obj.spec.replicas ?? 1), String(st.replicas ?? 0), String(st.readyReplicas ?? 0), age(obj, now)];
      if (wide) row.push(...containerCells(obj.spec.template.spec.containers), formatLabelSelector(obj.spec.selector));
      return row;
    },
  },
  DaemonSet: {
    // kubernetes pkg/printers/internalversion/printers.go printDaemonSet
    columns: ['Name', 'Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector', 'Age'],
    wideColumns: ['Containers', 'Images', 'Selector'],
    cells(obj, now, wide) {
      if (obj.kind !== 'DaemonSet') return [];
      const st = obj.status;
      const row = [
        obj.metadata.name,
        String(st?.desiredNumberScheduled ?? 0),
        String(st?.currentNumberScheduled ?? 0),
        String(st?.numberReady ?? 0),
        String(st?.updatedNumberScheduled ?? 0),
        String(st?.numberAvailable ?? 0),
        formatLabels(obj.spec.template.spec.nodeSelector),
        age(obj, now),
      ];
      if (wide) row.push(...containerCells(obj.spec.template.spec.containers), formatLabelSelector(obj.spec.selector));
      return row;
    },
  },
  Namespace: {
    columns: ['Name', 'Status', 'Age'],
    wideColumns: [],
    cells(obj, now) {
      if (obj.kind !== 'Namespace') return [];
      return [obj.metadata.name, obj.status?.phase ?? '', age(obj, now)];
    },
  },
  ConfigMap: {
    columns: ['Name', 'Data', 'Age'],
    wideColumns: [],
    cells(obj, now) {
      if (obj.kind !== 'ConfigMap') return [];
      const n = Object.keys(obj.data ?? {}).length + Object.keys(obj.binaryData ?? {}).length;
      return [obj.metadata.name, String(n), age(obj, now)];
    },
  },
};

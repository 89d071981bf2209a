/**
 * The EndpointSlice controller (kubernetes staging/src/k8s.io/endpointslice/reconciler.go,
 * utils.go podToEndpoint/getEndpointPorts/newEndpointSlice): one set of slices per Service
 * with a selector, endpoints grouped by their resolved ports, at most 100 per slice, existing
 * slices kept and filled before new ones are made, a placeholder slice when nothing matches.
 */
import type { Container, Pod, Service } from '../api/core.ts';
import type { Endpoint, EndpointSlice, EndpointSlicePort } from '../api/discovery.ts';
import type { ControllerContext } from './controller-context.ts';
import { deepEqual } from './deep-equal.ts';
import {
  endpointHostname,
  findPort,
  HEADLESS_LABEL,
  isHeadless,
  LAST_CHANGE_TRIGGER_TIME,
  MANAGED_BY_LABEL,
  podIsReady,
  type PodReference,
  SERVICE_NAME_LABEL,
  ServicePodsCache,
  shouldPodBeInEndpoints,
} from './endpoint-pods.ts';
import { generateName, rfc3339Nano } from './object-meta.ts';
import { smallSort } from './small-sort.ts';
import { hasManagedEndpoints } from './service-selector-index.ts';

export const ENDPOINTSLICE_CONTROLLER = 'endpointslice-controller.k8s.io';
export const MAX_ENDPOINTS_PER_SLICE = 100;

/** getEndpointPorts: one entry per Service port the pod resolves; unresolved named ports are left out. */
export function endpointPorts(svc: Service, pod: Pod): EndpointSlicePort[] {
  const out: EndpointSlicePort[] = [];
  for (const sp of svc.spec.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const p: EndpointSlicePort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol) p.appProtocol = sp.appProtocol;
    out.push(p);
  }
  return out;
}

function endpointKey(e: Endpoint): string {
  return `${e.addresses[0]}/${e.targetRef?.name ?? ''}`;
}

function byAddress(a: Endpoint, b: Endpoint): number {
  const x = a.addresses[0];
  const y = b.addresses[0];
  return x < y ? -1 : x > y ? 1 : 0;
}

export class EndpointSliceController {
  /** The trigger-time annotation for the clock's current instant. */
  private triggerAt = '';
  private trigger = '';
  /** Node name -> its zone label; null when there is no such node. Valid while no node changes. */
  private readonly zones = new Map<string, string | undefined | null>();
  private zonesVersion = -1;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly podsCache = new ServicePodsCache(),
  ) {}

  sync(namespace: string, name: string): void {
    const svc = this.ctx.store.get('Service', namespace, name);
    // Deleted Services lose their slices through the garbage collector; selector-less and
    // ExternalName Services get none from this controller (and keep any it made before).
    if (!svc || !hasManagedEndpoints(svc)) return;
    const existing: EndpointSlice[] = [];
    for (const g of this.ctx.store.dependentGroups(svc.metadata.uid!)) {
      if (g.kind !== 'EndpointSlice') continue;
      for (const sliceName of g.names) {
        const s = this.ctx.store.get('EndpointSlice', g.namespace, sliceName);
        if (s?.metadata.labels?.[MANAGED_BY_LABEL] === ENDPOINTSLICE_CONTROLLER) existing.push(s);
      }
    }
    existing.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));

    // Desired endpoints, grouped by their exact port list. Pods of one template resolve the
    // same ports: they are worked out once per container list.
    // Endpoints are listed, not keyed: a pod's name is unique in the namespace, so no two share a key.
    const groups = new Map<string, { ports: EndpointSlicePort[]; endpoints: Endpoint[] }>();
    // The last container list's ports: a Service's pods mostly come from one template.
    let lastContainers: readonly Container[] | undefined;
    let p: { key: string; ports: EndpointSlicePort[] } | undefined;
    const nodesVersion = this.ctx.store.version('Node');
    if (nodesVersion !== this.zonesVersion) {
      this.zones.clear();
      this.zonesVersion = nodesVersion;
    }
    const zones = this.zones;
    const nodes = this.ctx.store;
    const selected = this.podsCache.selected(this.ctx.store, svc);
    // The group of the last port list (a Service's pods mostly resolve one).
    let lastGroup: { ports: EndpointSlicePort[]; endpoints: Endpoint[] } | undefined;
    let lastKey: string | undefined;
    for (let i = 0; i < selected.length; i++) {
      const pod = selected[i];
      if (!shouldPodBeInEndpoints(pod, true)) continue;
      const nodeName = pod.spec.nodeName;
      // null: no such node.
      let zone = nodeName ? zones.get(nodeName) : null;
      if (zone === undefined && nodeName && !zones.has(nodeName)) {
        const node = nodes.get('Node', undefined, nodeName);
        zone = node ? node.metadata.labels?.['topology.kubernetes.io/zone'] : null;
        zones.set(nodeName, zone);
      }
      if (zone === null && !svc.spec.publishNotReadyAddresses) continue;
      if (!p || pod.spec.containers !== lastContainers) {
        const ports = endpointPorts(svc, pod);
        p = { key: JSON.stringify(ports), ports };
        lastContainers = pod.spec.containers;
      }
      let g = p.key === lastKey ? lastGroup : groups.get(p.key);
      if (!g) groups.set(p.key, (g = { ports: p.ports, endpoints: [] }));
      lastKey = p.key;
      lastGroup = g;
      g.endpoints.push(podToEndpoint(pod, svc, zone ?? undefined, this.podsCache.targetRefAt(i)));
    }

    const labels = sliceLabels(svc);
    const toCreate: EndpointSlice[] = [];
    const toUpdate: EndpointSlice[] = [];
    const toDelete: EndpointSlice[] = [];
    const byKey = new Map<string, EndpointSlice[]>();
    for (const s of existing) {
      const k = JSON.stringify(s.ports ?? []);
      if (!groups.has(k)) toDelete.push(s);
      else byKey.set(k, [...(byKey.get(k) ?? []), s]);
    }
    for (const [k, g] of groups) this.reconcileGroup(svc, labels, g.ports, g.endpoints, byKey.get(k) ?? [], toCreate, toUpdate, toDelete);

    // A Service with nothing to point at still gets one empty slice.
    if (existing.length === toDelete.length && toCreate.length === 0) {
      const placeholder = this.newSlice(svc, labels, [], []);
      if (toDelete.length === 1 && isPlaceholderOf(toDelete[0], placeholder)) toDelete.length = 0;
      else toCreate.push(placeholder);
    }
    const now = this.ctx.nowIso();
    if (now !== this.triggerAt) {
      this.triggerAt = now;
      this.trigger = rfc3339Nano(Date.parse(now));
    }
    const trigger = this.trigger;
    for (const s of toDelete) this.ctx.deleteObject('EndpointSlice', namespace, s.metadata.name);
    for (const s of toUpdate) {
      const annotations = { ...(s.metadata.annotations ?? {}), [LAST_CHANGE_TRIGGER_TIME]: trigger };
      this.ctx.updateObject({ ...s, metadata: { ...s.metadata, annotations, generation: (s.metadata.generation ?? 1) + 1 } });
    }
    for (const s of toCreate) {
      s.metadata.name = this.uniqueName(namespace, s.metadata.generateName!);
      s.metadata.annotations = { [LAST_CHANGE_TRIGGER_TIME]: trigger };
      this.ctx.createObject(s);
    }
  }

  private reconcileGroup(
    svc: Service,
    labels: Record<string, string>,
    ports: EndpointSlicePort[],
    wanted: Endpoint[],
    slices: EndpointSlice[],
    toCreate: EndpointSlice[],
    toUpdate: EndpointSlice[],
    toDelete: EndpointSlice[],
  ): void {
    const updating: EndpointSlice[] = [];
    const unchanged: EndpointSlice[] = [];
    // Keyed only when there are slices to compare with (a new Service's first sync has none).
    let rest: Endpoint[] = wanted;
    const desired = new Map<string, Endpoint>();
    if (slices.length) for (const e of wanted) desired.set(endpointKey(e), e);
    // 1. Keep what is still wanted in each existing slice, drop the rest.
    for (const s of slices) {
      const kept: Endpoint[] = [];
      let changed = !deepEqual(s.metadata.labels, labels);
      for (const e of s.endpoints) {
        const k = endpointKey(e);
        const want = desired.get(k);
        if (!want) {
          changed = true;
          continue;
        }
        if (!deepEqual(want, e)) changed = true;
        kept.push(want);
        desired.delete(k);
      }
      if (!changed) unchanged.push(s);
      else if (kept.length === 0) toDelete.push(s);
      else updating.push({ ...s, metadata: { ...s.metadata, labels }, endpoints: kept });
    }
    rest = smallSort(slices.length ? [...desired.values()] : rest, byAddress);
    // 2. Fill slices that are changing anyway, fullest first.
    updating.sort((a, b) => b.endpoints.length - a.endpoints.length);
    for (const s of updating) {
      while (rest.length && s.endpoints.length < MAX_ENDPOINTS_PER_SLICE) s.endpoints.push(rest.shift()!);
      toUpdate.push(s);
    }
    // 3. What is left goes into one unchanged slice it fits in, or into new slices.
    while (rest.length) {
      let fill: EndpointSlice | undefined;
      if (rest.length < MAX_ENDPOINTS_PER_SLICE) {
        // getSliceToFill: the fullest unchanged slice with room for all of them.
        for (const s of unchanged) {
          if (s.endpoints.length + rest.length <= MAX_ENDPOINTS_PER_SLICE && (!fill || s.endpoints.length > fill.endpoints.length)) fill = s;
        }
      }
      if (fill) {
        unchanged.splice(unchanged.indexOf(fill), 1);
        toUpdate.push({ ...fill, endpoints: [...fill.endpoints, ...rest.splice(0)] });
      } else {
        const take = rest.length <= MAX_ENDPOINTS_PER_SLICE ? rest : rest.splice(0, MAX_ENDPOINTS_PER_SLICE);
        if (take === rest) rest = [];
        toCreate.push(this.newSlice(svc, labels, ports, take));
      }
    }
  }

  private newSlice(svc: Service, labels: Record<string, string>, ports: EndpointSlicePort[], endpoints: Endpoint[]): EndpointSlice {
    return {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: '',
        generateName: `${svc.metadata.name}-`,
        namespace: svc.metadata.namespace,
        labels,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: svc.metadata.name, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true }],
        generation: 1,
      },
      addressType: 'IPv4',
      endpoints,
      ports,
    };
  }

  private uniqueName(namespace: string, prefix: string): string {
    for (;;) {
      const name = generateName(prefix, this.ctx.rand);
      if (!this.ctx.store.get('EndpointSlice', namespace, name)) return name;
    }
  }
}

/** Endpoint conditions by (ready, serving, terminating): a few immutable objects shared by all endpoints. */
const CONDITIONS = new Map<number, Endpoint['conditions']>();

function conditions(ready: boolean, serving: boolean, terminating: boolean): Endpoint['conditions'] {
  const k = (ready ? 1 : 0) | (serving ? 2 : 0) | (terminating ? 4 : 0);
  let c = CONDITIONS.get(k);
  if (!c) CONDITIONS.set(k, (c = { ready, serving, terminating }));
  return c;
}

/** podToEndpoint: conditions from readiness and deletion, node, zone, the pod reference, hostname. */
function podToEndpoint(pod: Pod, svc: Service, zone: string | undefined, targetRef: PodReference): Endpoint {
  const serving = podIsReady(pod);
  const terminating = pod.metadata.deletionTimestamp !== undefined;
  const addresses = [pod.status?.podIP ?? pod.status?.podIPs?.[0]?.ip ?? ''];
  const cond = conditions(svc.spec.publishNotReadyAddresses === true || (serving && !terminating), serving, terminating);
  const hostname = endpointHostname(pod, svc);
  const nodeName = pod.spec.nodeName;
  // The common shape in one literal (fields added one by one spill out of the object).
  if (!hostname && nodeName) return zone ? { addresses, conditions: cond, targetRef, nodeName, zone } : { addresses, conditions: cond, targetRef, nodeName };
  const ep: Endpoint = { addresses, conditions: cond };
  if (hostname) ep.hostname = hostname;
  ep.targetRef = targetRef;
  if (pod.spec.nodeName) ep.nodeName = pod.spec.nodeName;
  if (zone) ep.zone = zone;
  return ep;
}

/** setEndpointSliceLabels: the Service's labels (reserved keys excepted) plus the controller's own. */
function sliceLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = {};
  const own = svc.metadata.labels;
  if (own) {
    for (const k in own) {
      if (k === SERVICE_NAME_LABEL || k === MANAGED_BY_LABEL || k === HEADLESS_LABEL) continue;
      labels[k] = own[k];
    }
  }
  if (isHeadless(svc)) labels[HEADLESS_LABEL] = '';
  labels[SERVICE_NAME_LABEL] = svc.metadata.name;
  labels[MANAGED_BY_LABEL] = ENDPOINTSLICE_CONTROLLER;
  return labels;
}

function isPlaceholderOf(existing: EndpointSlice, placeholder: EndpointSlice): boolean {
  return existing.endpoints.length === 0 && (existing.ports ?? []).length === 0 && deepEqual(existing.metadata.labels, placeholder.metadata.labels);
}

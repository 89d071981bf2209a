/**
 * The legacy Endpoints controller (kubernetes pkg/controller/endpoint/endpoints_controller.go,
 * pkg/api/v1/endpoints/util.go RepackSubsets): one Endpoints object per selector Service, ready
 * pods in `addresses`, the others in `notReadyAddresses`, subsets repacked by identical port
 * sets, at most 1000 addresses (then `endpoints.kubernetes.io/over-capacity: truncated`),
 * labelled `endpoints.kubernetes.io/managed-by: endpoint-controller`.
 */
import type { Container, EndpointAddress, EndpointPort, EndpointSubset, Endpoints, Pod, Service } from '../api/core.ts';
import type { ControllerContext } from './controller-context.ts';
import { deepEqual } from './deep-equal.ts';
import { endpointHostname, findPort, HEADLESS_LABEL, isHeadless, LAST_CHANGE_TRIGGER_TIME, podIsReady, ServicePodsCache, shouldPodBeInEndpoints } from './endpoint-pods.ts';
import type { PodReference } from './endpoint-pods.ts';
import { copyPlain, newUid, rfc3339Nano } from './object-meta.ts';
import { smallSort } from './small-sort.ts';
import { hasManagedEndpoints } from './service-selector-index.ts';

export const MAX_ENDPOINTS_CAPACITY = 1000;
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';
/** endpoints_controller.go LabelManagedBy / ControllerName (added in v1.33 with the Endpoints deprecation). */
export const ENDPOINTS_MANAGED_BY_LABEL = 'endpoints.kubernetes.io/managed-by';
export const ENDPOINTS_CONTROLLER = 'endpoint-controller';

interface Entry {
  addr: EndpointAddress;
  ready: boolean;
  /** addrKey(addr). */
  key: string;
}

function addrKey(a: EndpointAddress): string {
  return `${a.ip}\u0000${a.targetRef?.uid ?? ''}`;
}

function byAddr(a: Entry, b: Entry): number {
  return addressOrder(a.addr, b.addr);
}

/** LessEndpointAddress: by IP as a string, then by targetRef uid. */
function addressOrder(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
  const x = a.targetRef?.uid ?? '';
  const y = b.targetRef?.uid ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * RepackSubsets: merge addresses that offer the same ports into one subset. The real sort of
 * ports and subsets is by an object hash; svcsim sorts ports by name, port and protocol and
 * subsets by their first address, which is stable and reads the same for the common cases.
 */
export function repackSubsets(entries: { addr: EndpointAddress; ready: boolean; port: EndpointPort | undefined }[]): EndpointSubset[] {
  const portToAddrs = new Map<string, { port: EndpointPort | undefined; addrs: Map<string, Entry> }>();
  // Entries share their port objects (one per Service port and template): one key per object.
  const portKeys = new Map<EndpointPort, string>();
  for (const e of entries) {
    let pk = '-';
    if (e.port) {
      const cached = portKeys.get(e.port);
      if (cached === undefined) {
        pk = `${e.port.name ?? ''}\u0000${e.port.port}\u0000${e.port.protocol ?? ''}\u0000${e.port.appProtocol ?? ''}`;
        portKeys.set(e.port, pk);
      } else pk = cached;
    }
    let g = portToAddrs.get(pk);
    if (!g) portToAddrs.set(pk, (g = { port: e.port, addrs: new Map() }));
    const key = addrKey(e.addr);
    g.addrs.set(key, { addr: e.addr, ready: e.ready, key });
  }
  const bySet = new Map<string, { entries: Entry[]; ports: EndpointPort[] }>();
  for (const g of portToAddrs.values()) {
    const list = smallSort([...g.addrs.values()], byAddr);
    // With one port set there is nothing to merge: the key is not needed.
    const key = portToAddrs.size === 1 ? '' : list.map((e) => `${e.key}\u0000${e.ready}`).join('\u0001');
    let s = bySet.get(key);
    if (!s) bySet.set(key, (s = { entries: list, ports: [] }));
    if (g.port) s.ports.push(g.port);
  }
  const subsets: EndpointSubset[] = [];
  for (const s of bySet.values()) {
    const subset: EndpointSubset = {};
    const ready: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    for (const e of s.entries) (e.ready ? ready : notReady).push(e.addr);
    if (ready.length) subset.addresses = ready;
    if (notReady.length) subset.notReadyAddresses = notReady;
    if (s.ports.length) {
      subset.ports = s.ports.sort((a, b) =>
        (a.name ?? '') !== (b.name ?? '') ? ((a.name ?? '') < (b.name ?? '') ? -1 : 1) : a.port !== b.port ? a.port - b.port : (a.protocol ?? '') < (b.protocol ?? '') ? -1 : 1,
      );
    }
    subsets.push(subset);
  }
  const first = (s: EndpointSubset) => (s.addresses ?? s.notReadyAddresses ?? [])[0];
  return subsets.length > 1 ? subsets.sort((a, b) => addressOrder(first(a), first(b))) : subsets;
}

/** truncateEndpoints: keep 1000 addresses, ready ones first, spread over subsets in proportion. */
function truncate(subsets: EndpointSubset[]): EndpointSubset[] {
  const total = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
  if (total <= MAX_ENDPOINTS_CAPACITY) return subsets;
  const readyTotal = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
  const canReady = Math.min(readyTotal, MAX_ENDPOINTS_CAPACITY);
  const canNotReady = MAX_ENDPOINTS_CAPACITY - canReady;
  const notReadyTotal = total - readyTotal;
  let leftReady = canReady;
  let leftNotReady = canNotReady;
  return subsets.map((s, i) => {
    const last = i === subsets.length - 1;
    const r = s.addresses ?? [];
    const n = s.notReadyAddresses ?? [];
    const keepR = last ? leftReady : Math.min(leftReady, Math.floor((r.length * canReady) / Math.max(1, readyTotal)));
    const keepN = last ? leftNotReady : Math.min(leftNotReady, Math.floor((n.length * canNotReady) / Math.max(1, notReadyTotal)));
    leftReady -= Math.min(keepR, r.length);
    leftNotReady -= Math.min(keepN, n.length);
    const out: EndpointSubset = { ...s };
    if (r.length) out.addresses = r.slice(0, keepR);
    if (n.length) out.notReadyAddresses = n.slice(0, keepN);
    return out;
  });
}

export class EndpointsController {
  private triggerAt = '';
  private trigger = '';

  constructor(
    private readonly ctx: ControllerContext,
    private readonly podsCache = new ServicePodsCache(),
  ) {}

  sync(namespace: string, name: string): void {
    const svc = this.ctx.store.get('Service', namespace, name);
    const current = this.ctx.store.get('Endpoints', namespace, name);
    if (!svc) {
      // The Service is gone: so is its Endpoints object.
      if (current) this.ctx.deleteObject('Endpoints', namespace, name);
      return;
    }
    if (!hasManagedEndpoints(svc)) return;
    const pods = this.podsCache.selected(this.ctx.store, svc);
    const refs = this.podsCache.targetRefs();
    // The Service's labels, the headless marker, and (v1.33) the controller's managed-by label.
    const labels: Record<string, string> = copyPlain(svc.metadata.labels ?? {});
    if (isHeadless(svc)) labels[HEADLESS_LABEL] = '';
    else delete labels[HEADLESS_LABEL];
    labels[ENDPOINTS_MANAGED_BY_LABEL] = ENDPOINTS_CONTROLLER;
    if (!current) {
      const count = countEntries(svc, pods);
      // At most 1000 entries cannot go over capacity: the subsets can wait for a reader.
      if (count <= MAX_ENDPOINTS_CAPACITY) {
        this.createLazy(namespace, name, labels, count === 0 ? undefined : { svc, pods, refs });
        return;
      }
    }
    const packed = repackSubsets(endpointEntries(svc, pods, refs));
    const subsets = truncate(packed);
    const overCapacity = subsets !== packed;
    const wasOver = current?.metadata.annotations?.[OVER_CAPACITY_ANNOTATION] !== undefined;
    if (current && deepEqual(current.subsets ?? [], subsets) && deepEqual(current.metadata.labels ?? {}, labels) && overCapacity === wasOver) return;
    const annotations: Record<string, string> = { ...(current?.metadata.annotations ?? {}) };
    annotations[LAST_CHANGE_TRIGGER_TIME] = this.triggerTime();
    if (overCapacity) annotations[OVER_CAPACITY_ANNOTATION] = 'truncated';
    else delete annotations[OVER_CAPACITY_ANNOTATION];
    const ep: Endpoints = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { ...(current?.metadata ?? { name, namespace }), annotations },
      subsets,
    };
    if (Object.keys(labels).length) ep.metadata.labels = labels;
    else delete ep.metadata.labels;
    if (subsets.length === 0) delete ep.subsets;
    if (current) this.ctx.updateObject(ep);
    else this.ctx.createObject(ep);
  }

  private triggerTime(): string {
    const now = this.ctx.nowIso();
    if (now !== this.triggerAt) {
      this.triggerAt = now;
      this.trigger = rfc3339Nano(Date.parse(now));
    }
    return this.trigger;
  }

  /**
   * A new Endpoints object stored with its metadata stamped as createObject would (uid, then
   * resourceVersion, then creation time) and its subsets built when first read: they are a
   * pure function of the Service and the pods as they are now (immutable objects), and most
   * of a big cluster's Endpoints are never read (EndpointSlices are what proxies use).
   */
  private createLazy(namespace: string, name: string, labels: Record<string, string>, from: LazySubsets | undefined): void {
    const annotations: Record<string, string> = { [LAST_CHANGE_TRIGGER_TIME]: this.triggerTime() };
    const metadata: Endpoints['metadata'] = {
      name,
      namespace,
      annotations,
      labels,
      uid: newUid(this.ctx.rand),
      resourceVersion: this.ctx.nextResourceVersion(),
      creationTimestamp: this.ctx.nowIso(),
    };
    this.ctx.createStamped(from ? lazyEndpoints(metadata, from) : { apiVersion: 'v1', kind: 'Endpoints', metadata });
  }
}

/** What a lazily built Endpoints object's subsets come from. */
interface LazySubsets {
  svc: Service;
  pods: readonly Pod[];
  refs: readonly PodReference[];
}

/** Where a lazy Endpoints object keeps what its subsets come from: a symbol, so no copy, key list or JSON sees it. */
const LAZY_FROM = Symbol('endpoints subsets source');

/** The `subsets` getter every lazy Endpoints object shares: builds them, then holds them as a plain property. */
function lazySubsets(this: Endpoints & { [LAZY_FROM]: LazySubsets | undefined }): EndpointSubset[] {
  const from = this[LAZY_FROM]!;
  const value = truncate(repackSubsets(endpointEntries(from.svc, from.pods, from.refs)));
  Object.defineProperty(this, 'subsets', { value, enumerable: true, writable: true, configurable: true });
  // The pods it was built from need not stay alive.
  this[LAZY_FROM] = undefined;
  return value;
}

/**
 * An Endpoints object whose `subsets` is computed on first read and then held as a plain
 * property in the same place (the key order and every later read are as for an eager object).
 * The accessor is one shared function added with defineProperty: an object literal with a
 * getter would be a dictionary-mode object with a closure of its own, ~0.5 KB per Service.
 */
function lazyEndpoints(metadata: Endpoints['metadata'], from: LazySubsets): Endpoints {
  const ep = { apiVersion: 'v1' as const, kind: 'Endpoints' as const, metadata } as Endpoints;
  Object.defineProperty(ep, 'subsets', { get: lazySubsets, enumerable: true, configurable: true });
  Object.defineProperty(ep, LAZY_FROM, { value: from, enumerable: false, writable: true, configurable: true });
  return ep;
}

type EndpointEntry = { addr: EndpointAddress; ready: boolean; port: EndpointPort | undefined };

/** The ports of a Service as a pod's containers resolve them (undefined where none does). */
function resolvePorts(svc: Service, pod: Pod): (EndpointPort | undefined)[] {
  return (svc.spec.ports ?? []).map((sp) => {
    const port = findPort(pod, sp);
    if (port === undefined) return undefined;
    const ep: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (!sp.name) delete ep.name;
    if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
    return ep;
  });
}

/** One entry per pod address and resolved port, in pod order (`refs[i]` is `pods[i]`'s targetRef). */
function endpointEntries(svc: Service, pods: readonly Pod[], refs: readonly PodReference[]): EndpointEntry[] {
  const entries: EndpointEntry[] = [];
  const tolerateUnready = svc.spec.publishNotReadyAddresses === true;
  const headlessNoPorts = (svc.spec.ports ?? []).length === 0 && isHeadless(svc);
  // The ports a container list resolves, worked out once per template (the objects are shared).
  let lastContainers: readonly Container[] | undefined;
  let resolved: (EndpointPort | undefined)[] | undefined;
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i];
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    const addr = podAddress(pod, svc, refs[i]);
    const ready = tolerateUnready || podIsReady(pod);
    if (headlessNoPorts) {
      entries.push({ addr, ready, port: undefined });
      continue;
    }
    if (!resolved || pod.spec.containers !== lastContainers) {
      lastContainers = pod.spec.containers;
      resolved = resolvePorts(svc, pod);
    }
    for (const port of resolved) if (port !== undefined) entries.push({ addr, ready, port });
  }
  return entries;
}

/** endpointEntries(...).length without building them. */
function countEntries(svc: Service, pods: readonly Pod[]): number {
  const tolerateUnready = svc.spec.publishNotReadyAddresses === true;
  const ports = svc.spec.ports ?? [];
  const headlessNoPorts = ports.length === 0 && isHeadless(svc);
  let lastContainers: readonly Container[] | undefined;
  let perPod = 0;
  let n = 0;
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    if (headlessNoPorts) {
      n++;
      continue;
    }
    if (lastContainers === undefined || pod.spec.containers !== lastContainers) {
      lastContainers = pod.spec.containers;
      perPod = 0;
      for (const sp of ports) if (findPort(pod, sp) !== undefined) perPod++;
    }
    n += perPod;
  }
  return n;
}

function podAddress(pod: Pod, svc: Service, targetRef: PodReference): EndpointAddress {
  const ip = pod.status?.podIP ?? pod.status?.podIPs?.[0]?.ip ?? '';
  const hostname = endpointHostname(pod, svc);
  // The common shape in one literal (fields added one by one spill out of the object).
  if (!hostname && pod.spec.nodeName) return { ip, nodeName: pod.spec.nodeName, targetRef };
  const a: EndpointAddress = { ip };
  if (hostname) a.hostname = hostname;
  if (pod.spec.nodeName) a.nodeName = pod.spec.nodeName;
  a.targetRef = targetRef;
  return a;
}

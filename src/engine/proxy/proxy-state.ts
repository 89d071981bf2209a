/**
 * kube-proxy's cluster view, kept incrementally (kubernetes pkg/proxy/servicechangetracker.go,
 * endpointschangetracker.go): service ports and their endpoints, updated one Service or one
 * EndpointSlice at a time. Objects are immutable in the engine, so `sync` finds what changed
 * by identity. Every update replaces the affected lists with new arrays and leaves the others
 * untouched, so backends can cache what they built from a list by its identity.
 */
import type { Service } from '../api/core.ts';
import type { EndpointSlice } from '../api/discovery.ts';
import type { ClusterReader } from '../cluster/types.ts';
import { endpointsFromSlices, sliceServiceKey } from './endpoints.ts';
import type { EndpointInfo } from './endpoints.ts';
import { servicePortsOf } from './service-port.ts';
import type { ServicePortInfo } from './service-port.ts';

const NO_ENDPOINTS: readonly EndpointInfo[] = [];

function byKey(a: ServicePortInfo, b: ServicePortInfo): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

export class ProxyState {
  private readonly services = new Map<string, { svc: Service; ports: readonly ServicePortInfo[] }>();
  /** Service key -> slice name -> slice. */
  private readonly slicesByService = new Map<string, Map<string, EndpointSlice>>();
  /** `ns/sliceName` -> the Service key it was filed under (its label may change). */
  private readonly sliceOwner = new Map<string, string>();
  private readonly endpointsByService = new Map<string, Map<string, readonly EndpointInfo[]>>();
  /** Per Service: the endpoints its proxied ports count (kube-proxy's totalEndpoints). */
  private readonly counted = new Map<string, number>();
  private total = 0;
  private sortedPorts: readonly ServicePortInfo[] | undefined;
  /** Bumped on every change; backends compare it to skip work. */
  version = 0;
  /** The Services changed by the latest versions (oldest first), so a backend can patch what it built. */
  private readonly changeLog: { version: number; serviceKey: string }[] = [];
  /** Changes at or below this version have left the log. */
  private logFloor = 0;

  static fromCluster(cluster: ClusterReader): ProxyState {
    const state = new ProxyState();
    state.sync(cluster);
    return state;
  }

  /** Brings the state to the cluster's objects; returns the keys (`ns/name`) of Services whose rules may change. */
  sync(cluster: ClusterReader): Set<string> {
    const changed = new Set<string>();
    const seenSvc = new Set<string>();
    for (const svc of cluster.list('Service')) {
      const key = `${svc.metadata.namespace ?? 'default'}/${svc.metadata.name}`;
      seenSvc.add(key);
      if (this.services.get(key)?.svc !== svc) {
        this.setService(key, svc);
        changed.add(key);
      }
    }
    for (const key of [...this.services.keys()]) {
      if (!seenSvc.has(key)) {
        this.setService(key, undefined);
        changed.add(key);
      }
    }
    const seenSlice = new Set<string>();
    for (const slice of cluster.list('EndpointSlice')) {
      const id = `${slice.metadata.namespace ?? 'default'}/${slice.metadata.name}`;
      seenSlice.add(id);
      const owner = this.sliceOwner.get(id);
      if (owner !== undefined && this.slicesByService.get(owner)?.get(slice.metadata.name) === slice) continue;
      for (const k of this.updateEndpointSlice(slice)) changed.add(k);
    }
    for (const id of [...this.sliceOwner.keys()]) {
      if (seenSlice.has(id)) continue;
      const slash = id.indexOf('/');
      for (const k of this.deleteEndpointSlice(id.slice(0, slash), id.slice(slash + 1))) changed.add(k);
    }
    return changed;
  }

  /** A Service was created, changed (`svc`) or deleted (undefined). */
  updateService(svc: Service): void {
    this.setService(`${svc.metadata.namespace ?? 'default'}/${svc.metadata.name}`, svc);
  }

  deleteService(namespace: string, name: string): void {
    this.setService(`${namespace}/${name}`, undefined);
  }

  /** An EndpointSlice was created or changed. Returns the Service keys affected. */
  updateEndpointSlice(slice: EndpointSlice): string[] {
    const ns = slice.metadata.namespace ?? 'default';
    const id = `${ns}/${slice.metadata.name}`;
    const affected: string[] = [];
    const previous = this.sliceOwner.get(id);
    const owner = sliceServiceKey(slice);
    if (previous !== undefined && previous !== owner) {
      this.slicesByService.get(previous)?.delete(slice.metadata.name);
      this.recomputeEndpoints(previous);
      affected.push(previous);
    }
    if (owner === undefined) {
      // Without the service-name label kube-proxy ignores the slice.
      this.sliceOwner.delete(id);
      return affected;
    }
    let slices = this.slicesByService.get(owner);
    if (!slices) this.slicesByService.set(owner, (slices = new Map()));
    slices.set(slice.metadata.name, slice);
    this.sliceOwner.set(id, owner);
    this.recomputeEndpoints(owner);
    affected.push(owner);
    return affected;
  }

  deleteEndpointSlice(namespace: string, name: string): string[] {
    const id = `${namespace}/${name}`;
    const owner = this.sliceOwner.get(id);
    if (owner === undefined) return [];
    this.sliceOwner.delete(id);
    const slices = this.slicesByService.get(owner);
    slices?.delete(name);
    if (slices && slices.size === 0) this.slicesByService.delete(owner);
    this.recomputeEndpoints(owner);
    return [owner];
  }

  /** Every proxied service port, sorted by `ns/name:port/PROTOCOL`. */
  servicePorts(): readonly ServicePortInfo[] {
    if (!this.sortedPorts) {
      const all: ServicePortInfo[] = [];
      for (const { ports } of this.services.values()) for (const p of ports) all.push(p);
      all.sort(byKey);
      this.sortedPorts = all;
    }
    return this.sortedPorts;
  }

  /** The Service object kube-proxy last saw under `ns/name`. */
  service(serviceKey: string): Service | undefined {
    return this.services.get(serviceKey)?.svc;
  }

  /** A service port's endpoints (all conditions), sorted by `ip:port`. Same array until they change. */
  endpoints(sp: ServicePortInfo): readonly EndpointInfo[] {
    return this.endpointsByService.get(sp.serviceKey)?.get(sp.portKey) ?? NO_ENDPOINTS;
  }

  /**
   * The keys of the Services changed after `version` (Service or endpoints), or undefined when
   * the log no longer reaches back that far.
   */
  changedSince(version: number): string[] | undefined {
    if (version < this.logFloor) return undefined;
    const keys: string[] = [];
    for (let k = this.changeLog.length - 1; k >= 0 && this.changeLog[k].version > version; k--) keys.push(this.changeLog[k].serviceKey);
    return keys;
  }

  /** Endpoints over all proxied service ports (decides iptables "large cluster mode"). */
  get totalEndpoints(): number {
    return this.total;
  }

  private setService(key: string, svc: Service | undefined): void {
    if (svc) this.services.set(key, { svc, ports: servicePortsOf(svc) });
    else this.services.delete(key);
    this.sortedPorts = undefined;
    this.recount(key);
    this.logChange(key);
  }

  private recomputeEndpoints(serviceKey: string): void {
    const slices = this.slicesByService.get(serviceKey);
    if (!slices || slices.size === 0) this.endpointsByService.delete(serviceKey);
    else this.endpointsByService.set(serviceKey, endpointsFromSlices([...slices.values()]));
    this.recount(serviceKey);
    this.logChange(serviceKey);
  }

  private logChange(serviceKey: string): void {
    this.version++;
    this.changeLog.push({ version: this.version, serviceKey });
    if (this.changeLog.length > 512) this.logFloor = this.changeLog.splice(0, 256)[255].version;
  }

  private recount(serviceKey: string): void {
    let n = 0;
    const ports = this.services.get(serviceKey)?.ports;
    const eps = this.endpointsByService.get(serviceKey);
    if (ports && eps) for (const p of ports) n += eps.get(p.portKey)?.length ?? 0;
    this.total += n - (this.counted.get(serviceKey) ?? 0);
    if (n === 0) this.counted.delete(serviceKey);
    else this.counted.set(serviceKey, n);
  }
}

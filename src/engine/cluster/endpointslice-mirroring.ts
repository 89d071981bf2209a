/**
 * The EndpointSlice mirroring controller (kubernetes pkg/controller/endpointslicemirroring):
 * a selector-less Service's user-written Endpoints are copied into EndpointSlices owned by the
 * Endpoints object, one slice per distinct port set, labelled
 * `endpointslice.kubernetes.io/managed-by: endpointslicemirroring-controller.k8s.io`.
 */
import type { EndpointAddress, EndpointPort, Endpoints } from '../api/core.ts';
import type { Endpoint, EndpointSlice, EndpointSlicePort } from '../api/discovery.ts';
import { LAST_APPLIED_ANNOTATION } from './apply.ts';
import type { ControllerContext } from './controller-context.ts';
import { deepEqual } from './deep-equal.ts';
import { LAST_CHANGE_TRIGGER_TIME, MANAGED_BY_LABEL, SERVICE_NAME_LABEL, SKIP_MIRROR_LABEL } from './endpoint-pods.ts';
import { generateName } from './object-meta.ts';

export const MIRRORING_CONTROLLER = 'endpointslicemirroring-controller.k8s.io';
/** --mirroring-max-endpoints-per-subset default. */
const MAX_PER_SUBSET = 1000;

function toEndpoint(a: EndpointAddress, ready: boolean): Endpoint {
  const e: Endpoint = { addresses: [a.ip], conditions: { ready } };
  if (a.hostname) e.hostname = a.hostname;
  if (a.targetRef) e.targetRef = a.targetRef;
  if (a.nodeName) e.nodeName = a.nodeName;
  return e;
}

function toSlicePort(p: EndpointPort): EndpointSlicePort {
  const out: EndpointSlicePort = { name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' };
  if (p.appProtocol) out.appProtocol = p.appProtocol;
  return out;
}

/** The Service a slice mirrors for, when this controller manages it. */
function mirroredFor(s: EndpointSlice | undefined): string | undefined {
  const labels = s?.metadata.labels;
  return labels?.[MANAGED_BY_LABEL] === MIRRORING_CONTROLLER ? labels[SERVICE_NAME_LABEL] : undefined;
}

export class EndpointSliceMirroring {
  /** namespace -> Service name -> names of the slices labelled as this controller's for it. */
  private readonly slices = new Map<string, Map<string, Set<string>>>();

  constructor(private readonly ctx: ControllerContext) {}

  /** Keeps the index of mirrored slices (a sync would otherwise scan every slice in the namespace). */
  observeSlice(before: EndpointSlice | undefined, after: EndpointSlice | undefined): void {
    const was = mirroredFor(before);
    const is = mirroredFor(after);
    if (was === is) return;
    const ns = (before ?? after)!.metadata.namespace ?? '';
    const name = (before ?? after)!.metadata.name;
    let bySvc = this.slices.get(ns);
    if (was !== undefined && bySvc) {
      const set = bySvc.get(was);
      set?.delete(name);
      if (set && set.size === 0) bySvc.delete(was);
    }
    if (is !== undefined) {
      if (!bySvc) this.slices.set(ns, (bySvc = new Map()));
      let set = bySvc.get(is);
      if (!set) bySvc.set(is, (set = new Set()));
      set.add(name);
    }
  }

  sync(namespace: string, name: string): void {
    const ep = this.ctx.store.get('Endpoints', namespace, name);
    const svc = this.ctx.store.get('Service', namespace, name);
    const mine: EndpointSlice[] = [];
    for (const sliceName of this.slices.get(namespace)?.get(name) ?? []) {
      const s = this.ctx.store.get('EndpointSlice', namespace, sliceName);
      if (s) mine.push(s);
    }
    mine.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    const mirror =
      ep && svc && !(svc.spec.selector && Object.keys(svc.spec.selector).length) && ep.metadata.labels?.[SKIP_MIRROR_LABEL] !== 'true';
    if (!mirror) {
      for (const s of mine) this.ctx.deleteObject('EndpointSlice', namespace, s.metadata.name);
      return;
    }
    const desired = this.desiredSlices(ep);
    const unused = [...mine];
    for (const d of desired) {
      const k = JSON.stringify(d.ports);
      const i = unused.findIndex((s) => JSON.stringify(s.ports ?? []) === k);
      if (i >= 0) {
        const s = unused.splice(i, 1)[0];
        if (deepEqual(s.endpoints, d.endpoints) && deepEqual(s.metadata.labels, d.metadata.labels) && deepEqual(s.metadata.annotations ?? {}, d.metadata.annotations ?? {})) continue;
        this.ctx.updateObject({ ...s, metadata: { ...s.metadata, labels: d.metadata.labels, annotations: d.metadata.annotations }, endpoints: d.endpoints });
      } else {
        d.metadata.name = this.uniqueName(namespace, d.metadata.generateName!);
        this.ctx.createObject(d);
      }
    }
    for (const s of unused) this.ctx.deleteObject('EndpointSlice', namespace, s.metadata.name);
  }

  private desiredSlices(ep: Endpoints): EndpointSlice[] {
    const byPorts = new Map<string, EndpointSlice>();
    const labels: Record<string, string> = { ...(ep.metadata.labels ?? {}), [SERVICE_NAME_LABEL]: ep.metadata.name, [MANAGED_BY_LABEL]: MIRRORING_CONTROLLER };
    const annotations: Record<string, string> = { ...(ep.metadata.annotations ?? {}) };
    delete annotations[LAST_APPLIED_ANNOTATION];
    delete annotations[LAST_CHANGE_TRIGGER_TIME];
    for (const subset of ep.subsets ?? []) {
      const ports = (subset.ports ?? []).map(toSlicePort);
      const key = JSON.stringify(ports);
      let slice = byPorts.get(key);
      if (!slice) {
        slice = {
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          metadata: {
            name: '',
            generateName: `${ep.metadata.name}-`,
            namespace: ep.metadata.namespace,
            labels,
            ownerReferences: [{ apiVersion: 'v1', kind: 'Endpoints', name: ep.metadata.name, uid: ep.metadata.uid!, controller: true, blockOwnerDeletion: true }],
            generation: 1,
          },
          addressType: 'IPv4',
          endpoints: [],
          ports,
        };
        if (Object.keys(annotations).length) slice.metadata.annotations = annotations;
        byPorts.set(key, slice);
      }
      const eps = [...(subset.addresses ?? []).map((a) => toEndpoint(a, true)), ...(subset.notReadyAddresses ?? []).map((a) => toEndpoint(a, false))];
      slice.endpoints.push(...eps.slice(0, MAX_PER_SUBSET));
    }
    return [...byPorts.values()];
  }

  private uniqueName(namespace: string, prefix: string): string {
    for (;;) {
      const name = generateName(prefix, this.ctx.rand);
      if (!this.ctx.store.get('EndpointSlice', namespace, name)) return name;
    }
  }
}

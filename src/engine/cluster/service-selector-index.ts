/**
 * Which Services may select a pod: Services indexed by each key=value pair of their selector,
 * so a pod change looks only at Services sharing one of its labels (the role of the
 * EndpointSlice controller's pod handler, kubernetes pkg/controller/util/endpoint GetPodServiceMemberships).
 */
import type { Service } from '../api/core.ts';

export class ServiceSelectorIndex {
  /**
   * namespace -> selector key -> value -> Service name -> the Service's work-queue key
   * (`namespace/name`), built once per Service rather than once per pod change. A pair only one
   * Service selects on (the usual case) holds that Service's key bare, not a map.
   */
  private readonly index = new Map<string, Map<string, Map<string, string | Map<string, string>>>>();

  update(before: Service | undefined, after: Service | undefined): void {
    if (before?.spec.selector === after?.spec.selector) return;
    const ns = (before ?? after)!.metadata.namespace ?? '';
    const name = (before ?? after)!.metadata.name;
    let m = this.index.get(ns);
    if (!m) this.index.set(ns, (m = new Map()));
    const old = before?.spec.selector;
    if (old) {
      for (const k in old) {
        const values = m.get(k);
        const names = values?.get(old[k]);
        if (names === undefined) continue;
        if (typeof names === 'string') {
          if (names !== `${ns}/${name}`) continue;
        } else {
          names.delete(name);
          if (names.size === 1) values!.set(old[k], names.values().next().value!);
        }
        if (typeof names === 'string') {
          values!.delete(old[k]);
          if (values!.size === 0) m.delete(k);
        }
      }
    }
    const sel = after?.spec.selector;
    if (sel) {
      const queueKey = `${ns}/${name}`;
      for (const k in sel) {
        let values = m.get(k);
        if (!values) m.set(k, (values = new Map()));
        const names = values.get(sel[k]);
        if (names === undefined || names === queueKey) values.set(sel[k], queueKey);
        else if (typeof names === 'string') values.set(sel[k], new Map([[names.slice(names.indexOf('/') + 1), names], [name, queueKey]]));
        else names.set(name, queueKey);
      }
    }
  }

  /**
   * Adds to `into` the work-queue keys (`namespace/name`) of the Services in the namespace whose
   * selector shares a pair with these labels (a superset of the matches).
   */
  candidates(namespace: string, labels: Readonly<Record<string, string>> | undefined, into: Set<string>): void {
    const m = this.index.get(namespace);
    if (!m || !labels) return;
    for (const k in labels) {
      const names = m.get(k)?.get(labels[k]);
      if (names === undefined) continue;
      if (typeof names === 'string') into.add(names);
      else for (const key of names.values()) into.add(key);
    }
  }
}

/** A Service's selector matches a pod's labels (every pair present and equal). */
export function selectorMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (!labels) return false;
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
}

/** The EndpointSlice and Endpoints controllers manage a Service only when it has a non-empty selector and is not ExternalName. */
export function hasManagedEndpoints(svc: Service): boolean {
  if (svc.spec.type === 'ExternalName' || svc.spec.selector === undefined) return false;
  for (const _ in svc.spec.selector) return true;
  return false;
}

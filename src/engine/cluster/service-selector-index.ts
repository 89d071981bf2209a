/**
 * Which Services may select a pod: Services indexed by each key=value pair of their selector,
 * so a pod change looks only at Services sharing one of its labels (the role of the
 * EndpointSlice controller's pod handler, kubernetes pkg/controller/util/endpoint GetPodServiceMemberships).
 */
import type { Service } from '../api/core.ts';

export class ServiceSelectorIndex {
  /** namespace -> `key\0value` -> Service names. */
  private readonly index = new Map<string, Map<string, Set<string>>>();

  update(before: Service | undefined, after: Service | undefined): void {
    if (before?.spec.selector === after?.spec.selector) return;
    const ns = (before ?? after)!.metadata.namespace ?? '';
    const name = (before ?? after)!.metadata.name;
    let m = this.index.get(ns);
    if (!m) this.index.set(ns, (m = new Map()));
    for (const [k, v] of Object.entries(before?.spec.selector ?? {})) {
      const set = m.get(`${k}\u0000${v}`);
      set?.delete(name);
      if (set && set.size === 0) m.delete(`${k}\u0000${v}`);
    }
    for (const [k, v] of Object.entries(after?.spec.selector ?? {})) {
      const lk = `${k}\u0000${v}`;
      let set = m.get(lk);
      if (!set) m.set(lk, (set = new Set()));
      set.add(name);
    }
  }

  /** Names of Services in the namespace whose selector shares a pair with these labels (a superset of the matches). */
  candidates(namespace: string, labels: Readonly<Record<string, string>> | undefined, into: Set<string>): void {
    const m = this.index.get(namespace);
    if (!m || !labels) return;
    for (const k in labels) {
      const set = m.get(`${k}\u0000${labels[k]}`);
      if (set) for (const s of set) into.add(s);
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
  return svc.spec.type !== 'ExternalName' && svc.spec.selector !== undefined && Object.keys(svc.spec.selector).length > 0;
}

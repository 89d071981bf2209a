/**
 * The object store (what etcd and the informers' caches are to a real cluster): objects by
 * kind, namespace and name, with the indexes controllers need (owner uid, pod labels) and
 * sorted lists cached for readers. Objects are never mutated once stored; `put` replaces.
 */
import type { Kind, KubeObject, ObjectOfKind } from '../api/objects.ts';

export interface ObjectRef {
  kind: Kind;
  namespace: string;
  name: string;
}

/** Called after every change: `before` absent on create, `after` absent on delete. */
export type StoreListener = (kind: Kind, before: KubeObject | undefined, after: KubeObject | undefined) => void;

type NameMap = Map<string, KubeObject>;

const NO_GROUPS: readonly DependentGroup[] = [];

/** The dependents of one owner in one kind and namespace. */
export interface DependentGroup {
  readonly kind: Kind;
  readonly namespace: string;
  readonly names: Set<string>;
}

function byName(a: KubeObject, b: KubeObject): number {
  const an = a.metadata.namespace ?? '';
  const bn = b.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

const groupKeys = new Map<Kind, Map<string, string>>();

/** `kind\0namespace`, one shared string per pair, found without building it. */
function groupKey(kind: Kind, namespace: string): string {
  let byNs = groupKeys.get(kind);
  if (!byNs) groupKeys.set(kind, (byNs = new Map()));
  let shared = byNs.get(namespace);
  if (shared === undefined) byNs.set(namespace, (shared = kind + '\u0000' + namespace));
  return shared;
}

/** Everything the store holds for one kind: found with one lookup per read or write. */
class KindState {
  readonly byNs = new Map<string, NameMap>();
  sortedAll: KubeObject[] | undefined = undefined;
  readonly sortedNs = new Map<string, KubeObject[]>();
  count = 0;
  version = 0;
}

export class ObjectStore {
  private readonly kinds = new Map<Kind, KindState>();
  /** owner uid -> `kind\0namespace` -> dependent names (names are the objects' own strings: no copies). */
  private readonly owners = new Map<string, DependentGroup | Map<string, DependentGroup>>();
  /** namespace -> label key -> label value -> pod name -> the pod as stored now (readers need no lookup by name). */
  private readonly podLabels = new Map<string, Map<string, Map<string, Map<string, ObjectOfKind<'Pod'>>>>>();
  /**
   * The label keys some Service has selected on: only these are indexed (a Deployment's pods
   * also carry pod-template-hash, which Services rarely select). A new key is indexed from the
   * pods then stored, in store order.
   */
  private readonly selectorKeys = new Set<string>();
  private readonly listeners: StoreListener[] = [];

  listen(fn: StoreListener): void {
    this.listeners.push(fn);
  }

  private state(kind: Kind): KindState {
    let st = this.kinds.get(kind);
    if (st === undefined) this.kinds.set(kind, (st = new KindState()));
    return st;
  }

  /** The name map get() found last: controllers read one kind in one namespace many times over. */
  private lastKind: Kind | undefined;
  private lastNs: string | undefined;
  private lastNames: NameMap | undefined;

  get<K extends Kind>(kind: K, namespace: string | undefined, name: string): ObjectOfKind<K> | undefined {
    const ns = namespace ?? '';
    if (kind === this.lastKind && ns === this.lastNs) return this.lastNames!.get(name) as ObjectOfKind<K> | undefined;
    const names = this.kinds.get(kind)?.byNs.get(ns);
    if (names === undefined) return undefined;
    this.lastKind = kind;
    this.lastNs = ns;
    this.lastNames = names;
    return names.get(name) as ObjectOfKind<K> | undefined;
  }

  /** Grows with every change to objects of the kind: a cheap test that nothing changed. */
  version(kind: Kind): number {
    return this.kinds.get(kind)?.version ?? 0;
  }

  count(kind: Kind): number {
    return this.kinds.get(kind)?.count ?? 0;
  }

  /** Sorted by namespace, then name; cached until the kind (or namespace) changes. */
  list<K extends Kind>(kind: K, namespace?: string): readonly ObjectOfKind<K>[] {
    const st = this.state(kind);
    if (namespace === undefined) {
      let all = st.sortedAll;
      if (!all) {
        all = [];
        for (const names of st.byNs.values()) for (const o of names.values()) all.push(o);
        all.sort(byName);
        st.sortedAll = all;
      }
      return all as ObjectOfKind<K>[];
    }
    let list = st.sortedNs.get(namespace);
    if (!list) {
      list = [...(st.byNs.get(namespace)?.values() ?? [])].sort(byName);
      st.sortedNs.set(namespace, list);
    }
    return list as ObjectOfKind<K>[];
  }

  /** Unsorted iteration over one namespace's objects of a kind (for controllers). */
  *inNamespace<K extends Kind>(kind: K, namespace: string): IterableIterator<ObjectOfKind<K>> {
    const names = this.kinds.get(kind)?.byNs.get(namespace);
    if (names) yield* names.values() as IterableIterator<ObjectOfKind<K>>;
  }

  /** Every object of a kind in store order (not sorted): for a pass that orders what it keeps itself. */
  *each<K extends Kind>(kind: K): IterableIterator<ObjectOfKind<K>> {
    const st = this.kinds.get(kind);
    if (st) for (const names of st.byNs.values()) yield* names.values() as IterableIterator<ObjectOfKind<K>>;
  }

  namespacesOf(kind: Kind): IterableIterator<string> {
    return (this.kinds.get(kind)?.byNs ?? new Map<string, NameMap>()).keys();
  }

  /** Objects whose ownerReferences name this uid. */
  dependents(uid: string): ObjectRef[] {
    const out: ObjectRef[] = [];
    for (const g of this.dependentGroups(uid)) for (const name of g.names) out.push({ kind: g.kind, namespace: g.namespace, name });
    return out;
  }

  /** The dependents by kind and namespace, without building a reference for each (controllers' hot path). */
  dependentGroups(uid: string): Iterable<DependentGroup> {
    const m = this.owners.get(uid);
    if (m === undefined) return NO_GROUPS;
    return m instanceof Map ? m.values() : [m];
  }

  /**
   * Pods in a namespace carrying label key=value, by name, in the order they got the label (or,
   * for a key first selected after its pods existed, in store order). Only keys some Service has
   * selected on are indexed: for any other key this answers undefined.
   */
  podsWithLabel(namespace: string, key: string, value: string): ReadonlyMap<string, ObjectOfKind<'Pod'>> | undefined {
    return this.podLabels.get(namespace)?.get(key)?.get(value);
  }

  put(obj: KubeObject): void {
    const kind = obj.kind;
    const ns = obj.metadata.namespace ?? '';
    const st = this.state(kind);
    let names = st.byNs.get(ns);
    if (!names) st.byNs.set(ns, (names = new Map()));
    const before = names.get(obj.metadata.name);
    names.set(obj.metadata.name, obj);
    if (!before) st.count++;
    this.reindex(kind, ns, before, obj);
    this.invalidate(st, ns);
    for (const l of this.listeners) l(kind, before, obj);
  }

  remove(kind: Kind, namespace: string | undefined, name: string): KubeObject | undefined {
    const ns = namespace ?? '';
    const st = this.kinds.get(kind);
    const names = st?.byNs.get(ns);
    const before = names?.get(name);
    if (!st || !names || !before) return undefined;
    names.delete(name);
    if (names.size === 0) {
      st.byNs.delete(ns);
      if (names === this.lastNames) this.lastKind = undefined;
    }
    st.count--;
    this.reindex(kind, ns, before, undefined);
    this.invalidate(st, ns);
    for (const l of this.listeners) l(kind, before, undefined);
    return before;
  }

  private invalidate(st: KindState, ns: string): void {
    st.version++;
    st.sortedAll = undefined;
    if (st.sortedNs.size) st.sortedNs.delete(ns);
  }

  /** Starts indexing pods by a label key: the pods stored now are added in store order. */
  private indexLabelKey(key: string): void {
    this.selectorKeys.add(key);
    for (const [ns, names] of this.kinds.get('Pod')?.byNs ?? []) {
      for (const o of names.values()) {
        const pod = o as ObjectOfKind<'Pod'>;
        const v = pod.metadata.labels?.[key];
        if (v === undefined) continue;
        let idx = this.podLabels.get(ns);
        if (!idx) this.podLabels.set(ns, (idx = new Map()));
        let values = idx.get(key);
        if (!values) idx.set(key, (values = new Map()));
        let pods = values.get(v);
        if (!pods) values.set(v, (pods = new Map()));
        pods.set(pod.metadata.name, pod);
      }
    }
  }

  private reindex(kind: Kind, ns: string, before: KubeObject | undefined, after: KubeObject | undefined): void {
    const beforeOwners = before?.metadata.ownerReferences;
    const afterOwners = after?.metadata.ownerReferences;
    if (beforeOwners !== afterOwners) {
      const name = (before ?? after)!.metadata.name;
      const group = groupKey(kind, ns);
      for (const o of beforeOwners ?? []) {
        const m = this.owners.get(o.uid);
        if (m === undefined) continue;
        // Most owners have dependents of one kind in one namespace: that group is held bare.
        const g = m instanceof Map ? m.get(group) : m.kind === kind && m.namespace === ns ? m : undefined;
        if (!g) continue;
        g.names.delete(name);
        if (g.names.size > 0) continue;
        if (!(m instanceof Map)) this.owners.delete(o.uid);
        else {
          m.delete(group);
          if (m.size === 0) this.owners.delete(o.uid);
        }
      }
      for (const o of afterOwners ?? []) {
        const m = this.owners.get(o.uid);
        if (m === undefined) {
          this.owners.set(o.uid, { kind, namespace: ns, names: new Set([name]) });
        } else if (!(m instanceof Map)) {
          if (m.kind === kind && m.namespace === ns) m.names.add(name);
          else this.owners.set(o.uid, new Map([[groupKey(m.kind, m.namespace), m], [group, { kind, namespace: ns, names: new Set([name]) }]]));
        } else {
          let g = m.get(group);
          if (!g) m.set(group, (g = { kind, namespace: ns, names: new Set() }));
          g.names.add(name);
        }
      }
    }
    if (kind === 'Service') {
      const sel = (after as ObjectOfKind<'Service'> | undefined)?.spec.selector;
      if (sel) for (const k in sel) if (!this.selectorKeys.has(k)) this.indexLabelKey(k);
      return;
    }
    if (kind === 'Pod') {
      const bl = before?.metadata.labels;
      const al = after?.metadata.labels;
      const name = (before ?? after)!.metadata.name;
      let idx = this.podLabels.get(ns);
      if (!idx) this.podLabels.set(ns, (idx = new Map()));
      const pod = after as ObjectOfKind<'Pod'> | undefined;
      if (bl === al) {
        // Same labels: the entries stay where they are and hold the new object.
        if (al && pod) for (const k in al) idx.get(k)?.get(al[k])?.set(name, pod);
        return;
      }
      if (bl) {
        for (const k in bl) {
          const values = idx.get(k);
          const pods = values?.get(bl[k]);
          if (!pods) continue;
          pods.delete(name);
          if (pods.size === 0) {
            values!.delete(bl[k]);
            if (values!.size === 0) idx.delete(k);
          }
        }
      }
      if (al && pod) {
        for (const k in al) {
          if (!this.selectorKeys.has(k)) continue;
          let values = idx.get(k);
          if (!values) idx.set(k, (values = new Map()));
          let pods = values.get(al[k]);
          if (!pods) values.set(al[k], (pods = new Map()));
          pods.set(name, pod);
        }
      }
    }
  }
}

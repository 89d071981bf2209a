/**
 * Events (core/v1 Event) by involved object, oldest first. Identical consecutive events are
 * aggregated into one with a count, as client-go's EventCorrelator does. Events recorded in
 * bulk (a pod's start-up, a ReplicaSet's pod creations) are stored as one compact record and
 * expanded on read: 100,000 pods would otherwise hold 400,000 event objects.
 */
import type { Pod } from '../api/core.ts';
import type { Kind } from '../api/objects.ts';
import { podStartEvents, PodStartEvents } from './kubelet.ts';
import type { ClusterEvent } from './types.ts';

/** Events kept in a compact form and built only when someone reads them. */
export interface LazyEvents {
  expand(): ClusterEvent[];
}

/**
 * A pod the scheduler placed and the kubelet started stands for its own start-up events: they
 * are a function of fields that do not change while it runs (see recordPodStart).
 */
type Entry = ClusterEvent | LazyEvents | Pod;

export interface InvolvedObject {
  kind: Kind;
  namespace?: string;
  name: string;
  uid?: string;
  /** The part of the object, e.g. a container: `spec.containers{web}`. */
  fieldPath?: string;
}

function isLazy(e: Entry): e is LazyEvents {
  return typeof (e as Partial<LazyEvents>).expand === 'function';
}

/** A start-up entry replaced by replacePodStart: it keeps the events it was made from. */
function isRestarted(e: Entry): e is LazyEvents & { readonly base: readonly ClusterEvent[] } {
  return isLazy(e) && Array.isArray((e as { base?: unknown }).base);
}

function isPod(e: Entry): e is Pod {
  return (e as Partial<Pod>).kind === 'Pod';
}

function startedPodEvents(pod: Pod): ClusterEvent[] {
  const { namespace = '', name, uid } = pod.metadata;
  return podStartEvents(namespace, name, uid, pod.spec.containers, pod.spec.nodeName ?? '', pod.status?.startTime ?? '', true);
}

/** What a pod's start-up events are built from: the same for both versions means the same events. */
function sameStart(a: Pod, b: Pod): boolean {
  return a.metadata.uid === b.metadata.uid && a.spec.containers === b.spec.containers && a.spec.nodeName === b.spec.nodeName && a.status?.startTime === b.status?.startTime;
}

/** A lazy entry from a function, for the rare callers that have no record class. */
class ProducedEvents implements LazyEvents {
  constructor(private readonly produce: () => ClusterEvent[]) {}
  expand(): ClusterEvent[] {
    return this.produce();
  }
}

export class EventLog {
  /**
   * kind -> namespace -> name -> entries. Nested maps keyed by the objects' own strings: a
   * joined key per object would cost a string for each of 100,000 pods. One entry is held
   * bare, more in an array.
   */
  private readonly byObject = new Map<Kind, Map<string, Map<string, Entry | Entry[]>>>();

  /** The map names() found last: a ReplicaSet's pods come one after another. */
  private lastKind: Kind | undefined;
  private lastNs: string | undefined;
  private lastNames: Map<string, Entry | Entry[]> | undefined;

  private names(kind: Kind, namespace: string | undefined, create: boolean): Map<string, Entry | Entry[]> | undefined {
    if (kind === this.lastKind && (namespace ?? '') === this.lastNs && this.lastNames) return this.lastNames;
    const names = this.lookup(kind, namespace, create);
    if (names) {
      this.lastKind = kind;
      this.lastNs = namespace ?? '';
      this.lastNames = names;
    }
    return names;
  }

  private lookup(kind: Kind, namespace: string | undefined, create: boolean): Map<string, Entry | Entry[]> | undefined {
    let byNs = this.byObject.get(kind);
    if (!byNs) {
      if (!create) return undefined;
      this.byObject.set(kind, (byNs = new Map()));
    }
    const ns = namespace ?? '';
    let names = byNs.get(ns);
    if (!names && create) byNs.set(ns, (names = new Map()));
    return names;
  }

  private add(kind: Kind, namespace: string | undefined, name: string, entry: Entry): void {
    const names = this.names(kind, namespace, true)!;
    const cur = names.get(name);
    if (cur === undefined) names.set(name, entry);
    else if (Array.isArray(cur)) cur.push(entry);
    else names.set(name, [cur, entry]);
  }

  record(
    obj: InvolvedObject,
    type: ClusterEvent['type'],
    reason: string,
    message: string,
    source: string,
    timestamp: string,
    /** source.host, for a kubelet's events. */
    host?: string,
  ): void {
    const names = this.names(obj.kind, obj.namespace, false);
    const cur = names?.get(obj.name);
    const last = Array.isArray(cur) ? cur[cur.length - 1] : cur;
    // The event recorder aggregates identical events of the same object (uid: a new pod of the same name is another object).
    if (last && !isLazy(last) && !isPod(last) && last.reason === reason && last.message === message && last.source === source && last.type === type && last.involvedObject.uid === obj.uid) {
      const next = { ...last, count: last.count + 1, lastTimestamp: timestamp };
      if (Array.isArray(cur)) cur[cur.length - 1] = next;
      else names!.set(obj.name, next);
      return;
    }
    this.add(obj.kind, obj.namespace, obj.name, {
      type,
      reason,
      message,
      source,
      ...(host ? { host } : {}),
      involvedObject: obj,
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
      count: 1,
    });
  }

  /** Adds events computed only when someone reads them. */
  recordLazy(obj: InvolvedObject, events: LazyEvents | (() => ClusterEvent[])): void {
    this.add(obj.kind, obj.namespace, obj.name, typeof events === 'function' ? new ProducedEvents(events) : events);
  }

  /** recordLazy without an involved-object record (one per pod adds up). */
  recordLazyAt(kind: Kind, namespace: string | undefined, name: string, events: LazyEvents): void {
    this.add(kind, namespace, name, events);
  }

  /**
   * The start-up events of a pod the scheduler placed (Scheduled, Pulled, Created, Started),
   * held as the pod itself: one reference per pod instead of a record. updatePod keeps the
   * entry on the pod's latest version, so an old version is not kept alive.
   */
  recordPodStart(pod: Pod): void {
    this.add('Pod', pod.metadata.namespace, pod.metadata.name, pod);
  }

  /**
   * Replaces a pod's start-up entry with what `make` builds from its events (a restarting
   * container's counted events, see crash-loop.ts). `make` is given the start-up events as first recorded.
   */
  replacePodStart(namespace: string | undefined, name: string, make: (startEvents: readonly ClusterEvent[]) => LazyEvents & { readonly base: readonly ClusterEvent[] }): void {
    const names = this.names('Pod', namespace, false);
    const cur = names?.get(name);
    if (cur === undefined) return;
    const list = Array.isArray(cur) ? cur : [cur];
    const i = list.findIndex((e) => isPod(e) || e instanceof PodStartEvents || isRestarted(e));
    if (i < 0) return;
    const e = list[i];
    const base = isPod(e) ? startedPodEvents(e) : isRestarted(e) ? e.base : (e as LazyEvents).expand();
    const next = make(base);
    if (Array.isArray(cur)) cur[i] = next;
    else names!.set(name, next);
  }

  /** A stored pod changed: a start-up entry held as `before` moves to `after` (or to a record of `before`'s start). */
  updatePod(before: Pod, after: Pod): void {
    const names = this.names('Pod', before.metadata.namespace, false);
    const cur = names?.get(before.metadata.name);
    if (cur === undefined) return;
    const next = sameStart(before, after)
      ? after
      : new PodStartEvents(before.metadata.namespace ?? '', before.metadata.name, before.metadata.uid, before.spec.containers, before.spec.nodeName ?? '', before.status?.startTime ?? '', true);
    if (cur === before) names!.set(before.metadata.name, next);
    else if (Array.isArray(cur)) {
      const i = cur.indexOf(before);
      if (i >= 0) cur[i] = next;
    }
  }

  list(kind: Kind, namespace: string | undefined, name: string): ClusterEvent[] {
    const cur = this.names(kind, namespace, false)?.get(name);
    if (cur === undefined) return [];
    const out: ClusterEvent[] = [];
    for (const e of Array.isArray(cur) ? cur : [cur]) {
      if (isLazy(e)) out.push(...e.expand());
      else if (isPod(e)) out.push(...startedPodEvents(e));
      else out.push(e);
    }
    return out;
  }

  /** Every object's events, object by object (kind, then namespace and name as recorded). */
  *all(): IterableIterator<ClusterEvent[]> {
    for (const [kind, byNs] of this.byObject) {
      for (const [ns, names] of byNs) for (const name of names.keys()) yield this.list(kind, ns || undefined, name);
    }
  }

  clear(): void {
    this.byObject.clear();
    this.lastNames = undefined;
  }
}

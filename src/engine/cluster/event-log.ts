/**
 * Events (core/v1 Event) by involved object, oldest first. Identical consecutive events are
 * aggregated into one with a count, as client-go's EventCorrelator does. Events recorded in
 * bulk (a pod's start-up, a ReplicaSet's pod creations) are stored as one compact record and
 * expanded on read: 100,000 pods would otherwise hold 400,000 event objects.
 */
import type { Kind } from '../api/objects.ts';
import type { ClusterEvent } from './types.ts';

/** Events kept in a compact form and built only when someone reads them. */
export interface LazyEvents {
  expand(): ClusterEvent[];
}

type Entry = ClusterEvent | LazyEvents;

export interface InvolvedObject {
  kind: Kind;
  namespace?: string;
  name: string;
  uid?: string;
}

function isLazy(e: Entry): e is LazyEvents {
  return typeof (e as Partial<LazyEvents>).expand === 'function';
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
  ): void {
    const names = this.names(obj.kind, obj.namespace, false);
    const cur = names?.get(obj.name);
    const last = Array.isArray(cur) ? cur[cur.length - 1] : cur;
    if (last && !isLazy(last) && last.reason === reason && last.message === message && last.source === source && last.type === type) {
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

  list(kind: Kind, namespace: string | undefined, name: string): ClusterEvent[] {
    const cur = this.names(kind, namespace, false)?.get(name);
    if (cur === undefined) return [];
    const out: ClusterEvent[] = [];
    for (const e of Array.isArray(cur) ? cur : [cur]) {
      if (isLazy(e)) out.push(...e.expand());
      else out.push(e);
    }
    return out;
  }

  /** Events go with their object (a real cluster keeps them an hour; svcsim drops them on delete). */
  forget(kind: Kind, namespace: string | undefined, name: string): void {
    const names = this.names(kind, namespace, false);
    if (!names) return;
    names.delete(name);
    if (names.size === 0) {
      this.byObject.get(kind)?.delete(namespace ?? '');
      if (names === this.lastNames) this.lastNames = undefined;
    }
  }

  clear(): void {
    this.byObject.clear();
    this.lastNames = undefined;
  }
}

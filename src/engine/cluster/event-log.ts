/**
 * Events (core/v1 Event) by involved object, oldest first. Identical consecutive events are
 * aggregated into one with a count, as client-go's EventCorrelator does. A pod's start-up events
 * are stored as one lazy entry and expanded on read: 100,000 pods would otherwise hold 400,000
 * event objects.
 */
import type { Kind } from '../api/objects.ts';
import type { ClusterEvent } from './types.ts';

type Entry = ClusterEvent | (() => ClusterEvent[]);

export interface InvolvedObject {
  kind: Kind;
  namespace?: string;
  name: string;
  uid?: string;
}

function key(kind: Kind, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

export class EventLog {
  private readonly byObject = new Map<string, Entry[]>();

  record(
    obj: InvolvedObject,
    type: ClusterEvent['type'],
    reason: string,
    message: string,
    source: string,
    timestamp: string,
  ): void {
    const k = key(obj.kind, obj.namespace, obj.name);
    let list = this.byObject.get(k);
    if (!list) this.byObject.set(k, (list = []));
    const last = list[list.length - 1];
    if (last && typeof last !== 'function' && last.reason === reason && last.message === message && last.source === source && last.type === type) {
      list[list.length - 1] = { ...last, count: last.count + 1, lastTimestamp: timestamp };
      return;
    }
    list.push({
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
  recordLazy(obj: InvolvedObject, produce: () => ClusterEvent[]): void {
    const k = key(obj.kind, obj.namespace, obj.name);
    let list = this.byObject.get(k);
    if (!list) this.byObject.set(k, (list = []));
    list.push(produce);
  }

  list(kind: Kind, namespace: string | undefined, name: string): ClusterEvent[] {
    const list = this.byObject.get(key(kind, namespace, name));
    if (!list) return [];
    const out: ClusterEvent[] = [];
    for (const e of list) {
      if (typeof e === 'function') out.push(...e());
      else out.push(e);
    }
    return out;
  }

  /** Events go with their object (a real cluster keeps them an hour; svcsim drops them on delete). */
  forget(kind: Kind, namespace: string | undefined, name: string): void {
    this.byObject.delete(key(kind, namespace, name));
  }

  clear(): void {
    this.byObject.clear();
  }
}

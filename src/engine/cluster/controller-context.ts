/** What the controllers get from the control plane: the store, the clock, the generator, writes. */
import type { Kind, KubeObject } from '../api/objects.ts';
import type { Rand } from '../rand.ts';
import type { EventLog } from './event-log.ts';
import type { ObjectStore } from './store.ts';
import type { ClusterSettings } from './types.ts';

export interface ControllerContext {
  readonly store: ObjectStore;
  readonly rand: Rand;
  readonly settings: ClusterSettings;
  readonly eventLog: EventLog;
  /** The simulated clock as RFC 3339. */
  nowIso(): string;
  /** Stores a controller-made object, filling uid, resourceVersion, creationTimestamp and generateName. */
  createObject<T extends KubeObject>(obj: T): T;
  /**
   * createObject for an object whose metadata already holds its uid, resourceVersion and
   * creationTimestamp (drawn as createObject would, in the same order): the ReplicaSet
   * controller builds its pods' metadata whole. The object is the caller's to give away.
   */
  createStamped<T extends KubeObject>(obj: T): T;
  /** The next resourceVersion, for createStamped. */
  nextResourceVersion(): string;
  /** Stores a controller's change to an existing object under a new resourceVersion. */
  updateObject<T extends KubeObject>(obj: T): T;
  /** Deletes an object and, through the garbage collector, what it owns. */
  deleteObject(kind: Kind, namespace: string | undefined, name: string): void;
}

export function nsName(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}

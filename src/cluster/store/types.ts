/**
 * The contract of the etcd-like store. Resources are named by their store key, upstream's
 * GroupResource string ("pods", "deployments.apps"); objects by namespace ('' when
 * cluster-scoped) and name. One global revision counts every write; an object's
 * metadata.resourceVersion is the revision of its last write, as a decimal string.
 *
 * Stored objects are deep-frozen: what get/list/watch hand out must never be mutated; copy first
 * (structuredClone) to change. A writer that built an object for the write may hand it over
 * (`adopt`) instead of having it copied; it may share frozen parts with stored objects
 * (structural sharing), and only its unfrozen parts are frozen.
 */
import type { KubeObject } from '../api/types';
import type { LabelSelector } from '../api/selectors';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  /** Store key of the resource, "pods". */
  resource: string;
  /** The object after the write; for DELETED, its last state stamped with the deleting revision. */
  object: KubeObject;
  /** The object before the write (MODIFIED and DELETED). */
  prev?: KubeObject;
  revision: number;
}

export interface ListOptions {
  /** Only this namespace; undefined means all namespaces. */
  namespace?: string;
  labelSelector?: LabelSelector;
  /** Only objects with an ownerReference of this uid. */
  ownerUid?: string;
  /** Any further test, applied after the indexed filters (field selectors). */
  filter?: (obj: KubeObject) => boolean;
}

export interface WatchOptions extends ListOptions {
  /**
   * Deliver every event with revision > fromRevision, replaying history first. Undefined: only
   * events from now on. A revision older than the retained history throws ApiError 410 (Expired)
   * "too old resource version: N (M)".
   */
  fromRevision?: number;
  /**
   * Called once when the store ends the watch by itself (restore() replaces the state, or the
   * history a replay needed was compacted while it ran); never after the caller's own stop().
   * The watcher should list again and watch from the new revision.
   */
  onClose?: () => void;
}

/** How a write takes its object. */
export interface WriteOptions {
  /**
   * The store keeps `obj` itself instead of a deep copy: it sets the resourceVersion (on a copy of
   * metadata when metadata is frozen) and deep-freezes whatever is not frozen yet. The writer
   * gives up `obj`: neither it nor anything reachable from it may be mutated afterwards, and its
   * unfrozen parts must not be shared with anything mutable.
   */
  adopt?: boolean;
}

export interface WatchHandle {
  stop(): void;
}

/** A whole store state; JSON-serialisable, for autosave and scenario links. */
export interface StoreSnapshot {
  revision: number;
  /** Per resource key, the objects in key order. */
  resources: Record<string, KubeObject[]>;
}

export interface Store {
  /** The revision of the latest write (0 when empty). */
  readonly revision: number;
  /**
   * The revision of the oldest event a watch can still replay (revision + 1 when none is
   * retained), as upstream's watch cache calls `oldest`. A watch may start from
   * fromRevision >= oldestRevision - 1; anything older is 410.
   */
  readonly oldestRevision: number;

  get(resource: string, namespace: string, name: string): KubeObject | undefined;

  /** Objects in key order (namespace, then name), with the revision the list reflects. */
  list(resource: string, opts?: ListOptions): { items: KubeObject[]; revision: number };

  /** Number of objects of a resource (in one namespace when given), without building a list. */
  count(resource: string, namespace?: string): number;

  /** Every object (of any resource) with an ownerReference to `uid`. */
  dependents(uid: string): { resource: string; object: KubeObject }[];

  /** Stores a new object; throws AlreadyExists (409) when the name is taken. */
  create(resource: string, obj: KubeObject, opts?: WriteOptions): KubeObject;

  /**
   * Replaces an object. When obj.metadata.resourceVersion is set and is not the current one it
   * throws Conflict (409) with upstream's "the object has been modified" message; unset means an
   * unconditional write. Throws NotFound (404) when absent.
   */
  update(resource: string, obj: KubeObject, opts?: WriteOptions): KubeObject;

  /**
   * Removes an object and returns its last state. With `expectedResourceVersion`, a different
   * current version throws Conflict. Throws NotFound when absent.
   */
  delete(
    resource: string,
    namespace: string,
    name: string,
    opts?: { expectedResourceVersion?: string },
  ): KubeObject;

  /**
   * Streams events of one resource ('*' for every resource) to `listener`, in revision order,
   * synchronously after each write commits. With a label selector or filter, an object that
   * stops matching is delivered as DELETED and one that starts matching as ADDED, as the API
   * server's watch cache does.
   */
  watch(resource: string, opts: WatchOptions, listener: (ev: StoreEvent) => void): WatchHandle;

  snapshot(): StoreSnapshot;
  /** Replaces the whole state; history restarts at the snapshot's revision. */
  restore(snap: StoreSnapshot): void;
}

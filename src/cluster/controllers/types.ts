/**
 * What every controller gets: listers (the store, read-only, standing in for informer caches),
 * the API client for every write, the kinds, and the clock.
 */
import type { TypeRegistry } from '../api/registry';
import type { Client } from '../client/Client';
import type { EventRecorder } from '../client/EventRecorder';
import type { Random } from '../clock/Random';
import type { VirtualClock } from '../clock/VirtualClock';
import type { Store } from '../store/types';

export interface ControllerContext {
  /** Read-only: controllers read the latest state here and write only through `client`. */
  store: Store;
  client: Client;
  registry: TypeRegistry;
  clock: VirtualClock;
  random: Random;
  /** Records Events as upstream's controllers do (reason, message, source component). */
  recorder: EventRecorder;
}

export interface Controller {
  readonly name: string;
  /** Starts watching; work then runs on the virtual clock. */
  start(): void;
}

/** "resource|namespace|name", the work-queue key of one object. */
export function objectKey(resource: string, namespace: string | undefined, name: string): string {
  return `${resource}|${namespace ?? ''}|${name}`;
}

export function splitKey(key: string): { resource: string; namespace: string; name: string } {
  const [resource, namespace, name] = key.split('|');
  return { resource, namespace, name };
}

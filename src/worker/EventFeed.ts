/**
 * The timeline's feed of Kubernetes Events: one watch of core/v1 Events in all namespaces, kept
 * apart from `ClusterFeed` because the page never holds them all (10,000 pods make 50,000
 * Events). At start it keeps the newest `INITIAL_EVENTS`; afterwards every Event recorded, or
 * repeated (its count went up), is queued until `take()`, at most `MAX_EVENTS_PER_FRAME`.
 */
import type { KubeObject } from '../cluster/api/types';
import type { WatchEvent } from '../cluster/apiserver/types';
import type { ApiHandler } from './ClusterFeed';
import { MAX_EVENTS_PER_FRAME } from './protocol';
import type { ClusterEvent } from './protocol';

/** Events sent when the page connects, from those the cluster already has. */
export const INITIAL_EVENTS = 200;
/** Event uids remembered (with their count) so a restarted watch does not resend them. */
const SEEN_LIMIT = 5000;

interface CoreEvent extends KubeObject {
  involvedObject?: {
    uid?: string;
    kind?: string;
    namespace?: string;
    name?: string;
    fieldPath?: string;
  };
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  reportingInstance?: string;
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string } | null;
}

function time(e: CoreEvent): number {
  const t =
    e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp;
  const ms = t ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

/** The page's compact form of an Event. */
export function toClusterEvent(e: CoreEvent): ClusterEvent {
  const io = e.involvedObject ?? {};
  const host = e.source?.host || e.reportingInstance || undefined;
  const out: ClusterEvent = {
    uid: e.metadata.uid ?? `${e.metadata.namespace}/${e.metadata.name}`,
    namespace: e.metadata.namespace ?? '',
    component: e.source?.component || e.reportingComponent || '',
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    message: e.message ?? '',
    regarding: { kind: io.kind ?? '', name: io.name ?? '' },
    count: e.series?.count ?? e.count ?? 1,
    timeMs: time(e),
  };
  if (host) out.host = host;
  if (io.namespace) out.regarding.namespace = io.namespace;
  if (io.fieldPath) out.regarding.fieldPath = io.fieldPath;
  return out;
}

export class EventFeed {
  private pending: ClusterEvent[] = [];
  /** uid → the count last queued. */
  private seen = new Map<string, number>();
  private stop: (() => void) | undefined;
  private disposed = false;

  /**
   * @param onChange called whenever something is queued; the owner decides when to `take()`.
   * @param explain why the scheduler put a pod (by uid) where it did, for `Scheduled` events.
   */
  constructor(
    private readonly api: ApiHandler,
    private readonly onChange: () => void,
    private readonly explain?: (podUid: string) => string | undefined,
  ) {
    this.watch(true);
  }

  /** The Events queued since the last call (oldest first), or undefined if none. */
  take(): ClusterEvent[] | undefined {
    if (!this.pending.length) return undefined;
    const out = this.pending;
    this.pending = [];
    return out;
  }

  dispose(): void {
    this.disposed = true;
    this.stop?.();
    this.stop = undefined;
  }

  private watch(first: boolean): void {
    const res = this.api.handle({
      method: 'GET',
      path: '/api/v1/events',
      query: { watch: 'true' },
      headers: {},
    });
    if (!res.watch) throw new Error(`watching /api/v1/events failed: HTTP ${res.status}`);
    // The watch lists what exists synchronously, before start() returns: that burst is the
    // history, of which the page gets only the newest.
    let listing = true;
    const history: ClusterEvent[] = [];
    let ended = false;
    const restart = () => {
      this.stop = undefined;
      if (!this.disposed) queueMicrotask(() => this.watch(false));
    };
    const stop = res.watch.start(
      (ev) => {
        const e = this.accept(ev);
        if (!e) return;
        if (listing) history.push(e);
        else this.queue([e]);
      },
      () => {
        ended = true;
        if (!listing) restart();
      },
    );
    listing = false;
    this.stop = stop;
    history.sort((a, b) => a.timeMs - b.timeMs);
    this.queue(first ? history.slice(-INITIAL_EVENTS) : history);
    if (ended) restart();
  }

  /** The Event of a watch event if it is new to the page (or counted again), else undefined. */
  private accept(ev: WatchEvent): ClusterEvent | undefined {
    if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED') return undefined;
    const raw = ev.object as CoreEvent;
    const e = toClusterEvent(raw);
    const prior = this.seen.get(e.uid);
    if (prior !== undefined && prior >= e.count) return undefined;
    this.seen.delete(e.uid);
    this.seen.set(e.uid, e.count);
    if (this.seen.size > SEEN_LIMIT) {
      this.seen.delete(this.seen.keys().next().value as string);
    }
    const pod = raw.involvedObject?.uid;
    if (e.reason === 'Scheduled' && pod && this.explain) {
      const why = this.explain(pod);
      if (why) e.why = why;
    }
    return e;
  }

  private queue(events: ClusterEvent[]): void {
    if (!events.length) return;
    this.pending.push(...events);
    if (this.pending.length > MAX_EVENTS_PER_FRAME) {
      this.pending = this.pending.slice(-MAX_EVENTS_PER_FRAME);
    }
    this.onChange();
  }
}

/**
 * The timeline's events: the last `TIMELINE_LIMIT` Kubernetes Events the Worker sent, each put in
 * plain words once, when it arrives (so "2 of 3 desired" is the count at that moment).
 */
import { create } from 'zustand';
import type { ClusterEvent } from '../../worker/protocol';
import { useClusterStore } from '../stores/clusterStore';
import type { ClusterState } from '../stores/clusterStore';
import { describeEvent } from './describeEvent';
import type { EventContext } from './describeEvent';

export const TIMELINE_LIMIT = 1000;

export interface TimelineItem {
  /** Unique per occurrence: the Event's uid and count. */
  id: string;
  event: ClusterEvent;
  component: string;
  text: string;
}

export interface TimelineState {
  items: TimelineItem[];
  add(events: ClusterEvent[], ctx?: EventContext): void;
  clear(): void;
}

interface OwnedMeta {
  deletionTimestamp?: string;
  ownerReferences?: { kind?: string; name?: string }[];
}

/** ReplicaSet counts from the cluster store, counted once per batch and only if asked. */
export function clusterContext(state: Pick<ClusterState, 'objects'>): EventContext {
  let owned: Map<string, number> | undefined;
  return {
    replicaSet(namespace, name) {
      const rs = state.objects.replicasets[`${namespace}/${name}`];
      if (!rs) return undefined;
      if (!owned) {
        owned = new Map();
        for (const p of Object.values(state.objects.pods)) {
          const meta = p.object.metadata as OwnedMeta;
          if (meta.deletionTimestamp) continue;
          for (const o of meta.ownerReferences ?? []) {
            if (o.kind !== 'ReplicaSet') continue;
            const k = `${p.object.metadata.namespace}/${o.name}`;
            owned.set(k, (owned.get(k) ?? 0) + 1);
          }
        }
      }
      const desired = (rs.object.spec as { replicas?: number } | undefined)?.replicas ?? 1;
      return { current: owned.get(`${namespace}/${name}`) ?? 0, desired };
    },
  };
}

/**
 * For each event of a batch, how many pods its ReplicaSet gained after it within the batch (the
 * store already counts them): three creations in one frame read 1, 2 and 3 of 3, not 3 of 3
 * thrice.
 */
function laterChanges(events: ClusterEvent[]): number[] {
  const after = new Map<string, number>();
  const out = new Array<number>(events.length).fill(0);
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.regarding.kind !== 'ReplicaSet') continue;
    const step = e.reason === 'SuccessfulCreate' ? 1 : e.reason === 'SuccessfulDelete' ? -1 : 0;
    if (!step) continue;
    const k = `${e.regarding.namespace ?? e.namespace}/${e.regarding.name}`;
    out[i] = after.get(k) ?? 0;
    after.set(k, out[i] + step);
  }
  return out;
}

function atEvent(ctx: EventContext, later: number): EventContext {
  if (!later || !ctx.replicaSet) return ctx;
  const replicaSet = ctx.replicaSet.bind(ctx);
  return {
    ...ctx,
    replicaSet(namespace, name) {
      const n = replicaSet(namespace, name);
      return n && { ...n, current: Math.max(0, n.current - later) };
    },
  };
}

export const useTimelineStore = create<TimelineState>()((set) => ({
  items: [],
  add: (events, ctx) =>
    set((s) => {
      if (!events.length) return s;
      const context = ctx ?? clusterContext(useClusterStore.getState());
      const later = laterChanges(events);
      // A restarted Worker sends its newest events again: keep one of each occurrence.
      const held = new Set(s.items.map((i) => i.id));
      const fresh: TimelineItem[] = [];
      events.forEach((event, i) => {
        const id = `${event.uid}:${event.count}`;
        if (held.has(id)) return;
        held.add(id);
        fresh.push({ id, event, ...describeEvent(event, atEvent(context, later[i])) });
      });
      if (!fresh.length) return s;
      const items = s.items.concat(fresh);
      return { items: items.length > TIMELINE_LIMIT ? items.slice(-TIMELINE_LIMIT) : items };
    }),
  clear: () => set({ items: [] }),
}));

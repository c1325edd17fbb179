/**
 * Requests that Services routed to pods, as the Worker reports them with each frame: the diagram
 * pulses along the Service → pod edge for each. Kept short: only recent pulses matter.
 */
import { create } from 'zustand';
import type { TrafficPulse } from '../../worker/protocol';

/** Pulses kept at most; older ones have finished animating long before. */
const KEEP = 100;

export interface Pulse extends TrafficPulse {
  /** Increasing, so each pulse is a new animation even on the same edge. */
  id: number;
  /** performance.now() when it arrived. */
  at: number;
}

export interface TrafficState {
  pulses: Pulse[];
  add(traffic: TrafficPulse[]): void;
}

let nextId = 1;

export const useTrafficStore = create<TrafficState>()((set) => ({
  pulses: [],
  add: (traffic) =>
    set((s) => {
      const at = performance.now();
      const added = traffic.map((t) => ({ ...t, id: nextId++, at }));
      return { pulses: [...s.pulses, ...added].slice(-KEEP) };
    }),
}));

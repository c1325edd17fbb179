/** Which traffic pulse an edge shows: pure, so it is tested without a browser. */
import type { Pulse } from '../stores/trafficStore';

/** The latest pulse for this Service to a pod that `drawnHere` accepts (the store's own object,
 * so selecting it re-renders only when a newer one comes). */
export function latestPulse(
  pulses: Pulse[],
  service: string,
  drawnHere: (pod: string) => boolean,
): Pulse | undefined {
  for (let i = pulses.length - 1; i >= 0; i--) {
    const p = pulses[i];
    if (p.service === service && drawnHere(p.pod)) return p;
  }
  return undefined;
}

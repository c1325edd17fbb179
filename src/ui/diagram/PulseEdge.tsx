/**
 * A Service → pod edge that pulses when a request through the Service reached that pod: a dot
 * runs along the edge once per request the Worker reported (see stores/trafficStore.ts).
 */
import { BaseEdge, getBezierPath } from '@xyflow/react';
import type { Edge, EdgeProps } from '@xyflow/react';
import { memo, useState } from 'react';
import { useTrafficStore } from '../stores/trafficStore';
import type { Pulse } from '../stores/trafficStore';

export type PulseEdgeType = Edge<{ service?: string; pod?: string }, 'pulse'>;

/** How long a pulse runs along its edge, ms (it then fades out, see diagram.css). */
export const PULSE_MS = 900;

/** The id of the latest pulse for this Service and pod, or 0. */
export function latestPulse(pulses: Pulse[], service: string, pod: string): number {
  for (let i = pulses.length - 1; i >= 0; i--) {
    const p = pulses[i];
    if (p.service === service && p.pod === pod) return p.id;
  }
  return 0;
}

export const PulseEdge = memo(function PulseEdge(props: EdgeProps<PulseEdgeType>) {
  const { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data } = props;
  const [path] = getBezierPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
  });
  const pulse = useTrafficStore((s) =>
    data?.service && data.pod ? latestPulse(s.pulses, data.service, data.pod) : 0,
  );
  // Pulses from before this edge was drawn have run their course: only newer ones animate.
  const [since] = useState(pulse);
  return (
    <>
      <BaseEdge id={props.id} path={path} className="diagram-edge-service" />
      {pulse > since && (
        <circle
          key={pulse}
          r={6}
          className="diagram-pulse"
          data-testid="diagram-pulse"
          data-pod={data?.pod}
        >
          <animateMotion dur={`${PULSE_MS}ms`} repeatCount="1" fill="freeze" path={path} />
        </circle>
      )}
    </>
  );
});

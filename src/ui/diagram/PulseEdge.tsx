/**
 * A Service → pod edge that pulses when a request through the Service reached that pod: a dot
 * runs along the edge once per request the Worker reported (see stores/trafficStore.ts).
 */
import { BaseEdge, getBezierPath } from '@xyflow/react';
import type { Edge, EdgeProps } from '@xyflow/react';
import { createContext, memo, useContext, useState } from 'react';
import { useTrafficStore } from '../stores/trafficStore';
import { latestPulse } from './pulses';

export type PulseEdgeType = Edge<{ service?: string; pod?: string }, 'pulse'>;

/** How long a pulse runs along its edge, ms (it then fades out, see diagram.css). */
export const PULSE_MS = 900;

/** Pod key → the diagram item it is drawn as (itself, or its group), from the diagram. */
export const PodItemContext = createContext<Map<string, string>>(new Map());

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
  const podItem = useContext(PodItemContext);
  const { target } = props;
  // To one pod: that pod's requests; to a group (above 500 pods): any pod of the group's.
  const pulse = useTrafficStore((s) =>
    data?.service
      ? latestPulse(s.pulses, data.service, (pod) =>
          data.pod ? pod === data.pod : podItem.get(pod) === target,
        )
      : undefined,
  );
  // Pulses from before this edge was drawn have run their course: only newer ones animate.
  const [since] = useState(pulse?.id ?? 0);
  return (
    <>
      <BaseEdge id={props.id} path={path} className="diagram-edge-service" />
      {pulse && pulse.id > since && (
        <circle
          key={pulse.id}
          r={6}
          className="diagram-pulse"
          data-testid="diagram-pulse"
          data-pod={pulse.pod}
        >
          <animateMotion dur={`${PULSE_MS}ms`} repeatCount="1" fill="freeze" path={path} />
        </circle>
      )}
    </>
  );
});

/**
 * The live cluster diagram: React Flow over the items `buildGraph` derives from the cluster
 * store, with a namespace filter, zoom controls and a mini-map. Loaded lazily by DiagramPanel,
 * so none of this is on the page's critical path.
 */
import '@xyflow/react/dist/style.css';
import './diagram.css';
import {
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useNodesInitialized,
  useReactFlow,
  useStore,
} from '@xyflow/react';
import type { Node } from '@xyflow/react';
import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useClusterStore } from '../stores/clusterStore';
import type { ClusterState } from '../stores/clusterStore';
import { useWorkspaceStore } from '../stores/workspaceStore';
import {
  ALL_NAMESPACES,
  buildGraph,
  GROUP_THRESHOLD,
  SlotKeeper,
  USER_NAMESPACES,
} from './buildGraph';
import type { DiagramItem } from './buildGraph';
import { nodeTypes } from './nodes';
import { PodItemContext, PulseEdge } from './PulseEdge';
import { emptyCache, toFlow } from './toFlow';

const edgeTypes = { pulse: PulseEdge };
/**
 * Below this zoom a pod's 11 px text is under 6 px on screen, unreadable: pods are drawn as
 * coloured chips without it (diagram.css), which spares the browser laying out and painting two
 * lines of text for each of hundreds of pods. Their names stay in their accessible labels.
 */
export const FAR_ZOOM = 0.5;
/** Smaller than React Flow's 200 × 150: the cluster panel is narrow. */
const MINIMAP_SIZE = { width: 150, height: 100 };

/** The mini-map's colour of an item: pods by their look, boxes and objects plain. */
function miniMapColor(node: Node): string {
  const item = node.data as unknown as DiagramItem;
  if (item.kind === 'box') return 'transparent';
  if (item.kind === 'object') return 'var(--muted)';
  const look =
    item.kind === 'pod' ? item.look : item.bad ? 'bad' : item.progress ? 'progress' : 'running';
  return look === 'running' || look === 'completed'
    ? 'var(--ok)'
    : look === 'bad'
      ? 'var(--bad)'
      : 'var(--progress)';
}

/**
 * How often the diagram redraws, ms (0: every frame the store changes). A frame's diff is cheap
 * but a React Flow redraw of many pods is not, and the motion a learner sees is CSS (pods gliding,
 * appearing): so a busy picture redraws ten times a second, a grouped one four times.
 */
export function redrawEvery(pods: number): number {
  return pods > GROUP_THRESHOLD ? 250 : pods > 50 ? 100 : 0;
}

/**
 * The cluster's objects, at most once per `ms` (the latest, trailing; 0: on every change).
 * Subscribed outside React, so the frames in between re-render nothing; a throttled redraw is a
 * transition, so React renders it in slices between frames rather than in one long task.
 */
function useThrottledObjects(ms: number): ClusterState['objects'] {
  const [shown, setShown] = useState(() => useClusterStore.getState().objects);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    const show = () => {
      timer = undefined;
      last = performance.now();
      const objects = useClusterStore.getState().objects;
      if (ms === 0) setShown(objects);
      else startTransition(() => setShown(objects));
    };
    // What changed between the render and this subscription.
    show();
    const unsubscribe = useClusterStore.subscribe((state, previous) => {
      if (state.objects === previous.objects) return;
      if (ms === 0) show();
      else timer ??= setTimeout(show, Math.max(0, last + ms - performance.now()));
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [ms]);
  return shown;
}

function Diagram() {
  const every = useClusterStore((s) => redrawEvery(s.keys.pods.length));
  const objects = useThrottledObjects(every);
  const columns = useClusterStore((s) => s.columns);
  const namespaces = useClusterStore((s) => s.keys.namespaces);
  const theme = useWorkspaceStore((s) => s.theme);
  const [namespace, setNamespace] = useState(USER_NAMESPACES);
  const cache = useRef(emptyCache());
  const [slots] = useState(() => new SlotKeeper());
  const diagram = useMemo(
    () => buildGraph({ objects, columns, namespace, slots }),
    [objects, columns, namespace, slots],
  );
  const flow = useMemo(() => {
    const f = toFlow(diagram, cache.current);
    return f;
  }, [diagram]);
  useEffect(() => {
    cache.current = flow.cache;
  }, [flow]);

  // The view fits what there is until the learner pans or zooms it themselves: each time a box
  // or object is added or removed, not for every pod. After that, only the fit button does.
  const { fitView } = useReactFlow();
  const far = useStore((s) => s.transform[2] < FAR_ZOOM);
  // A refit glides, except in a busy picture: each step of the glide redraws every pod.
  const fitDuration = every === 0 ? 300 : 0;
  const initialized = useNodesInitialized();
  const learnerMoved = useRef(false);
  const onMoveStart = useCallback((event: MouseEvent | TouchEvent | null) => {
    // Programmatic moves (fitView) come without an event.
    if (event) learnerMoved.current = true;
  }, []);
  const structure = useMemo(
    () =>
      diagram.items
        .filter((i) => i.kind === 'box' || i.kind === 'object')
        .map((i) => i.id)
        .join('\n'),
    [diagram],
  );
  const fittedTo = useRef('');
  useEffect(() => {
    // `initialized` drops while new pods are measured: that alone is no reason to refit.
    if (learnerMoved.current || !initialized || !structure || fittedTo.current === structure) {
      return;
    }
    const id = setTimeout(() => {
      fittedTo.current = structure;
      void fitView({ padding: 0.08, maxZoom: 1, duration: fitDuration });
    }, 50);
    return () => clearTimeout(id);
  }, [structure, initialized, fitView, fitDuration]);

  return (
    <>
      <div className="diagram-toolbar">
        <label>
          namespace{' '}
          <select
            value={namespace}
            onChange={(e) => setNamespace(e.target.value)}
            data-testid="diagram-namespace"
          >
            <option value={USER_NAMESPACES}>all but system (kube-*)</option>
            <option value={ALL_NAMESPACES}>all namespaces</option>
            {namespaces.map((ns) => (
              <option key={ns} value={ns}>
                {ns}
              </option>
            ))}
          </select>
        </label>
        <span className="diagram-summary" data-testid="diagram-summary">
          {diagram.podCount} pods{diagram.grouped ? ', grouped by owner and node' : ''}
        </span>
        <span className="diagram-legend" aria-label="Colours">
          <span className="look-running">running</span>
          <span className="look-progress">on its way</span>
          <span className="look-bad">failing</span>
          <span className="look-terminating">terminating</span>
        </span>
      </div>
      <div className={far ? 'diagram-flow far' : 'diagram-flow'}>
        <PodItemContext value={diagram.podItem}>
          <ReactFlow
            nodes={flow.nodes}
            edges={flow.edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            colorMode={theme}
            nodesDraggable={false}
            nodesConnectable={false}
            nodesFocusable={false}
            edgesFocusable={false}
            elementsSelectable={false}
            minZoom={0.05}
            maxZoom={2}
            onMoveStart={onMoveStart}
            proOptions={{ hideAttribution: true }}
            aria-label="Cluster diagram"
          >
            <Controls showInteractive={false} />
            <MiniMap
              pannable
              zoomable
              nodeColor={miniMapColor}
              ariaLabel="Mini-map of the diagram"
              style={MINIMAP_SIZE}
            />
          </ReactFlow>
        </PodItemContext>
      </div>
    </>
  );
}

export function DiagramView() {
  return (
    <div className="diagram-view">
      <ReactFlowProvider>
        <Diagram />
      </ReactFlowProvider>
    </div>
  );
}

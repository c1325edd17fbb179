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
} from '@xyflow/react';
import type { Node } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useClusterStore } from '../stores/clusterStore';
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

/** The value, at most once per `ms` (the latest one, trailing); `ms` 0 passes it straight on. */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    if (ms === 0) return;
    const wait = Math.max(0, last.current + ms - performance.now());
    const id = setTimeout(() => {
      last.current = performance.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(id);
  }, [value, ms]);
  return ms === 0 ? value : shown;
}

function Diagram() {
  const every = useClusterStore((s) => redrawEvery(s.keys.pods.length));
  const objects = useThrottled(
    useClusterStore((s) => s.objects),
    every,
  );
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
      void fitView({ padding: 0.08, maxZoom: 1, duration: 300 });
    }, 50);
    return () => clearTimeout(id);
  }, [structure, initialized, fitView]);

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
      <div className="diagram-flow">
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

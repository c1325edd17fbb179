/**
 * The diagram as data: which boxes, pods, groups and objects it shows, where, and the edges
 * between them, derived from what the cluster store holds. Pure, so it is tested without a
 * browser and recomputed at most once per frame.
 *
 * Layout (left to right): workloads (Deployments and CronJobs with their ReplicaSets and Jobs
 * under them; DaemonSets, StatefulSets) | the unscheduled lane, then one box per node, side by
 * side, holding its pods | Services and PersistentVolumeClaims | Ingresses and
 * PersistentVolumes.
 *
 * Stability: every column lists its objects by creation time (then name), so whatever is added
 * appears after what is there. Pods fill a fixed grid in their box (two wide, one in the lane):
 * with a SlotKeeper each keeps its cell while it stays, and a new pod takes the first free cell,
 * so adding or removing a pod never moves another. Boxes grow downwards only. A pod that changes
 * box, or an object whose column closes a gap, glides there (the view animates it).
 */
import type { KubeObject } from '../../cluster/api/types';
import type { ObjectEntry, WatchedResource } from '../../worker/protocol';
import { podLook } from './podLook';
import type { PodLook } from './podLook';

/** Above this many pods (after the namespace filter), pods are drawn as counted groups. */
export const GROUP_THRESHOLD = 500;

export const POD_W = 150;
export const POD_H = 44;
export const GAP = 8;
export const PAD = 12;
export const HEADER = 34;
/** Pods side by side in a node's box, and in the (narrow) unscheduled lane. */
export const NODE_COLS = 2;
export const LANE_COLS = 1;
export function boxWidth(cols: number): number {
  return PAD * 2 + cols * POD_W + (cols - 1) * GAP;
}
export const OBJ_W = 160;
export const OBJ_H = 48;
const COL_GAP = 50;
const BOX_GAP = 40;

/** The namespace filter: all namespaces, all but the system ones, or one namespace. */
export const ALL_NAMESPACES = '*';
export const USER_NAMESPACES = '';
export const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

export interface GraphInput {
  objects: Record<WatchedResource, Record<string, ObjectEntry>>;
  columns: Partial<Record<WatchedResource, string[]>>;
  /** ALL_NAMESPACES, USER_NAMESPACES or a namespace's name. */
  namespace: string;
  threshold?: number;
  /**
   * Where each pod sat in its box last time (kept between calls by the view): pods keep their
   * cell, new ones take the first free one. Without it, cells are filled in creation order.
   */
  slots?: SlotKeeper;
}

/**
 * The cell each pod (or group) holds in its box, remembered between diagrams: a pod keeps its
 * cell while it stays in the box, one that leaves frees it, and a new one takes the first free
 * cell. So in a rolling update the new pods fill the old ones' places and nothing else moves.
 */
export class SlotKeeper {
  private boxes = new Map<string, Map<string, number>>();

  /** The cells of `keys` (in the order new ones should be placed) in `box`. */
  place(box: string, keys: string[]): number[] {
    let held = this.boxes.get(box);
    if (!held) this.boxes.set(box, (held = new Map()));
    const present = new Set(keys);
    for (const k of held.keys()) if (!present.has(k)) held.delete(k);
    const used = new Set(held.values());
    let free = 0;
    return keys.map((k) => {
      let slot = held.get(k);
      if (slot === undefined) {
        while (used.has(free)) free++;
        slot = free;
        used.add(slot);
        held.set(k, slot);
      }
      return slot;
    });
  }

  /** Forgets boxes not drawn any more. */
  keepOnly(boxes: Iterable<string>): void {
    const keep = new Set(boxes);
    for (const b of this.boxes.keys()) if (!keep.has(b)) this.boxes.delete(b);
  }
}

interface Placed {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BoxItem extends Placed {
  kind: 'box';
  /** A node's box, or the lane of pods no node has been chosen for. */
  box: 'node' | 'unscheduled';
  name: string;
  /** The node's STATUS ("Ready", "NotReady", …); empty for the lane. */
  status: string;
  /** Pods (or pods in groups) inside. */
  count: number;
}

export interface PodItem extends Placed {
  kind: 'pod';
  key: string;
  name: string;
  namespace: string;
  status: string;
  ready: string;
  restarts: string;
  look: PodLook;
}

export interface GroupItem extends Placed {
  kind: 'group';
  /** The owner's kind and name ("ReplicaSet web-5d8f…"), or "no owner". */
  owner: string;
  /** The owner as the page holds it, when it does (clicking the group selects it). */
  ownerResource?: WatchedResource;
  ownerKey?: string;
  namespace: string;
  count: number;
  running: number;
  progress: number;
  bad: number;
}

export type ObjectKind =
  | 'Deployment'
  | 'ReplicaSet'
  | 'DaemonSet'
  | 'StatefulSet'
  | 'Job'
  | 'CronJob'
  | 'Service'
  | 'Ingress'
  | 'PersistentVolumeClaim'
  | 'PersistentVolume';

export interface ObjectItem extends Placed {
  kind: 'object';
  resource: WatchedResource;
  key: string;
  objectKind: ObjectKind;
  name: string;
  namespace: string;
  /** One short line from its kubectl row ("3/3 ready", "ClusterIP 10.96.4.1", "Bound"). */
  detail: string;
}

export type DiagramItem = BoxItem | PodItem | GroupItem | ObjectItem;

/** `tree`: a Deployment or CronJob to the ReplicaSet or Job listed under it. */
export type EdgeKind = 'owner' | 'tree' | 'service' | 'ingress' | 'claim' | 'volume';

export interface DiagramEdge {
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  /** For service edges: the Service's key, and the pod's when the edge goes to one pod (not a
   * group), as traffic pulses name them. */
  service?: string;
  pod?: string;
}

export interface Diagram {
  items: DiagramItem[];
  edges: DiagramEdge[];
  grouped: boolean;
  /** Pods shown (after the namespace filter), grouped or not. */
  podCount: number;
  /** The item (pod or group) each shown pod is drawn as, by pod key: traffic pulses find it. */
  podItem: Map<string, string>;
}

/** The diagram id of an object: `resource:key`. */
export function itemId(resource: WatchedResource, key: string): string {
  return `${resource}:${key}`;
}

export const UNSCHEDULED_ID = 'lane:unscheduled';

function splitId(id: string): { ownerResource: WatchedResource; ownerKey: string } {
  const i = id.indexOf(':');
  return { ownerResource: id.slice(0, i) as WatchedResource, ownerKey: id.slice(i + 1) };
}

function cellOf(
  columns: Partial<Record<WatchedResource, string[]>>,
  e: ObjectEntry,
  name: string,
): string {
  const i = columns[e.resource]?.indexOf(name) ?? -1;
  const v = i >= 0 ? e.cells[i] : undefined;
  return v === undefined || v === null ? '' : String(v);
}

function byCreation(a: ObjectEntry, b: ObjectEntry): number {
  const ta = a.object.metadata.creationTimestamp ?? '';
  const tb = b.object.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function shown(namespace: string, filter: string): boolean {
  if (filter === ALL_NAMESPACES) return true;
  if (filter === USER_NAMESPACES) return !SYSTEM_NAMESPACES.has(namespace);
  return namespace === filter;
}

const OWNER_RESOURCE: Partial<Record<string, WatchedResource>> = {
  Deployment: 'deployments',
  ReplicaSet: 'replicasets',
  DaemonSet: 'daemonsets',
  StatefulSet: 'statefulsets',
  Job: 'jobs',
  CronJob: 'cronjobs',
};

/** The diagram id of an object's controller (its owner with controller: true, else the first). */
function ownerId(obj: KubeObject): string | undefined {
  const refs = (obj.metadata.ownerReferences ?? []) as {
    kind: string;
    name: string;
    controller?: boolean;
  }[];
  const ref = refs.find((r) => r.controller) ?? refs[0];
  if (!ref) return undefined;
  const resource = OWNER_RESOURCE[ref.kind];
  if (!resource) return undefined;
  return itemId(resource, `${obj.metadata.namespace ?? ''}/${ref.name}`);
}

function detail(
  columns: Partial<Record<WatchedResource, string[]>>,
  e: ObjectEntry,
  kind: ObjectKind,
): string {
  const c = (n: string) => cellOf(columns, e, n);
  switch (kind) {
    case 'Deployment':
    case 'StatefulSet':
      return c('Ready') ? `${c('Ready')} ready` : '';
    case 'ReplicaSet':
    case 'DaemonSet':
      return c('Ready') ? `${c('Ready')}/${c('Desired')} ready` : '';
    case 'Job':
      return [c('Status'), c('Completions')].filter(Boolean).join(' ');
    case 'CronJob':
      return c('Schedule');
    case 'Service':
      return [c('Type'), c('Cluster-IP')].filter(Boolean).join(' ');
    case 'Ingress':
      return c('Hosts');
    case 'PersistentVolumeClaim':
    case 'PersistentVolume':
      return [c('Status'), c('Capacity')].filter(Boolean).join(' ');
  }
}

const COLUMN_OF: Record<ObjectKind, number> = {
  Deployment: 0,
  CronJob: 0,
  ReplicaSet: 1,
  DaemonSet: 1,
  StatefulSet: 1,
  Job: 1,
  Service: 3,
  PersistentVolumeClaim: 3,
  Ingress: 4,
  PersistentVolume: 4,
};

const KIND_OF: Partial<Record<WatchedResource, ObjectKind>> = {
  deployments: 'Deployment',
  cronjobs: 'CronJob',
  replicasets: 'ReplicaSet',
  daemonsets: 'DaemonSet',
  statefulsets: 'StatefulSet',
  jobs: 'Job',
  services: 'Service',
  persistentvolumeclaims: 'PersistentVolumeClaim',
  ingresses: 'Ingress',
  persistentvolumes: 'PersistentVolume',
};

/** The (x, y) of the i-th cell of a box's fixed-width grid (two pods wide, one in the lane). */
export function cellPosition(
  box: { x: number; y: number },
  cols: number,
  i: number,
): { x: number; y: number } {
  return {
    x: box.x + PAD + (i % cols) * (POD_W + GAP),
    y: box.y + HEADER + Math.floor(i / cols) * (POD_H + GAP),
  };
}

function boxHeight(count: number, cols: number): number {
  const rows = Math.max(1, Math.ceil(count / cols));
  return HEADER + rows * (POD_H + GAP) - GAP + PAD;
}

/** What the diagram needs of a pod, worked out once per version of it (entries are replaced,
 * never changed, when a pod changes): at 10,000 pods, a frame that changes a few re-reads only
 * those. */
interface PodFacts {
  columns: string[] | undefined;
  namespace: string;
  box: string;
  owner: string | undefined;
  status: string;
  ready: string;
  look: PodLook;
}
const podFacts = new WeakMap<ObjectEntry, PodFacts>();

function facts(p: ObjectEntry, columns: string[] | undefined): PodFacts {
  const known = podFacts.get(p);
  if (known && known.columns === columns) return known;
  const at = (name: string) => {
    const i = columns?.indexOf(name) ?? -1;
    const v = i >= 0 ? p.cells[i] : undefined;
    return v === undefined || v === null ? '' : String(v);
  };
  const node = (p.object.spec as { nodeName?: string } | undefined)?.nodeName;
  const status = at('Status');
  const ready = at('Ready');
  const f: PodFacts = {
    columns,
    namespace: p.object.metadata.namespace ?? '',
    box: node ? itemId('nodes', node) : UNSCHEDULED_ID,
    owner: ownerId(p.object),
    status,
    ready,
    look: podLook(status, ready),
  };
  podFacts.set(p, f);
  return f;
}

export function buildGraph(input: GraphInput): Diagram {
  const { objects, columns, namespace } = input;
  const threshold = input.threshold ?? GROUP_THRESHOLD;
  const slots = input.slots ?? new SlotKeeper();
  const edges: DiagramEdge[] = [];
  const items: DiagramItem[] = [];
  const ids = new Set<string>();

  // Objects of the side columns, and the owner chain of workloads.
  const objectEntries: { e: ObjectEntry; kind: ObjectKind }[] = [];
  for (const resource of Object.keys(KIND_OF) as WatchedResource[]) {
    const kind = KIND_OF[resource]!;
    for (const e of Object.values(objects[resource] ?? {})) {
      const ns = e.object.metadata.namespace;
      if (ns !== undefined && !shown(ns, namespace)) continue;
      objectEntries.push({ e, kind });
      ids.add(itemId(resource, e.key));
    }
  }
  objectEntries.sort((a, b) => byCreation(a.e, b.e));

  // Pods, by the box they go in.
  const podColumns = columns.pods;
  const pods = Object.values(objects.pods ?? {}).filter((e) =>
    shown(facts(e, podColumns).namespace, namespace),
  );
  const grouped = pods.length > threshold;
  // Grouped cells are ordered by owner, so the (costly, at 10,000 pods) sort is not needed.
  if (!grouped) pods.sort(byCreation);
  const nodeEntries = Object.values(objects.nodes ?? {}).sort((a, b) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
  );
  const boxIds: string[] = [UNSCHEDULED_ID, ...nodeEntries.map((n) => itemId('nodes', n.key))];
  const inBox = new Map<string, ObjectEntry[]>(boxIds.map((id) => [id, []]));
  for (const p of pods) {
    const box = facts(p, podColumns).box;
    if (!inBox.has(box)) {
      // Bound to a node the page does not hold (yet, or any more): its own box still.
      inBox.set(box, []);
      boxIds.push(box);
    }
    inBox.get(box)!.push(p);
  }

  // Cells per box: pods, or groups of pods by owner.
  interface Cell {
    item: PodItem | GroupItem;
    owner?: string;
    podKeys: string[];
  }
  const cellsOf = new Map<string, Cell[]>();
  for (const box of boxIds) {
    const list = inBox.get(box)!;
    const cells: Cell[] = [];
    if (!grouped) {
      for (const p of list) {
        const { status, ready, look, owner } = facts(p, podColumns);
        cells.push({
          owner,
          podKeys: [p.key],
          item: {
            kind: 'pod',
            id: itemId('pods', p.key),
            key: p.key,
            name: p.object.metadata.name ?? '',
            namespace: p.object.metadata.namespace ?? '',
            status,
            ready,
            restarts: cellOf(columns, p, 'Restarts'),
            look,
            x: 0,
            y: 0,
            width: POD_W,
            height: POD_H,
          },
        });
      }
    } else {
      const groups = new Map<string, Cell & { item: GroupItem }>();
      for (const p of list) {
        const f = facts(p, podColumns);
        const { owner, namespace: ns } = f;
        const gkey = owner ?? `none:${ns}`;
        let g = groups.get(gkey);
        if (!g) {
          const ref = (p.object.metadata.ownerReferences ?? [])[0] as
            { kind: string; name: string } | undefined;
          g = {
            owner,
            podKeys: [],
            item: {
              kind: 'group',
              id: `group:${box}|${gkey}`,
              owner: owner && ref ? `${ref.kind} ${ref.name}` : 'no owner',
              ...(owner ? splitId(owner) : {}),
              namespace: ns,
              count: 0,
              running: 0,
              progress: 0,
              bad: 0,
              x: 0,
              y: 0,
              width: POD_W,
              height: POD_H,
            },
          };
          groups.set(gkey, g);
        }
        g.podKeys.push(p.key);
        g.item.count++;
        const look = f.look;
        if (look === 'running' || look === 'completed') g.item.running++;
        else if (look === 'bad') g.item.bad++;
        else g.item.progress++;
      }
      cells.push(...[...groups.values()].sort((a, b) => (a.item.id < b.item.id ? -1 : 1)));
    }
    cellsOf.set(box, cells);
  }

  // Boxes side by side, after the two workload columns.
  const middleX = OBJ_W + COL_GAP;
  let x = middleX;
  const podItemOf = new Map<string, string>();
  for (const box of boxIds) {
    const cells = cellsOf.get(box)!;
    const isLane = box === UNSCHEDULED_ID;
    const cols = isLane ? LANE_COLS : NODE_COLS;
    const node = isLane ? undefined : objects.nodes?.[box.slice('nodes:'.length)];
    const cellSlots = slots.place(
      box,
      cells.map((c) => c.item.id),
    );
    const used = cellSlots.reduce((n, slot) => Math.max(n, slot + 1), 0);
    const boxItem: BoxItem = {
      kind: 'box',
      id: box,
      box: isLane ? 'unscheduled' : 'node',
      name: isLane ? 'Not scheduled' : box.slice('nodes:'.length),
      status: node ? cellOf(columns, node, 'Status') : '',
      count: cells.reduce((n, c) => n + c.podKeys.length, 0),
      x,
      y: 0,
      width: boxWidth(cols),
      height: boxHeight(used, cols),
    };
    items.push(boxItem);
    cells.forEach((c, i) => {
      Object.assign(c.item, cellPosition(boxItem, cols, cellSlots[i]));
      items.push(c.item);
      for (const k of c.podKeys) podItemOf.set(k, c.item.id);
      if (c.owner && ids.has(c.owner)) {
        edges.push({
          id: `${c.owner}->${c.item.id}`,
          source: c.owner,
          target: c.item.id,
          kind: 'owner',
        });
      }
    });
    x += boxWidth(cols) + BOX_GAP;
  }
  slots.keepOnly(boxIds);
  const rightX = x - BOX_GAP + COL_GAP;
  const columnX = [0, 0, middleX, rightX, rightX + OBJ_W + COL_GAP];

  // The workload column as trees: a Deployment (or CronJob) with its ReplicaSets (or Jobs)
  // indented below it, so the picture stays narrow enough for the cluster panel.
  const colY = [0, 0, 0, 0, 0];
  const place = (item: ObjectItem, col: number, y: number) => {
    item.x = columnX[col];
    item.y = y;
    items.push(item);
  };
  const objItem = ({ e, kind }: { e: ObjectEntry; kind: ObjectKind }): ObjectItem => ({
    kind: 'object',
    id: itemId(e.resource, e.key),
    resource: e.resource,
    key: e.key,
    objectKind: kind,
    name: e.object.metadata.name ?? '',
    namespace: e.object.metadata.namespace ?? '',
    detail: detail(columns, e, kind),
    x: 0,
    y: 0,
    width: OBJ_W,
    height: OBJ_H,
  });
  const children = new Map<string, { e: ObjectEntry; kind: ObjectKind }[]>();
  for (const o of objectEntries) {
    if (COLUMN_OF[o.kind] !== 1) continue;
    const owner = ownerId(o.e.object);
    if (owner && ids.has(owner)) {
      if (!children.has(owner)) children.set(owner, []);
      children.get(owner)!.push(o);
    }
  }
  const ROW = OBJ_H + GAP * 2;
  const KID_ROW = OBJ_H + GAP;
  const INDENT = 20;
  for (const o of objectEntries) {
    const col = COLUMN_OF[o.kind];
    const item = objItem(o);
    if (col === 0) {
      const y = colY[0];
      place(item, 0, y);
      const kids = children.get(item.id) ?? [];
      kids.forEach((k, i) => {
        const kid = objItem(k);
        kid.width = OBJ_W - INDENT;
        place(kid, 0, y + (i + 1) * KID_ROW);
        kid.x = INDENT;
        edges.push({ id: `${item.id}->${kid.id}`, source: item.id, target: kid.id, kind: 'tree' });
      });
      colY[0] = y + kids.length * KID_ROW + ROW;
    } else if (col === 1) {
      const owner = ownerId(o.e.object);
      if (owner && ids.has(owner)) continue; // placed under its owner
      place(item, 0, colY[0]);
      colY[0] += ROW;
    } else {
      place(item, col, colY[col]);
      colY[col] += ROW;
    }
  }

  // Services → the pods behind their endpoints (from EndpointSlices).
  const serviceEdges = new Set<string>();
  for (const slice of Object.values(objects.endpointslices ?? {})) {
    const o = slice.object as KubeObject & {
      endpoints?: { targetRef?: { kind?: string; name?: string; namespace?: string } }[];
    };
    const ns = o.metadata.namespace ?? '';
    const svcName = o.metadata.labels?.['kubernetes.io/service-name'];
    if (!svcName) continue;
    const svcKey = `${ns}/${svcName}`;
    const svc = itemId('services', svcKey);
    if (!ids.has(svc)) continue;
    for (const ep of o.endpoints ?? []) {
      const ref = ep.targetRef;
      if (ref?.kind !== 'Pod' || !ref.name) continue;
      const podKey = `${ref.namespace ?? ns}/${ref.name}`;
      const target = podItemOf.get(podKey);
      if (!target) continue;
      const id = `${svc}->${target}`;
      if (serviceEdges.has(id)) continue;
      serviceEdges.add(id);
      edges.push(
        grouped
          ? { id, source: svc, target, kind: 'service', service: svcKey }
          : { id, source: svc, target, kind: 'service', service: svcKey, pod: podKey },
      );
    }
  }

  // Ingresses → Services.
  for (const ing of Object.values(objects.ingresses ?? {})) {
    const source = itemId('ingresses', ing.key);
    if (!ids.has(source)) continue;
    const spec = (ing.object.spec ?? {}) as {
      defaultBackend?: { service?: { name?: string } };
      rules?: { http?: { paths?: { backend?: { service?: { name?: string } } }[] } }[];
    };
    const names = new Set<string>();
    if (spec.defaultBackend?.service?.name) names.add(spec.defaultBackend.service.name);
    for (const r of spec.rules ?? []) {
      for (const p of r.http?.paths ?? []) {
        if (p.backend?.service?.name) names.add(p.backend.service.name);
      }
    }
    for (const n of names) {
      const target = itemId('services', `${ing.object.metadata.namespace ?? ''}/${n}`);
      if (ids.has(target)) {
        edges.push({ id: `${source}->${target}`, source, target, kind: 'ingress' });
      }
    }
  }

  // Pods → their PersistentVolumeClaims; claims → their volumes.
  const claimEdges = new Set<string>();
  for (const p of pods) {
    const source = podItemOf.get(p.key);
    if (!source) continue;
    const volumes =
      (p.object.spec as { volumes?: { persistentVolumeClaim?: { claimName?: string } }[] })
        ?.volumes ?? [];
    for (const v of volumes) {
      const claim = v.persistentVolumeClaim?.claimName;
      if (!claim) continue;
      const target = itemId('persistentvolumeclaims', `${p.object.metadata.namespace}/${claim}`);
      const id = `${source}->${target}`;
      if (!ids.has(target) || claimEdges.has(id)) continue;
      claimEdges.add(id);
      edges.push({ id, source, target, kind: 'claim' });
    }
  }
  for (const pvc of Object.values(objects.persistentvolumeclaims ?? {})) {
    const source = itemId('persistentvolumeclaims', pvc.key);
    const volume = (pvc.object.spec as { volumeName?: string } | undefined)?.volumeName;
    if (!ids.has(source) || !volume) continue;
    const target = itemId('persistentvolumes', volume);
    if (ids.has(target)) edges.push({ id: `${source}->${target}`, source, target, kind: 'volume' });
  }

  return { items, edges, grouped, podCount: pods.length, podItem: podItemOf };
}

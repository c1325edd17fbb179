/** Printers for the other core/v1 kinds, as upstream printers.go lays them out. */
import type { KubeObject } from '../types';
import type { Any } from './helpers';
import {
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  NAME_COLUMN,
  age,
  col,
  formatLabels,
  int,
  layoutContainerCells,
  since as ageOf,
  str,
  timeOf,
} from './helpers';
import { formatQuantity } from './quantity';
import type { PrintContext, TablePrinter } from './types';

const name = (obj: KubeObject): string => obj.metadata.name ?? '';

export const replicationControllerPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Desired', 'integer', 'core/v1.ReplicationControllerSpec.replicas'),
    col('Current', 'integer', 'core/v1.ReplicationControllerStatus.replicas'),
    col('Ready', 'integer', 'core/v1.ReplicationControllerStatus.readyReplicas'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    col('Selector', 'string', 'core/v1.ReplicationControllerSpec.selector', { priority: 1 }),
  ],
  row(obj, ctx) {
    const rc = obj as Any;
    const [names, images] = layoutContainerCells(rc.spec?.template?.spec?.containers);
    return [
      name(obj),
      int(rc.spec?.replicas),
      int(rc.status?.replicas),
      int(rc.status?.readyReplicas),
      age(obj, ctx),
      names,
      images,
      formatLabels(rc.spec?.selector),
    ];
  },
};

// --- Service -------------------------------------------------------------------------------

/** loadBalancerStatusStringer (wide: the server always prints wide, so nothing is clipped). */
export function loadBalancerStatusString(lb: Any): string {
  const result = new Set<string>();
  for (const ing of lb?.ingress ?? []) {
    if (str(ing?.ip) !== '') result.add(ing.ip);
    else if (str(ing?.hostname) !== '') result.add(ing.hostname);
  }
  return [...result].sort().join(',');
}

function serviceExternalIP(svc: Any): string {
  const externalIPs: string[] = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lbIps = loadBalancerStatusString(svc.status?.loadBalancer);
      if (externalIPs.length > 0) {
        const results = lbIps.length > 0 ? lbIps.split(',') : [];
        return [...results, ...externalIPs].join(',');
      }
      return lbIps.length > 0 ? lbIps : '<pending>';
    }
    case 'ExternalName':
      return str(svc.spec?.externalName);
  }
  return '<unknown>';
}

/** makePortString: "80/TCP", "80:30080/TCP", comma-joined. */
export function servicePorts(ports: Any[] | undefined): string {
  return (ports ?? [])
    .map((p) =>
      int(p?.nodePort) > 0
        ? `${int(p.port)}:${int(p.nodePort)}/${str(p.protocol)}`
        : `${int(p?.port)}/${str(p?.protocol)}`,
    )
    .join(',');
}

export const servicePrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Type', 'string', 'core/v1.ServiceSpec.type'),
    col('Cluster-IP', 'string', 'core/v1.ServiceSpec.clusterIP'),
    col('External-IP', 'string', 'core/v1.ServiceSpec.externalIPs'),
    col('Port(s)', 'string', 'core/v1.ServiceSpec.ports'),
    AGE_COLUMN,
    col('Selector', 'string', 'core/v1.ServiceSpec.selector', { priority: 1 }),
  ],
  row(obj, ctx) {
    const svc = obj as Any;
    const clusterIPs: string[] = svc.spec?.clusterIPs ?? [];
    // The internal object always carries clusterIPs when clusterIP is set.
    const internalIP = clusterIPs.length > 0 ? clusterIPs[0] : str(svc.spec?.clusterIP) || '<none>';
    return [
      name(obj),
      str(svc.spec?.type),
      internalIP,
      serviceExternalIP(svc),
      servicePorts(svc.spec?.ports) || '<none>',
      age(obj, ctx),
      formatLabels(svc.spec?.selector),
    ];
  },
};

// --- Endpoints -----------------------------------------------------------------------------

/** net.JoinHostPort: IPv6 hosts are bracketed. */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** formatEndpoints with all ports: the first three addresses, then "+ N more...". */
export function formatEndpoints(ep: Any): string {
  const subsets: Any[] = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses: Any[] = ss?.addresses ?? [];
    const ports: Any[] = ss?.ports ?? [];
    if (ports.length === 0) {
      // headless services may have no ports
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(str(a?.ip));
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(str(a?.ip), int(port?.port)));
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

export const endpointsPrinter: TablePrinter = {
  columns: [NAME_COLUMN, col('Endpoints', 'string', 'core/v1.Endpoints.subsets'), AGE_COLUMN],
  row(obj, ctx) {
    return [name(obj), formatEndpoints(obj), age(obj, ctx)];
  },
};

// --- Node ----------------------------------------------------------------------------------

const LABEL_NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';
const NODE_LABEL_ROLE = 'kubernetes.io/role';

/** findNodeRoles: from node-role.kubernetes.io/<role> keys and kubernetes.io/role values, sorted. */
export function findNodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(LABEL_NODE_ROLE_PREFIX)) {
      const role = k.slice(LABEL_NODE_ROLE_PREFIX.length);
      if (role.length > 0) roles.add(role);
    } else if (k === NODE_LABEL_ROLE && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort();
}

function nodeAddress(node: Any, type: string): string {
  for (const a of node.status?.addresses ?? []) {
    if (a?.type === type) return str(a.address);
  }
  return '<none>';
}

export const nodePrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Status', 'string', 'The status of the node'),
    col('Roles', 'string', 'The roles of the node'),
    AGE_COLUMN,
    col('Version', 'string', 'core/v1.NodeSystemInfo.kubeletVersion'),
    col('Internal-IP', 'string', 'core/v1.NodeStatus.addresses', { priority: 1 }),
    col('External-IP', 'string', 'core/v1.NodeStatus.addresses', { priority: 1 }),
    col('OS-Image', 'string', 'core/v1.NodeSystemInfo.osImage', { priority: 1 }),
    col('Kernel-Version', 'string', 'core/v1.NodeSystemInfo.kernelVersion', { priority: 1 }),
    col('Container-Runtime', 'string', 'core/v1.NodeSystemInfo.containerRuntimeVersion', {
      priority: 1,
    }),
  ],
  row(obj, ctx) {
    const node = obj as Any;
    // Only the Ready condition counts; the last one of a type wins, as in upstream's map.
    let ready: Any;
    for (const c of node.status?.conditions ?? []) if (c?.type === 'Ready') ready = c;
    const status: string[] = [];
    if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
    if (status.length === 0) status.push('Unknown');
    if (node.spec?.unschedulable === true) status.push('SchedulingDisabled');
    const roles = findNodeRoles(obj.metadata.labels).join(',') || '<none>';
    const info = node.status?.nodeInfo ?? {};
    return [
      name(obj),
      status.join(','),
      roles,
      age(obj, ctx),
      str(info.kubeletVersion),
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      str(info.osImage) || '<unknown>',
      str(info.kernelVersion) || '<unknown>',
      str(info.containerRuntimeVersion) || '<unknown>',
    ];
  },
};

// --- Namespace, Secret, ServiceAccount, ConfigMap -------------------------------------------

export const namespacePrinter: TablePrinter = {
  columns: [NAME_COLUMN, col('Status', 'string', 'The status of the namespace'), AGE_COLUMN],
  row(obj, ctx) {
    return [name(obj), str((obj as Any).status?.phase), age(obj, ctx)];
  },
};

const countKeys = (m: unknown): number =>
  m && typeof m === 'object' ? Object.keys(m as object).length : 0;

export const secretPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Type', 'string', 'core/v1.Secret.type'),
    col('Data', 'string', 'core/v1.Secret.data'),
    AGE_COLUMN,
  ],
  row(obj, ctx) {
    const s = obj as Any;
    // stringData is merged into data on write, so count both as the internal object would.
    const keys = new Set([...Object.keys(s.data ?? {}), ...Object.keys(s.stringData ?? {})]);
    return [name(obj), str(s.type), keys.size, age(obj, ctx)];
  },
};

export const serviceAccountPrinter: TablePrinter = {
  columns: [NAME_COLUMN, col('Secrets', 'string', 'core/v1.ServiceAccount.secrets'), AGE_COLUMN],
  row(obj, ctx) {
    const secrets = (obj as Any).secrets;
    return [name(obj), Array.isArray(secrets) ? secrets.length : 0, age(obj, ctx)];
  },
};

export const configMapPrinter: TablePrinter = {
  columns: [NAME_COLUMN, col('Data', 'string', 'core/v1.ConfigMap.data'), AGE_COLUMN],
  row(obj, ctx) {
    const cm = obj as Any;
    return [name(obj), countKeys(cm.data) + countKeys(cm.binaryData), age(obj, ctx)];
  },
};

// --- Event (core/v1 and events.k8s.io/v1 share one printer, on the internal shape) ----------

/** The core/v1 view of an events.k8s.io/v1 Event, as upstream's conversion produces it. */
export function asCoreEvent(obj: KubeObject): Any {
  const e = obj as Any;
  if (!String(obj.apiVersion ?? '').startsWith('events.k8s.io/')) return e;
  return {
    ...e,
    involvedObject: e.regarding ?? {},
    source: e.deprecatedSource ?? {},
    message: e.note,
    firstTimestamp: e.deprecatedFirstTimestamp,
    lastTimestamp: e.deprecatedLastTimestamp,
    count: e.deprecatedCount,
  };
}

function formatEventSource(
  es: Any,
  reportingController: string,
  reportingInstance: string,
): string {
  const component = str(es?.component) || reportingController;
  const instance = str(es?.host) || reportingInstance;
  return instance.length === 0 ? component : `${component}, ${instance}`;
}

export const eventPrinter: TablePrinter = {
  columns: [
    col('Last Seen', 'string', 'core/v1.Event.lastTimestamp'),
    col('Type', 'string', 'core/v1.Event.type'),
    col('Reason', 'string', 'core/v1.Event.reason'),
    col('Object', 'string', 'core/v1.Event.involvedObject'),
    col('Subobject', 'string', 'core/v1.ObjectReference.fieldPath', { priority: 1 }),
    col('Source', 'string', 'core/v1.Event.source', { priority: 1 }),
    col('Message', 'string', 'core/v1.Event.message'),
    col('First Seen', 'string', 'core/v1.Event.firstTimestamp', { priority: 1 }),
    col('Count', 'string', 'core/v1.Event.count', { priority: 1 }),
    col('Name', 'string', 'meta/v1.ObjectMeta.name', { priority: 1, format: 'name' }),
  ],
  row(obj, ctx: PrintContext) {
    const e = asCoreEvent(obj);
    const sinceOrUnknown = (ts: unknown) => ageOf(ts, ctx);
    let firstTimestamp = sinceOrUnknown(e.firstTimestamp);
    if (!isSet(e.firstTimestamp)) firstTimestamp = sinceOrUnknown(e.eventTime);
    let lastTimestamp = sinceOrUnknown(e.lastTimestamp);
    if (!isSet(e.lastTimestamp)) lastTimestamp = firstTimestamp;
    let count = int(e.count);
    if (e.series) {
      lastTimestamp = sinceOrUnknown(e.series.lastObservedTime);
      count = int(e.series.count);
    } else if (count === 0) {
      // Singleton events don't have a count set in the new API.
      count = 1;
    }
    const io = e.involvedObject ?? {};
    const kind = str(io.kind).toLowerCase();
    const target = str(io.name).length > 0 ? `${kind}/${io.name}` : kind;
    return [
      lastTimestamp,
      str(e.type),
      str(e.reason),
      target,
      str(io.fieldPath),
      formatEventSource(e.source, str(e.reportingController), str(e.reportingInstance)),
      str(e.message).trim(),
      firstTimestamp,
      count,
      name(obj),
    ];
  },
};

const isSet = (ts: unknown): boolean => timeOf(ts) !== undefined;

// --- PersistentVolume, PersistentVolumeClaim -----------------------------------------------

/** helper.GetAccessModesAsString: "RWO,ROX,RWX,RWOP" in that order, duplicates dropped. */
export function accessModesString(modes: unknown): string {
  const list = Array.isArray(modes) ? (modes as string[]) : [];
  const out: string[] = [];
  if (list.includes('ReadWriteOnce')) out.push('RWO');
  if (list.includes('ReadOnlyMany')) out.push('ROX');
  if (list.includes('ReadWriteMany')) out.push('RWX');
  if (list.includes('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

function storageClassOf(obj: Any): string {
  const ann = obj.metadata?.annotations ?? {};
  if (Object.prototype.hasOwnProperty.call(ann, BETA_STORAGE_CLASS_ANNOTATION)) {
    return ann[BETA_STORAGE_CLASS_ANNOTATION];
  }
  return str(obj.spec?.storageClassName);
}

/** Quantity.String() of an entry of a resource list; a missing entry is the zero quantity. */
function quantityIn(list: Any, key: string): string {
  const v = list?.[key];
  return v === undefined || v === null ? '0' : formatQuantity(v);
}

export const persistentVolumePrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Capacity', 'string', 'core/v1.PersistentVolumeSpec.capacity'),
    col('Access Modes', 'string', 'core/v1.PersistentVolumeSpec.accessModes'),
    col('Reclaim Policy', 'string', 'core/v1.PersistentVolumeSpec.persistentVolumeReclaimPolicy'),
    col('Status', 'string', 'core/v1.PersistentVolumeStatus.phase'),
    col('Claim', 'string', 'core/v1.PersistentVolumeSpec.claimRef'),
    col('StorageClass', 'string', 'StorageClass of the pv'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    col('Reason', 'string', 'core/v1.PersistentVolumeStatus.reason'),
    AGE_COLUMN,
    col('VolumeMode', 'string', 'core/v1.PersistentVolumeSpec.volumeMode', { priority: 1 }),
  ],
  row(obj, ctx) {
    const pv = obj as Any;
    const ref = pv.spec?.claimRef;
    const claim = ref ? `${str(ref.namespace)}/${str(ref.name)}` : '';
    const phase = isSet(obj.metadata.deletionTimestamp) ? 'Terminating' : str(pv.status?.phase);
    return [
      name(obj),
      quantityIn(pv.spec?.capacity, 'storage'),
      accessModesString(pv.spec?.accessModes),
      str(pv.spec?.persistentVolumeReclaimPolicy),
      phase,
      claim,
      storageClassOf(pv),
      typeof pv.spec?.volumeAttributesClassName === 'string'
        ? pv.spec.volumeAttributesClassName
        : '<unset>',
      str(pv.status?.reason),
      age(obj, ctx),
      typeof pv.spec?.volumeMode === 'string' ? pv.spec.volumeMode : '<unset>',
    ];
  },
};

export const persistentVolumeClaimPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Status', 'string', 'core/v1.PersistentVolumeClaimStatus.phase'),
    col('Volume', 'string', 'core/v1.PersistentVolumeClaimSpec.volumeName'),
    col('Capacity', 'string', 'core/v1.PersistentVolumeClaimStatus.capacity'),
    col('Access Modes', 'string', 'core/v1.PersistentVolumeClaimStatus.accessModes'),
    col('StorageClass', 'string', 'StorageClass of the pvc'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    AGE_COLUMN,
    col('VolumeMode', 'string', 'core/v1.PersistentVolumeClaimSpec.volumeMode', { priority: 1 }),
  ],
  row(obj, ctx) {
    const pvc = obj as Any;
    const phase = isSet(obj.metadata.deletionTimestamp) ? 'Terminating' : str(pvc.status?.phase);
    const volumeName = str(pvc.spec?.volumeName);
    let capacity = '';
    let accessModes = '';
    if (volumeName !== '') {
      accessModes = accessModesString(pvc.status?.accessModes);
      capacity = quantityIn(pvc.status?.capacity, 'storage');
    }
    return [
      name(obj),
      phase,
      volumeName,
      capacity,
      accessModes,
      storageClassOf(pvc),
      typeof pvc.spec?.volumeAttributesClassName === 'string'
        ? pvc.spec.volumeAttributesClassName
        : '<unset>',
      age(obj, ctx),
      typeof pvc.spec?.volumeMode === 'string' ? pvc.spec.volumeMode : '<unset>',
    ];
  },
};

// --- ResourceQuota -------------------------------------------------------------------------

export const resourceQuotaPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col(
      'Request',
      'string',
      'Request represents a minimum amount of cpu/memory that a container may consume.',
    ),
    col(
      'Limit',
      'string',
      'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
    ),
    AGE_COLUMN,
  ],
  row(obj, ctx) {
    const q = obj as Any;
    const hard = q.status?.hard ?? {};
    const used = q.status?.used ?? {};
    const request: string[] = [];
    const limit: string[] = [];
    for (const resource of Object.keys(hard).sort()) {
      const pieces = resource.split('.');
      const w = pieces.length > 1 && pieces[0] === 'limits' ? limit : request;
      w.push(`${resource}: ${quantityIn(used, resource)}/${quantityIn(hard, resource)}`);
    }
    return [name(obj), request.join(', '), limit.join(', '), age(obj, ctx)];
  },
};

/**
 * Server-side Table printers: per kind, the column definitions and a row function, as upstream
 * pkg/printers/internalversion/printers.go (v1.32) registers them. The API server answers
 * `Accept: application/json;as=Table` with these; kubectl and the UI print the same data.
 * Rows always hold every column (the server prints wide); kubectl drops priority-1 columns
 * unless asked for `-o wide`.
 */
import type { ResourceType } from '../registry';
import type { KubeObject } from '../types';
import {
  controllerRevisionPrinter,
  daemonSetPrinter,
  deploymentPrinter,
  replicaSetPrinter,
  statefulSetPrinter,
} from './apps';
import { horizontalPodAutoscalerPrinter } from './autoscaling';
import { cronJobPrinter, jobPrinter } from './batch';
import {
  configMapPrinter,
  endpointsPrinter,
  eventPrinter,
  namespacePrinter,
  nodePrinter,
  persistentVolumeClaimPrinter,
  persistentVolumePrinter,
  replicationControllerPrinter,
  resourceQuotaPrinter,
  secretPrinter,
  serviceAccountPrinter,
  servicePrinter,
} from './core';
import { customResourcePrinter } from './custom';
import { NAME_COLUMN, col, timeOf } from './helpers';
import {
  endpointSlicePrinter,
  ingressClassPrinter,
  ingressPrinter,
  networkPolicyPrinter,
} from './networking';
import { leasePrinter, podDisruptionBudgetPrinter, storageClassPrinter } from './others';
import { podPrinter, podTemplatePrinter } from './pod';
import type { PrintContext, TableColumnDefinition, TablePrinter, TableRowCondition } from './types';

export type { PrintContext, TableColumnDefinition, TablePrinter, TableRowCondition } from './types';
export { humanDuration, shortHumanDuration } from './duration';
export { formatQuantity } from './quantity';
export { podSummary } from './pod';

/** Printers by "group/Kind"; the key ignores the version, as upstream prints internal objects. */
const PRINTERS: Record<string, TablePrinter> = {
  '/Pod': podPrinter,
  '/PodTemplate': podTemplatePrinter,
  '/ReplicationController': replicationControllerPrinter,
  '/Service': servicePrinter,
  '/Endpoints': endpointsPrinter,
  '/Node': nodePrinter,
  '/Event': eventPrinter,
  'events.k8s.io/Event': eventPrinter,
  '/Namespace': namespacePrinter,
  '/Secret': secretPrinter,
  '/ServiceAccount': serviceAccountPrinter,
  '/PersistentVolume': persistentVolumePrinter,
  '/PersistentVolumeClaim': persistentVolumeClaimPrinter,
  '/ConfigMap': configMapPrinter,
  '/ResourceQuota': resourceQuotaPrinter,
  'apps/Deployment': deploymentPrinter,
  'apps/ReplicaSet': replicaSetPrinter,
  'apps/DaemonSet': daemonSetPrinter,
  'apps/StatefulSet': statefulSetPrinter,
  'apps/ControllerRevision': controllerRevisionPrinter,
  'batch/Job': jobPrinter,
  'batch/CronJob': cronJobPrinter,
  'autoscaling/HorizontalPodAutoscaler': horizontalPodAutoscalerPrinter,
  'networking.k8s.io/Ingress': ingressPrinter,
  'networking.k8s.io/IngressClass': ingressClassPrinter,
  'networking.k8s.io/NetworkPolicy': networkPolicyPrinter,
  'discovery.k8s.io/EndpointSlice': endpointSlicePrinter,
  'policy/PodDisruptionBudget': podDisruptionBudgetPrinter,
  'coordination.k8s.io/Lease': leasePrinter,
  'storage.k8s.io/StorageClass': storageClassPrinter,
};

/** Go's time.Format(time.RFC3339) in UTC: no fractional seconds. */
function rfc3339(ts: unknown): string {
  const t = timeOf(ts);
  if (t === undefined) return '0001-01-01T00:00:00Z';
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * rest.DefaultTableConvertor: NAME and "Created At" (an RFC3339 date), for kinds upstream gives no
 * printer (Binding, LimitRange, CustomResourceDefinition, ...).
 */
export const defaultPrinter: TablePrinter = {
  columns: [NAME_COLUMN, col('Created At', 'date', 'meta/v1.ObjectMeta.creationTimestamp')],
  row(obj: KubeObject): unknown[] {
    return [obj.metadata.name ?? '', rfc3339(obj.metadata.creationTimestamp)];
  },
};

/** The printer for a kind; for custom resources pass the CRD object so additionalPrinterColumns apply. */
export function printerFor(rt: ResourceType, crd?: KubeObject): TablePrinter {
  if (rt.custom) return customResourcePrinter(crd, rt.version);
  return PRINTERS[`${rt.group}/${rt.kind}`] ?? defaultPrinter;
}

export interface TableRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
}

/** Column definitions and one row per object, ready to be put in a metav1.Table. */
export function tableRows(
  rt: ResourceType,
  objects: KubeObject[],
  ctx: PrintContext,
  crd?: KubeObject,
): { columnDefinitions: TableColumnDefinition[]; rows: TableRow[] } {
  const printer = printerFor(rt, crd);
  return {
    columnDefinitions: printer.columns,
    rows: objects.map((obj) => {
      const row: TableRow = { cells: printer.row(obj, ctx) };
      const conditions = printer.conditions?.(obj);
      if (conditions) row.conditions = conditions;
      return row;
    }),
  };
}

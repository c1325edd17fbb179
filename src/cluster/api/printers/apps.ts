/** Printers for apps/v1: Deployment, ReplicaSet, DaemonSet, StatefulSet, ControllerRevision. */
import { parseApiVersion } from '../registry';
import type { KubeObject } from '../types';
import type { Any } from './helpers';
import {
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  NAME_COLUMN,
  age,
  col,
  formatLabelSelector,
  formatLabels,
  int,
  layoutContainerCells,
  selectorString,
} from './helpers';
import type { TablePrinter } from './types';

const name = (obj: KubeObject): string => obj.metadata.name ?? '';

export const deploymentPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Ready', 'string', 'Number of the pod with ready state'),
    col('Up-to-date', 'string', 'extensions/v1beta1.DeploymentStatus.updatedReplicas'),
    col('Available', 'string', 'extensions/v1beta1.DeploymentStatus.availableReplicas'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    col('Selector', 'string', 'extensions/v1beta1.DeploymentSpec.selector', { priority: 1 }),
  ],
  row(obj, ctx) {
    const d = obj as Any;
    const [names, images] = layoutContainerCells(d.spec?.template?.spec?.containers);
    return [
      name(obj),
      `${int(d.status?.readyReplicas)}/${int(d.spec?.replicas)}`,
      int(d.status?.updatedReplicas),
      int(d.status?.availableReplicas),
      age(obj, ctx),
      names,
      images,
      selectorString(d.spec?.selector) ?? '<invalid>',
    ];
  },
};

export const replicaSetPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Desired', 'integer', 'extensions/v1beta1.ReplicaSetSpec.replicas'),
    col('Current', 'integer', 'extensions/v1beta1.ReplicaSetStatus.replicas'),
    col('Ready', 'integer', 'extensions/v1beta1.ReplicaSetStatus.readyReplicas'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    col('Selector', 'string', 'extensions/v1beta1.ReplicaSetSpec.selector', { priority: 1 }),
  ],
  row(obj, ctx) {
    const rs = obj as Any;
    const [names, images] = layoutContainerCells(rs.spec?.template?.spec?.containers);
    return [
      name(obj),
      int(rs.spec?.replicas),
      int(rs.status?.replicas),
      int(rs.status?.readyReplicas),
      age(obj, ctx),
      names,
      images,
      formatLabelSelector(rs.spec?.selector),
    ];
  },
};

export const daemonSetPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Desired', 'integer', 'extensions/v1beta1.DaemonSetStatus.desiredNumberScheduled'),
    col('Current', 'integer', 'extensions/v1beta1.DaemonSetStatus.currentNumberScheduled'),
    col('Ready', 'integer', 'extensions/v1beta1.DaemonSetStatus.numberReady'),
    col('Up-to-date', 'integer', 'extensions/v1beta1.DaemonSetStatus.updatedNumberScheduled'),
    col('Available', 'integer', 'extensions/v1beta1.DaemonSetStatus.numberAvailable'),
    col('Node Selector', 'string', 'core/v1.PodSpec.nodeSelector'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    col('Selector', 'string', 'extensions/v1beta1.DaemonSetSpec.selector', { priority: 1 }),
  ],
  row(obj, ctx) {
    const ds = obj as Any;
    const s = ds.status ?? {};
    const [names, images] = layoutContainerCells(ds.spec?.template?.spec?.containers);
    return [
      name(obj),
      int(s.desiredNumberScheduled),
      int(s.currentNumberScheduled),
      int(s.numberReady),
      int(s.updatedNumberScheduled),
      int(s.numberAvailable),
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      age(obj, ctx),
      names,
      images,
      formatLabelSelector(ds.spec?.selector),
    ];
  },
};

export const statefulSetPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Ready', 'string', 'Number of the pod with ready state'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
  ],
  row(obj, ctx) {
    const sts = obj as Any;
    const [names, images] = layoutContainerCells(sts.spec?.template?.spec?.containers);
    return [
      name(obj),
      `${int(sts.status?.readyReplicas)}/${int(sts.spec?.replicas)}`,
      age(obj, ctx),
      names,
      images,
    ];
  },
};

/** formatResourceName with kind: "statefulset.apps/web", "daemonset.apps/fluentd". */
function controllerName(obj: KubeObject): string {
  const ref = (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true);
  if (!ref) return '<none>';
  const { group } = parseApiVersion(ref.apiVersion ?? '');
  if (!ref.kind && !group) return ref.name;
  const gk = group ? `${ref.kind}.${group}` : ref.kind;
  return `${gk.toLowerCase()}/${ref.name}`;
}

export const controllerRevisionPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Controller', 'string', 'Controller of the object'),
    col('Revision', 'string', 'apps/v1beta1.ControllerRevision.revision'),
    AGE_COLUMN,
  ],
  row(obj, ctx) {
    return [name(obj), controllerName(obj), int((obj as Any).revision), age(obj, ctx)];
  },
};

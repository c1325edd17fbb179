/**
 * The HorizontalPodAutoscaler printer. Upstream prints the internal object, so autoscaling/v1
 * objects are first seen the way their conversion presents them (a CPU Resource metric).
 */
import type { KubeObject } from '../types';
import type { Any } from './helpers';
import { AGE_COLUMN, NAME_COLUMN, age, col, int, str } from './helpers';
import { formatQuantity } from './quantity';
import type { TablePrinter } from './types';

/** The v2 view of spec.metrics and status.currentMetrics. */
function metricsOf(hpa: Any): { specs: Any[]; statuses: Any[] } {
  if (hpa.apiVersion !== 'autoscaling/v1') {
    return { specs: hpa.spec?.metrics ?? [], statuses: hpa.status?.currentMetrics ?? [] };
  }
  const specs: Any[] = [];
  const statuses: Any[] = [];
  if (typeof hpa.spec?.targetCPUUtilizationPercentage === 'number') {
    specs.push({
      type: 'Resource',
      resource: {
        name: 'cpu',
        target: {
          type: 'Utilization',
          averageUtilization: hpa.spec.targetCPUUtilizationPercentage,
        },
      },
    });
  }
  if (typeof hpa.status?.currentCPUUtilizationPercentage === 'number') {
    statuses.push({
      type: 'Resource',
      resource: {
        name: 'cpu',
        current: { averageUtilization: hpa.status.currentCPUUtilizationPercentage },
      },
    });
  }
  return { specs, statuses };
}

const q = (v: unknown): string => formatQuantity(v);
const isSet = (v: unknown): boolean => v !== undefined && v !== null;

/** formatHPAMetrics: "cpu: 40%/50%", "<unknown>/50%", "+ N more..." after two. */
export function formatHPAMetrics(specs: Any[], statuses: Any[]): string {
  if (specs.length === 0) return '<none>';
  let list: string[] = [];
  const max = 2;
  let count = 0;
  specs.forEach((spec, i) => {
    const st = statuses.length > i ? statuses[i] : undefined;
    switch (spec?.type) {
      case 'External': {
        const target = spec.external?.target ?? {};
        if (isSet(target.averageValue)) {
          const cur = st?.external?.current?.averageValue;
          const current = st?.external && isSet(cur) ? q(cur) : '<unknown>';
          list.push(`${current}/${q(target.averageValue)} (avg)`);
        } else {
          const current = st?.external ? q(st.external.current?.value) : '<unknown>';
          list.push(`${current}/${q(target.value)}`);
        }
        break;
      }
      case 'Pods': {
        const current = st?.pods ? q(st.pods.current?.averageValue) : '<unknown>';
        list.push(`${current}/${q(spec.pods?.target?.averageValue)}`);
        break;
      }
      case 'Object': {
        const target = spec.object?.target ?? {};
        if (isSet(target.averageValue)) {
          const cur = st?.object?.current?.averageValue;
          const current = st?.object && isSet(cur) ? q(cur) : '<unknown>';
          list.push(`${current}/${q(target.averageValue)} (avg)`);
        } else {
          const current = st?.object ? q(st.object.current?.value) : '<unknown>';
          list.push(`${current}/${q(target.value)}`);
        }
        break;
      }
      case 'Resource':
      case 'ContainerResource': {
        const key = spec.type === 'Resource' ? 'resource' : 'containerResource';
        const src = spec[key] ?? {};
        const cur = st?.[key];
        const target = src.target ?? {};
        if (isSet(target.averageValue)) {
          const current = cur ? q(cur.current?.averageValue) : '<unknown>';
          list.push(`${str(src.name)}: ${current}/${q(target.averageValue)}`);
        } else {
          const util = cur?.current?.averageUtilization;
          const current = cur && typeof util === 'number' ? `${int(util)}%` : '<unknown>';
          const t = target.averageUtilization;
          const targetStr = typeof t === 'number' ? `${int(t)}%` : '<auto>';
          list.push(`${str(src.name)}: ${current}/${targetStr}`);
        }
        break;
      }
      default:
        list.push('<unknown type>');
    }
    count++;
  });
  let more = false;
  if (count > max) {
    list = list.slice(0, max);
    more = true;
  }
  const ret = list.join(', ');
  return more ? `${ret} + ${count - max} more...` : ret;
}

export const horizontalPodAutoscalerPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Reference', 'string', 'autoscaling/v2beta1.HorizontalPodAutoscalerSpec.scaleTargetRef'),
    col('Targets', 'string', 'autoscaling/v2beta1.HorizontalPodAutoscalerSpec.metrics'),
    col('MinPods', 'string', 'autoscaling/v2beta1.HorizontalPodAutoscalerSpec.minReplicas'),
    col('MaxPods', 'string', 'autoscaling/v2beta1.HorizontalPodAutoscalerSpec.maxReplicas'),
    col('Replicas', 'string', 'autoscaling/v2beta1.HorizontalPodAutoscalerStatus.currentReplicas'),
    AGE_COLUMN,
  ],
  row(obj: KubeObject, ctx) {
    const hpa = obj as Any;
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const { specs, statuses } = metricsOf(hpa);
    const minPods =
      typeof hpa.spec?.minReplicas === 'number' ? String(int(hpa.spec.minReplicas)) : '<unset>';
    return [
      obj.metadata.name ?? '',
      `${str(ref.kind)}/${str(ref.name)}`,
      formatHPAMetrics(specs, statuses),
      minPods,
      int(hpa.spec?.maxReplicas),
      int(hpa.status?.currentReplicas),
      age(obj, ctx),
    ];
  },
};

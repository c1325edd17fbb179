/** The learner's cluster settings as stored by the page, checked before a cluster is built. */
import type { ClusterSettings } from '../protocol';
import { DEFAULT_SETTINGS } from '../protocol';

const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti)?$/;

/** Stored settings, or the defaults for anything missing or out of range. */
export function readSettings(value: unknown): ClusterSettings {
  const v = (value && typeof value === 'object' ? value : {}) as Partial<ClusterSettings>;
  const nodes = Number.isInteger(v.nodes) && v.nodes! >= 1 && v.nodes! <= 5 ? v.nodes! : 1;
  const cpu = typeof v.cpu === 'string' && QUANTITY.test(v.cpu) ? v.cpu : DEFAULT_SETTINGS.cpu;
  const memory =
    typeof v.memory === 'string' && QUANTITY.test(v.memory) ? v.memory : DEFAULT_SETTINGS.memory;
  return { nodes, cpu, memory };
}

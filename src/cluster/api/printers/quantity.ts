/**
 * Quantities as printers show them (PV capacity, quota usage, HPA targets): the canonical form
 * of resource.Quantity.String() ("1024Mi" -> "1Gi", "0.5" -> "500m"), with `<nil>` for a missing
 * value and the text as it is when it does not parse.
 */
import { formatQuantity as canonical, isValidQuantity } from '../quantity';

export function formatQuantity(q: unknown): string {
  if (q === undefined || q === null) return '<nil>';
  if ((typeof q !== 'string' && typeof q !== 'number') || !isValidQuantity(q)) return String(q);
  return canonical(q);
}

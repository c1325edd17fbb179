/**
 * Custom resources: the CRD's additionalPrinterColumns for the served version, evaluated with
 * JSONPath, as the apiextensions-apiserver tableconvertor does. A version without columns gets
 * upstream's default single Age column. The CRD kind itself uses the default table.
 */
import type { KubeObject } from '../types';
import type { Any } from './helpers';
import { NAME_COLUMN, timeOf } from './helpers';
import { DOC } from './descriptions';
import { humanDuration } from './duration';
import { evalJsonPath, parseJsonPath, printJsonPathValue } from './jsonpath';
import type { PrintContext, TableColumnDefinition, TablePrinter } from './types';

interface ColumnSpec {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

const DEFAULT_COLUMNS: ColumnSpec[] = [
  {
    name: 'Age',
    type: 'date',
    description: DOC['meta/v1.ObjectMeta.creationTimestamp'],
    jsonPath: '.metadata.creationTimestamp',
  },
];

/** getColumnsForVersion: the version's columns, or the default Age column when it has none. */
export function columnsForVersion(crd: KubeObject | undefined, version: string): ColumnSpec[] {
  const versions: Any[] = (crd as Any)?.spec?.versions ?? [];
  const v = versions.find((x) => x?.name === version);
  const cols: ColumnSpec[] = v?.additionalPrinterColumns ?? [];
  return cols.length > 0 ? cols : DEFAULT_COLUMNS;
}

/** cellForJSONValue for non-string columns. */
function cellForJSONValue(type: string, value: unknown, ctx: PrintContext): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'string':
      return typeof value === 'string' ? value : null;
    case 'date':
      if (typeof value === 'string') {
        const t = timeOf(value);
        if (t === undefined) return Number.isNaN(Date.parse(value)) ? '<invalid>' : '<unknown>';
        return humanDuration(ctx.now - t);
      }
      return null;
  }
  return null;
}

/** The printer for a custom resource of the given version. */
export function customResourcePrinter(crd: KubeObject | undefined, version: string): TablePrinter {
  const columns: TableColumnDefinition[] = [NAME_COLUMN];
  const paths: ReturnType<typeof parseJsonPath>[] = [];
  for (const c of columnsForVersion(crd, version)) {
    let steps;
    try {
      steps = parseJsonPath(c.jsonPath);
    } catch {
      // Upstream keeps the columns parsed so far and drops the rest.
      break;
    }
    paths.push(steps);
    columns.push({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description
        ? c.description
        : `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
      priority: c.priority ?? 0,
    });
  }
  return {
    columns,
    row(obj: KubeObject, ctx: PrintContext): unknown[] {
      const cells: unknown[] = [obj.metadata.name ?? ''];
      paths.forEach((steps, i) => {
        const results = evalJsonPath(steps, obj);
        if (results.length === 0) {
          cells.push(null);
          return;
        }
        const value = results[0];
        const type = columns[i + 1].type;
        if (type === 'string') cells.push(value === null ? null : printJsonPathValue(value));
        else cells.push(cellForJSONValue(type, value, ctx));
      });
      return cells;
    },
  };
}

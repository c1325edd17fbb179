/**
 * The human-readable printer for server-side Tables (cli-runtime's tableprinter): upper-case
 * headers, priority-0 columns unless wide, NAMESPACE first for all namespaces, `kind/name`
 * when several kinds print together, LABELS and -L label columns from each row's object.
 */
export interface TableColumn {
  name: string;
  type?: string;
  format?: string;
  priority?: number;
}

export interface TableRowData {
  cells: unknown[];
  object?: { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } };
}

export interface TableData {
  columnDefinitions?: TableColumn[] | null;
  rows?: TableRowData[] | null;
}

export interface TableOptions {
  wide: boolean;
  noHeaders: boolean;
  withNamespace: boolean;
  /** "deployment.apps" when kinds are shown in NAME. */
  kind?: string;
  showLabels: boolean;
  labelColumns: string[];
}

export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Tab-separated lines for one table (nothing when it has no rows). */
export function tableLines(
  table: TableData,
  columns: TableColumn[],
  o: TableOptions,
  headers: boolean,
): string {
  const rows = table.rows ?? [];
  if (rows.length === 0) return '';
  const shown = columns.map((c, i) => ({ c, i })).filter(({ c }) => o.wide || !c.priority);
  let text = '';
  if (headers && !o.noHeaders) {
    const h: string[] = [];
    if (o.withNamespace) h.push('NAMESPACE');
    for (const { c } of shown) h.push(c.name.toUpperCase());
    for (const l of o.labelColumns) h.push(l.split('/').pop()!.toUpperCase());
    if (o.showLabels) h.push('LABELS');
    text += h.join('\t') + '\n';
  }
  for (const r of rows) {
    const line: string[] = [];
    const meta = r.object?.metadata;
    if (o.withNamespace) line.push(meta?.namespace ?? '');
    for (const { c, i } of shown) {
      let v = cellText(r.cells[i]);
      if (o.kind && c.format === 'name') v = `${o.kind}/${v}`;
      line.push(v);
    }
    for (const l of o.labelColumns) line.push(meta?.labels?.[l] ?? '');
    if (o.showLabels) line.push(formatLabels(meta?.labels));
    text += line.join('\t') + '\n';
  }
  return text;
}

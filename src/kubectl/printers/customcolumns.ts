/** `-o custom-columns=HEADER:.path,...` and `custom-columns-file` (kubectl's customcolumn.go). */
import { cmdError } from '../errors';
import { executeTemplate, formatValue, parseTemplate } from './jsonpath';
import type { JsonPathTemplate } from './jsonpath';
import { tabwrite } from './tabwriter';

export interface Column {
  header: string;
  path: JsonPathTemplate;
}

/** `.a.b` becomes `{.a.b}`, as kubectl's RelaxedJSONPathExpression does. */
export function relaxed(path: string): string {
  const p = path.trim();
  if (p.startsWith('{') && p.endsWith('}')) return p;
  if (p.startsWith('.')) return `{${p}}`;
  return `{.${p}}`;
}

export function parseColumns(spec: string): Column[] {
  if (spec === '') throw cmdError('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const i = part.indexOf(':');
    if (i < 0) {
      throw cmdError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    }
    return { header: part.slice(0, i), path: parseTemplate(relaxed(part.slice(i + 1))) };
  });
}

/** Parses a custom-columns-file: headers on the first line, paths on the second. */
export function parseColumnsFile(text: string): Column[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length !== 2) throw cmdError('custom-columns file must have exactly two lines');
  const headers = lines[0].trim().split(/\s+/);
  const paths = lines[1].trim().split(/\s+/);
  if (headers.length !== paths.length) {
    throw cmdError(
      `number of headers (${headers.length}) and field specifications (${paths.length}) don't match`,
    );
  }
  return headers.map((h, i) => ({ header: h, path: parseTemplate(relaxed(paths[i])) }));
}

export function printColumns(columns: Column[], objects: unknown[], noHeaders: boolean): string {
  let text = noHeaders ? '' : columns.map((c) => c.header).join('\t') + '\n';
  for (const obj of objects) {
    const cells = columns.map((c) => {
      const parts: string[] = [];
      try {
        const out = executeTemplate(c.path, obj);
        if (out !== '') parts.push(out);
      } catch {
        // A path that does not apply prints <none>.
      }
      return parts.length ? parts.join(',') : '<none>';
    });
    text += cells.join('\t') + '\n';
  }
  return tabwrite(text);
}

export { formatValue };

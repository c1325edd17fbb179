/**
 * The generic describer, for kinds without their own (custom resources, CRDs, leases...):
 * every field of the object by name, nested by indentation (printUnstructuredContent).
 */
import { eventsFor } from './env';
import type { DescribeEnv } from './env';
import type { Any } from './format';
import {
  describeEvents,
  goCompare,
  goValue,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from './format';
import { LEVEL_0, PrefixWriter } from './writer';

/** fatih/camelcase.Split. */
function camelSplit(src: string): string[] {
  const runs: string[][] = [];
  let last = 0;
  for (const r of src) {
    let cls: number;
    if (r.toLowerCase() === r && r.toUpperCase() !== r) cls = 1;
    else if (r.toUpperCase() === r && r.toLowerCase() !== r) cls = 2;
    else if (/\p{Nd}/u.test(r)) cls = 3;
    else cls = 4;
    if (cls === last && runs.length > 0) runs[runs.length - 1].push(r);
    else runs.push([r]);
    last = cls;
  }
  const isUpper = (c: string) => c.toUpperCase() === c && c.toLowerCase() !== c;
  const isLower = (c: string) => c.toLowerCase() === c && c.toUpperCase() !== c;
  for (let i = 0; i < runs.length - 1; i++) {
    if (runs[i].length > 0 && isUpper(runs[i][0]) && isLower(runs[i + 1][0])) {
      runs[i + 1].unshift(runs[i][runs[i].length - 1]);
      runs[i] = runs[i].slice(0, -1);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}

const ACRONYMS = ['API', 'URL', 'UID', 'OSB', 'GUID'];

/** strings.Title: upper-cases the first letter of each word. */
function title(s: string): string {
  return s.replace(
    /(^|[^\p{L}\p{N}_'])(\p{L})/gu,
    (_, pre: string, c: string) => pre + c.toUpperCase(),
  );
}

/** smartLabelFor: "apiVersion" -> "API Version", "creationTimestamp" -> "Creation Timestamp". */
export function smartLabelFor(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  const out: string[] = [];
  for (const part of camelSplit(field)) {
    if (part === '_') continue;
    if (ACRONYMS.includes(part.toUpperCase())) out.push(part.toUpperCase());
    else out.push(title(part));
  }
  return out.join(' ');
}

function printContent(
  w: PrefixWriter,
  level: number,
  content: Record<string, unknown>,
  prefix: string,
  skip: string[],
): void {
  for (const field of Object.keys(content).sort(goCompare)) {
    const value = content[field];
    const expr = `${prefix}.${field}`;
    if (skip.includes(expr)) continue;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printContent(w, level + 1, value as Record<string, unknown>, expr, skip);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (child && typeof child === 'object' && !Array.isArray(child))
          printContent(w, level + 1, child as Record<string, unknown>, expr, skip);
        else w.write(level + 1, `${goValue(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goValue(value)}\n`);
    }
  }
}

export async function describeGeneric(obj: Any, env: DescribeEnv): Promise<string> {
  const events = await eventsFor(env, obj);
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${obj.metadata?.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${obj.metadata?.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', obj.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', obj.metadata?.annotations);
  printContent(w, LEVEL_0, obj, '', [
    '.metadata.managedFields',
    '.metadata.name',
    '.metadata.namespace',
    '.metadata.labels',
    '.metadata.annotations',
  ]);
  if (events) describeEvents(events, w, env.now);
  return w.text();
}

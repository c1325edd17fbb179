/**
 * `kubectl get` (k8s.io/kubectl/pkg/cmd/get): server-side Tables for the human-readable forms,
 * whole objects for yaml, json, name, jsonpath and custom-columns; errors collected and
 * printed after what could be printed, as upstream's builder does with ContinueOnError.
 */
import type { ApiResource } from '../discovery';
import { cmdError, isNotFound, KubectlError, statusError } from '../errors';
import { parseColumns, parseColumnsFile, printColumns } from '../printers/customcolumns';
import type { Column } from '../printers/customcolumns';
import { toJson } from '../printers/json';
import { executeTemplate, JsonPathError, parseTemplate } from '../printers/jsonpath';
import type { JsonPathTemplate } from '../printers/jsonpath';
import { tableLines } from '../printers/table';
import type { TableColumn, TableData, TableRowData } from '../printers/table';
import { tabwrite } from '../printers/tabwriter';
import { toYaml } from '../printers/yaml';
import { kindPrefix, resolveArgs, resourcePath } from '../resource/mapper';
import type { ResourceRequest } from '../resource/mapper';
import { JSON_ACCEPT, TABLE_ACCEPT } from '../transport';
import type { ApiRequest, WatchEvent } from '../transport';
import type { CommandContext } from './context';

const FORMATS = [
  'custom-columns',
  'custom-columns-file',
  'go-template',
  'go-template-file',
  'json',
  'jsonpath',
  'jsonpath-as-json',
  'jsonpath-file',
  'name',
  'template',
  'templatefile',
  'wide',
  'yaml',
];

type Output =
  | { kind: 'table'; wide: boolean }
  | { kind: 'yaml' | 'json' | 'name' }
  | { kind: 'jsonpath'; tpl: JsonPathTemplate }
  | { kind: 'columns'; columns: Column[] };

function parseJsonPath(text: string): JsonPathTemplate {
  try {
    return parseTemplate(text);
  } catch (e) {
    if (e instanceof JsonPathError) throw cmdError(`error parsing jsonpath ${text}, ${e.message}`);
    throw e;
  }
}

function outputOf(c: CommandContext, files: Record<string, string> | undefined): Output {
  const o = c.flags.str('output');
  const eq = o.indexOf('=');
  const name = eq >= 0 ? o.slice(0, eq) : o;
  const arg = eq >= 0 ? o.slice(eq + 1) : c.flags.str('template');
  if (o === '') return { kind: 'table', wide: false };
  if (o === 'wide') return { kind: 'table', wide: true };
  if (o === 'yaml' || o === 'json' || o === 'name') return { kind: o };
  if (name === 'jsonpath') {
    if (arg === '') throw cmdError('template format specified but no template given');
    return { kind: 'jsonpath', tpl: parseJsonPath(arg) };
  }
  if (name === 'jsonpath-file') {
    const text = files?.[arg];
    if (text === undefined)
      throw cmdError(`error reading --template ${arg}, open ${arg}: no such file or directory`);
    return { kind: 'jsonpath', tpl: parseJsonPath(text) };
  }
  if (name === 'custom-columns') return { kind: 'columns', columns: parseColumns(arg) };
  if (name === 'custom-columns-file') {
    const text = files?.[arg];
    if (text === undefined) throw cmdError(`open ${arg}: no such file or directory`);
    return { kind: 'columns', columns: parseColumnsFile(text) };
  }
  throw cmdError(
    `unable to match a printer suitable for the output format "${o}", allowed formats are: ${FORMATS.join(',')}`,
  );
}

interface Info {
  resource: ApiResource;
  /** A Table (human-readable) or an object or a list (generic). */
  body: Record<string, unknown>;
  isList: boolean;
}

export async function runGet(c: CommandContext, files?: Record<string, string>): Promise<number> {
  const f = c.flags;
  if (c.args.length === 0) {
    c.err(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n',
    );
    throw new KubectlError(
      'error: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples',
    );
  }
  const output = outputOf(c, files);
  const allNamespaces = f.bool('all-namespaces');
  const sortBy = f.str('sort-by');
  const d = await c.discovery.get();
  const requests = resolveArgs(d, c.args);
  const human = output.kind === 'table';
  if (f.bool('watch') || f.bool('watch-only')) return watch(c, requests, output, allNamespaces);

  const errors: string[] = [];
  const infos: Info[] = [];
  const query: Record<string, string> = {};
  const selector = f.str('selector');
  const fieldSelector = f.str('field-selector');
  for (const req of requests) {
    const ns = allNamespaces && req.names.length === 0 ? undefined : c.namespace;
    const base = { method: 'GET', headers: { accept: human ? TABLE_ACCEPT : JSON_ACCEPT } };
    if (req.names.length === 0) {
      const q: Record<string, string> = { ...query };
      if (selector) q.labelSelector = selector;
      if (fieldSelector) q.fieldSelector = fieldSelector;
      const chunk = f.int('chunk-size');
      if (chunk > 0 && !sortBy) q.limit = String(chunk);
      if (human && sortBy) q.includeObject = 'Object';
      const res = await c.transport.request({
        ...base,
        path: resourcePath(req.resource, ns),
        query: q,
      });
      if (res.status >= 400) {
        errors.push(listError(req.resource, res.body, res.status, selector, fieldSelector).output);
        continue;
      }
      const body = res.body as Record<string, unknown>;
      // kubectl lists in chunks (--chunk-size, 500) and prints them as one: follow `continue`.
      let cont = (body.metadata as { continue?: string } | undefined)?.continue;
      while (cont) {
        const next = await c.transport.request({
          ...base,
          path: resourcePath(req.resource, ns),
          query: { ...q, continue: cont },
        });
        if (next.status >= 400) {
          errors.push(statusError(next.body, next.status).output);
          break;
        }
        const page = next.body as Record<string, unknown[]> & { metadata?: { continue?: string } };
        const key = Array.isArray(body.rows) ? 'rows' : 'items';
        (body[key] as unknown[]).push(...(page[key] ?? []));
        cont = page.metadata?.continue;
      }
      infos.push({ resource: req.resource, body, isList: true });
    } else {
      for (const name of req.names) {
        const q: Record<string, string> = {};
        if (human && sortBy) q.includeObject = 'Object';
        const res = await c.transport.request({
          ...base,
          path: resourcePath(req.resource, ns, name),
          query: q,
        });
        if (res.status >= 400) {
          if (f.bool('ignore-not-found') && isNotFound(res.body, res.status)) continue;
          errors.push(statusError(res.body, res.status).output);
          continue;
        }
        infos.push({
          resource: req.resource,
          body: res.body as Record<string, unknown>,
          isList: false,
        });
      }
    }
  }
  const singleItemImplied = requests.length === 1 && requests[0].names.length === 1;
  if (human) printTables(c, infos, output.wide, allNamespaces, errors.length > 0, sortBy);
  else if (!(singleItemImplied && errors.length > 0))
    printGeneric(c, infos, output, singleItemImplied);
  if (errors.length) throw new KubectlError(errors.join('\n'));
  return 0;
}

/** cli-runtime's selector visitor names the resource and the selectors in list errors. */
function listError(
  r: ApiResource,
  body: unknown,
  status: number,
  selector: string,
  fieldSelector: string,
): KubectlError {
  const s = body as { message?: string; reason?: string } | undefined;
  if ((status === 400 || status === 404) && s && typeof s.message === 'string') {
    const gvr = `${r.group}/${r.version}, Resource=${r.name}`;
    const message =
      selector || fieldSelector
        ? `Unable to find "${gvr}" that match label selector "${selector}", field selector "${fieldSelector}": ${s.message}`
        : `Unable to list "${gvr}": ${s.message}`;
    return statusError({ ...s, message }, status);
  }
  return statusError(body, status);
}

function sortRows(rows: TableRowData[], sortBy: string): TableRowData[] {
  const tpl = parseJsonPath(sortBy.startsWith('{') ? sortBy : `{${sortBy}}`);
  const keyed = rows.map((r, i) => {
    let v: unknown;
    try {
      const out = executeTemplate(tpl, r.object);
      v = out;
    } catch {
      v = '';
    }
    return { r, i, v };
  });
  keyed.sort((a, b) => {
    const x = a.v as string;
    const y = b.v as string;
    const nx = Number(x);
    const ny = Number(y);
    if (x !== '' && y !== '' && !Number.isNaN(nx) && !Number.isNaN(ny) && nx !== ny) return nx - ny;
    if (x !== y) return x < y ? -1 : 1;
    return a.i - b.i;
  });
  return keyed.map((k) => k.r);
}

function printTables(
  c: CommandContext,
  infos: Info[],
  wide: boolean,
  allNamespaces: boolean,
  hadErrors: boolean,
  sortBy: string,
): void {
  const f = c.flags;
  const printWithKind = new Set(infos.map((i) => i.resource)).size > 1;
  let written = 0;
  let separator = false;
  let block = '';
  let lastResource: ApiResource | undefined;
  let lastColumns: string | undefined;
  let columns: TableColumn[] = [];
  let allResourcesNamespaced = !allNamespaces;
  const flush = () => {
    if (block === '') return;
    const text = tabwrite(block);
    block = '';
    if (text === '') return;
    if (separator) {
      c.out('\n');
      separator = false;
    }
    c.out(text);
    written += text.length;
  };
  for (const info of infos) {
    allResourcesNamespaced = allResourcesNamespaced && info.resource.namespaced;
    if (info.resource !== lastResource) {
      flush();
      if (lastResource && !f.bool('no-headers') && written > 0) separator = true;
      lastColumns = undefined;
      lastResource = info.resource;
    }
    const table = info.body as TableData;
    const defs = table.columnDefinitions ?? [];
    const key = JSON.stringify(defs);
    const headers = defs.length > 0 && key !== lastColumns;
    if (defs.length > 0) {
      columns = defs;
      lastColumns = key;
    }
    const rows = sortBy ? sortRows(table.rows ?? [], sortBy) : (table.rows ?? []);
    block += tableLines(
      { ...table, rows },
      columns,
      {
        wide,
        noHeaders: f.bool('no-headers'),
        withNamespace: allNamespaces && info.resource.namespaced,
        kind: printWithKind ? kindPrefix(info.resource) : undefined,
        showLabels: f.bool('show-labels'),
        labelColumns: f.list('label-columns'),
      },
      headers,
    );
  }
  flush();
  if (written === 0 && !f.bool('ignore-not-found') && !hadErrors) {
    c.err(
      allResourcesNamespaced
        ? `No resources found in ${c.namespace} namespace.\n`
        : 'No resources found\n',
    );
  }
}

function itemsOf(info: Info): Record<string, unknown>[] {
  if (!info.isList) return [info.body];
  const list = info.body as {
    items?: Record<string, unknown>[];
    apiVersion?: string;
    kind?: string;
  };
  const kind = (list.kind ?? '').replace(/List$/, '');
  return (list.items ?? []).map((item) => ({ apiVersion: list.apiVersion, kind, ...item }));
}

function printGeneric(
  c: CommandContext,
  infos: Info[],
  output: Output,
  singleItemImplied: boolean,
): void {
  let obj: Record<string, unknown>;
  if (singleItemImplied && infos.length === 1) obj = infos[0].body;
  else {
    obj = {
      apiVersion: 'v1',
      items: infos.flatMap(itemsOf),
      kind: 'List',
      metadata: { resourceVersion: '' },
    };
  }
  switch (output.kind) {
    case 'yaml':
      c.out(toYaml(obj));
      return;
    case 'json':
      c.out(toJson(obj));
      return;
    case 'name': {
      const named = infos.flatMap((info) => itemsOf(info).map((item) => ({ info, item })));
      c.out(
        named
          .map(
            ({ info, item }) =>
              `${kindPrefix(info.resource)}/${(item.metadata as { name?: string })?.name}\n`,
          )
          .join(''),
      );
      return;
    }
    case 'jsonpath':
      try {
        c.out(executeTemplate(output.tpl, obj));
      } catch (e) {
        if (e instanceof JsonPathError) {
          throw cmdError(
            `error executing jsonpath ${JSON.stringify(output.tpl.source)}: ${e.message}`,
          );
        }
        throw e;
      }
      return;
    case 'columns': {
      const items = obj.kind === 'List' ? (obj.items as unknown[]) : [obj];
      c.out(printColumns(output.columns, items, c.flags.bool('no-headers')));
      return;
    }
    default:
      return;
  }
}

/** `-w`: list (unless --watch-only), then print each change until the signal aborts. */
async function watch(
  c: CommandContext,
  requests: ResourceRequest[],
  output: Output,
  allNamespaces: boolean,
): Promise<number> {
  if (requests.length !== 1) {
    throw cmdError(
      'watch is only supported on individual resources and resource collections - more than 1 resource was found',
    );
  }
  const req = requests[0];
  const ns = allNamespaces ? undefined : c.namespace;
  const f = c.flags;
  const query: Record<string, string> = {};
  if (f.str('selector')) query.labelSelector = f.str('selector');
  if (f.str('field-selector')) query.fieldSelector = f.str('field-selector');
  if (req.names.length === 1) query.fieldSelector = `metadata.name=${req.names[0]}`;
  const human = output.kind === 'table';
  const list = await c.transport.request({
    method: 'GET',
    path: resourcePath(req.resource, ns),
    query,
    headers: { accept: human ? TABLE_ACCEPT : JSON_ACCEPT },
  });
  if (list.status >= 400) throw statusError(list.body, list.status);
  const body = list.body as {
    metadata?: { resourceVersion?: string };
    columnDefinitions?: TableColumn[];
  };
  const columns = body.columnDefinitions ?? [];
  const opts = {
    wide: output.kind === 'table' && output.wide,
    noHeaders: f.bool('no-headers'),
    withNamespace: allNamespaces && req.resource.namespaced,
    showLabels: f.bool('show-labels'),
    labelColumns: f.list('label-columns'),
  };
  // Widths are remembered across events, as kubectl's tab writer does while watching.
  let printedHeader = false;
  const printTable = (t: TableData) => {
    const text = tableLines(t, columns, opts, !printedHeader);
    if (text) printedHeader = true;
    c.out(tabwrite(text));
  };
  if (!f.bool('watch-only')) {
    if (human) printTable(list.body as TableData);
    else
      printGeneric(
        c,
        [{ resource: req.resource, body: list.body as Record<string, unknown>, isList: true }],
        output,
        false,
      );
  }
  const watchReq: ApiRequest = {
    method: 'GET',
    path: resourcePath(req.resource, ns),
    query: { ...query, watch: 'true', resourceVersion: body.metadata?.resourceVersion ?? '0' },
    headers: { accept: JSON_ACCEPT },
  };
  const res = await c.transport.request(watchReq);
  if (res.status >= 400 || !res.watch) throw statusError(res.body, res.status);
  await new Promise<void>((resolve) => {
    const queue: WatchEvent[] = [];
    let busy = false;
    const drain = async () => {
      if (busy) return;
      busy = true;
      while (queue.length) {
        const ev = queue.shift()!;
        const obj = ev.object as { metadata?: { name?: string; namespace?: string } };
        if (human) {
          const r = await c.transport.request({
            method: 'GET',
            path: resourcePath(req.resource, obj.metadata?.namespace, obj.metadata?.name),
            headers: { accept: TABLE_ACCEPT },
          });
          if (r.status < 400) printTable(r.body as TableData);
        } else
          printGeneric(
            c,
            [{ resource: req.resource, body: obj as Record<string, unknown>, isList: false }],
            output,
            true,
          );
      }
      busy = false;
    };
    const stop = res.watch!.start(
      (ev) => {
        if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') return;
        queue.push(ev);
        void drain();
      },
      () => resolve(),
    );
    c.signal?.addEventListener('abort', () => {
      stop();
      resolve();
    });
    if (c.signal?.aborted) {
      stop();
      resolve();
    }
  });
  return 0;
}

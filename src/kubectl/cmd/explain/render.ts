/**
 * The `plaintext` explain template of kubectl v1.32 (k8s.io/kubectl/pkg/explain/v2), over one
 * group-version's OpenAPI v3 document: the GROUP/KIND/VERSION header, then either the
 * resource's or a field's DESCRIPTION and FIELDS, or with `recursive` the tree of field names.
 * Truthiness follows Go templates: empty strings, lists and maps are false.
 */
import { indent, wrapString } from './wrap';

type Json = Record<string, unknown>;
type History = Record<string, true>;

/** An error the template throws; its message is printed as is. */
export class ExplainError extends Error {}

export interface Gvr {
  group: string;
  version: string;
  resource: string;
}

function isMap(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === '' || v === 0) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A map-valued additionalProperties (a boolean one does not count). */
function additional(s: Json): Json | undefined {
  const a = s.additionalProperties;
  return isMap(a) && truthy(a) ? a : undefined;
}

function items(s: Json): Json | undefined {
  return isMap(s.items) && truthy(s.items) ? s.items : undefined;
}

function sortedKeys(m: Json): string[] {
  return Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Go's default formatting of a JSON value inside a template. */
function goValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '<nil>';
  return String(v);
}

class Renderer {
  constructor(private readonly doc: Json) {}

  resolveRef(ref: unknown): Json | undefined {
    if (typeof ref !== 'string' || !ref.startsWith('#') || ref.length < 2) return undefined;
    let cur: unknown = this.doc;
    for (const k of ref.slice(1).split('/')) {
      if (k === '') continue;
      if (!isMap(cur)) return undefined;
      cur = cur[k];
      if (!isMap(cur)) return undefined;
    }
    return cur as Json;
  }

  typeGuess(s: Json): string {
    const it = items(s);
    if (it) return `[]${this.typeGuess(it)}`;
    const ap = additional(s);
    if (ap) return `map[string]${this.typeGuess(ap)}`;
    const allOf = list(s.allOf);
    if (allOf.length === 1 && !truthy(s.properties) && isMap(allOf[0]))
      return this.typeGuess(allOf[0]);
    const ref = str(s.$ref);
    if (ref) {
      const refSchema = this.resolveRef(ref);
      if (
        !refSchema ||
        !truthy(refSchema) ||
        !truthy(refSchema.type) ||
        refSchema.type === 'object'
      ) {
        const name = ref.split('/').pop() ?? '';
        return name.split('.').pop() || 'Object';
      }
      return goValue(refSchema.type) || 'Object';
    }
    if (s.type === 'object') return 'Object';
    return truthy(s.type) ? goValue(s.type) : 'Object';
  }

  extractEnum(s: Json, longView: boolean, limit: number, indentAmount: number): string {
    const values = list(s.enum);
    if (values.length === 0) return '';
    let out = longView ? 'ENUM:' : '\n' + ' '.repeat(indentAmount) + 'enum: ';
    for (let i = 0; i < values.length; i++) {
      if (limit > -1 && i >= limit) {
        out += ', ....';
        break;
      }
      if (i > 0 && !longView) out += ', ';
      else if (longView) out += '\n    ';
      out += values[i] === '' ? '""' : goValue(values[i]);
    }
    return out;
  }

  description(schema: Json): string {
    const s = this.resolveRef(schema.$ref) ?? schema;
    let out = '';
    if (truthy(s.description)) out += goValue(s.description) + '\n';
    for (const sub of list(s.allOf)) if (isMap(sub)) out += this.description(sub);
    const it = items(s);
    if (it) out += this.description(it);
    const ap = additional(s);
    if (ap) out += this.description(ap);
    return out;
  }

  externalDocs(s: Json): string {
    const ext = s.externalDocs;
    if (!truthy(ext) || !isMap(ext)) return '';
    let out = 'EXTERNAL DOCS:\n';
    if (truthy(ext.description)) out += indent(4, wrapString(goValue(ext.description), 76)) + '\n';
    if (truthy(ext.url)) out += indent(4, `URL: ${goValue(ext.url)}`) + '\n';
    return out;
  }

  fieldDetail(parent: Json, name: string, short: boolean, level: number): string {
    const indentAmount = level * 2;
    const props = isMap(parent.properties) ? parent.properties : {};
    const field = isMap(props[name]) ? props[name] : {};
    let out = indent(indentAmount, name) + '\t<' + this.typeGuess(field) + '>';
    if (list(parent.required).includes(name)) out += ' -required-';
    out += this.extractEnum(field, false, 4, indentAmount) + '\n';
    if (!short) {
      const desc = truthy(field.description) ? goValue(field.description) : '<no description>';
      out += indent(indentAmount + 2, wrapString(desc, 78 - indentAmount)) + '\n';
      const ext = field.externalDocs;
      if (isMap(ext) && truthy(ext)) {
        out += '\n' + indent(indentAmount + 2, 'EXTERNAL DOCS:') + '\n';
        if (truthy(ext.description))
          out +=
            indent(indentAmount + 4, wrapString(goValue(ext.description), 76 - indentAmount)) +
            '\n';
        if (truthy(ext.url)) out += indent(indentAmount + 4, `URL: ${goValue(ext.url)}`) + '\n';
      }
      out += '\n';
    }
    return out;
  }

  fieldList(schema: Json, level: number, history: History, recursive: boolean): string {
    const ref = str(schema.$ref);
    if (ref && history[ref]) return '';
    const next: History = { ...history, [ref]: true };
    const s = this.resolveRef(ref) ?? schema;
    let out = '';
    const props = isMap(s.properties) ? s.properties : {};
    for (const k of sortedKeys(props)) {
      out += this.fieldDetail(s, k, recursive, level);
      const v = props[k];
      if (recursive) out += this.fieldList(isMap(v) ? v : {}, level + 1, next, recursive);
    }
    for (const sub of list(s.allOf))
      out += this.fieldList(isMap(sub) ? sub : {}, level, next, recursive);
    const it = items(s);
    if (it) out += this.fieldList(it, level, next, recursive);
    const ap = additional(s);
    if (ap) out += this.fieldList(ap, level, next, recursive);
    return out;
  }

  output(schema: Json, path: string[], history: History, recursive: boolean): string {
    const ref = str(schema.$ref);
    const next: History = { ...history, [ref]: true };
    const s = this.resolveRef(ref) ?? schema;
    if (path.length === 0) {
      let out = 'DESCRIPTION:\n';
      out += indent(4, wrapString(this.description(s) || '<empty>', 76)) + '\n';
      const ext = this.externalDocs(s);
      if (ext) out += '\n' + ext;
      const fields = this.fieldList(s, 1, {}, recursive);
      if (fields) out += 'FIELDS:\n' + fields;
      return out;
    }
    if (ref && history[ref]) return '';
    const props = isMap(s.properties) ? s.properties : undefined;
    if (props && truthy(props) && truthy(props[path[0]])) {
      const sub = isMap(props[path[0]]) ? (props[path[0]] as Json) : {};
      let out = '';
      if (path.length === 1) {
        out += `FIELD: ${path[0]} <${this.typeGuess(sub)}>\n`;
        out += this.extractEnum(sub, true, -1, 0) + '\n\n';
      }
      return out + this.output(sub, path.slice(1), {}, recursive);
    }
    const it = items(s);
    if (it) return this.output(it, path, next, recursive);
    const ap = additional(s);
    if (ap) return this.output(ap, path, next, recursive);
    for (const sub of list(s.allOf)) {
      const out = this.output(isMap(sub) ? sub : {}, path, next, recursive);
      if (out) return out;
    }
    return '';
  }

  /** The whole template: writes the header before a field error is thrown, as upstream does. */
  render(gvr: Gvr, path: string[], recursive: boolean, write: (text: string) => void): void {
    const prefix = gvr.group ? `/apis/${gvr.group}` : '/api';
    const base = [prefix, gvr.version];
    const searches = [
      [...base, gvr.resource],
      [...base, gvr.resource, '{name}'],
      [...base, 'namespaces', '{namespace}', gvr.resource],
      [...base, 'namespaces', '{namespace}', gvr.resource, '{name}'],
    ].map((p) => p.join('/'));
    const paths = isMap(this.doc.paths) ? this.doc.paths : {};
    let gvk: unknown;
    for (const p of searches) {
      const el = paths[p];
      if (!truthy(el) || !isMap(el)) continue;
      for (const m of ['get', 'post', 'put', 'patch', 'delete']) {
        const op = el[m];
        if (!truthy(op) || !isMap(op)) continue;
        gvk = op['x-kubernetes-group-version-kind'];
        if (truthy(gvk)) break;
      }
    }
    if (!truthy(gvk) || !isMap(gvk)) {
      const g = `${gvr.group}/${gvr.version}, Resource=${gvr.resource}`;
      throw new ExplainError(`error: GVR (${g}) not found in OpenAPI schema`);
    }
    let header = '';
    if (truthy(gvk.group)) header += `GROUP:      ${goValue(gvk.group)}\n`;
    header += `KIND:       ${goValue(gvk.kind)}\n`;
    header += `VERSION:    ${goValue(gvk.version)}\n\n`;
    write(header);
    const components = isMap(this.doc.components) ? this.doc.components : {};
    const schemas = isMap(components.schemas) ? components.schemas : {};
    let body = '';
    for (const name of sortedKeys(schemas)) {
      const s = schemas[name];
      if (!isMap(s) || !list(s['x-kubernetes-group-version-kind']).some((g) => deepEqual(g, gvk)))
        continue;
      body = this.output(s, path, {}, recursive);
      if (!body) throw new ExplainError(`error: field "${path[path.length - 1]}" does not exist`);
      break;
    }
    if (!body) {
      const m = sortedKeys(gvk)
        .map((k) => `${k}:${goValue(gvk[k])}`)
        .join(' ');
      throw new ExplainError(`error: GVK map[${m}] not found in OpenAPI schema`);
    }
    write(body + '\n');
  }
}

export function renderExplain(
  doc: Json,
  gvr: Gvr,
  path: string[],
  recursive: boolean,
  write: (text: string) => void,
): void {
  new Renderer(doc).render(gvr, path, recursive, write);
}

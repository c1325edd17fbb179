/**
 * Strict field validation, as upstream's strict JSON decoding (sigs.k8s.io/json) reports it:
 * one `unknown field "<path>"` per field the schema does not know, paths dotted through objects
 * and maps and indexed through lists ("spec.template.spec.containers[0].imagePullPolice"), in
 * document order; with the raw JSON text, also one `duplicate field "<path>"` per repeated key.
 */
import type { SchemaNode } from './types';
import { definitionNode } from './nodes';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Walks `value` against `node`, pushing a fragment for each unknown field. */
export function walkUnknown(
  node: SchemaNode,
  value: unknown,
  path: string,
  out: string[],
  pruneEmpty = false,
): void {
  if (Array.isArray(value)) {
    const items = node.items;
    if (items) value.forEach((v, i) => walkUnknown(items, v, `${path}[${i}]`, out, pruneEmpty));
    return;
  }
  if (!isObject(value)) return;
  const props = node.properties;
  const embedded = node.embeddedResource === true;
  const ap = node.additionalProperties;
  // A structural schema (a custom resource's) prunes every field of an object that declares
  // none; built-in free-form objects (RawExtension, FieldsV1, JSON) hold anything.
  const prunesAll = pruneEmpty && node.type === 'object' && !props && !ap;
  if (props || embedded || prunesAll) {
    for (const [k, v] of Object.entries(value)) {
      const p = props?.[k];
      if (p) walkUnknown(p, v, join(path, k), out, pruneEmpty);
      else if (embedded && (k === 'apiVersion' || k === 'kind')) continue;
      else if (embedded && k === 'metadata') {
        const meta = definitionNode(OBJECT_META);
        if (meta) walkUnknown(meta, v, join(path, k), out, pruneEmpty);
      } else if (!node.preserveUnknownFields) out.push(`unknown field "${join(path, k)}"`);
    }
    return;
  }
  if (ap && ap !== true) {
    for (const [k, v] of Object.entries(value)) walkUnknown(ap, v, join(path, k), out, pruneEmpty);
  }
}

/**
 * Repeated keys in a JSON text, as `duplicate field "<path>"` fragments in document order.
 * Invalid JSON yields none: the caller's parse error is the one to report.
 */
export function duplicateFields(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const str = (): string => {
    let s = '';
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        const c = text[i + 1];
        if (c === 'u') {
          s += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        s += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[c] ?? c;
        i += 2;
        continue;
      }
      s += text[i++];
    }
    i++;
    return s;
  };
  const value = (path: string): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const seen = new Set<string>();
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      while (i < text.length) {
        ws();
        if (text[i] !== '"') throw new Error('bad');
        const key = str();
        const p = join(path, key);
        if (seen.has(key)) out.push(`duplicate field "${p}"`);
        seen.add(key);
        ws();
        if (text[i++] !== ':') throw new Error('bad');
        value(p);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else throw new Error('bad');
      }
      throw new Error('bad');
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let n = 0; i < text.length; n++) {
        value(`${path}[${n}]`);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else throw new Error('bad');
      }
      throw new Error('bad');
    } else if (c === '"') {
      str();
    } else {
      const start = i;
      while (i < text.length && !',]} \t\n\r'.includes(text[i])) i++;
      if (i === start) throw new Error('bad');
    }
  };
  try {
    value('');
  } catch {
    return [];
  }
  return out;
}

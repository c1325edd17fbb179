/**
 * JSON as kubectl prints it: Go's json.MarshalIndent with four spaces, map keys sorted, and
 * `<`, `>`, `&`, U+2028 and U+2029 escaped as Go's encoder does.
 */

function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => {
    return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
  });
}

function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    // Go writes e-07 as e-7.
    return n.toExponential().replace(/e([+-])0*(\d)/, 'e$1$2');
  }
  return String(n);
}

function write(v: unknown, indent: string, out: string[], sort: boolean): void {
  if (v === null || v === undefined) out.push('null');
  else if (typeof v === 'string') out.push(goString(v));
  else if (typeof v === 'number') out.push(goNumber(v));
  else if (typeof v === 'boolean') out.push(String(v));
  else if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push('[]');
      return;
    }
    const inner = indent + '    ';
    out.push('[\n');
    v.forEach((item, i) => {
      out.push(inner);
      write(item, inner, out, sort);
      out.push(i < v.length - 1 ? ',\n' : '\n');
    });
    out.push(indent + ']');
  } else {
    const obj = v as Record<string, unknown>;
    const present = Object.keys(obj).filter((k) => obj[k] !== undefined);
    const keys = sort ? present.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : present;
    if (keys.length === 0) {
      out.push('{}');
      return;
    }
    const inner = indent + '    ';
    out.push('{\n');
    keys.forEach((k, i) => {
      out.push(inner + goString(k) + ': ');
      write(obj[k], inner, out, sort);
      out.push(i < keys.length - 1 ? ',\n' : '\n');
    });
    out.push(indent + '}');
  }
}

/** The indented JSON text of a value, ending with a newline. */
export function toJson(v: unknown, sortKeys = true): string {
  const out: string[] = [];
  write(v, '', out, sortKeys);
  return out.join('') + '\n';
}

/** Compact JSON with Go's escaping (jsonpath prints maps and lists this way). */
export function toCompactJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goString(v);
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return '[' + v.map(toCompactJson).join(',') + ']';
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return '{' + keys.map((k) => goString(k) + ':' + toCompactJson(obj[k])).join(',') + '}';
}

/**
 * Label and field selectors as k8s.io/apimachinery/pkg/labels and /fields parse and match them.
 * A parsed selector is a list of requirements that must all hold (AND).
 */
import { badRequest } from './errors';

export type Operator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

export type LabelSelector = Requirement[];

/** metav1.LabelSelector, the object form in specs. */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

const OPS = ['==', '!=', '=', ' in ', ' notin '];

function tokenize(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (ch === ' ' || ch === '\t') {
      i++;
      continue;
    }
    if ('(),'.includes(ch)) {
      out.push(ch);
      i++;
      continue;
    }
    if (ch === '!' && s[i + 1] === '=') {
      out.push('!=');
      i += 2;
      continue;
    }
    if (ch === '=' && s[i + 1] === '=') {
      out.push('==');
      i += 2;
      continue;
    }
    if (ch === '=' || ch === '!' || ch === '<' || ch === '>') {
      out.push(ch);
      i++;
      continue;
    }
    let j = i;
    while (j < s.length && !' \t(),=!<>'.includes(s[j])) j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

function isIdent(t: string | undefined): t is string {
  return t !== undefined && !['(', ')', ',', '=', '==', '!=', '!', '<', '>'].includes(t);
}

/** Parses the string form: `app=web,tier!=db,env in (a,b),!legacy,release`. Throws 400 on bad syntax. */
export function parseLabelSelector(s: string): LabelSelector {
  const toks = tokenize(s);
  const reqs: Requirement[] = [];
  let i = 0;
  const fail = (msg: string) => {
    throw badRequest(`unable to parse requirement: ${msg}`);
  };
  while (i < toks.length) {
    let t = toks[i];
    if (t === '!') {
      const key = toks[i + 1];
      if (!isIdent(key)) fail(`found '${key ?? ''}', expected: identifier`);
      reqs.push({ key: key!, operator: '!', values: [] });
      i += 2;
    } else {
      if (!isIdent(t)) fail(`found '${t}', expected: !, identifier, or 'end of string'`);
      const key = t;
      i++;
      t = toks[i];
      if (t === undefined || t === ',') {
        reqs.push({ key, operator: 'exists', values: [] });
      } else if (t === '=' || t === '==' || t === '!=') {
        const v = toks[i + 1];
        if (v === undefined || v === ',') {
          reqs.push({ key, operator: t, values: [''] });
          i++;
        } else {
          if (!isIdent(v)) fail(`found '${v}', expected: identifier`);
          reqs.push({ key, operator: t, values: [v] });
          i += 2;
        }
      } else if (t === 'in' || t === 'notin') {
        if (toks[i + 1] !== '(') fail(`found '${toks[i + 1] ?? ''}', expected: '('`);
        i += 2;
        const values: string[] = [];
        while (toks[i] !== ')') {
          if (toks[i] === undefined) fail(`found '', expected: ')'`);
          if (toks[i] === ',') {
            i++;
            continue;
          }
          values.push(toks[i]);
          i++;
        }
        i++;
        reqs.push({ key, operator: t, values });
      } else if (t === '<' || t === '>') {
        const v = toks[i + 1];
        if (!v || !/^-?\d+$/.test(v))
          fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
        reqs.push({ key, operator: t === '<' ? 'lt' : 'gt', values: [v!] });
        i += 2;
      } else {
        fail(`found '${t}', expected: ${OPS.map((o) => o.trim()).join(', ')}`);
      }
    }
    if (i < toks.length) {
      if (toks[i] !== ',') fail(`found '${toks[i]}', expected: ',' or 'end of string'`);
      i++;
    }
  }
  return reqs;
}

/** Converts metav1.LabelSelector to requirements (LabelSelectorAsSelector). */
export function labelSelectorFromObject(
  sel: LabelSelectorObject | undefined | null,
): LabelSelector {
  if (!sel) return [];
  const reqs: Requirement[] = [];
  for (const [key, v] of Object.entries(sel.matchLabels ?? {}))
    reqs.push({ key, operator: '=', values: [v] });
  for (const e of sel.matchExpressions ?? []) {
    const op = e.operator;
    const map: Record<string, Operator> = {
      In: 'in',
      NotIn: 'notin',
      Exists: 'exists',
      DoesNotExist: '!',
    };
    if (!map[op]) throw badRequest(`"${op}" is not a valid label selector operator`);
    reqs.push({ key: e.key, operator: map[op], values: e.values ?? [] });
  }
  return reqs;
}

/** True when `labels` satisfy every requirement. An empty selector matches everything. */
export function matchesLabels(
  sel: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  for (const r of sel) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = has ? l[r.key] : undefined;
    switch (r.operator) {
      case '=':
      case '==':
      case 'in':
        if (!has || !r.values.includes(v!)) return false;
        break;
      case '!=':
      case 'notin':
        if (has && r.values.includes(v!)) return false;
        break;
      case 'exists':
        if (!has) return false;
        break;
      case '!':
        if (has) return false;
        break;
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(v!)) return false;
        const n = Number(v);
        const want = Number(r.values[0]);
        if (r.operator === 'gt' ? !(n > want) : !(n < want)) return false;
        break;
      }
    }
  }
  return true;
}

/** Renders requirements back to the string form, as labels.Selector.String(). */
export function labelSelectorString(sel: LabelSelector): string {
  return [...sel]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => {
      switch (r.operator) {
        case '=':
        case '==':
          return `${r.key}=${r.values[0]}`;
        case '!=':
          return `${r.key}!=${r.values[0]}`;
        case 'in':
          return `${r.key} in (${[...r.values].sort().join(',')})`;
        case 'notin':
          return `${r.key} notin (${[...r.values].sort().join(',')})`;
        case 'exists':
          return r.key;
        case '!':
          return `!${r.key}`;
        case 'gt':
          return `${r.key}>${r.values[0]}`;
        case 'lt':
          return `${r.key}<${r.values[0]}`;
      }
    })
    .join(',');
}

export interface FieldRequirement {
  field: string;
  operator: '=' | '==' | '!=';
  value: string;
}

/** Parses a field selector: `metadata.name=web,status.phase!=Running`. */
export function parseFieldSelector(s: string): FieldRequirement[] {
  const out: FieldRequirement[] = [];
  for (const part of s.split(',')) {
    if (!part.trim()) continue;
    const m = /^([^=!]+)(==|!=|=)(.*)$/.exec(part.trim());
    if (!m) throw badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    out.push({
      field: m[1].trim(),
      operator: m[2] as FieldRequirement['operator'],
      value: m[3].trim(),
    });
  }
  return out;
}

/** True when the object's field values (as `fieldsOf` returns them) satisfy every requirement. */
export function matchesFields(reqs: FieldRequirement[], fields: Record<string, string>): boolean {
  for (const r of reqs) {
    const v = fields[r.field] ?? '';
    if (r.operator === '!=' ? v === r.value : v !== r.value) return false;
  }
  return true;
}

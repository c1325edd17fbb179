/** Helpers several plugins share: toleration matching (v1helper) and node selector terms. */
import type { Taint, Toleration } from './types';

/** Toleration.ToleratesTaint */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

export function tolerationsTolerateTaint(ts: readonly Toleration[], taint: Taint): boolean {
  for (const t of ts) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** v1helper.FindMatchingUntoleratedTaint: the first taint passing `filter` that none tolerates. */
export function findUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
  filter: (t: Taint) => boolean,
): Taint | undefined {
  for (const taint of taints) {
    if (!filter(taint)) continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

function matchRequirement(
  r: NodeSelectorRequirement,
  has: boolean,
  value: string | undefined,
): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && values.includes(value!);
    case 'NotIn':
      return !has || !values.includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1) return false;
      if (!/^-?\d+$/.test(value!) || !/^-?\d+$/.test(values[0])) return false;
      const n = Number(value);
      const want = Number(values[0]);
      return r.operator === 'Gt' ? n > want : n < want;
    }
    default:
      return false;
  }
}

/** One NodeSelectorTerm: every expression and field holds; an empty term matches nothing. */
export function matchNodeSelectorTerm(
  term: NodeSelectorTerm,
  labels: Record<string, string>,
  nodeName: string,
): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (!exprs.length && !fields.length) return false;
  for (const r of exprs) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    if (!matchRequirement(r, has, has ? labels[r.key] : undefined)) return false;
  }
  for (const r of fields) {
    if (r.key !== 'metadata.name') return false;
    if (!matchRequirement(r, true, nodeName)) return false;
  }
  return true;
}

/** NodeSelector: the terms are ORed. */
export function matchNodeSelectorTerms(
  terms: readonly NodeSelectorTerm[],
  labels: Record<string, string>,
  nodeName: string,
): boolean {
  for (const t of terms) if (matchNodeSelectorTerm(t, labels, nodeName)) return true;
  return false;
}

/**
 * Scheduling constraints of a PodSpec as pkg/apis/core/validation validates them: node and pod
 * (anti-)affinity (validateAffinity) and topology spread constraints.
 */
import type { FieldError } from '../errors';
import {
  asArr,
  asObj,
  child,
  duplicate,
  forbidden,
  index,
  invalid,
  notSupported,
  required,
  str,
  type Obj,
} from './field';
import { isQualifiedName, nameIsDNSLabel } from './names';
import { validateLabelSelector } from './objectmeta';

const REQ = 'requiredDuringSchedulingIgnoredDuringExecution';
const PREF = 'preferredDuringSchedulingIgnoredDuringExecution';

function validateNodeSelectorTerm(term: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  asArr(term.matchExpressions).forEach((rq, j) => {
    const p = index(child(path, 'matchExpressions'), j);
    const op = str(rq.operator);
    const values = asArr<string>(rq.values);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0)
        errs.push(
          required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"),
        );
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0)
        errs.push(
          forbidden(
            child(p, 'values'),
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
    } else if (op === 'Gt' || op === 'Lt') {
      if (values.length !== 1)
        errs.push(
          required(
            child(p, 'values'),
            "must be specified single value when `operator` is 'Lt' or 'Gt'",
          ),
        );
    } else errs.push(invalid(child(p, 'operator'), op, 'not a valid selector operator'));
    const k = str(rq.key);
    errs.push(...isQualifiedName(k).map((m) => invalid(child(p, 'key'), k, m)));
  });
  return errs;
}

function validatePodAffinityTerm(term: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateLabelSelector(term.labelSelector, child(path, 'labelSelector')));
  errs.push(...validateLabelSelector(term.namespaceSelector, child(path, 'namespaceSelector')));
  for (const ns of asArr<string>(term.namespaces))
    errs.push(
      ...nameIsDNSLabel(String(ns), false).map((m) =>
        invalid(child(path, 'namespace'), String(ns), m),
      ),
    );
  const tk = str(term.topologyKey);
  if (!tk) errs.push(required(child(path, 'topologyKey'), 'can not be empty'));
  errs.push(...isQualifiedName(tk).map((m) => invalid(child(path, 'topologyKey'), tk, m)));
  return errs;
}

/** validateAffinity. */
export function validateAffinity(affinity: unknown, path: string): FieldError[] {
  if (!affinity || typeof affinity !== 'object') return [];
  const a = affinity as Obj;
  const errs: FieldError[] = [];
  const weight = (w: unknown, p: string) => {
    const n = Number(w ?? 0);
    if (n <= 0 || n > 100) errs.push(invalid(p, n, 'must be in the range 1-100'));
  };
  if (a.nodeAffinity) {
    const na = asObj(a.nodeAffinity);
    const np = child(path, 'nodeAffinity');
    if (na[REQ]) {
      const terms = asArr(asObj(na[REQ]).nodeSelectorTerms);
      const tp = child(np, REQ, 'nodeSelectorTerms');
      if (terms.length === 0) errs.push(required(tp, 'must have at least one node selector term'));
      else terms.forEach((t, i) => errs.push(...validateNodeSelectorTerm(t, index(tp, i))));
    }
    asArr(na[PREF]).forEach((t, i) => {
      const p = index(child(np, PREF), i);
      weight(t.weight, child(p, 'weight'));
      errs.push(...validateNodeSelectorTerm(asObj(t.preference), child(p, 'preference')));
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    if (!a[kind]) continue;
    const pa = asObj(a[kind]);
    const pp = child(path, kind);
    asArr(pa[REQ]).forEach((t, i) =>
      errs.push(...validatePodAffinityTerm(t, index(child(pp, REQ), i))),
    );
    asArr(pa[PREF]).forEach((t, i) => {
      const p = index(child(pp, PREF), i);
      weight(t.weight, child(p, 'weight'));
      errs.push(...validatePodAffinityTerm(asObj(t.podAffinityTerm), child(p, 'podAffinityTerm')));
    });
  }
  return errs;
}

/** validateTopologySpreadConstraints. */
export function validateTopologySpreadConstraints(list: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const cs = asArr(list);
  cs.forEach((c, i) => {
    const p = index(path, i);
    const skew = Number(c.maxSkew ?? 0);
    if (skew <= 0) errs.push(invalid(child(p, 'maxSkew'), skew, 'must be greater than zero'));
    const tk = str(c.topologyKey);
    if (!tk) errs.push(required(child(p, 'topologyKey'), 'can not be empty'));
    const wu = str(c.whenUnsatisfiable);
    if (wu !== 'DoNotSchedule' && wu !== 'ScheduleAnyway')
      errs.push(
        notSupported(child(p, 'whenUnsatisfiable'), wu, ['DoNotSchedule', 'ScheduleAnyway']),
      );
    if (cs.slice(i + 1).some((r) => str(r.topologyKey) === tk && str(r.whenUnsatisfiable) === wu))
      errs.push(duplicate(child(p, '{topologyKey, whenUnsatisfiable}'), `{${tk}, ${wu}}`));
    if (typeof c.minDomains === 'number') {
      if (c.minDomains <= 0)
        errs.push(invalid(child(p, 'minDomains'), c.minDomains, 'must be greater than zero'));
      if (wu !== 'DoNotSchedule')
        errs.push(
          invalid(
            child(p, 'minDomains'),
            c.minDomains,
            `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${wu}`,
          ),
        );
    }
    errs.push(...validateLabelSelector(c.labelSelector, child(p, 'labelSelector')));
  });
  return errs;
}

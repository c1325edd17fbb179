/**
 * ObjectMeta, label and label-selector validation as k8s.io/apimachinery/pkg/api/validation
 * (objectmeta.go) and pkg/apis/meta/v1/validation do it.
 */
import type { FieldError } from '../errors';
import type { ObjectMeta } from '../types';
import {
  asArr,
  asObj,
  child,
  deepEqual,
  forbidden,
  goQuote,
  goStringSlice,
  goText,
  index,
  invalid,
  IS_NEGATIVE,
  required,
  str,
  tooLong,
  FIELD_IMMUTABLE,
} from './field';
import {
  byteLen,
  isQualifiedName,
  isValidLabelValue,
  nameIsDNSLabel,
  type NameValidator,
} from './names';

export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export function validateLabelName(k: string, path: string): FieldError[] {
  return isQualifiedName(k).map((m) => invalid(path, k, m));
}

export function validateLabels(
  labels: Record<string, string> | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    errs.push(...validateLabelName(k, path));
    for (const m of isValidLabelValue(String(v))) errs.push(invalid(path, String(v), m));
  }
  return errs;
}

export function validateAnnotations(
  annotations: Record<string, string> | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, m));
    size += byteLen(k) + byteLen(String(v));
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

export function validateOwnerReferences(refs: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const r of asArr(refs)) {
    const apiVersion = str(r.apiVersion);
    const version = apiVersion.includes('/') ? apiVersion.split('/')[1] : apiVersion;
    if (!version)
      errs.push(invalid(child(path, 'apiVersion'), apiVersion, 'version must not be empty'));
    if (!str(r.kind)) errs.push(invalid(child(path, 'kind'), str(r.kind), 'must not be empty'));
    if (!str(r.name)) errs.push(invalid(child(path, 'name'), str(r.name), 'must not be empty'));
    if (!str(r.uid)) errs.push(invalid(child(path, 'uid'), str(r.uid), 'must not be empty'));
    if (r.controller === true) {
      const cur = `${str(r.kind)}/${str(r.name)}`;
      if (firstController)
        errs.push(
          invalid(
            path,
            goText('[]v1.OwnerReference{...}'),
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${cur}`,
          ),
        );
      else firstController = cur;
    }
  }
  return errs;
}

export function validateFinalizers(finalizers: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const list = asArr<string>(finalizers).map(String);
  for (const f of list) errs.push(...isQualifiedName(f).map((m) => invalid(path, f, m)));
  if (list.includes('orphan') && list.includes('foregroundDeletion'))
    errs.push(
      invalid(
        path,
        goStringSlice(list),
        'finalizer orphan and foregroundDeletion cannot be both set',
      ),
    );
  return errs;
}

/** ValidateObjectMeta: name/generateName per kind, namespace per scope, labels, annotations. */
export function validateObjectMeta(
  meta: ObjectMeta,
  requiresNamespace: boolean,
  nameFn: NameValidator,
  path = 'metadata',
): FieldError[] {
  const errs: FieldError[] = [];
  const gen = str(meta.generateName);
  if (gen)
    for (const m of nameFn(gen, true)) errs.push(invalid(child(path, 'generateName'), gen, m));
  const name = str(meta.name);
  if (!name) errs.push(required(child(path, 'name'), 'name or generateName is required'));
  else for (const m of nameFn(name, false)) errs.push(invalid(child(path, 'name'), name, m));
  const ns = str(meta.namespace);
  if (requiresNamespace) {
    if (!ns) errs.push(required(child(path, 'namespace')));
    else
      for (const m of nameIsDNSLabel(ns, false))
        errs.push(invalid(child(path, 'namespace'), ns, m));
  } else if (ns) {
    errs.push(forbidden(child(path, 'namespace'), 'not allowed on this type'));
  }
  if (typeof meta.generation === 'number' && meta.generation < 0)
    errs.push(invalid(child(path, 'generation'), meta.generation, IS_NEGATIVE));
  errs.push(...validateLabels(meta.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(meta.annotations, child(path, 'annotations')));
  errs.push(...validateOwnerReferences(meta.ownerReferences, child(path, 'ownerReferences')));
  errs.push(...validateFinalizers(meta.finalizers, child(path, 'finalizers')));
  return errs;
}

/** ValidateObjectMetaUpdate: identity fields are immutable; labels and annotations re-checked. */
export function validateObjectMetaUpdate(
  meta: ObjectMeta,
  old: ObjectMeta,
  path = 'metadata',
): FieldError[] {
  const errs: FieldError[] = [];
  if (old.deletionTimestamp) {
    const extra = (meta.finalizers ?? []).filter((f) => !(old.finalizers ?? []).includes(f));
    if (extra.length)
      errs.push(
        forbidden(
          child(path, 'finalizers'),
          `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice([...new Set(extra)].sort()).go}`,
        ),
      );
  }
  if (!meta.resourceVersion)
    errs.push(invalid(child(path, 'resourceVersion'), '', 'must be specified for an update'));
  if ((meta.generation ?? 0) < (old.generation ?? 0))
    errs.push(invalid(child(path, 'generation'), meta.generation ?? 0, 'must not be decremented'));
  const immutable = (f: keyof ObjectMeta, shown: (v: unknown) => string) => {
    if (!deepEqual(meta[f] ?? '', old[f] ?? ''))
      errs.push(invalid(child(path, f), goText(shown(meta[f])), FIELD_IMMUTABLE));
  };
  immutable('name', (v) => goQuote(str(v)));
  immutable('namespace', (v) => goQuote(str(v)));
  immutable('uid', (v) => goQuote(str(v)));
  immutable('creationTimestamp', (v) => goTime(v));
  immutable('deletionTimestamp', (v) => (v ? goTime(v) : 'null'));
  immutable('deletionGracePeriodSeconds', (v) => (v === undefined ? 'null' : String(v)));
  errs.push(...validateLabels(meta.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(meta.annotations, child(path, 'annotations')));
  errs.push(...validateOwnerReferences(meta.ownerReferences, child(path, 'ownerReferences')));
  return errs;
}

/** metav1.Time prints through its String(): "2024-01-02 03:04:05 +0000 UTC". */
function goTime(v: unknown): string {
  const s = str(v);
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?Z$/.exec(s);
  return m ? `${m[1]} ${m[2]} +0000 UTC` : '0001-01-01 00:00:00 +0000 UTC';
}

/** ValidateLabelSelector (metav1.LabelSelector). */
export function validateLabelSelector(sel: unknown, path: string): FieldError[] {
  if (sel === null || sel === undefined) return [];
  const s = asObj(sel);
  const errs = validateLabels(s.matchLabels as Record<string, string>, child(path, 'matchLabels'));
  asArr(s.matchExpressions).forEach((e, i) => {
    const p = index(child(path, 'matchExpressions'), i);
    const op = str(e.operator);
    const values = asArr<string>(e.values);
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
    } else {
      errs.push(invalid(child(p, 'operator'), op, 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(str(e.key), child(p, 'key')));
    values.forEach((v, j) => {
      for (const m of isValidLabelValue(String(v)))
        errs.push(invalid(index(child(p, 'values'), j), String(v), m));
    });
  });
  return errs;
}

/** True when the selector's matchLabels and matchExpressions have no entries. */
export function selectorIsEmpty(sel: unknown): boolean {
  const s = asObj(sel);
  return Object.keys(asObj(s.matchLabels)).length === 0 && asArr(s.matchExpressions).length === 0;
}

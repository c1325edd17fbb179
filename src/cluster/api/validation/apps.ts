/**
 * apps/v1 validation (pkg/apis/apps/validation/validation.go plus the selector immutability the
 * apps/v1 strategies add): Deployment, ReplicaSet, DaemonSet, StatefulSet, ControllerRevision.
 */
import type { FieldError } from '../errors';
import type { KubeObject } from '../types';
import { labelSelectorFromObject, matchesLabels } from '../selectors';
import {
  asObj,
  child,
  deepEqual,
  forbidden,
  goLabelSelector,
  goText,
  invalid,
  nonNegative,
  notSupported,
  required,
  str,
  validateImmutable,
  type Obj,
} from './field';
import { isValidPercent, nameIsDNSLabel, nameIsDNSSubdomain } from './names';
import {
  selectorIsEmpty,
  validateAnnotations,
  validateLabels,
  validateLabelSelector,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './objectmeta';
import { validatePodTemplateSpec } from './pod';
import { templateLabelsError, validatePVCSpec } from './core';

/** LabelSelectorAsSelector + Matches; a nil selector matches nothing, an invalid one errors. */
export function selectorMatches(
  sel: unknown,
  labels: Record<string, string> | undefined,
): { ok: boolean; matches: boolean; empty: boolean } {
  if (sel === undefined || sel === null) return { ok: true, matches: false, empty: false };
  try {
    const reqs = labelSelectorFromObject(sel as Parameters<typeof labelSelectorFromObject>[0]);
    return { ok: true, matches: matchesLabels(reqs, labels), empty: reqs.length === 0 };
  } catch {
    return { ok: false, matches: false, empty: false };
  }
}

function templateLabels(spec: Obj): Record<string, string> | undefined {
  return asObj(asObj(spec.template).metadata).labels as Record<string, string> | undefined;
}

/** IntOrString percent or integer value, as getIntOrPercentValue. */
function intOrPercentValue(v: unknown): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(str(v));
  return m ? Number(m[1]) : 0;
}

function intOrStringShown(v: unknown) {
  return goText(typeof v === 'number' ? String(v) : str(v));
}

export function validatePositiveIntOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === 'string')
    return isValidPercent(v).map((m) => invalid(path, intOrStringShown(v), m));
  if (typeof v === 'number') return nonNegative(v, path);
  return [];
}

function notMoreThan100Percent(v: unknown, path: string): FieldError[] {
  if (typeof v !== 'string') return [];
  const m = /^(\d+)%$/.exec(v);
  return m && Number(m[1]) > 100
    ? [invalid(path, intOrStringShown(v), 'must not be greater than 100%')]
    : [];
}

/** ValidatePodTemplateSpecForReplicaSet (Deployment and ReplicaSet). */
function validateTemplateForReplicaSet(spec: Obj, path: string, kind: string): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.template === undefined || spec.template === null) return [required(path)];
  const m = selectorMatches(spec.selector, templateLabels(spec));
  if (!m.ok)
    return [
      invalid(
        child(path.replace(/\.template$/, ''), 'selector'),
        goLabelSelector(spec.selector),
        'invalid label selector',
      ),
    ];
  if (!m.empty) errs.push(...templateLabelsError(templateLabels(spec), m.matches, path));
  errs.push(...validatePodTemplateSpec(spec.template, path));
  const tspec = asObj(asObj(spec.template).spec);
  const rp = str(tspec.restartPolicy);
  if (rp !== 'Always')
    errs.push(notSupported(child(path, 'spec', 'restartPolicy'), rp, ['Always']));
  if (tspec.activeDeadlineSeconds !== undefined && tspec.activeDeadlineSeconds !== null)
    errs.push(
      forbidden(
        child(path, 'spec', 'activeDeadlineSeconds'),
        `activeDeadlineSeconds in ${kind} is not Supported`,
      ),
    );
  return errs;
}

function validateSelectorRequired(spec: Obj, path: string, kind: string): FieldError[] {
  if (spec.selector === undefined || spec.selector === null) return [required(path)];
  const errs = validateLabelSelector(spec.selector, path);
  if (selectorIsEmpty(spec.selector))
    errs.push(
      invalid(path, goLabelSelector(spec.selector), `empty selector is invalid for ${kind}`),
    );
  return errs;
}

function selectorImmutable(obj: KubeObject, old: KubeObject): FieldError[] {
  const n = asObj(obj.spec).selector;
  const o = asObj(old.spec).selector;
  return validateImmutable(n, o, 'spec.selector', goLabelSelector(n));
}

// ---- Deployment ----

function validateDeploymentStrategy(strategy: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(strategy.type);
  if (type === 'Recreate') {
    if (strategy.rollingUpdate !== undefined && strategy.rollingUpdate !== null)
      errs.push(
        forbidden(
          child(path, 'rollingUpdate'),
          "may not be specified when strategy `type` is 'Recreate'",
        ),
      );
  } else if (type === 'RollingUpdate') {
    if (!strategy.rollingUpdate)
      errs.push(
        required(child(path, 'rollingUpdate'), 'this should be defaulted and never be nil'),
      );
    else {
      const ru = asObj(strategy.rollingUpdate);
      const p = child(path, 'rollingUpdate');
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, child(p, 'maxUnavailable')));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, child(p, 'maxSurge')));
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0)
        errs.push(
          invalid(
            child(p, 'maxUnavailable'),
            intOrStringShown(ru.maxUnavailable),
            'may not be 0 when `maxSurge` is 0',
          ),
        );
      errs.push(...notMoreThan100Percent(ru.maxUnavailable, child(p, 'maxUnavailable')));
    }
  } else {
    errs.push(
      notSupported(
        path,
        goText(
          `apps.DeploymentStrategy{Type:${JSON.stringify(type)}, RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}`,
        ),
        ['Recreate', 'RollingUpdate'],
      ),
    );
  }
  return errs;
}

export function validateDeployment(d: KubeObject, old?: KubeObject): FieldError[] {
  const errs = old
    ? validateObjectMetaUpdate(d.metadata, old.metadata)
    : validateObjectMeta(d.metadata, true, nameIsDNSSubdomain);
  const spec = asObj(d.spec);
  errs.push(...nonNegative(spec.replicas as number | undefined, 'spec.replicas'));
  errs.push(...validateSelectorRequired(spec, 'spec.selector', 'deployment'));
  errs.push(...validateTemplateForReplicaSet(spec, 'spec.template', 'ReplicaSet'));
  errs.push(...validateDeploymentStrategy(asObj(spec.strategy), 'spec.strategy'));
  errs.push(...nonNegative(spec.minReadySeconds as number | undefined, 'spec.minReadySeconds'));
  if (typeof spec.revisionHistoryLimit === 'number')
    errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (typeof spec.progressDeadlineSeconds === 'number') {
    errs.push(...nonNegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (spec.progressDeadlineSeconds <= Number(spec.minReadySeconds ?? 0))
      errs.push(
        invalid(
          'spec.progressDeadlineSeconds',
          spec.progressDeadlineSeconds,
          'must be greater than minReadySeconds',
        ),
      );
  }
  if (old) errs.push(...selectorImmutable(d, old));
  return errs;
}

// ---- ReplicaSet ----

export function validateReplicaSet(rs: KubeObject, old?: KubeObject): FieldError[] {
  const errs = old
    ? validateObjectMetaUpdate(rs.metadata, old.metadata)
    : validateObjectMeta(rs.metadata, true, nameIsDNSSubdomain);
  const spec = asObj(rs.spec);
  errs.push(...nonNegative(spec.replicas as number | undefined, 'spec.replicas'));
  errs.push(...nonNegative(spec.minReadySeconds as number | undefined, 'spec.minReadySeconds'));
  errs.push(...validateSelectorRequired(spec, 'spec.selector', 'deployment'));
  errs.push(...validateTemplateForReplicaSet(spec, 'spec.template', 'ReplicaSet'));
  if (old) errs.push(...selectorImmutable(rs, old));
  return errs;
}

// ---- DaemonSet ----

function validateDaemonSetUpdateStrategy(strategy: Obj, path: string): FieldError[] {
  const type = str(strategy.type);
  if (type === 'OnDelete') return [];
  if (type === 'RollingUpdate') {
    if (!strategy.rollingUpdate) return [required(child(path, 'rollingUpdate'))];
    const ru = asObj(strategy.rollingUpdate);
    const p = child(path, 'rollingUpdate');
    const errs = [
      ...validatePositiveIntOrPercent(ru.maxUnavailable, child(p, 'maxUnavailable')),
      ...validatePositiveIntOrPercent(ru.maxSurge, child(p, 'maxSurge')),
      ...notMoreThan100Percent(ru.maxUnavailable, child(p, 'maxUnavailable')),
      ...notMoreThan100Percent(ru.maxSurge, child(p, 'maxSurge')),
    ];
    const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
    const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
    if (hasUnavailable && hasSurge)
      errs.push(
        invalid(
          child(p, 'maxSurge'),
          intOrStringShown(ru.maxSurge),
          'may not be set when maxUnavailable is non-zero',
        ),
      );
    else if (!hasUnavailable && !hasSurge)
      errs.push(required(child(p, 'maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
    return errs;
  }
  return [
    notSupported(
      path,
      goText(
        `apps.DaemonSetUpdateStrategy{Type:${JSON.stringify(type)}, RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}`,
      ),
      ['RollingUpdate', 'OnDelete'],
    ),
  ];
}

export function validateDaemonSet(ds: KubeObject, old?: KubeObject): FieldError[] {
  const errs = old
    ? validateObjectMetaUpdate(ds.metadata, old.metadata)
    : validateObjectMeta(ds.metadata, true, nameIsDNSSubdomain);
  const spec = asObj(ds.spec);
  errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const m = selectorMatches(spec.selector, templateLabels(spec));
  if (m.ok && !m.matches)
    errs.push(...templateLabelsError(templateLabels(spec), false, 'spec.template'));
  if (spec.selector && selectorIsEmpty(spec.selector))
    errs.push(
      invalid(
        'spec.selector',
        goLabelSelector(spec.selector),
        'empty selector is invalid for daemonset',
      ),
    );
  errs.push(...validatePodTemplateSpec(spec.template, 'spec.template'));
  const tspec = asObj(asObj(spec.template).spec);
  const rp = str(tspec.restartPolicy);
  if (rp !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  if (tspec.activeDeadlineSeconds !== undefined && tspec.activeDeadlineSeconds !== null)
    errs.push(
      forbidden(
        'spec.template.spec.activeDeadlineSeconds',
        'activeDeadlineSeconds in DaemonSet is not Supported',
      ),
    );
  errs.push(...nonNegative(spec.minReadySeconds as number | undefined, 'spec.minReadySeconds'));
  errs.push(...validateDaemonSetUpdateStrategy(asObj(spec.updateStrategy), 'spec.updateStrategy'));
  if (typeof spec.revisionHistoryLimit === 'number')
    errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (old) errs.push(...selectorImmutable(ds, old));
  return errs;
}

// ---- StatefulSet ----

export const STATEFULSET_UPDATE_FORBIDDEN =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

function validateStatefulSetSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const pmp = str(spec.podManagementPolicy);
  if (!pmp) errs.push(required('spec.podManagementPolicy'));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel')
    errs.push(invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'"));
  const us = asObj(spec.updateStrategy);
  const ut = str(us.type);
  if (!ut) errs.push(required('spec.updateStrategy'));
  else if (ut === 'OnDelete') {
    if (us.rollingUpdate)
      errs.push(
        invalid(
          'spec.updateStrategy.rollingUpdate',
          goText('&apps.RollingUpdateStatefulSetStrategy{...}'),
          "only allowed for updateStrategy 'RollingUpdate'",
        ),
      );
  } else if (ut === 'RollingUpdate') {
    if (us.rollingUpdate) {
      const ru = asObj(us.rollingUpdate);
      errs.push(
        ...nonNegative(
          ru.partition as number | undefined,
          'spec.updateStrategy.rollingUpdate.partition',
        ),
      );
      if (ru.maxUnavailable !== undefined) {
        errs.push(
          ...validatePositiveIntOrPercent(
            ru.maxUnavailable,
            'spec.updateStrategy.rollingUpdate.maxUnavailable',
          ),
        );
        if (intOrPercentValue(ru.maxUnavailable) === 0)
          errs.push(
            invalid(
              'spec.updateStrategy.rollingUpdate.maxUnavailable',
              intOrStringShown(ru.maxUnavailable),
              'cannot be 0',
            ),
          );
        errs.push(
          ...notMoreThan100Percent(
            ru.maxUnavailable,
            'spec.updateStrategy.rollingUpdate.maxUnavailable',
          ),
        );
      }
    }
  } else {
    errs.push(
      invalid(
        'spec.updateStrategy',
        goText(
          `apps.StatefulSetUpdateStrategy{Type:${JSON.stringify(ut)}, RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}`,
        ),
        "must be 'RollingUpdate' or 'OnDelete'",
      ),
    );
  }
  const ret = spec.persistentVolumeClaimRetentionPolicy;
  if (ret) {
    for (const f of ['whenDeleted', 'whenScaled']) {
      const v = str(asObj(ret)[f]);
      if (v !== 'Retain' && v !== 'Delete')
        errs.push(
          notSupported(`spec.persistentVolumeClaimRetentionPolicy.${f}`, v, ['Retain', 'Delete']),
        );
    }
  }
  errs.push(...nonNegative(spec.replicas as number | undefined, 'spec.replicas'));
  errs.push(...nonNegative(spec.minReadySeconds as number | undefined, 'spec.minReadySeconds'));
  const ordinals = spec.ordinals;
  if (ordinals)
    errs.push(...nonNegative(asObj(ordinals).start as number | undefined, 'spec.ordinals.start'));
  errs.push(...validateSelectorRequired(spec, 'spec.selector', 'statefulset'));
  const m = selectorMatches(spec.selector, templateLabels(spec));
  if (!m.ok) errs.push(invalid('spec.selector', goLabelSelector(spec.selector), ''));
  else if (spec.template === undefined || spec.template === null)
    errs.push(required('spec.template'));
  else {
    if (!m.empty)
      errs.push(...templateLabelsError(templateLabels(spec), m.matches, 'spec.template'));
    const meta = asObj(asObj(spec.template).metadata);
    errs.push(...validateLabels(meta.labels as Record<string, string>, 'spec.template.labels'));
    errs.push(
      ...validateAnnotations(
        meta.annotations as Record<string, string>,
        'spec.template.annotations',
      ),
    );
  }
  const tspec = asObj(asObj(spec.template).spec);
  const rp = str(tspec.restartPolicy);
  if (rp !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  if (tspec.activeDeadlineSeconds !== undefined && tspec.activeDeadlineSeconds !== null)
    errs.push(
      forbidden(
        'spec.template.spec.activeDeadlineSeconds',
        'activeDeadlineSeconds in StatefulSet is not Supported',
      ),
    );
  return errs;
}

export function validateStatefulSet(sts: KubeObject, old?: KubeObject): FieldError[] {
  const spec = asObj(sts.spec);
  if (!old) {
    const errs = validateObjectMeta(sts.metadata, true, nameIsDNSLabel);
    errs.push(...validateStatefulSetSpec(spec));
    (Array.isArray(spec.volumeClaimTemplates) ? (spec.volumeClaimTemplates as Obj[]) : []).forEach(
      (t, i) =>
        errs.push(...validatePVCSpec(asObj(t.spec), `spec.volumeClaimTemplates[${i}].spec`)),
    );
    return errs;
  }
  const errs = validateObjectMetaUpdate(sts.metadata, old.metadata);
  errs.push(...validateStatefulSetSpec(spec));
  const clone: Obj = { ...spec };
  const oldSpec = asObj(old.spec);
  for (const f of [
    'replicas',
    'template',
    'updateStrategy',
    'minReadySeconds',
    'ordinals',
    'persistentVolumeClaimRetentionPolicy',
  ])
    clone[f] = oldSpec[f];
  if (!deepEqual(clone, oldSpec)) errs.push(forbidden('spec', STATEFULSET_UPDATE_FORBIDDEN));
  return errs;
}

// ---- ControllerRevision ----

export function validateControllerRevision(cr: KubeObject, old?: KubeObject): FieldError[] {
  const errs = old ? validateObjectMetaUpdate(cr.metadata, old.metadata) : [];
  errs.push(...validateObjectMeta(cr.metadata, true, nameIsDNSSubdomain));
  if (cr.data === undefined || cr.data === null) errs.push(required('data', 'data is mandatory'));
  errs.push(...nonNegative(cr.revision as number | undefined, 'revision'));
  if (old && !deepEqual(cr.data, old.data))
    errs.push(invalid('data', goText('runtime.RawExtension{...}'), 'field is immutable'));
  return errs;
}

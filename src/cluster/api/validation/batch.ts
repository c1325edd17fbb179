/**
 * batch/v1 validation (pkg/apis/batch/validation/validation.go): Job and CronJob.
 */
import type { FieldError } from '../errors';
import type { KubeObject } from '../types';
import {
  asObj,
  child,
  deepEqual,
  goLabelSelector,
  goStringMap,
  goText,
  invalid,
  nonNegative,
  notSupported,
  required,
  str,
  validateImmutable,
  type Obj,
} from './field';
import { isDNS1123Label, nameIsDNSSubdomain } from './names';
import { validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from './objectmeta';
import { validatePodTemplateSpec } from './pod';
import { selectorMatches } from './apps';
import { templateLabelsError } from './core';
import { cronScheduleError, isKnownTimeZone } from './cron';

export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const LEGACY_JOB_NAME_LABEL = 'job-name';

const MAX_PARALLELISM_FOR_INDEXED_JOB = 100000;

/** validateJobSpec: the parts shared by Job and CronJob's jobTemplate. */
function validateJobSpecCommon(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of [
    'parallelism',
    'completions',
    'activeDeadlineSeconds',
    'backoffLimit',
    'ttlSecondsAfterFinished',
  ])
    if (typeof spec[f] === 'number') errs.push(...nonNegative(spec[f] as number, child(path, f)));
  const mode = spec.completionMode;
  if (typeof mode === 'string') {
    if (mode !== 'NonIndexed' && mode !== 'Indexed')
      errs.push(notSupported(child(path, 'completionMode'), mode, ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed') {
      if (spec.completions === undefined || spec.completions === null)
        errs.push(required(child(path, 'completions'), 'when completion mode is Indexed'));
      if (
        typeof spec.parallelism === 'number' &&
        spec.parallelism > MAX_PARALLELISM_FOR_INDEXED_JOB
      )
        errs.push(
          invalid(
            child(path, 'parallelism'),
            spec.parallelism,
            `must be less than or equal to ${MAX_PARALLELISM_FOR_INDEXED_JOB} when completion mode is Indexed`,
          ),
        );
    }
  }
  const prp = spec.podReplacementPolicy;
  if (typeof prp === 'string') {
    if (prp !== 'TerminatingOrFailed' && prp !== 'Failed')
      errs.push(
        notSupported(child(path, 'podReplacementPolicy'), prp, ['Failed', 'TerminatingOrFailed']),
      );
    else if (spec.podFailurePolicy && prp !== 'Failed')
      errs.push(notSupported(child(path, 'podReplacementPolicy'), prp, ['Failed']));
  }
  errs.push(...validatePodTemplateSpec(spec.template, child(path, 'template')));
  const rp = str(asObj(asObj(spec.template).spec).restartPolicy);
  const rpPath = child(path, 'template', 'spec', 'restartPolicy');
  if (rp === 'Always' || rp === '')
    errs.push(required(rpPath, 'valid values: "OnFailure", "Never"'));
  else if (rp !== 'OnFailure' && rp !== 'Never')
    errs.push(notSupported(rpPath, rp, ['OnFailure', 'Never']));
  else if (spec.podFailurePolicy && rp !== 'Never')
    errs.push(invalid(rpPath, rp, 'only "Never" is supported when podFailurePolicy is specified'));
  return errs;
}

function templateLabelsOf(spec: Obj): Record<string, string> | undefined {
  return asObj(asObj(spec.template).metadata).labels as Record<string, string> | undefined;
}

function validateJobSpec(spec: Obj, path: string): FieldError[] {
  const errs = validateJobSpecCommon(spec, path);
  if (spec.selector === undefined || spec.selector === null)
    errs.push(required(child(path, 'selector')));
  else errs.push(...validateLabelSelector(spec.selector, child(path, 'selector')));
  const m = selectorMatches(spec.selector, templateLabelsOf(spec));
  if (m.ok && !m.matches && !m.empty)
    errs.push(...templateLabelsError(templateLabelsOf(spec), false, child(path, 'template')));
  return errs;
}

/** ValidateHasLabel: a generated label must be present with its expected value. */
function validateHasLabel(
  labels: Record<string, string> | undefined,
  key: string,
  expected: string,
): FieldError[] {
  const p = `spec.template.metadata.labels[${key}]`;
  const actual = labels?.[key];
  if (actual === undefined) return [required(p, expected)];
  return actual !== expected ? [invalid(p, goStringMap(labels), `must be '${expected}'`)] : [];
}

function validateGeneratedSelector(job: KubeObject): FieldError[] {
  const spec = asObj(job.spec);
  if (spec.manualSelector === true) return [];
  if (spec.selector === undefined || spec.selector === null) return [];
  const errs: FieldError[] = [];
  const uid = str(job.metadata.uid);
  const name = str(job.metadata.name);
  if (!uid) errs.push(required('metadata.uid'));
  const labels = templateLabelsOf(spec);
  errs.push(...validateHasLabel(labels, LEGACY_CONTROLLER_UID_LABEL, uid));
  errs.push(...validateHasLabel(labels, LEGACY_JOB_NAME_LABEL, name));
  errs.push(...validateHasLabel(labels, CONTROLLER_UID_LABEL, uid));
  errs.push(...validateHasLabel(labels, JOB_NAME_LABEL, name));
  const expected = {
    [CONTROLLER_UID_LABEL]: uid,
    [JOB_NAME_LABEL]: name,
    [LEGACY_CONTROLLER_UID_LABEL]: uid,
    [LEGACY_JOB_NAME_LABEL]: name,
  };
  const m = selectorMatches(spec.selector, expected);
  if (m.ok && !m.matches)
    errs.push(
      invalid('spec.selector', goLabelSelector(spec.selector), '`selector` not auto-generated'),
    );
  return errs;
}

export function validateJob(job: KubeObject, old?: KubeObject): FieldError[] {
  const errs = validateObjectMeta(job.metadata, true, nameIsDNSSubdomain);
  errs.push(...validateGeneratedSelector(job));
  const spec = asObj(job.spec);
  errs.push(...validateJobSpec(spec, 'spec'));
  if (
    spec.completionMode === 'Indexed' &&
    typeof spec.completions === 'number' &&
    spec.completions > 0
  ) {
    const host = `${str(job.metadata.name)}-${spec.completions - 1}`;
    if (isDNS1123Label(host).length)
      errs.push(
        invalid(
          'metadata.name',
          str(job.metadata.name),
          `will not able to create pod with invalid DNS label: ${host}`,
        ),
      );
  }
  if (!old) return errs;
  const oldSpec = asObj(old.spec);
  errs.push(...validateObjectMetaUpdate(job.metadata, old.metadata));
  errs.push(...validateJobSpec(spec, 'spec'));
  if (spec.completionMode === 'Indexed' && !deepEqual(spec.completions, oldSpec.completions)) {
    if (typeof spec.completions === 'number' && spec.completions !== spec.parallelism)
      errs.push(
        invalid(
          'spec.completions',
          spec.completions,
          'can only be modified in tandem with spec.parallelism',
        ),
      );
  } else {
    errs.push(
      ...validateImmutable(
        spec.completions,
        oldSpec.completions,
        'spec.completions',
        (spec.completions as number) ?? null,
      ),
    );
  }
  errs.push(
    ...validateImmutable(
      spec.selector,
      oldSpec.selector,
      'spec.selector',
      goLabelSelector(spec.selector),
    ),
  );
  // A suspended Job that never started may change its scheduling directives.
  const tmpl: Obj = JSON.parse(JSON.stringify(asObj(spec.template)));
  const oldTmpl: Obj = JSON.parse(JSON.stringify(asObj(oldSpec.template)));
  const neverStarted = !asObj(old.status).startTime;
  if (oldSpec.suspend === true && neverStarted) {
    const ts = asObj(tmpl.spec);
    const os = asObj(oldTmpl.spec);
    for (const f of ['nodeSelector', 'tolerations', 'affinity', 'schedulingGates']) os[f] = ts[f];
    oldTmpl.spec = os;
    const om = asObj(oldTmpl.metadata);
    const tm = asObj(tmpl.metadata);
    om.labels = tm.labels;
    om.annotations = tm.annotations;
    oldTmpl.metadata = om;
  }
  if (!deepEqual(tmpl, oldTmpl))
    errs.push(invalid('spec.template', goText('core.PodTemplateSpec{...}'), 'field is immutable'));
  errs.push(
    ...validateImmutable(
      spec.completionMode,
      oldSpec.completionMode,
      'spec.completionMode',
      str(spec.completionMode),
    ),
  );
  if (!deepEqual(spec.podFailurePolicy, oldSpec.podFailurePolicy))
    errs.push(
      invalid('spec.podFailurePolicy', goText('batch.PodFailurePolicy{...}'), 'field is immutable'),
    );
  return errs;
}

// ---- CronJob ----

function validateScheduleFormat(
  schedule: string,
  allowTZ: boolean,
  timeZone: unknown,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const err = cronScheduleError(schedule);
  if (err) errs.push(invalid(path, schedule, err));
  if (allowTZ && schedule.includes('TZ') && timeZone !== undefined && timeZone !== null)
    errs.push(
      invalid(path, schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'),
    );
  else if (!allowTZ && schedule.includes('TZ'))
    errs.push(
      invalid(path, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'),
    );
  return errs;
}

function validateTimeZone(tz: unknown, path: string): FieldError[] {
  if (tz === undefined || tz === null) return [];
  const s = str(tz);
  const errs: FieldError[] = [];
  if (s.length === 0) errs.push(invalid(path, s, 'timeZone must be nil or non-empty string'));
  else if (s.toLowerCase() === 'local')
    errs.push(
      invalid(
        path,
        s,
        'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
      ),
    );
  else if (!isKnownTimeZone(s)) errs.push(invalid(path, s, `unknown time zone ${s}`));
  return errs;
}

function validateCronJobSpec(spec: Obj, oldSpec: Obj | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const schedule = str(spec.schedule);
  if (!schedule) errs.push(required('spec.schedule'));
  else
    errs.push(
      ...validateScheduleFormat(
        schedule,
        !!oldSpec && str(oldSpec.schedule).includes('TZ'),
        spec.timeZone,
        'spec.schedule',
      ),
    );
  if (typeof spec.startingDeadlineSeconds === 'number')
    errs.push(...nonNegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  if (!oldSpec || oldSpec.timeZone !== spec.timeZone)
    errs.push(...validateTimeZone(spec.timeZone, 'spec.timeZone'));
  const cp = str(spec.concurrencyPolicy);
  if (!cp) errs.push(required('spec.concurrencyPolicy'));
  else if (!['Allow', 'Forbid', 'Replace'].includes(cp))
    errs.push(notSupported('spec.concurrencyPolicy', cp, ['Allow', 'Forbid', 'Replace']));
  const jt = asObj(asObj(spec.jobTemplate).spec);
  errs.push(...validateJobSpecCommon(jt, 'spec.jobTemplate.spec'));
  if (jt.selector !== undefined && jt.selector !== null)
    errs.push(
      invalid(
        'spec.jobTemplate.spec.selector',
        goLabelSelector(jt.selector),
        '`selector` will be auto-generated',
      ),
    );
  if (jt.manualSelector === true)
    errs.push(notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  for (const f of ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit'])
    if (typeof spec[f] === 'number') errs.push(...nonNegative(spec[f] as number, `spec.${f}`));
  return errs;
}

export function validateCronJob(cj: KubeObject, old?: KubeObject): FieldError[] {
  if (old) {
    const errs = validateObjectMetaUpdate(cj.metadata, old.metadata);
    errs.push(...validateCronJobSpec(asObj(cj.spec), asObj(old.spec)));
    return errs;
  }
  const errs = validateObjectMeta(cj.metadata, true, nameIsDNSSubdomain);
  errs.push(...validateCronJobSpec(asObj(cj.spec), undefined));
  const name = str(cj.metadata.name);
  if (name.length > 52)
    errs.push(invalid('metadata.name', name, 'must be no more than 52 characters'));
  return errs;
}

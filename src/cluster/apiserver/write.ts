/**
 * The write paths of the generic registry (k8s.io/apiserver/pkg/registry/generic/registry):
 * create, update and delete, with defaulting, admission, validation, generation, graceful
 * deletion and finalizers, as a v1.32 API server runs them.
 */
import { applyDefaults, generateJobSelector } from '../api/defaults';
import {
  alreadyExists,
  badRequest,
  conflict,
  invalid,
  isApiError,
  notFound,
  STALE_OBJECT_MESSAGE,
} from '../api/errors';
import type { ResourceType } from '../api/registry';
import { apiVersionOf } from '../api/registry';
import { unknownFields } from '../api/schema';
import type { KubeObject } from '../api/types';
import { pruneCustomFields, secretDecodeError, validateObject } from '../api/validation';
import type { AdmissionAttributes } from './admission/types';
import type { ServerContext } from './context';
import { gkOf, grOf } from './context';
import { clone, jsonResponse, query } from './request';
import { allocateService, releaseService } from './services';
import { prepareForCreate, prepareForStatusUpdate, prepareForUpdate } from './strategy';
import type { ApiRequest, ApiResponse } from './types';
import { asVersion } from './read';
import { toStorage } from './conversion';

/**
 * The objects the write paths store are built fresh for the write (a copy of the request, or
 * the stored object spread with new parts): the store adopts them rather than copying again.
 */
const ADOPT = { adopt: true };

export interface WriteOptions {
  dryRun: boolean;
  fieldValidation: 'Strict' | 'Warn' | 'Ignore';
}

export function writeOptions(req: ApiRequest): WriteOptions {
  const fv = query(req, 'fieldValidation');
  const dryRun = query(req, 'dryRun');
  if (dryRun !== undefined && dryRun !== 'All' && dryRun !== '') {
    throw badRequest(`Invalid dry run value: ${dryRun}: dryRun must be 'All' or empty`);
  }
  return {
    dryRun: dryRun === 'All',
    fieldValidation: fv === 'Strict' || fv === 'Ignore' ? fv : 'Warn',
  };
}

/** Checks the body is an object of this kind and version, as the decoder does. */
export function checkBodyKind(
  rt: ResourceType,
  body: unknown,
  allowKinds: string[] = [],
): KubeObject {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(body ?? null)}'`);
  }
  const obj = body as KubeObject;
  if (!obj.kind) throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(body)}'`);
  const expected = apiVersionOf(rt);
  if (obj.kind !== rt.kind && !allowKinds.includes(obj.kind)) {
    throw badRequest(
      `${obj.kind} in version "${rt.version}" cannot be handled as a ${rt.kind}: no kind "${obj.kind}" is registered for version "${expected}" in scheme "pkg/api/legacyscheme/scheme.go:30"`,
    );
  }
  if (
    obj.apiVersion !== undefined &&
    obj.apiVersion !== expected &&
    !allowKinds.includes(obj.kind)
  ) {
    throw badRequest(
      `the API version in the data (${obj.apiVersion}) does not match the expected API version (${expected})`,
    );
  }
  return obj;
}

/**
 * Strict / Warn field validation; returns the warnings to send. A custom resource then loses
 * the fields its schema does not declare, as upstream prunes them.
 */
export function fieldValidation(
  rt: ResourceType,
  obj: KubeObject,
  opts: WriteOptions,
  rawJson?: string,
): string[] {
  const warnings = unknownFieldWarnings(rt, obj, opts, rawJson);
  if (rt.custom) pruneCustomFields(obj);
  return warnings;
}

function unknownFieldWarnings(
  rt: ResourceType,
  obj: KubeObject,
  opts: WriteOptions,
  rawJson?: string,
): string[] {
  if (opts.fieldValidation === 'Ignore') return [];
  const unknown = unknownFields(apiVersionOf(rt), rt.kind, obj, rawJson);
  if (!unknown.length) return [];
  if (opts.fieldValidation === 'Strict') {
    throw badRequest(
      `${rt.kind} in version "${rt.version}" cannot be handled as a ${rt.kind}: strict decoding error: ${unknown.join(', ')}`,
    );
  }
  return unknown;
}

/** The request's JSON text, when it came as text, for duplicate-field detection. */
function rawJsonOf(req: ApiRequest): string | undefined {
  const ct = req.headers?.['content-type'] ?? '';
  return typeof req.body === 'string' && !/yaml|protobuf/.test(ct) ? req.body : undefined;
}

function warningHeaders(warnings: string[]): Record<string, string> {
  if (!warnings.length) return {};
  return { warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}

function runAdmission(ctx: ServerContext, attrs: AdmissionAttributes): void {
  const actx = { store: ctx.store, random: ctx.random };
  for (const p of ctx.admission) p.admit?.(attrs, actx);
}

function runValidatingAdmission(ctx: ServerContext, attrs: AdmissionAttributes): void {
  const actx = { store: ctx.store, random: ctx.random };
  for (const p of ctx.admission) p.validate?.(attrs, actx);
}

function setNamespace(rt: ResourceType, obj: KubeObject, ns: string | undefined): void {
  if (rt.namespaced) {
    if (obj.metadata.namespace && ns !== undefined && obj.metadata.namespace !== ns) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    obj.metadata.namespace = ns ?? obj.metadata.namespace ?? 'default';
  } else {
    delete obj.metadata.namespace;
  }
}

function decodeSecret(rt: ResourceType, obj: KubeObject): void {
  if (rt.key !== 'secrets') return;
  const err = secretDecodeError(obj);
  if (err) throw badRequest(err);
}

/** POST to a collection. */
/**
 * ObjectMeta's lists and maps are `omitempty` in Go: a patch that removes the last owner
 * reference, finalizer, label or annotation leaves the field absent, not empty.
 */
function dropEmptyMeta(obj: KubeObject): void {
  const meta = obj.metadata as Record<string, unknown>;
  for (const k of ['ownerReferences', 'finalizers', 'labels', 'annotations']) {
    const v = meta[k];
    if (v === null) delete meta[k];
    else if (
      Array.isArray(v) ? v.length === 0 : typeof v === 'object' && v && !Object.keys(v).length
    )
      delete meta[k];
  }
}

export function handleCreate(
  ctx: ServerContext,
  rt: ResourceType,
  ns: string | undefined,
  body: unknown,
  req: ApiRequest,
): ApiResponse {
  const opts = writeOptions(req);
  const obj = clone(checkBodyKind(rt, body));
  obj.apiVersion = apiVersionOf(rt);
  obj.metadata ??= {};
  const warnings = fieldValidation(rt, obj, opts, rawJsonOf(req));
  decodeSecret(rt, obj);
  setNamespace(rt, obj, ns);
  const meta = obj.metadata;
  if (meta.resourceVersion)
    throw badRequest('resourceVersion should not be set on objects to be created');
  if (!meta.name && meta.generateName) {
    meta.name = meta.generateName.slice(0, 58) + ctx.random.suffix(5);
  }
  meta.uid = ctx.random.uuid();
  meta.creationTimestamp = ctx.clock.timestamp();
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.generation;
  delete meta.selfLink;
  prepareForCreate(rt, obj, meta.creationTimestamp);
  applyDefaults(rt, obj);
  dropEmptyMeta(obj);
  if (rt.key === 'jobs.batch') generateJobSelector(obj, meta.uid);
  const attrs: AdmissionAttributes = {
    operation: 'CREATE',
    rt,
    namespace: meta.namespace ?? '',
    name: meta.name ?? '',
    object: obj,
    dryRun: opts.dryRun,
  };
  runAdmission(ctx, attrs);
  const errs = validateObject(rt, obj);
  if (errs.length) throw invalid(gkOf(rt), meta.name ?? '', errs);
  runValidatingAdmission(ctx, attrs);
  let rollback = () => {};
  if (rt.key === 'services') {
    const alloc = allocateService(obj, undefined, ctx.ips, ctx.ports);
    if (alloc.errors.length) throw invalid(gkOf(rt), meta.name!, alloc.errors);
    rollback = alloc.rollback;
  }
  if (opts.dryRun) {
    rollback();
    return jsonResponse(201, obj, warningHeaders(warnings));
  }
  try {
    const stored = asRequested(rt, meta.name!, () =>
      ctx.store.create(rt.key, toStorage(rt, obj), ADOPT),
    );
    return jsonResponse(201, asVersion(rt, stored), warningHeaders(warnings));
  } catch (e) {
    rollback();
    throw e;
  }
}

/**
 * Replaces a stored object (PUT, and the tail of PATCH). `subresource` is 'status' for the
 * status subresource, undefined for the main resource. An object that is being deleted and has
 * no finalizers left is removed.
 */
export function updateObject(
  ctx: ServerContext,
  rt: ResourceType,
  ns: string,
  name: string,
  incoming: KubeObject,
  opts: WriteOptions,
  subresource?: string,
): { object: KubeObject; warnings: string[]; status: number } {
  const stored0 = ctx.store.get(rt.key, ns, name);
  if (!stored0) throw notFound(grOf(rt), name);
  // Compared and validated in the version the request speaks; stored in storage's shape.
  const old = asVersion(rt, stored0);
  // A status update keeps only the request's status (prepareForStatusUpdate copies it): the rest
  // of the body needs no deep copy.
  let obj: KubeObject =
    subresource === 'status'
      ? { ...incoming, metadata: { ...incoming.metadata } }
      : clone(incoming);
  obj.metadata ??= {};
  obj.apiVersion = apiVersionOf(rt);
  if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
    throw badRequest(
      `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`,
    );
  }
  const warnings = subresource ? [] : fieldValidation(rt, obj, opts);
  decodeSecret(rt, obj);
  setNamespace(rt, obj, rt.namespaced ? ns : undefined);
  obj.metadata.name = name;
  const rv = obj.metadata.resourceVersion;
  if (rv && rv !== old.metadata.resourceVersion)
    throw conflict(grOf(rt), name, STALE_OBJECT_MESSAGE);
  if (obj.metadata.uid && obj.metadata.uid !== old.metadata.uid) {
    throw conflict(
      grOf(rt),
      name,
      `Precondition failed: UID in precondition: ${obj.metadata.uid}, UID in object meta: ${old.metadata.uid}`,
    );
  }
  if (subresource === 'status') {
    obj = prepareForStatusUpdate(obj, old);
  } else {
    // System fields come from storage, whatever the request says.
    obj.metadata.uid = old.metadata.uid;
    obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
    if (old.metadata.deletionTimestamp) {
      obj.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
      obj.metadata.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    } else {
      delete obj.metadata.deletionTimestamp;
      delete obj.metadata.deletionGracePeriodSeconds;
    }
    prepareForUpdate(rt, obj, old);
    applyDefaults(rt, obj);
    dropEmptyMeta(obj);
  }
  obj.metadata.resourceVersion = old.metadata.resourceVersion;
  const attrs: AdmissionAttributes = {
    operation: 'UPDATE',
    rt,
    subresource,
    namespace: ns,
    name,
    object: obj,
    old,
    dryRun: opts.dryRun,
  };
  runAdmission(ctx, attrs);
  const errs = validateObject(rt, obj, old);
  if (errs.length) throw invalid(gkOf(rt), name, errs);
  runValidatingAdmission(ctx, attrs);
  let commit = () => {};
  let rollback = () => {};
  if (rt.key === 'services' && !subresource) {
    const alloc = allocateService(obj, old, ctx.ips, ctx.ports);
    if (alloc.errors.length) throw invalid(gkOf(rt), name, alloc.errors);
    commit = alloc.commit;
    rollback = alloc.rollback;
  }
  if (opts.dryRun) {
    rollback();
    return { object: obj, warnings, status: 200 };
  }
  if (readyToRemove(rt, obj)) {
    const removed = ctx.store.delete(rt.key, ns, name);
    afterDelete(ctx, rt, removed);
    return { object: removed, warnings, status: 200 };
  }
  if (sameObject(obj, old)) {
    // Nothing changed: no write, no new resourceVersion (etcd3's GuaranteedUpdate).
    rollback();
    return { object: asVersion(rt, old), warnings, status: 200 };
  }
  try {
    const stored = asRequested(rt, name, () => ctx.store.update(rt.key, toStorage(rt, obj), ADOPT));
    commit();
    return { object: asVersion(rt, stored), warnings, status: 200 };
  } catch (e) {
    rollback();
    throw e;
  }
}

export function handleUpdate(
  ctx: ServerContext,
  rt: ResourceType,
  ns: string,
  name: string,
  body: unknown,
  req: ApiRequest,
  subresource?: string,
): ApiResponse {
  const opts = writeOptions(req);
  const incoming = checkBodyKind(rt, body);
  const r = updateObject(ctx, rt, ns, name, incoming, opts, subresource);
  return jsonResponse(r.status, r.object, warningHeaders(r.warnings));
}

/**
 * Store errors name the storage key ("events"); the API names the resource the request used
 * ("events.events.k8s.io"), as upstream's registry does.
 */
function asRequested<T>(rt: ResourceType, name: string, write: () => T): T {
  try {
    return write();
  } catch (e) {
    if (!isApiError(e) || (e.status.details?.group ?? '') === rt.group) throw e;
    if (e.reason === 'AlreadyExists') throw alreadyExists(grOf(rt), name);
    if (e.reason === 'Conflict') throw conflict(grOf(rt), name, STALE_OBJECT_MESSAGE);
    throw e;
  }
}

/** A value as it serialises inside an array: undefined and functions become null. */
function inArray(v: unknown): unknown {
  return v === undefined || typeof v === 'function' ? null : v;
}

/**
 * Whether two JSON values serialise alike, key order aside. Subtrees shared by reference (the
 * frozen parts an update keeps from the stored object) are not walked.
 */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object')
    return JSON.stringify(a) === JSON.stringify(b);
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  if (typeof x.toJSON === 'function' || typeof y.toJSON === 'function')
    return JSON.stringify(a) === JSON.stringify(b);
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  if (Array.isArray(x)) {
    const ys = y as unknown as unknown[];
    if (x.length !== ys.length) return false;
    for (let i = 0; i < x.length; i++) if (!jsonEqual(inArray(x[i]), inArray(ys[i]))) return false;
    return true;
  }
  let n = 0;
  for (const k in x) {
    const v = x[k];
    if (v === undefined || typeof v === 'function' || !Object.hasOwn(x, k)) continue;
    n++;
    if (!Object.hasOwn(y, k) || !jsonEqual(v, y[k])) return false;
  }
  for (const k in y) {
    const v = y[k];
    if (v !== undefined && typeof v !== 'function' && Object.hasOwn(y, k)) n--;
  }
  return n === 0;
}

function sameObject(a: KubeObject, b: KubeObject): boolean {
  return jsonEqual(a, b);
}

/** True when an object marked for deletion has nothing left holding it. */
function readyToRemove(rt: ResourceType, obj: KubeObject): boolean {
  if (!obj.metadata.deletionTimestamp) return false;
  if (obj.metadata.finalizers?.length) return false;
  if (rt.key === 'namespaces') {
    return !(obj.spec as { finalizers?: string[] } | undefined)?.finalizers?.length;
  }
  if (rt.key === 'pods') {
    // A pod being deleted gracefully goes when its kubelet confirms (grace period 0).
    return (
      obj.metadata.deletionGracePeriodSeconds === 0 ||
      !(obj.spec as { nodeName?: string })?.nodeName
    );
  }
  return true;
}

/** What the registry does once an object is gone: give back its addresses and ports. */
export function afterDelete(ctx: ServerContext, rt: ResourceType, obj: KubeObject): void {
  if (rt.key === 'services') releaseService(obj, ctx.ips, ctx.ports);
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

export function deleteOptions(req: ApiRequest, body: unknown): DeleteOptions {
  const o: DeleteOptions = body && typeof body === 'object' ? clone(body as DeleteOptions) : {};
  const gp = query(req, 'gracePeriodSeconds');
  if (gp !== undefined) o.gracePeriodSeconds = Number(gp);
  const pp = query(req, 'propagationPolicy');
  if (pp) o.propagationPolicy = pp as DeleteOptions['propagationPolicy'];
  const od = query(req, 'orphanDependents');
  if (od !== undefined) o.orphanDependents = od === 'true';
  const dr = query(req, 'dryRun');
  if (dr) o.dryRun = [dr];
  const pol = o.propagationPolicy;
  if (pol && !['Orphan', 'Background', 'Foreground'].includes(pol)) {
    throw invalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', [
      {
        type: 'FieldValueNotSupported',
        field: 'propagationPolicy',
        message: `Unsupported value: "${pol}": supported values: "Foreground", "Background", "Orphan", "nil"`,
      },
    ]);
  }
  return o;
}

interface PodLike {
  spec?: { nodeName?: string; terminationGracePeriodSeconds?: number };
  status?: { phase?: string };
}

/** How long a pod's kubelet gets to stop it; 0 means it is removed at once. */
function podGracePeriod(pod: KubeObject, opts: DeleteOptions): number {
  const p = pod as unknown as PodLike;
  if (!p.spec?.nodeName) return 0;
  if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') return 0;
  const grace = opts.gracePeriodSeconds ?? p.spec.terminationGracePeriodSeconds ?? 30;
  return Math.max(0, grace);
}

/** DELETE of one object. Returns the response upstream gives: the object or a Success Status. */
export function deleteObject(
  ctx: ServerContext,
  rt: ResourceType,
  ns: string,
  name: string,
  opts: DeleteOptions,
): { status: number; body: unknown } {
  const current = ctx.store.get(rt.key, ns, name);
  if (!current) throw notFound(grOf(rt), name);
  const pre = opts.preconditions;
  if (pre?.uid && pre.uid !== current.metadata.uid) {
    throw conflict(
      grOf(rt),
      name,
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`,
    );
  }
  if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
    throw conflict(
      grOf(rt),
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
    );
  }
  const dryRun = !!opts.dryRun?.includes('All');
  const attrs: AdmissionAttributes = {
    operation: 'DELETE',
    rt,
    namespace: ns,
    name,
    object: current,
    dryRun,
  };
  runAdmission(ctx, attrs);
  runValidatingAdmission(ctx, attrs);

  const obj = clone(current);
  const meta = obj.metadata;
  const finalizers = [...(meta.finalizers ?? [])];
  const policy = opts.propagationPolicy ?? (opts.orphanDependents ? 'Orphan' : undefined);
  const dependents = ctx.store.dependents(meta.uid!).length > 0;
  if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) {
    finalizers.push('foregroundDeletion');
  }
  if (policy === 'Orphan' && dependents && !finalizers.includes('orphan'))
    finalizers.push('orphan');
  if (policy === 'Orphan' && !dependents && finalizers.includes('orphan')) {
    finalizers.splice(finalizers.indexOf('orphan'), 1);
  }

  let graceful = false;
  if (rt.key === 'pods') {
    const grace = podGracePeriod(obj, opts);
    if (grace > 0) {
      graceful = true;
      const prior = meta.deletionGracePeriodSeconds;
      if (prior === undefined || grace < prior) {
        meta.deletionGracePeriodSeconds = grace;
        meta.deletionTimestamp = new Date(ctx.clock.now() + grace * 1000)
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z');
      }
    } else if (meta.deletionTimestamp) {
      meta.deletionGracePeriodSeconds = 0;
    }
  }
  const namespaceFinalizers =
    rt.key === 'namespaces' ? ((obj.spec as { finalizers?: string[] })?.finalizers ?? []) : [];

  if (graceful || finalizers.length || namespaceFinalizers.length) {
    if (!meta.deletionTimestamp) {
      meta.deletionTimestamp = ctx.clock.timestamp();
      meta.deletionGracePeriodSeconds ??= 0;
    }
    if (finalizers.length) meta.finalizers = finalizers;
    if (rt.key === 'namespaces') (obj.status as { phase?: string }).phase = 'Terminating';
    if (dryRun) return { status: 200, body: obj };
    const unchanged = JSON.stringify(obj) === JSON.stringify(current);
    const stored = unchanged ? current : ctx.store.update(rt.key, obj);
    const status = opts.orphanDependents === false || policy === 'Foreground' ? 202 : 200;
    return { status, body: asVersion(rt, stored) };
  }
  if (dryRun) return { status: 200, body: obj };
  const removed = ctx.store.delete(rt.key, ns, name);
  afterDelete(ctx, rt, removed);
  if (rt.key === 'pods') return { status: 200, body: asVersion(rt, removed) };
  return {
    status: 200,
    body: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name, group: rt.group || undefined, kind: rt.plural, uid: removed.metadata.uid },
    },
  };
}

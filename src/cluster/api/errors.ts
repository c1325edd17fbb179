/**
 * metav1.Status errors with upstream's reasons, codes and message wording
 * (k8s.io/apimachinery/pkg/api/errors). Every layer throws ApiError; the API server turns it into
 * a Status response, and kubectl prints `Error from server (Reason): message`.
 */

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'UnsupportedMediaType'
  | 'Gone'
  | 'Expired'
  | 'Forbidden'
  | 'Unauthorized'
  | 'InternalError'
  | 'Timeout'
  | 'TooManyRequests'
  | 'RequestEntityTooLarge'
  | 'ServiceUnavailable';

/** metav1.StatusCause; `type` is a FieldValueXxx cause type such as "FieldValueRequired". */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** metav1.Status as returned by the API server. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: StatusReason | '';
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: StatusCause[];
    retryAfterSeconds?: number;
  };
  code: number;
}

export class ApiError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? status.reason ?? 'error');
    this.name = 'ApiError';
  }
  get code(): number {
    return this.status.code;
  }
  get reason(): StatusReason | '' {
    return this.status.reason ?? '';
  }
}

/** A group and resource, printed as upstream's GroupResource.String(): "pods", "deployments.apps". */
export interface GroupResource {
  group: string;
  resource: string;
}

export function groupResourceString(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

/** A group and kind, printed as upstream's GroupKind.String(): "Pod", "Deployment.apps". */
export interface GroupKind {
  group: string;
  kind: string;
}

export function groupKindString(gk: GroupKind): string {
  return gk.group ? `${gk.kind}.${gk.group}` : gk.kind;
}

function failure(
  code: number,
  reason: StatusReason | '',
  message: string,
  details?: Status['details'],
): ApiError {
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
  if (details) status.details = details;
  return new ApiError(status);
}

export function notFound(gr: GroupResource, name: string): ApiError {
  return failure(404, 'NotFound', `${groupResourceString(gr)} "${name}" not found`, {
    name,
    group: gr.group || undefined,
    kind: gr.resource,
  });
}

export function alreadyExists(gr: GroupResource, name: string): ApiError {
  return failure(409, 'AlreadyExists', `${groupResourceString(gr)} "${name}" already exists`, {
    name,
    group: gr.group || undefined,
    kind: gr.resource,
  });
}

/** The optimistic-concurrency conflict of a stale resourceVersion. */
export function conflict(gr: GroupResource, name: string, detail: string): ApiError {
  return failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${groupResourceString(gr)} "${name}": ${detail}`,
    { name, group: gr.group || undefined, kind: gr.resource },
  );
}

export const STALE_OBJECT_MESSAGE =
  'the object has been modified; please apply your changes to the latest version and try again';

/** One field error, as upstream's field.Error. */
export interface FieldError {
  /** FieldValueRequired, FieldValueInvalid, FieldValueNotSupported, FieldValueForbidden, ... */
  type:
    | 'FieldValueRequired'
    | 'FieldValueInvalid'
    | 'FieldValueNotSupported'
    | 'FieldValueForbidden'
    | 'FieldValueDuplicate'
    | 'FieldValueTooLong'
    | 'FieldValueTooMany'
    | 'FieldValueTypeInvalid'
    | 'InternalError';
  /** Dotted path with indexes: "spec.template.spec.containers[0].image". */
  field: string;
  /** The whole rendered detail as upstream's field.Error.Error() prints it, after "field: ". */
  message: string;
}

/** 422 Invalid with upstream's aggregate message: `Kind.group "name" is invalid: [a, b]`. */
export function invalid(gk: GroupKind, name: string, errs: FieldError[]): ApiError {
  const parts = errs.map((e) => `${e.field}: ${e.message}`);
  const joined = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  return failure(422, 'Invalid', `${groupKindString(gk)} "${name}" is invalid: ${joined}`, {
    name,
    group: gk.group || undefined,
    kind: gk.kind,
    causes: errs.map((e) => ({ reason: e.type, message: e.message, field: e.field })),
  });
}

export function badRequest(message: string): ApiError {
  return failure(400, 'BadRequest', message);
}

export function methodNotAllowed(message: string): ApiError {
  return failure(405, 'MethodNotAllowed', message);
}

export function notAcceptable(message: string): ApiError {
  return failure(406, 'NotAcceptable', message);
}

/** 415 for a PATCH whose Content-Type is none of the patch types this resource accepts. */
export function unsupportedMediaType(accepted: string[]): ApiError {
  return failure(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );
}

/** 410 Gone / Expired, as etcd compaction surfaces through a watch or list. */
export function gone(message: string): ApiError {
  return failure(410, 'Expired', message);
}

export function forbidden(gr: GroupResource, name: string, reason: string): ApiError {
  const what = name ? `${groupResourceString(gr)} "${name}"` : groupResourceString(gr);
  return failure(403, 'Forbidden', `${what} is forbidden: ${reason}`, {
    name: name || undefined,
    group: gr.group || undefined,
    kind: gr.resource,
  });
}

export function internalError(message: string): ApiError {
  return failure(500, 'InternalError', `Internal error occurred: ${message}`);
}

/** A 404 for a path the server does not serve at all (no details, empty reason upstream). */
export function pathNotFound(): ApiError {
  return failure(404, 'NotFound', 'the server could not find the requested resource');
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/**
 * The `paths` of a group-version's OpenAPI v3 document, shaped as upstream's: one path per
 * collection, object and subresource, each operation with its operationId, parameters,
 * responses, `x-kubernetes-action` and `x-kubernetes-group-version-kind`. kubectl reads the PATCH
 * operations' parameters to learn that the server supports `fieldValidation`.
 */
import type { ResourceType, Verb } from '../registry';
import { REF_PREFIX } from './definitions';

type Json = Record<string, unknown>;

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

function q(name: string, type: 'string' | 'boolean' | 'integer', description: string): Json {
  return { description, in: 'query', name, schema: { type, uniqueItems: true } };
}

const P = {
  pretty: q(
    'pretty',
    'string',
    "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent indicates a browser or command-line HTTP tool (curl and wget).",
  ),
  dryRun: q(
    'dryRun',
    'string',
    'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed',
  ),
  fieldManager: q(
    'fieldManager',
    'string',
    'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.',
  ),
  fieldValidation: q(
    'fieldValidation',
    'string',
    'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. This is the default behavior prior to v1.23. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. The request will still succeed if there are no other errors, and will only persist the last of any duplicate fields. This is the default in v1.23+ - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present. The error returned from the server will contain all unknown and duplicate fields encountered.',
  ),
  force: q(
    'force',
    'boolean',
    'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.',
  ),
  gracePeriodSeconds: q(
    'gracePeriodSeconds',
    'integer',
    'The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately. If this value is nil, the default grace period for the specified type will be used. Defaults to a per object value if not specified. zero means delete immediately.',
  ),
  orphanDependents: q(
    'orphanDependents',
    'boolean',
    'Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7. Should the dependent objects be orphaned. If true/false, the "orphan" finalizer will be added to/removed from the object\'s finalizers list. Either this field or PropagationPolicy may be set, but not both.',
  ),
  propagationPolicy: q(
    'propagationPolicy',
    'string',
    "Whether and how garbage collection will be performed. Either this field or OrphanDependents may be set, but not both. The default policy is decided by the existing finalizer set in the metadata.finalizers and the resource-specific default policy. Acceptable values are: 'Orphan' - orphan the dependents; 'Background' - allow the garbage collector to delete the dependents in the background; 'Foreground' - a cascading policy that deletes all dependents in the foreground.",
  ),
  labelSelector: q(
    'labelSelector',
    'string',
    'A selector to restrict the list of returned objects by their labels. Defaults to everything.',
  ),
  fieldSelector: q(
    'fieldSelector',
    'string',
    'A selector to restrict the list of returned objects by their fields. Defaults to everything.',
  ),
  limit: q(
    'limit',
    'integer',
    'limit is a maximum number of responses to return for a list call. If more items exist, the server will set the `continue` field on the list metadata to a value that can be used with the same initial query to retrieve the next set of results.',
  ),
  continue: q(
    'continue',
    'string',
    'The continue option should be set when retrieving more results from the server. Since this value is server defined, clients may only use the continue value from a previous query result with identical query parameters (except for the value of continue) and the server may reject a continue value it does not recognize.',
  ),
  resourceVersion: q(
    'resourceVersion',
    'string',
    'resourceVersion sets a constraint on what resource versions a request may be served from. See https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions for details.\n\nDefaults to unset',
  ),
  resourceVersionMatch: q(
    'resourceVersionMatch',
    'string',
    'resourceVersionMatch determines how resourceVersion is applied to list calls. It is highly recommended that resourceVersionMatch be set for list calls where resourceVersion is set See https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions for details.\n\nDefaults to unset',
  ),
  timeoutSeconds: q(
    'timeoutSeconds',
    'integer',
    'Timeout for the list/watch call. This limits the duration of the call, regardless of any activity or inactivity.',
  ),
  watch: q(
    'watch',
    'boolean',
    'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications. Specify resourceVersion.',
  ),
};

const pathParam = (name: string, description: string): Json => ({
  description,
  in: 'path',
  name,
  required: true,
  schema: { type: 'string', uniqueItems: true },
});

const LIST_PARAMS = [
  P.continue,
  P.fieldSelector,
  P.labelSelector,
  P.limit,
  P.resourceVersion,
  P.resourceVersionMatch,
  P.timeoutSeconds,
  P.watch,
];

const CONTENT = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

function content(ref: string, types = CONTENT): Json {
  return Object.fromEntries(types.map((t) => [t, { schema: { $ref: REF_PREFIX + ref } }]));
}

function responses(ref: string, codes: [string, string][]): Json {
  const out: Json = {};
  for (const [code, description] of codes) out[code] = { content: content(ref), description };
  out['401'] = { description: 'Unauthorized' };
  return out;
}

const OK: [string, string][] = [['200', 'OK']];
const CREATED: [string, string][] = [
  ['200', 'OK'],
  ['201', 'Created'],
  ['202', 'Accepted'],
];
const REPLACED: [string, string][] = [
  ['200', 'OK'],
  ['201', 'Created'],
];

/** "apps" -> "Apps", "networking.k8s.io" -> "Networking", "" -> "Core". */
function groupWord(group: string): string {
  const g = group ? group.split('.')[0] : 'core';
  return g[0].toUpperCase() + g.slice(1);
}

function tag(t: ResourceType): string {
  return `${group(t).toLowerCase()}_${t.version}`;
}

function group(t: ResourceType): string {
  return t.group ? t.group.split('.')[0] : 'core';
}

export interface PathsInput {
  type: ResourceType;
  /** The definition names of the kind and its list. */
  schema: string;
  listSchema: string;
  /** Subresources served with a body of the kind itself (status) or of another (scale). */
  subresourceSchemas: Record<string, string>;
}

/** The paths of one resource, keyed by URL template. */
export function resourcePaths({
  type: t,
  schema,
  listSchema,
  subresourceSchemas,
}: PathsInput): Json {
  const base = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
  const gvk = { group: t.group, kind: t.kind, version: t.version };
  const prefix = `${groupWord(t.group)}${t.version[0].toUpperCase()}${t.version.slice(1)}`;
  const ns = t.namespaced ? 'Namespaced' : '';
  const has = (v: Verb) => t.verbs.includes(v);
  const tags = [tag(t)];
  const op = (
    verb: string,
    description: string,
    action: string,
    params: Json[],
    resp: Json,
    body?: Json,
    kindGvk: Json = gvk,
  ): Json => {
    const o: Json = { description, operationId: verb };
    if (params.length) o.parameters = params;
    if (body) o.requestBody = body;
    o.responses = resp;
    o.tags = tags;
    o['x-kubernetes-action'] = action;
    o['x-kubernetes-group-version-kind'] = kindGvk;
    return o;
  };
  const bodyOf = (ref: string): Json => ({
    content: { '*/*': { schema: { $ref: REF_PREFIX + ref } } },
    required: true,
  });
  // Custom resources take no strategic merge patch (upstream's CRD OpenAPI builder leaves it
  // out), and kubectl apply reads this list to choose between strategic and JSON merge patch.
  const patchTypes = [
    'application/apply-patch+yaml',
    'application/json-patch+json',
    'application/merge-patch+json',
    ...(t.custom ? [] : ['application/strategic-merge-patch+json']),
  ];
  const patchBody: Json = {
    content: Object.fromEntries(
      patchTypes.map((c) => [c, { schema: { $ref: `${REF_PREFIX}${META}Patch` } }]),
    ),
    required: true,
  };
  const deleteBody: Json = {
    content: { '*/*': { schema: { $ref: `${REF_PREFIX}${META}DeleteOptions` } } },
  };
  const deleteParams = [P.dryRun, P.gracePeriodSeconds, P.orphanDependents, P.propagationPolicy];
  const nsParam = pathParam(
    'namespace',
    'object name and auth scope, such as for teams and projects',
  );
  const nameParam = pathParam('name', `name of the ${t.kind}`);
  const collection = t.namespaced
    ? `${base}/namespaces/{namespace}/${t.plural}`
    : `${base}/${t.plural}`;
  const paths: Json = {};

  const coll: Json = {};
  if (has('deletecollection'))
    coll.delete = op(
      `delete${prefix}Collection${ns}${t.kind}`,
      `delete collection of ${t.kind}`,
      'deletecollection',
      [...LIST_PARAMS, ...deleteParams],
      responses(`${META}Status`, OK),
      deleteBody,
    );
  if (has('list'))
    coll.get = op(
      `list${prefix}${ns}${t.kind}`,
      `list or watch objects of kind ${t.kind}`,
      'list',
      LIST_PARAMS,
      responses(listSchema, OK),
    );
  coll.parameters = t.namespaced ? [nsParam, P.pretty] : [P.pretty];
  if (has('create'))
    coll.post = op(
      `create${prefix}${ns}${t.kind}`,
      `create a ${t.kind}`,
      'post',
      [P.dryRun, P.fieldManager, P.fieldValidation],
      responses(schema, CREATED),
      bodyOf(schema),
    );
  paths[collection] = coll;

  const item: Json = {};
  if (has('delete'))
    item.delete = op(
      `delete${prefix}${ns}${t.kind}`,
      `delete a ${t.kind}`,
      'delete',
      deleteParams,
      responses(`${META}Status`, [
        ['200', 'OK'],
        ['202', 'Accepted'],
      ]),
      deleteBody,
    );
  if (has('get'))
    item.get = op(
      `read${prefix}${ns}${t.kind}`,
      `read the specified ${t.kind}`,
      'get',
      [],
      responses(schema, OK),
    );
  item.parameters = t.namespaced ? [nameParam, nsParam, P.pretty] : [nameParam, P.pretty];
  if (has('patch'))
    item.patch = op(
      `patch${prefix}${ns}${t.kind}`,
      `partially update the specified ${t.kind}`,
      'patch',
      [P.dryRun, P.fieldManager, P.fieldValidation, P.force],
      responses(schema, REPLACED),
      patchBody,
    );
  if (has('update'))
    item.put = op(
      `replace${prefix}${ns}${t.kind}`,
      `replace the specified ${t.kind}`,
      'put',
      [P.dryRun, P.fieldManager, P.fieldValidation],
      responses(schema, REPLACED),
      bodyOf(schema),
    );
  if (has('get') || has('update') || has('patch') || has('delete'))
    paths[`${collection}/{name}`] = item;

  for (const [sub, subSchema] of Object.entries(subresourceSchemas)) {
    const word = sub[0].toUpperCase() + sub.slice(1);
    const subGvk = subSchema === schema ? gvk : gvkOfDefinition(subSchema);
    const p: Json = {
      get: op(
        `read${prefix}${ns}${t.kind}${word}`,
        `read ${sub} of the specified ${t.kind}`,
        'get',
        [],
        responses(subSchema, OK),
        undefined,
        subGvk,
      ),
      parameters: t.namespaced
        ? [
            pathParam('name', `name of the ${sub === 'scale' ? 'Scale' : t.kind}`),
            nsParam,
            P.pretty,
          ]
        : [nameParam, P.pretty],
      patch: op(
        `patch${prefix}${ns}${t.kind}${word}`,
        `partially update ${sub} of the specified ${t.kind}`,
        'patch',
        [P.dryRun, P.fieldManager, P.fieldValidation, P.force],
        responses(subSchema, REPLACED),
        patchBody,
        subGvk,
      ),
      put: op(
        `replace${prefix}${ns}${t.kind}${word}`,
        `replace ${sub} of the specified ${t.kind}`,
        'put',
        [P.dryRun, P.fieldManager, P.fieldValidation],
        responses(subSchema, REPLACED),
        bodyOf(subSchema),
        subGvk,
      ),
    };
    paths[`${collection}/{name}/${sub}`] = p;
  }

  if (t.namespaced && has('list'))
    paths[`${base}/${t.plural}`] = {
      get: op(
        `list${prefix}${t.kind}ForAllNamespaces`,
        `list or watch objects of kind ${t.kind}`,
        'list',
        [],
        responses(listSchema, OK),
      ),
      parameters: [...LIST_PARAMS.slice(0, 4), P.pretty, ...LIST_PARAMS.slice(4)],
    };
  return paths;
}

/** "io.k8s.api.autoscaling.v1.Scale" -> {group: "autoscaling", kind: "Scale", version: "v1"}. */
function gvkOfDefinition(name: string): Json {
  const parts = name.split('.');
  const kind = parts[parts.length - 1];
  const version = parts[parts.length - 2];
  const g = parts[parts.length - 3];
  return { group: g === 'core' ? '' : g, kind, version };
}

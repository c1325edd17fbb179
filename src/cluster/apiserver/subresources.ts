/**
 * Subresources: scale, binding, eviction, log, exec and the namespace finalizer. Logs and exec
 * are answered by the kubelet layer when it is plugged in (ServerHooks).
 */
import {
  badRequest,
  conflict,
  notFound,
  type ApiError,
  ApiError as ApiErrorClass,
} from '../api/errors';
import type { ResourceType } from '../api/registry';
import { labelSelectorFromObject, labelSelectorString, matchesLabels } from '../api/selectors';
import type { KubeObject } from '../api/types';
import type { ServerContext } from './context';
import { grOf } from './context';
import { clone, decodeBody, jsonResponse, query, textResponse } from './request';
import type { ApiRequest, ApiResponse } from './types';
import type { WriteOptions } from './write';
import { deleteObject, updateObject } from './write';

function selectorText(rt: ResourceType, obj: KubeObject): string {
  const spec = (obj.spec ?? {}) as { selector?: unknown };
  if (rt.key === 'replicationcontrollers') {
    const sel = (spec.selector ?? {}) as Record<string, string>;
    return Object.keys(sel)
      .sort()
      .map((k) => `${k}=${sel[k]}`)
      .join(',');
  }
  return labelSelectorString(labelSelectorFromObject(spec.selector as never));
}

/** The autoscaling/v1 Scale view of a scalable object. */
export function scaleOf(rt: ResourceType, obj: KubeObject): KubeObject {
  const m = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: (obj.spec as { replicas?: number })?.replicas ?? 0 },
    status: {
      replicas: (obj.status as { replicas?: number })?.replicas ?? 0,
      selector: selectorText(rt, obj),
    },
  };
}

export function applyScale(
  ctx: ServerContext,
  rt: ResourceType,
  ns: string,
  name: string,
  scale: KubeObject,
  opts: WriteOptions,
): ApiResponse {
  const current = ctx.store.get(rt.key, ns, name);
  if (!current) throw notFound(grOf(rt), name);
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number' || replicas < 0 || !Number.isInteger(replicas)) {
    throw new ApiErrorClass({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
      reason: 'Invalid',
      details: {
        name,
        group: 'autoscaling',
        kind: 'Scale',
        causes: [
          {
            reason: 'FieldValueInvalid',
            message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
            field: 'spec.replicas',
          },
        ],
      },
      code: 422,
    });
  }
  const next = clone(current);
  (next.spec as { replicas?: number }).replicas = replicas;
  next.metadata.resourceVersion =
    scale.metadata?.resourceVersion || current.metadata.resourceVersion;
  const r = updateObject(ctx, rt, ns, name, next, opts);
  return jsonResponse(200, scaleOf(rt, r.object));
}

/** POST pods/<name>/binding: the scheduler's way to place a pod on a node. */
export function bindPod(
  ctx: ServerContext,
  ns: string,
  podName: string,
  body: unknown,
): ApiResponse {
  const binding = (body ?? {}) as {
    target?: { kind?: string; name?: string };
    metadata?: { name?: string };
  };
  const pod = ctx.store.get('pods', ns, podName);
  if (!pod) throw notFound({ group: '', resource: 'pods' }, podName);
  const node = binding.target?.name;
  if (!node) throw badRequest('binding target name is required');
  const gr = { group: '', resource: 'pods/binding' };
  if (pod.metadata.deletionTimestamp) {
    throw conflict(gr, podName, `pod ${podName} is being deleted, cannot be assigned to a host`);
  }
  const spec = pod.spec as { nodeName?: string };
  if (spec.nodeName) {
    throw conflict(gr, podName, `pod ${podName} is already assigned to node "${spec.nodeName}"`);
  }
  // The new pod shares every untouched (frozen) part with the stored one; the store adopts it.
  const status = (pod.status ?? {}) as { conditions?: Record<string, unknown>[] };
  const conds = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  conds.push({
    type: 'PodScheduled',
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: ctx.clock.timestamp(),
  });
  const next: KubeObject = {
    ...pod,
    spec: { ...(pod.spec as object), nodeName: node },
    status: { ...status, conditions: conds },
  };
  ctx.store.update('pods', next, { adopt: true });
  return jsonResponse(201, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    code: 201,
  });
}

/** POST pods/<name>/eviction: a delete that honours PodDisruptionBudgets. */
export function evictPod(
  ctx: ServerContext,
  ns: string,
  podName: string,
  body: unknown,
): ApiResponse {
  const pod = ctx.store.get('pods', ns, podName);
  if (!pod) throw notFound({ group: '', resource: 'pods' }, podName);
  const labels = pod.metadata.labels ?? {};
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp) {
    for (const pdb of ctx.store.list('poddisruptionbudgets.policy', { namespace: ns }).items) {
      const sel = labelSelectorFromObject((pdb.spec as { selector?: never })?.selector);
      if (!sel.length || !matchesLabels(sel, labels)) continue;
      const st = (pdb.status ?? {}) as {
        disruptionsAllowed?: number;
        currentHealthy?: number;
        desiredHealthy?: number;
      };
      if ((st.disruptionsAllowed ?? 0) < 1) {
        const err: ApiError = new ApiErrorClass({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: "Cannot evict pod as it would violate the pod's disruption budget.",
          reason: 'TooManyRequests',
          details: {
            causes: [
              {
                reason: 'DisruptionBudget',
                message: `The disruption budget ${pdb.metadata.name} needs ${st.desiredHealthy ?? 0} healthy pods and has ${st.currentHealthy ?? 0} currently`,
              },
            ],
          },
          code: 429,
        });
        throw err;
      }
      const next = clone(pdb);
      (next.status as { disruptionsAllowed?: number }).disruptionsAllowed =
        (st.disruptionsAllowed ?? 1) - 1;
      ctx.store.update('poddisruptionbudgets.policy', next);
    }
  }
  const opts = ((body ?? {}) as { deleteOptions?: object }).deleteOptions ?? {};
  const rt = ctx.registry.byResource('', 'v1', 'pods')!;
  deleteObject(ctx, rt, ns, podName, opts);
  return jsonResponse(201, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    code: 201,
  });
}

function containerNames(
  pod: KubeObject,
  which: 'containers' | 'initContainers' | 'ephemeralContainers',
): string[] {
  return (((pod.spec as Record<string, unknown>)?.[which] ?? []) as { name: string }[]).map(
    (c) => c.name,
  );
}

/** Picks the container a log or exec request means, with kubectl's errors for a wrong choice. */
export function chooseContainer(pod: KubeObject, req: ApiRequest): string {
  const name = pod.metadata.name!;
  const containers = containerNames(pod, 'containers');
  const init = containerNames(pod, 'initContainers');
  const eph = containerNames(pod, 'ephemeralContainers');
  const wanted = query(req, 'container');
  if (!wanted) {
    if (containers.length === 1) return containers[0];
    let msg = `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`;
    if (init.length) msg += ` or one of the init containers: [${init.join(' ')}]`;
    if (eph.length) msg += ` or one of the ephemeral containers: [${eph.join(' ')}]`;
    throw badRequest(msg);
  }
  if (![...containers, ...init, ...eph].includes(wanted)) {
    throw badRequest(`container ${wanted} is not valid for pod ${name}`);
  }
  return wanted;
}

export function podLog(
  ctx: ServerContext,
  ns: string,
  podName: string,
  req: ApiRequest,
): ApiResponse {
  const pod = ctx.store.get('pods', ns, podName);
  if (!pod) throw notFound({ group: '', resource: 'pods' }, podName);
  const container = chooseContainer(pod, req);
  if (ctx.hooks.podLog) return ctx.hooks.podLog(pod, container, req);
  if (!(pod.spec as { nodeName?: string }).nodeName) return textResponse(200, '');
  throw badRequest(
    `container "${container}" in pod "${podName}" is waiting to start: ContainerCreating`,
  );
}

export function podExec(
  ctx: ServerContext,
  ns: string,
  podName: string,
  req: ApiRequest,
): ApiResponse {
  const pod = ctx.store.get('pods', ns, podName);
  if (!pod) throw notFound({ group: '', resource: 'pods' }, podName);
  const container = chooseContainer(pod, req);
  // Over HTTP the body ({command, stdin}) arrives as JSON text; the hook reads it parsed.
  if (ctx.hooks.podExec)
    return ctx.hooks.podExec(pod, container, { ...req, body: decodeBody(req) });
  if (!(pod.spec as { nodeName?: string }).nodeName) {
    throw badRequest(`pod ${podName} does not have a host assigned`);
  }
  throw badRequest(`container not found ("${container}")`);
}

/** PUT namespaces/<name>/finalize: only spec.finalizers changes. */
export function finalizeNamespace(
  ctx: ServerContext,
  rt: ResourceType,
  name: string,
  body: unknown,
  opts: WriteOptions,
): ApiResponse {
  const current = ctx.store.get('namespaces', '', name);
  if (!current) throw notFound(grOf(rt), name);
  const next = clone(current);
  const finalizers =
    ((body as KubeObject | undefined)?.spec as { finalizers?: string[] } | undefined)?.finalizers ??
    [];
  (next.spec as { finalizers?: string[] }) = { ...(next.spec as object), finalizers };
  if (!finalizers.length) delete (next.spec as { finalizers?: string[] }).finalizers;
  const rv = (body as KubeObject | undefined)?.metadata?.resourceVersion;
  next.metadata.resourceVersion = rv || current.metadata.resourceVersion;
  const r = updateObject(ctx, rt, '', name, next, opts, 'finalize');
  return jsonResponse(200, r.object);
}

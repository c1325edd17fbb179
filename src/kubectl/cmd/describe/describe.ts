/**
 * `kubectl describe` (k8s.io/kubectl/pkg/cmd/describe): objects by type, name, `TYPE/NAME`,
 * label selector or all namespaces, each printed by its kind's describer; a single name that
 * is not found is tried as a prefix of the type's names, as upstream does.
 */
import type { ApiResource } from '../../discovery';
import { groupVersion } from '../../discovery';
import { cmdError, isNotFound, KubectlError, statusError } from '../../errors';
import { resolveArgs, resourcePath } from '../../resource/mapper';
import type { CommandContext } from '../context';
import {
  describeBinding,
  describeConfigMap,
  describeHPA,
  describeLimitRange,
  describeNamespace,
  describeNode,
  describePDB,
  describePersistentVolume,
  describePersistentVolumeClaim,
  describePriorityClass,
  describeResourceQuota,
  describeRole,
  describeSecret,
  describeServiceAccount,
  describeStorageClass,
} from './cluster';
import { getObject, listObjects } from './env';
import type { DescribeEnv } from './env';
import type { Any } from './format';
import { describeGeneric } from './generic';
import {
  describeEndpointSlice,
  describeEndpoints,
  describeIngress,
  describeIngressClass,
  describeNetworkPolicy,
  describeService,
} from './network';
import {
  describeCronJob,
  describeDaemonSet,
  describeDeployment,
  describeJob,
  describePod,
  describeReplicaSet,
  describeReplicationController,
  describeStatefulSet,
} from './workloads';

type Describer = (obj: Any, env: DescribeEnv) => Promise<string>;

/** describerMap: the describer of each group and kind; the generic one for the rest. */
const DESCRIBERS: Record<string, Describer> = {
  '/Pod': describePod,
  '/ReplicationController': describeReplicationController,
  '/Secret': describeSecret,
  '/Service': describeService,
  '/ServiceAccount': describeServiceAccount,
  '/Node': describeNode,
  '/LimitRange': describeLimitRange,
  '/ResourceQuota': describeResourceQuota,
  '/PersistentVolume': describePersistentVolume,
  '/PersistentVolumeClaim': describePersistentVolumeClaim,
  '/Namespace': describeNamespace,
  '/Endpoints': describeEndpoints,
  '/ConfigMap': describeConfigMap,
  'discovery.k8s.io/EndpointSlice': describeEndpointSlice,
  'autoscaling/HorizontalPodAutoscaler': describeHPA,
  'networking.k8s.io/Ingress': describeIngress,
  'networking.k8s.io/IngressClass': describeIngressClass,
  'networking.k8s.io/NetworkPolicy': describeNetworkPolicy,
  'batch/Job': describeJob,
  'batch/CronJob': describeCronJob,
  'apps/StatefulSet': describeStatefulSet,
  'apps/Deployment': describeDeployment,
  'apps/DaemonSet': describeDaemonSet,
  'apps/ReplicaSet': describeReplicaSet,
  'storage.k8s.io/StorageClass': describeStorageClass,
  'policy/PodDisruptionBudget': describePDB,
  'rbac.authorization.k8s.io/Role': describeRole,
  'rbac.authorization.k8s.io/ClusterRole': describeRole,
  'rbac.authorization.k8s.io/RoleBinding': describeBinding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': describeBinding,
  'scheduling.k8s.io/PriorityClass': describePriorityClass,
};

function describerFor(r: ApiResource): Describer {
  return DESCRIBERS[`${r.group}/${r.kind}`] ?? describeGeneric;
}

interface Info {
  resource: ApiResource;
  obj: Any;
}

/** List items carry no kind; the generic describer and event references need it. */
function withKind(r: ApiResource, obj: Any): Any {
  return { apiVersion: groupVersion(r), kind: r.kind, ...obj };
}

export async function runDescribe(c: CommandContext, now: number): Promise<number> {
  const f = c.flags;
  if (c.args.length === 0 && f.list('filename').length === 0) {
    throw cmdError(
      'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.',
    );
  }
  const allNamespaces = f.bool('all-namespaces');
  const selector = f.str('selector');
  const env: DescribeEnv = {
    transport: c.transport,
    now,
    showEvents: f.bool('show-events'),
    chunkSize: f.int('chunk-size'),
  };
  const d = await c.discovery.get();
  const requests = resolveArgs(d, c.args);
  if (selector && requests.some((r) => r.names.length > 0))
    throw cmdError('name cannot be provided when a selector is specified');
  const infos: Info[] = [];
  const errors: { text: string; notFound: boolean }[] = [];
  for (const req of requests) {
    if (req.names.length === 0) {
      const ns = allNamespaces ? undefined : c.namespace;
      const r = await listObjects(
        env,
        resourcePath(req.resource, ns),
        selector ? { labelSelector: selector } : {},
      );
      if (r.status) {
        errors.push({ text: statusError(r.body, r.status).output, notFound: false });
        continue;
      }
      for (const item of r.items)
        infos.push({ resource: req.resource, obj: withKind(req.resource, item) });
    } else {
      for (const name of req.names) {
        const res = await getObject(env, resourcePath(req.resource, c.namespace, name));
        if (res.status >= 400) {
          errors.push({
            text: statusError(res.body, res.status).output,
            notFound: isNotFound(res.body, res.status),
          });
          continue;
        }
        infos.push({ resource: req.resource, obj: res.body });
      }
    }
  }
  if (errors.length === 1 && errors[0].notFound && c.args.length === 2) {
    return describeMatching(c, env, errors[0].text, requests[0].resource, c.args[1]);
  }
  const seen = new Set<string>();
  let first = true;
  for (const info of infos) {
    let text: string;
    try {
      text = await describerFor(info.resource)(info.obj, env);
    } catch (e) {
      if (!(e instanceof KubectlError)) throw e;
      if (!seen.has(e.output)) {
        seen.add(e.output);
        errors.push({ text: e.output, notFound: false });
      }
      continue;
    }
    c.out(first ? text : `\n\n${text}`);
    first = false;
  }
  if (infos.length === 0 && errors.length === 0) {
    c.err(
      allNamespaces ? 'No resources found\n' : `No resources found in ${c.namespace} namespace.\n`,
    );
  }
  if (errors.length > 0) throw new KubectlError(errors.map((e) => e.text).join('\n'));
  return 0;
}

/** DescribeMatchingResources: every object of the type whose name starts with the prefix. */
async function describeMatching(
  c: CommandContext,
  env: DescribeEnv,
  original: string,
  resource: ApiResource,
  prefix: string,
): Promise<number> {
  const r = await listObjects(env, resourcePath(resource, c.namespace));
  if (r.status) throw statusError(r.body, r.status);
  const describer = describerFor(resource);
  let found = false;
  for (const item of r.items) {
    if (!String(item.metadata?.name ?? '').startsWith(prefix)) continue;
    found = true;
    c.out(`${await describer(withKind(resource, item), env)}\n`);
  }
  if (!found) throw new KubectlError(original);
  return 0;
}

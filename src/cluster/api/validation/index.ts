/**
 * validateObject: upstream's ValidateX (create) or ValidateXUpdate (update) for every built-in
 * kind, ObjectMeta included. Returns FieldErrors whose `${field}: ${message}` is the text of
 * upstream's field.Error, de-duplicated as field.ErrorList.ToAggregate() does; the API server turns
 * a non-empty list into a 422 with invalid().
 */
import type { FieldError } from '../errors';
import type { ResourceType } from '../registry';
import type { KubeObject } from '../types';
import { validateObjectMeta, validateObjectMetaUpdate } from './objectmeta';
import { customDefinitions, definitionNameFor } from '../schema/definitions';
import { pruneCustomResource, validateCustomResource } from './customResource';
import { nameIsDNSSubdomain } from './names';
import { validatePod, validatePodTemplate, validatePodUpdate } from './pod';
import {
  validateBinding,
  validateConfigMap,
  validateEndpoints,
  validateEvent,
  validateLimitRange,
  validateNamespace,
  validateNode,
  validatePersistentVolume,
  validatePersistentVolumeClaim,
  validateReplicationController,
  validateResourceQuota,
  validateSecret,
  validateService,
  validateServiceAccount,
} from './core';
import {
  validateControllerRevision,
  validateDaemonSet,
  validateDeployment,
  validateReplicaSet,
  validateStatefulSet,
} from './apps';
import { validateCronJob, validateJob } from './batch';
import {
  validateCustomResourceDefinition,
  validateEndpointSlice,
  validateEventsV1Event,
  validateHorizontalPodAutoscaler,
  validateIngress,
  validateIngressClass,
  validateLease,
  validateNetworkPolicy,
  validatePodDisruptionBudget,
  validateStorageClass,
} from './other';

type Validator = (obj: KubeObject, old?: KubeObject) => FieldError[];

const VALIDATORS: Record<string, Validator> = {
  'core/Pod': (o, old) => (old ? validatePodUpdate(o, old) : validatePod(o)),
  'core/PodTemplate': validatePodTemplate,
  'core/ReplicationController': validateReplicationController,
  'core/Service': validateService,
  'core/ConfigMap': validateConfigMap,
  'core/Secret': validateSecret,
  'core/Namespace': validateNamespace,
  'core/Node': validateNode,
  'core/PersistentVolume': validatePersistentVolume,
  'core/PersistentVolumeClaim': validatePersistentVolumeClaim,
  'core/ResourceQuota': validateResourceQuota,
  'core/LimitRange': validateLimitRange,
  'core/ServiceAccount': validateServiceAccount,
  'core/Endpoints': validateEndpoints,
  'core/Event': validateEvent,
  'core/Binding': (o) => validateBinding(o),
  'apps/Deployment': validateDeployment,
  'apps/ReplicaSet': validateReplicaSet,
  'apps/DaemonSet': validateDaemonSet,
  'apps/StatefulSet': validateStatefulSet,
  'apps/ControllerRevision': validateControllerRevision,
  'batch/Job': validateJob,
  'batch/CronJob': validateCronJob,
  'autoscaling/HorizontalPodAutoscaler': validateHorizontalPodAutoscaler,
  'policy/PodDisruptionBudget': validatePodDisruptionBudget,
  'networking.k8s.io/Ingress': validateIngress,
  'networking.k8s.io/IngressClass': validateIngressClass,
  'networking.k8s.io/NetworkPolicy': validateNetworkPolicy,
  'storage.k8s.io/StorageClass': validateStorageClass,
  'coordination.k8s.io/Lease': validateLease,
  'discovery.k8s.io/EndpointSlice': validateEndpointSlice,
  'events.k8s.io/Event': validateEventsV1Event,
  'apiextensions.k8s.io/CustomResourceDefinition': validateCustomResourceDefinition,
};

/** Upstream's ValidateX (create) or ValidateXUpdate (when old is given), including ObjectMeta. */
export function validateObject(rt: ResourceType, obj: KubeObject, old?: KubeObject): FieldError[] {
  const v = VALIDATORS[`${rt.group || 'core'}/${rt.kind}`];
  let errs: FieldError[];
  if (v) errs = v(obj, old);
  else if (old) errs = validateObjectMetaUpdate(obj.metadata ?? {}, old.metadata ?? {});
  else errs = validateObjectMeta(obj.metadata ?? {}, rt.namespaced, nameIsDNSSubdomain);
  if (rt.custom) errs = [...errs, ...customResourceErrors(obj)];
  return dedupe(errs);
}

/** Drops the fields a custom resource's schema does not declare (upstream's pruning). */
export function pruneCustomFields(obj: KubeObject): void {
  const name = definitionNameFor(obj.apiVersion, obj.kind);
  const schema = name ? customDefinitions.get(name) : undefined;
  if (schema) pruneCustomResource(obj as unknown as Record<string, unknown>, schema);
}

/** A custom resource against the openAPIV3Schema of its CRD's version. */
function customResourceErrors(obj: KubeObject): FieldError[] {
  const name = definitionNameFor(obj.apiVersion, obj.kind);
  const schema = name ? customDefinitions.get(name) : undefined;
  return schema ? validateCustomResource(obj as unknown as Record<string, unknown>, schema) : [];
}

/** field.ErrorList.ToAggregate drops repeated messages; so does the 422 upstream builds. */
function dedupe(errs: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errs.filter((e) => {
    const k = `${e.field}: ${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export { secretDecodeError, quantityDecodeError, decodeError, decodeBase64 } from './decode';
export { parseCronSchedule, cronScheduleError, type CronSchedule } from './cron';
export * as names from './names';

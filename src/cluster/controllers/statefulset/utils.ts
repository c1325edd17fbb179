/**
 * StatefulSet pod identity and revisions (pkg/controller/statefulset/stateful_set_utils.go):
 * pods `<set>-<ordinal>` with hostname, subdomain and identity labels, and the
 * ControllerRevision of the set's template.
 */
import type { KubeObject } from '../../api/types';
import {
  CONTROLLER_REVISION_HASH_LABEL,
  controllerRevisionName,
  hashControllerRevision,
  newControllerRevision,
  templatePatch,
} from '../history/history';
import { isPodReady, isPodAvailable, newControllerRef, podPhase } from '../podutil/podutil';
import { updateStorage } from './claims';

export const STATEFULSET_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

export interface StatefulSetSpecView {
  replicas?: number;
  serviceName?: string;
  podManagementPolicy?: string;
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  ordinals?: { start?: number };
  updateStrategy?: {
    type?: string;
    rollingUpdate?: { partition?: number; maxUnavailable?: number | string };
  };
  template: {
    metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
    spec?: Record<string, unknown>;
  };
  volumeClaimTemplates?: unknown[];
}

export function stsSpec(set: KubeObject): StatefulSetSpecView {
  return set.spec as StatefulSetSpecView;
}

export function getStartOrdinal(set: KubeObject): number {
  return stsSpec(set).ordinals?.start ?? 0;
}

export function getPodName(set: KubeObject, ordinal: number): string {
  return `${set.metadata.name}-${ordinal}`;
}

/** getOrdinal: the ordinal in a pod's name, -1 when it has none. */
export function getOrdinal(set: KubeObject, pod: KubeObject): number {
  const prefix = `${set.metadata.name}-`;
  const name = pod.metadata.name ?? '';
  if (!name.startsWith(prefix)) return -1;
  const rest = name.slice(prefix.length);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : -1;
}

export function getPodRevision(pod: KubeObject): string | undefined {
  return pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
}

export const isCreated = (pod: KubeObject) =>
  podPhase(pod) !== '' && pod.metadata.uid !== undefined;
export const isFailed = (pod: KubeObject) => podPhase(pod) === 'Failed';
export const isSucceeded = (pod: KubeObject) => podPhase(pod) === 'Succeeded';
export const isTerminating = (pod: KubeObject) => !!pod.metadata.deletionTimestamp;
export const isRunningAndReady = (pod: KubeObject) =>
  podPhase(pod) === 'Running' && isPodReady(pod);
export const isRunningAndAvailable = (pod: KubeObject, minReadySeconds: number, nowMs: number) =>
  podPhase(pod) === 'Running' && isPodAvailable(pod, minReadySeconds, nowMs);
/** isHealthy: running, ready and not terminating. */
export const isHealthy = (pod: KubeObject) => isRunningAndReady(pod) && !isTerminating(pod);

/** newStatefulSetPod + updateIdentity: the pod of one ordinal from the set's template. */
export function newStatefulSetPod(
  set: KubeObject,
  revisionTemplate: StatefulSetSpecView['template'],
  ordinal: number,
  revisionHash: string,
): KubeObject {
  const name = getPodName(set, ordinal);
  const tmpl = structuredClone(revisionTemplate);
  const labels: Record<string, string> = {
    ...(tmpl.metadata?.labels ?? {}),
    [STATEFULSET_POD_NAME_LABEL]: name,
    [POD_INDEX_LABEL]: String(ordinal),
    [CONTROLLER_REVISION_HASH_LABEL]: revisionHash,
  };
  const spec: Record<string, unknown> = { ...(tmpl.spec ?? {}), hostname: name };
  const serviceName = stsSpec(set).serviceName;
  if (serviceName) spec.subdomain = serviceName;
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: set.metadata.namespace,
      labels,
      ownerReferences: [newControllerRef(set)],
    },
    spec,
  };
  if (tmpl.metadata?.annotations && Object.keys(tmpl.metadata.annotations).length)
    pod.metadata.annotations = tmpl.metadata.annotations;
  // volumeClaimTemplates: the pod mounts its claims `<template>-<pod>` (created before the pod
  // by StatefulSetController.createPod).
  updateStorage(set, pod);
  return pod;
}

/** newRevision: the ControllerRevision of the set's current template. */
export function newRevision(set: KubeObject, revision: number, collisionCount: number): KubeObject {
  const data = templatePatch(stsSpec(set).template);
  const hash = hashControllerRevision(data, collisionCount);
  const name = controllerRevisionName(set.metadata.name!, hash);
  return newControllerRevision(
    set,
    name,
    hash,
    stsSpec(set).template.metadata?.labels,
    data,
    revision,
  );
}

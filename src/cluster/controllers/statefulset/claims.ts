/**
 * volumeClaimTemplates (stateful_set_utils.go getPersistentVolumeClaims, updateStorage and
 * stateful_pod_control.go createPersistentVolumeClaims): each pod `<set>-<n>` gets a claim
 * `<template>-<set>-<n>` per template, created before the pod and mounted as the pod's volume
 * of the template's name. With the default retention policy (Retain) claims have no owner, so
 * they outlive the pods and the set; whenDeleted: Delete makes the set their owner.
 */
import type { KubeObject } from '../../api/types';
import { isApiError } from '../../api/errors';
import { clone, newControllerRef } from '../podutil/podutil';
import type { StatefulSetController } from './stateful_set';

interface ClaimTemplate {
  metadata?: {
    name?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
}

function templates(set: KubeObject): ClaimTemplate[] {
  return ((set.spec as { volumeClaimTemplates?: unknown[] }).volumeClaimTemplates ??
    []) as ClaimTemplate[];
}

export function claimName(template: ClaimTemplate, podName: string): string {
  return `${template.metadata?.name}-${podName}`;
}

/** getPersistentVolumeClaims: the claims of one pod, from the set's templates. */
export function getPersistentVolumeClaims(set: KubeObject, podName: string): KubeObject[] {
  const selector = (set.spec as { selector?: { matchLabels?: Record<string, string> } }).selector;
  const policy = (set.spec as { persistentVolumeClaimRetentionPolicy?: { whenDeleted?: string } })
    .persistentVolumeClaimRetentionPolicy;
  return templates(set).map((t) => {
    const labels = { ...(t.metadata?.labels ?? {}), ...(selector?.matchLabels ?? {}) };
    const claim: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: claimName(t, podName), namespace: set.metadata.namespace },
      spec: clone(t.spec ?? {}),
    };
    if (Object.keys(labels).length) claim.metadata.labels = labels;
    if (t.metadata?.annotations) claim.metadata.annotations = { ...t.metadata.annotations };
    if (policy?.whenDeleted === 'Delete') {
      claim.metadata.ownerReferences = [{ ...newControllerRef(set), blockOwnerDeletion: true }];
    }
    return claim;
  });
}

/** updateStorage: the pod's volume of each template's name points at its claim. */
export function updateStorage(set: KubeObject, pod: KubeObject): void {
  const ts = templates(set);
  if (!ts.length) return;
  const spec = pod.spec as { volumes?: { name: string }[] };
  const names = new Set(ts.map((t) => t.metadata?.name));
  const kept = (spec.volumes ?? []).filter((v) => !names.has(v.name));
  spec.volumes = [
    ...ts.map((t) => ({
      name: t.metadata!.name!,
      persistentVolumeClaim: { claimName: claimName(t, pod.metadata.name!) },
    })),
    ...kept,
  ];
}

/** createPersistentVolumeClaims: creates the pod's missing claims, with upstream's events. */
export function createPersistentVolumeClaims(
  ssc: StatefulSetController,
  set: KubeObject,
  pod: KubeObject,
): void {
  const rt = ssc.ctx.registry.byResource('', 'v1', 'persistentvolumeclaims')!;
  const source = { component: 'statefulset-controller' };
  for (const claim of getPersistentVolumeClaims(set, pod.metadata.name!)) {
    if (ssc.ctx.store.get('persistentvolumeclaims', set.metadata.namespace!, claim.metadata.name!))
      continue;
    try {
      ssc.ctx.client.create(rt, claim);
    } catch (e) {
      if (isApiError(e) && e.status.code === 409) continue;
      const msg = isApiError(e) ? e.status.message : String(e);
      ssc.ctx.recorder.event(
        source,
        set,
        'Warning',
        'FailedCreate',
        `create Claim ${claim.metadata.name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${msg}`,
      );
      throw e;
    }
    ssc.ctx.recorder.event(
      source,
      set,
      'Normal',
      'SuccessfulCreate',
      `create Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`,
    );
  }
}

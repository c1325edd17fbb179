/**
 * DaemonSet history and updates (pkg/controller/daemon/update.go): constructHistory finds or
 * snapshots the ControllerRevision of the current template, rollingUpdate replaces old pods a
 * node at a time within maxUnavailable (maxSurge 0: delete first, then the manage loop creates),
 * and cleanupHistory keeps revisionHistoryLimit old revisions.
 */
import type { KubeObject } from '../../api/types';
import {
  CONTROLLER_REVISION_HASH_LABEL,
  CONTROLLER_REVISIONS,
  computeHash,
  controllerRevisionName,
  listRevisions,
  maxRevision,
  revisionMatches,
  templatePatch,
} from '../history/history';
import { clone, isNotFoundOrConflict, isPodAvailable, ownedBy } from '../podutil/podutil';
import type { DaemonSetsController } from './controller';
import { dsSpec } from './controller';

function revisionType(dsc: DaemonSetsController) {
  return dsc.ctx.registry.byResource('apps', 'v1', 'controllerrevisions')!;
}

/** constructHistory: the current revision (created when missing) and the old ones. */
export function constructHistory(
  dsc: DaemonSetsController,
  ds: KubeObject,
): { cur: KubeObject; old: KubeObject[] } {
  const template = dsSpec(ds).template;
  const histories = listRevisions(dsc.ctx.store, ds);
  const current = histories.filter((h) => revisionMatches(h, template));
  const old = histories.filter((h) => !revisionMatches(h, template));
  const currRevision = maxRevision(old) + 1;
  const rt = revisionType(dsc);
  if (current.length === 0) return { cur: snapshot(dsc, ds, currRevision), old };
  // Keep the newest of duplicates; bring it to the newest revision number.
  const cur = current[current.length - 1];
  for (const dup of current.slice(0, -1)) {
    try {
      dsc.ctx.client.delete(rt, dup.metadata.namespace!, dup.metadata.name!);
    } catch (e) {
      if (!isNotFoundOrConflict(e)) throw e;
    }
  }
  if ((cur.revision as number) < currRevision) {
    const next = dsc.ctx.client.update(rt, { ...clone(cur), revision: currRevision });
    return { cur: next, old };
  }
  return { cur, old };
}

/** snapshot: a new ControllerRevision named `<ds>-<hash>`, bumping collisionCount on a clash. */
function snapshot(dsc: DaemonSetsController, ds: KubeObject, revision: number): KubeObject {
  const rt = revisionType(dsc);
  const template = dsSpec(ds).template;
  let collisionCount = (ds.status as { collisionCount?: number } | undefined)?.collisionCount;
  for (;;) {
    const hash = computeHash(template, collisionCount);
    const name = controllerRevisionName(ds.metadata.name!, hash);
    const existing = dsc.ctx.store.get(CONTROLLER_REVISIONS, ds.metadata.namespace!, name);
    if (existing) {
      if (
        existing.metadata.ownerReferences?.some((r) => r.uid === ds.metadata.uid) &&
        revisionMatches(existing, template)
      )
        return existing;
      // A hash collision: count it on the DaemonSet and try the next name.
      collisionCount = (collisionCount ?? 0) + 1;
      const fresh = dsc.ctx.store.get('daemonsets.apps', ds.metadata.namespace!, ds.metadata.name!);
      if (fresh)
        dsc.ctx.client.update(
          dsc.dsType,
          { ...clone(fresh), status: { ...(fresh.status as object), collisionCount } },
          'status',
        );
      continue;
    }
    const md: KubeObject['metadata'] = {
      name,
      namespace: ds.metadata.namespace,
      labels: { ...(template.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          name: ds.metadata.name!,
          uid: ds.metadata.uid!,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    };
    if (ds.metadata.annotations && Object.keys(ds.metadata.annotations).length)
      md.annotations = { ...ds.metadata.annotations };
    return dsc.ctx.client.create(rt, {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: md,
      data: templatePatch(template),
      revision,
    });
  }
}

/** intstr.GetScaledValueFromIntOrPercent, rounding up as maxUnavailable does. */
export function scaledValue(
  v: number | string | undefined,
  total: number,
  roundUp: boolean,
): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return Number(v) || 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/**
 * rollingUpdate with maxSurge 0: an old pod that is not available goes at once; available old
 * pods go while fewer than maxUnavailable nodes are unavailable. The manage loop then creates
 * the new pod on each emptied node.
 */
export function rollingUpdate(
  dsc: DaemonSetsController,
  ds: KubeObject,
  nodes: KubeObject[],
  hash: string,
): void | number {
  const byNode = dsc.getNodesToDaemonPods(ds);
  const now = dsc.ctx.clock.now();
  const minReady = dsSpec(ds).minReadySeconds ?? 0;
  const desired = nodes.length;
  let maxUnavailable = scaledValue(
    dsSpec(ds).updateStrategy?.rollingUpdate?.maxUnavailable ?? 1,
    desired,
    true,
  );
  if (maxUnavailable === 0) maxUnavailable = 1;
  let numUnavailable = 0;
  const allowedReplacementPods: KubeObject[] = [];
  const candidatePodsToDelete: KubeObject[] = [];
  for (const [, all] of byNode) {
    // findUpdatedPodsOnNode: terminating pods are not counted; two of a kind is not ok.
    let newPod: KubeObject | undefined;
    let oldPod: KubeObject | undefined;
    let ok = true;
    for (const p of all) {
      if (p.metadata.deletionTimestamp) continue;
      if (p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash) {
        if (newPod) ok = false;
        newPod = p;
      } else {
        if (oldPod) ok = false;
        oldPod = p;
      }
    }
    if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) {
      // The manage loop cleans up this node; it counts as unavailable meanwhile.
      numUnavailable++;
    } else if (newPod) {
      if (!isPodAvailable(newPod, minReady, now)) numUnavailable++;
    } else if (!isPodAvailable(oldPod!, minReady, now)) {
      allowedReplacementPods.push(oldPod!);
    } else if (numUnavailable < maxUnavailable) {
      candidatePodsToDelete.push(oldPod!);
    }
  }
  const remaining = Math.min(
    Math.max(0, maxUnavailable - numUnavailable),
    candidatePodsToDelete.length,
  );
  const toDelete = [...allowedReplacementPods, ...candidatePodsToDelete.slice(0, remaining)];
  if (toDelete.length) dsc.syncNodes(ds, toDelete, [], hash);
  if (minReady > 0) return minReady * 1000;
}

/** cleanupHistory: deletes old revisions beyond revisionHistoryLimit that no live pod uses. */
export function cleanupHistory(dsc: DaemonSetsController, ds: KubeObject, old: KubeObject[]): void {
  const limit = dsSpec(ds).revisionHistoryLimit ?? 10;
  const toKill = old.length - limit;
  if (toKill <= 0) return;
  const live = new Set(
    ownedBy(dsc.ctx.store, 'pods', ds).map(
      (p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL],
    ),
  );
  let killed = 0;
  for (const h of old) {
    if (killed >= toKill) break;
    if (live.has(h.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL])) continue;
    try {
      dsc.ctx.client.delete(revisionType(dsc), h.metadata.namespace!, h.metadata.name!);
    } catch (e) {
      if (!isNotFoundOrConflict(e)) throw e;
    }
    killed++;
  }
}

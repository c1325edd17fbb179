/**
 * ControllerRefManager (pkg/controller/controller_ref_manager.go): a controller claims the
 * objects its selector matches. It adopts orphans that match, releases the ones it owns that no
 * longer match, and leaves objects owned by another controller alone.
 */
import { isApiError } from '../../api/errors';
import type { ResourceType } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import type { Client } from '../../client/Client';
import { getControllerOf, newControllerRef } from './controllerUtils';

export interface ClaimOptions {
  client: Client;
  /** The controller that claims. */
  controller: KubeObject;
  /** The kind of the claimed objects (pods, replicasets). */
  childType: ResourceType;
  /** Whether an object belongs to the controller by its selector (and any other filter). */
  match: (obj: KubeObject) => boolean;
  /** Checked once before the first adoption: false while the controller is being deleted. */
  canAdopt: () => boolean;
}

function ignoreNotFound(e: unknown): void {
  if (isApiError(e) && e.code === 404) return;
  throw e;
}

/** ClaimObject for each object: the ones the controller owns after adoption and release. */
export function claimObjects(opts: ClaimOptions, objects: KubeObject[]): KubeObject[] {
  const uid = opts.controller.metadata.uid!;
  const claimed: KubeObject[] = [];
  let adoptable: boolean | undefined;
  for (const obj of objects) {
    const ref = getControllerOf(obj);
    if (ref) {
      if (ref.uid !== uid) continue; // owned by another controller
      if (opts.match(obj)) {
        claimed.push(obj);
        continue;
      }
      if (obj.metadata.deletionTimestamp) continue;
      try {
        release(opts, obj);
      } catch (e) {
        ignoreNotFound(e);
      }
      continue;
    }
    // An orphan: adopt it when it matches and neither side is going away.
    if (!opts.match(obj) || obj.metadata.deletionTimestamp) continue;
    if (obj.metadata.namespace !== opts.controller.metadata.namespace) continue;
    adoptable ??= opts.canAdopt();
    if (!adoptable) continue;
    try {
      claimed.push(adopt(opts, obj));
    } catch (e) {
      ignoreNotFound(e);
    }
  }
  return claimed;
}

function adopt(opts: ClaimOptions, obj: KubeObject): KubeObject {
  return opts.client.patch(
    opts.childType,
    obj.metadata.namespace ?? '',
    obj.metadata.name!,
    {
      metadata: {
        ownerReferences: [newControllerRef(opts.controller)],
        uid: obj.metadata.uid,
      },
    },
    'strategic',
  );
}

function release(opts: ClaimOptions, obj: KubeObject): void {
  opts.client.patch(
    opts.childType,
    obj.metadata.namespace ?? '',
    obj.metadata.name!,
    {
      metadata: {
        ownerReferences: [{ $patch: 'delete', uid: opts.controller.metadata.uid }],
        uid: obj.metadata.uid,
      },
    },
    'strategic',
  );
}

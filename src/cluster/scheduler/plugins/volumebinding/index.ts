/**
 * VolumeBinding, reduced to its PreFilter: a pod whose PersistentVolumeClaim is missing, being
 * deleted, or not yet bound (for a claim of an Immediate class) waits, with upstream's
 * reasons. Claims of WaitForFirstConsumer classes are not bound by the scheduler here: the pod
 * is placed and the claim waits (gap).
 */
import type { KubeObject } from '../../../api/types';
import type { Store } from '../../../store/types';
import type { Plugin, Result } from '../../types';
import { Code, status } from '../../types';

export const ERR_REASON_BIND_CONFLICT = 'pod has unbound immediate PersistentVolumeClaims';

function claimNames(pod: KubeObject): string[] {
  const volumes = ((pod.spec as { volumes?: unknown[] } | undefined)?.volumes ?? []) as {
    persistentVolumeClaim?: { claimName?: string };
  }[];
  return volumes.flatMap((v) =>
    v.persistentVolumeClaim?.claimName ? [v.persistentVolumeClaim.claimName] : [],
  );
}

export function newVolumeBinding(store: Store): Plugin {
  return {
    name: 'VolumeBinding',
    preFilter(_state, pod): Result {
      const names = claimNames(pod.pod);
      if (!names.length) return status(Code.Skip);
      let unboundImmediate = false;
      for (const name of names) {
        const claim = store.get('persistentvolumeclaims', pod.namespace, name);
        if (!claim) {
          return status(
            Code.UnschedulableAndUnresolvable,
            `persistentvolumeclaim "${name}" not found`,
          );
        }
        if (claim.metadata.deletionTimestamp) {
          return status(
            Code.UnschedulableAndUnresolvable,
            `persistentvolumeclaim "${name}" is being deleted`,
          );
        }
        if ((claim.spec as { volumeName?: string } | undefined)?.volumeName) continue;
        const cls = (claim.spec as { storageClassName?: string } | undefined)?.storageClassName;
        const sc = cls ? store.get('storageclasses.storage.k8s.io', '', cls) : undefined;
        const mode = (sc as { volumeBindingMode?: string } | undefined)?.volumeBindingMode;
        if (mode !== 'WaitForFirstConsumer') unboundImmediate = true;
      }
      return unboundImmediate
        ? status(Code.UnschedulableAndUnresolvable, ERR_REASON_BIND_CONFLICT)
        : undefined;
    },
    filter(): Result {
      return undefined;
    },
    isSchedulableAfter(_pod, event) {
      return event.kind === 'VolumeChange';
    },
  };
}

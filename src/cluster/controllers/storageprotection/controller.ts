/**
 * The pvc-protection and pv-protection controllers (pkg/controller/volume/pvcprotection,
 * pvprotection): a claim being deleted loses its finalizer once no pod that is not finished
 * uses it; a volume being deleted loses its finalizer once no claim is bound to it.
 */
import type { KubeObject } from '../../api/types';
import { PV_PROTECTION, PVC_PROTECTION } from '../../apiserver/admission/storageProtection';
import { WorkQueue } from '../../client/WorkQueue';
import type { Controller, ControllerContext } from '../types';

interface PodSpecVolumes {
  volumes?: { persistentVolumeClaim?: { claimName?: string } }[];
}

function podUsesClaim(pod: KubeObject, claim: string): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  return ((pod.spec as PodSpecVolumes | undefined)?.volumes ?? []).some(
    (v) => v.persistentVolumeClaim?.claimName === claim,
  );
}

export class StorageProtectionController implements Controller {
  readonly name = 'storage-protection-controller';
  private queue: WorkQueue;

  constructor(private ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
  }

  start(): void {
    this.ctx.store.watch('persistentvolumeclaims', {}, (ev) => {
      if (ev.type !== 'DELETED' && ev.object.metadata.deletionTimestamp) {
        this.queue.add(`pvc|${ev.object.metadata.namespace}|${ev.object.metadata.name}`);
      }
      // A claim going away may free the volume it was bound to.
      const volume = (ev.object.spec as { volumeName?: string } | undefined)?.volumeName;
      if (ev.type === 'DELETED' && volume) this.queue.add(`pv||${volume}`);
    });
    this.ctx.store.watch('persistentvolumes', {}, (ev) => {
      if (ev.type !== 'DELETED' && ev.object.metadata.deletionTimestamp) {
        this.queue.add(`pv||${ev.object.metadata.name}`);
      }
    });
    this.ctx.store.watch('pods', {}, (ev) => {
      // A pod that stops or goes away may release the claims it used.
      const done =
        ev.type === 'DELETED' ||
        ['Succeeded', 'Failed'].includes((ev.object.status as { phase?: string })?.phase ?? '');
      if (!done) return;
      for (const v of (ev.object.spec as PodSpecVolumes | undefined)?.volumes ?? []) {
        const claim = v.persistentVolumeClaim?.claimName;
        if (claim) this.queue.add(`pvc|${ev.object.metadata.namespace}|${claim}`);
      }
    });
  }

  private sync(key: string): void {
    const [kind, ns, name] = key.split('|');
    if (kind === 'pvc') {
      const pvc = this.ctx.store.get('persistentvolumeclaims', ns, name);
      if (!pvc?.metadata.deletionTimestamp || !pvc.metadata.finalizers?.includes(PVC_PROTECTION))
        return;
      const inUse = this.ctx.store
        .list('pods', { namespace: ns })
        .items.some((p) => podUsesClaim(p, name));
      if (!inUse) this.removeFinalizer('persistentvolumeclaims', pvc, PVC_PROTECTION);
      return;
    }
    const pv = this.ctx.store.get('persistentvolumes', '', name);
    if (!pv?.metadata.deletionTimestamp || !pv.metadata.finalizers?.includes(PV_PROTECTION)) return;
    const ref = (pv.spec as { claimRef?: { namespace?: string; name?: string } } | undefined)
      ?.claimRef;
    const bound = ref?.name
      ? this.ctx.store.get('persistentvolumeclaims', ref.namespace ?? '', ref.name)
      : undefined;
    if (!bound) this.removeFinalizer('persistentvolumes', pv, PV_PROTECTION);
  }

  private removeFinalizer(plural: string, obj: KubeObject, finalizer: string): void {
    const rt = this.ctx.registry.byResource('', 'v1', plural)!;
    const rest = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    this.ctx.client.patch(rt, obj.metadata.namespace ?? '', obj.metadata.name!, {
      metadata: {
        finalizers: rest.length ? rest : null,
        resourceVersion: obj.metadata.resourceVersion,
      },
    });
  }
}

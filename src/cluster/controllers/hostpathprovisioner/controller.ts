/**
 * minikube's storage-provisioner (k8s.io/minikube-hostpath, on sig-storage-lib-external-
 * provisioner): a claim the PersistentVolume controller hands to `k8s.io/minikube-hostpath`
 * (through the volume.kubernetes.io/storage-provisioner annotation) gets a hostPath volume
 * `pvc-<claim uid>` under /tmp/hostpath-provisioner/<namespace>/<claim>, already bound to it;
 * a Released volume it provisioned with reclaim policy Delete is deleted.
 *
 * Upstream this runs in the kube-system pod `storage-provisioner`; here it runs beside the
 * controller manager, so claims are served even when the system pods are not started.
 */
import type { ResourceType } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import { WorkQueue } from '../../client/WorkQueue';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_STORAGE_PROVISIONER,
  claimClass,
  claimSpec,
  phaseOf,
  volumeSpec,
} from '../persistentvolume/util';
import type { StorageClassView } from '../persistentvolume/util';
import { isNotFoundOrConflict } from '../podutil/podutil';
import type { Controller, ControllerContext } from '../types';

export const MINIKUBE_PROVISIONER = 'k8s.io/minikube-hostpath';
export const HOSTPATH_ROOT = '/tmp/hostpath-provisioner';

export class HostPathProvisioner implements Controller {
  readonly name = 'storage-provisioner';
  private queue: WorkQueue;
  private volumeRT: ResourceType;
  /**
   * hostPathProvisionerIdentity, and the library's id that signs its events; drawn when first
   * needed, so clusters that never provision keep their random sequence.
   */
  private ids: { identity: string; source: { component: string } } | undefined;

  constructor(private ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    this.volumeRT = ctx.registry.byResource('', 'v1', 'persistentvolumes')!;
  }

  private get identity(): string {
    return this.idents().identity;
  }

  private get source(): { component: string } {
    return this.idents().source;
  }

  private idents(): { identity: string; source: { component: string } } {
    this.ids ??= {
      identity: this.ctx.random.uuid(),
      source: { component: `${MINIKUBE_PROVISIONER}_minikube_${this.ctx.random.uuid()}` },
    };
    return this.ids;
  }

  start(): void {
    this.ctx.store.watch('persistentvolumeclaims', {}, (ev) => {
      if (ev.type !== 'DELETED')
        this.queue.add(`claim|${ev.object.metadata.namespace}|${ev.object.metadata.name}`);
    });
    this.ctx.store.watch('persistentvolumes', {}, (ev) => {
      if (ev.type !== 'DELETED') this.queue.add(`volume||${ev.object.metadata.name}`);
    });
  }

  private sync(key: string): void {
    const [kind, ns, name] = key.split('|');
    try {
      if (kind === 'claim') {
        const claim = this.ctx.store.get('persistentvolumeclaims', ns, name);
        if (claim && this.shouldProvision(claim)) this.provision(claim);
      } else {
        const volume = this.ctx.store.get('persistentvolumes', '', name);
        if (volume && this.shouldDelete(volume)) {
          this.ctx.client.delete(this.volumeRT, '', name);
        }
      }
    } catch (e) {
      if (!isNotFoundOrConflict(e)) throw e;
    }
  }

  private shouldProvision(claim: KubeObject): boolean {
    if (claim.metadata.deletionTimestamp || claimSpec(claim).volumeName) return false;
    const ann = claim.metadata.annotations ?? {};
    const asked = ann[ANN_STORAGE_PROVISIONER] ?? ann[ANN_BETA_STORAGE_PROVISIONER];
    if (asked !== MINIKUBE_PROVISIONER) return false;
    const cls = this.ctx.store.get('storageclasses.storage.k8s.io', '', claimClass(claim));
    if ((cls as StorageClassView | undefined)?.provisioner !== MINIKUBE_PROVISIONER) return false;
    return !this.ctx.store.get('persistentvolumes', '', `pvc-${claim.metadata.uid}`);
  }

  private provision(claim: KubeObject): void {
    const ns = claim.metadata.namespace!;
    const claimName = claim.metadata.name!;
    const cls = this.ctx.store.get('storageclasses.storage.k8s.io', '', claimClass(claim))!;
    this.ctx.recorder.event(
      this.source,
      claim,
      'Normal',
      'Provisioning',
      `External provisioner is provisioning volume for claim "${ns}/${claimName}"`,
    );
    const spec = claimSpec(claim);
    const pv: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: {
        name: `pvc-${claim.metadata.uid}`,
        annotations: {
          hostPathProvisionerIdentity: this.identity,
          [ANN_DYNAMICALLY_PROVISIONED]: MINIKUBE_PROVISIONER,
        },
      },
      spec: {
        accessModes: spec.accessModes,
        capacity: { storage: spec.resources?.requests?.storage },
        claimRef: {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          name: claimName,
          namespace: ns,
          resourceVersion: claim.metadata.resourceVersion,
          uid: claim.metadata.uid,
        },
        hostPath: { path: `${HOSTPATH_ROOT}/${ns}/${claimName}`, type: '' },
        persistentVolumeReclaimPolicy: (cls as StorageClassView).reclaimPolicy ?? 'Delete',
        storageClassName: cls.metadata.name,
        volumeMode: spec.volumeMode ?? 'Filesystem',
      },
    };
    const created = this.ctx.client.create(this.volumeRT, pv);
    this.ctx.recorder.event(
      this.source,
      claim,
      'Normal',
      'ProvisioningSucceeded',
      `Successfully provisioned volume ${created.metadata.name}`,
    );
  }

  private shouldDelete(volume: KubeObject): boolean {
    return (
      !volume.metadata.deletionTimestamp &&
      phaseOf(volume) === 'Released' &&
      volumeSpec(volume).persistentVolumeReclaimPolicy === 'Delete' &&
      volume.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED] === MINIKUBE_PROVISIONER
    );
  }
}

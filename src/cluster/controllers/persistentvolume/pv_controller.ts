/**
 * The PersistentVolume controller (pkg/controller/volume/persistentvolume/pv_controller.go):
 * binds claims to volumes (the smallest Available volume of the claim's class, size and access
 * modes), asks external provisioners for a volume when none fits a claim of a provisioning
 * class, keeps volume phases (Available, Bound, Released, Failed) and claim phases (Pending,
 * Bound, Lost), and reclaims released volumes: Retain keeps them Released, Delete leaves a
 * dynamically provisioned volume to its provisioner and fails a static one.
 */
import type { ResourceType } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import { WorkQueue } from '../../client/WorkQueue';
import { clone, isNotFoundOrConflict } from '../podutil/podutil';
import type { Controller, ControllerContext } from '../types';
import type { StorageClassView } from './util';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  claimClass,
  claimSpec,
  findBestMatchForClaim,
  isVolumeBoundToClaim,
  phaseOf,
  volumeSpec,
} from './util';

const SOURCE = { component: 'persistentvolume-controller' };

export class PersistentVolumeController implements Controller {
  readonly name = 'persistentvolume-binder-controller';
  private queue: WorkQueue;
  private claimRT: ResourceType;
  private volumeRT: ResourceType;

  constructor(private ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    this.claimRT = ctx.registry.byResource('', 'v1', 'persistentvolumeclaims')!;
    this.volumeRT = ctx.registry.byResource('', 'v1', 'persistentvolumes')!;
  }

  start(): void {
    const { store } = this.ctx;
    store.watch('persistentvolumeclaims', {}, (ev) => {
      const c = ev.object;
      this.queue.add(`claim|${c.metadata.namespace}|${c.metadata.name}`);
      const vol = claimSpec(c).volumeName;
      if (vol) this.queue.add(`volume||${vol}`);
      if (ev.type === 'DELETED') {
        // Volumes that pointed at the claim are now Released.
        for (const v of store.list('persistentvolumes').items)
          if (isVolumeBoundToClaim(v, c)) this.queue.add(`volume||${v.metadata.name}`);
      }
    });
    store.watch('persistentvolumes', {}, (ev) => {
      const v = ev.object;
      if (ev.type !== 'DELETED') this.queue.add(`volume||${v.metadata.name}`);
      const ref = volumeSpec(v).claimRef;
      if (ref?.name) this.queue.add(`claim|${ref.namespace}|${ref.name}`);
      // A volume that is new or free again may fit a waiting claim (upstream's periodic resync).
      if (ev.type !== 'DELETED' && !ref) this.enqueuePendingClaims();
    });
    store.watch('storageclasses.storage.k8s.io', {}, () => this.enqueuePendingClaims());
    for (const v of store.list('persistentvolumes').items)
      this.queue.add(`volume||${v.metadata.name}`);
    this.enqueuePendingClaims();
  }

  private enqueuePendingClaims(): void {
    for (const c of this.ctx.store.list('persistentvolumeclaims').items)
      if (!claimSpec(c).volumeName)
        this.queue.add(`claim|${c.metadata.namespace}|${c.metadata.name}`);
  }

  private sync(key: string): void {
    const [kind, ns, name] = key.split('|');
    try {
      if (kind === 'claim') {
        const claim = this.ctx.store.get('persistentvolumeclaims', ns, name);
        if (claim) this.syncClaim(claim);
      } else {
        const volume = this.ctx.store.get('persistentvolumes', '', name);
        if (volume) this.syncVolume(volume);
      }
    } catch (e) {
      // A write raced with another: the watch event of that write brings the key back.
      if (!isNotFoundOrConflict(e)) throw e;
    }
  }

  // ------------------------------------------------------------------ claims

  /** syncClaim: unbound claims look for a volume; bound ones check it is still there. */
  private syncClaim(claim: KubeObject): void {
    if (claim.metadata.annotations?.[ANN_BIND_COMPLETED]) this.syncBoundClaim(claim);
    else this.syncUnboundClaim(claim);
  }

  private storageClass(name: string): KubeObject | undefined {
    return name ? this.ctx.store.get('storageclasses.storage.k8s.io', '', name) : undefined;
  }

  private syncUnboundClaim(claim: KubeObject): void {
    const spec = claimSpec(claim);
    const volumes = this.ctx.store.list('persistentvolumes').items;
    if (!spec.volumeName) {
      const cls = this.storageClass(claimClass(claim));
      const delayBinding =
        (cls as StorageClassView | undefined)?.volumeBindingMode === 'WaitForFirstConsumer' &&
        !claim.metadata.annotations?.[ANN_SELECTED_NODE];
      const volume = findBestMatchForClaim(volumes, claim, delayBinding);
      if (volume) return this.bind(volume, claim);
      if (delayBinding) {
        this.event(
          claim,
          'Normal',
          'WaitForFirstConsumer',
          'waiting for first consumer to be created before binding',
        );
      } else if (claimClass(claim)) {
        this.provisionClaim(claim, cls);
      } else {
        this.event(
          claim,
          'Normal',
          'FailedBinding',
          'no persistent volumes available for this claim and no storage class is set',
        );
      }
      this.updateClaimStatus(claim, 'Pending', undefined);
      return;
    }
    // The claim names its volume (pre-bound by the user).
    const volume = volumes.find((v) => v.metadata.name === spec.volumeName);
    if (!volume) {
      this.updateClaimStatus(claim, 'Pending', undefined);
      return;
    }
    const ref = volumeSpec(volume).claimRef;
    if (!ref || isVolumeBoundToClaim(volume, claim)) return this.bind(volume, claim);
    if (!claim.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER]) {
      this.event(
        claim,
        'Warning',
        'FailedBinding',
        'volume "' + volume.metadata.name + '" already bound to a different claim.',
      );
    }
    this.updateClaimStatus(claim, 'Pending', undefined);
  }

  /** provisionClaim: an external provisioner is asked through the claim's annotations. */
  private provisionClaim(claim: KubeObject, cls: KubeObject | undefined): void {
    if (!cls) {
      this.event(
        claim,
        'Warning',
        'ProvisioningFailed',
        `storageclass.storage.k8s.io "${claimClass(claim)}" not found`,
      );
      return;
    }
    const provisioner = (cls as StorageClassView).provisioner ?? '';
    if (provisioner === 'kubernetes.io/no-provisioner') {
      this.event(
        claim,
        'Normal',
        'FailedBinding',
        'no persistent volumes available for this claim and no storage class is set',
      );
      return;
    }
    const ann = claim.metadata.annotations ?? {};
    if (
      ann[ANN_STORAGE_PROVISIONER] !== provisioner ||
      ann[ANN_BETA_STORAGE_PROVISIONER] !== provisioner
    ) {
      const next = clone(claim);
      next.metadata.annotations = {
        ...ann,
        [ANN_BETA_STORAGE_PROVISIONER]: provisioner,
        [ANN_STORAGE_PROVISIONER]: provisioner,
      };
      claim = this.ctx.client.update(this.claimRT, next);
    }
    this.event(
      claim,
      'Normal',
      'ExternalProvisioning',
      `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
    );
  }

  private syncBoundClaim(claim: KubeObject): void {
    const name = claimSpec(claim).volumeName;
    if (!name) {
      this.updateClaimStatus(claim, 'Lost', undefined);
      this.event(
        claim,
        'Warning',
        'ClaimLost',
        'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!',
      );
      return;
    }
    const volume = this.ctx.store.get('persistentvolumes', '', name);
    if (!volume) {
      if (phaseOf(claim) !== 'Lost') {
        this.updateClaimStatus(claim, 'Lost', undefined);
        this.event(
          claim,
          'Warning',
          'ClaimLost',
          'Bound claim has lost its PersistentVolume. Data on the volume is lost!',
        );
      }
      return;
    }
    const ref = volumeSpec(volume).claimRef;
    if (!ref || (ref.uid === claim.metadata.uid && ref.name === claim.metadata.name)) {
      this.bind(volume, claim);
      return;
    }
    if (phaseOf(claim) !== 'Lost') {
      this.updateClaimStatus(claim, 'Lost', undefined);
      this.event(
        claim,
        'Warning',
        'ClaimMisbound',
        'Two claims are bound to the same volume, this one is bound incorrectly',
      );
    }
  }

  // ------------------------------------------------------------------ volumes

  /** syncVolume: Available without a claim, Bound with one, Released once the claim is gone. */
  private syncVolume(volume: KubeObject): void {
    const ref = volumeSpec(volume).claimRef;
    if (!ref) {
      this.updateVolumePhase(volume, 'Available');
      return;
    }
    if (!ref.uid) {
      // Pre-bound by the user: waits Available for its claim to sync.
      this.updateVolumePhase(volume, 'Available');
      return;
    }
    const claim = this.ctx.store.get('persistentvolumeclaims', ref.namespace ?? '', ref.name ?? '');
    if (!claim || claim.metadata.uid !== ref.uid) {
      if (phaseOf(volume) !== 'Released' && phaseOf(volume) !== 'Failed') {
        volume = this.updateVolumePhase(volume, 'Released');
      }
      this.reclaimVolume(volume);
      return;
    }
    const bound = claimSpec(claim).volumeName;
    if (!bound || bound === volume.metadata.name) {
      this.updateVolumePhase(volume, 'Bound');
      return;
    }
    // The claim went to another volume: a volume the controller bound is freed again.
    if (volume.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER]) {
      const next = clone(volume);
      (next.spec as Record<string, unknown>).claimRef = null;
      delete next.metadata.annotations![ANN_BOUND_BY_CONTROLLER];
      this.updateVolumePhase(this.ctx.client.update(this.volumeRT, next), 'Available');
    } else {
      this.updateVolumePhase(volume, 'Released');
    }
  }

  /** reclaimVolume: what happens to a Released volume is its reclaim policy. */
  private reclaimVolume(volume: KubeObject): void {
    if (phaseOf(volume) !== 'Released') return;
    const policy = volumeSpec(volume).persistentVolumeReclaimPolicy ?? 'Retain';
    if (policy === 'Retain') return;
    if (policy === 'Recycle') {
      this.updateVolumePhase(
        volume,
        'Failed',
        'VolumeFailedRecycle',
        'No recycler plugin found for the volume!',
      );
      return;
    }
    // Delete: a dynamically provisioned volume is deleted by its (external) provisioner.
    if (volume.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED]) return;
    this.updateVolumePhase(
      volume,
      'Failed',
      'VolumeFailedDelete',
      `error getting deleter volume plugin for volume "${volume.metadata.name}": no deletable volume plugin matched`,
    );
  }

  // ------------------------------------------------------------------ binding

  /** bind: the volume's claimRef, its phase, the claim's volumeName, then the claim's status. */
  private bind(volume: KubeObject, claim: KubeObject): void {
    if (!isVolumeBoundToClaim(volume, claim) || !volumeSpec(volume).claimRef?.uid) {
      const next = clone(volume);
      const wasUnbound = !volumeSpec(volume).claimRef;
      (next.spec as Record<string, unknown>).claimRef = {
        kind: 'PersistentVolumeClaim',
        namespace: claim.metadata.namespace,
        name: claim.metadata.name,
        uid: claim.metadata.uid,
        apiVersion: 'v1',
        resourceVersion: claim.metadata.resourceVersion,
      };
      if (wasUnbound)
        next.metadata.annotations = {
          ...(next.metadata.annotations ?? {}),
          [ANN_BOUND_BY_CONTROLLER]: 'yes',
        };
      volume = this.ctx.client.update(this.volumeRT, next);
    }
    volume = this.updateVolumePhase(volume, 'Bound');
    const ann = claim.metadata.annotations ?? {};
    if (claimSpec(claim).volumeName !== volume.metadata.name || ann[ANN_BIND_COMPLETED] !== 'yes') {
      const next = clone(claim);
      const add: Record<string, string> = { [ANN_BIND_COMPLETED]: 'yes' };
      if (claimSpec(claim).volumeName !== volume.metadata.name) {
        (next.spec as Record<string, unknown>).volumeName = volume.metadata.name;
        add[ANN_BOUND_BY_CONTROLLER] = 'yes';
      }
      next.metadata.annotations = { ...ann, ...add };
      claim = this.ctx.client.update(this.claimRT, next);
    }
    this.updateClaimStatus(claim, 'Bound', volume);
  }

  private updateClaimStatus(
    claim: KubeObject,
    phase: string,
    volume: KubeObject | undefined,
  ): void {
    const prev = (claim.status ?? {}) as Record<string, unknown>;
    const status: Record<string, unknown> = { ...prev, phase };
    if (volume) {
      const vs = volumeSpec(volume);
      status.accessModes = vs.accessModes;
      status.capacity = vs.capacity;
    } else if (phase === 'Pending') {
      delete status.accessModes;
      delete status.capacity;
    }
    if (JSON.stringify(status) === JSON.stringify(prev)) return;
    this.ctx.client.update(this.claimRT, { ...clone(claim), status }, 'status');
  }

  private updateVolumePhase(
    volume: KubeObject,
    phase: string,
    reason?: string,
    message?: string,
  ): KubeObject {
    const prev = (volume.status ?? {}) as Record<string, unknown>;
    if (prev.phase === phase && (message === undefined || prev.message === message)) return volume;
    const status: Record<string, unknown> = { phase };
    if (message) status.message = message;
    status.lastPhaseTransitionTime =
      prev.phase === phase ? prev.lastPhaseTransitionTime : this.ctx.clock.timestamp();
    const updated = this.ctx.client.update(this.volumeRT, { ...clone(volume), status }, 'status');
    if (reason && message) this.event(updated, 'Warning', reason, message);
    return updated;
  }

  private event(
    obj: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ): void {
    this.ctx.recorder.event(SOURCE, obj, type, reason, message);
  }
}

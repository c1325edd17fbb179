/**
 * Shapes, annotations and small helpers of the PersistentVolume controller
 * (pkg/controller/volume/persistentvolume/util): what a claim and a volume look like to it.
 */
import type { KubeObject } from '../../api/types';
import { quantityValue } from '../../apiserver/admission/resources';

export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const ANN_DYNAMICALLY_PROVISIONED = 'pv.kubernetes.io/provisioned-by';
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';

export interface ClaimRef {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
}

export interface ClaimSpec {
  accessModes?: string[];
  resources?: { requests?: { storage?: string } };
  storageClassName?: string | null;
  volumeName?: string;
  volumeMode?: string;
  selector?: { matchLabels?: Record<string, string> };
}

export interface VolumeSpec {
  accessModes?: string[];
  capacity?: { storage?: string };
  claimRef?: ClaimRef | null;
  storageClassName?: string;
  persistentVolumeReclaimPolicy?: string;
  volumeMode?: string;
}

export interface StorageClassView {
  provisioner?: string;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
}

export const claimSpec = (c: KubeObject) => (c.spec ?? {}) as ClaimSpec;
export const volumeSpec = (v: KubeObject) => (v.spec ?? {}) as VolumeSpec;
export const phaseOf = (o: KubeObject) => (o.status as { phase?: string } | undefined)?.phase;

/** GetPersistentVolumeClaimClass: the class a claim asks for, "" for none. */
export function claimClass(claim: KubeObject): string {
  return claimSpec(claim).storageClassName ?? '';
}

/** GetPersistentVolumeClass */
export function volumeClass(volume: KubeObject): string {
  return volumeSpec(volume).storageClassName ?? '';
}

export function requestedBytes(claim: KubeObject): number {
  return quantityValue(claimSpec(claim).resources?.requests?.storage);
}

export function capacityBytes(volume: KubeObject): number {
  return quantityValue(volumeSpec(volume).capacity?.storage);
}

/** The volume's claimRef names this claim (and, when the ref has a UID, this very claim). */
export function isVolumeBoundToClaim(volume: KubeObject, claim: KubeObject): boolean {
  const ref = volumeSpec(volume).claimRef;
  if (!ref) return false;
  if (ref.name !== claim.metadata.name || ref.namespace !== claim.metadata.namespace) return false;
  return !ref.uid || ref.uid === claim.metadata.uid;
}

/** checkAccessModes: the volume offers every mode the claim asks for. */
export function accessModesSatisfied(claim: KubeObject, volume: KubeObject): boolean {
  const offered = new Set(volumeSpec(volume).accessModes ?? []);
  return (claimSpec(claim).accessModes ?? []).every((m) => offered.has(m));
}

function selectorMatches(claim: KubeObject, volume: KubeObject): boolean {
  const want = claimSpec(claim).selector?.matchLabels ?? {};
  const labels = volume.metadata.labels ?? {};
  return Object.entries(want).every(([k, v]) => labels[k] === v);
}

/**
 * findBestMatchForClaim (FindMatchingVolume): a volume pre-bound to the claim wins; otherwise
 * the smallest Available, unclaimed volume of the claim's class, volume mode and labels that
 * offers its access modes and at least its size. With delayBinding only pre-bound volumes
 * count: the rest wait for the scheduler to pick a node.
 */
export function findBestMatchForClaim(
  volumes: readonly KubeObject[],
  claim: KubeObject,
  delayBinding: boolean,
): KubeObject | undefined {
  const want = requestedBytes(claim);
  const cls = claimClass(claim);
  const mode = claimSpec(claim).volumeMode ?? 'Filesystem';
  let best: KubeObject | undefined;
  for (const v of volumes) {
    if (v.metadata.deletionTimestamp) continue;
    const vs = volumeSpec(v);
    const fits =
      volumeClass(v) === cls &&
      (vs.volumeMode ?? 'Filesystem') === mode &&
      accessModesSatisfied(claim, v) &&
      capacityBytes(v) >= want &&
      selectorMatches(claim, v);
    if (vs.claimRef) {
      if (isVolumeBoundToClaim(v, claim) && fits) return v;
      continue;
    }
    if (delayBinding || !fits) continue;
    if (phaseOf(v) !== 'Available' && phaseOf(v) !== 'Pending') continue;
    if (!best || capacityBytes(v) < capacityBytes(best)) best = v;
  }
  return best;
}

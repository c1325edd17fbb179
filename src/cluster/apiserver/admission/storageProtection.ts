/**
 * StorageObjectInUseProtection: every new PersistentVolume and PersistentVolumeClaim gets the
 * protection finalizer, so it is not removed while in use; the pv- and pvc-protection
 * controllers take the finalizer off once nothing uses the object.
 */
import type { AdmissionPlugin } from './types';

export const PVC_PROTECTION = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION = 'kubernetes.io/pv-protection';

export const storageObjectInUseProtection: AdmissionPlugin = {
  name: 'StorageObjectInUseProtection',
  admit(attrs) {
    if (attrs.operation !== 'CREATE' || attrs.subresource) return;
    const finalizer =
      attrs.rt.key === 'persistentvolumeclaims'
        ? PVC_PROTECTION
        : attrs.rt.key === 'persistentvolumes'
          ? PV_PROTECTION
          : undefined;
    if (!finalizer) return;
    const meta = attrs.object.metadata;
    const list = (meta.finalizers ??= []);
    if (!list.includes(finalizer)) list.push(finalizer);
  },
};

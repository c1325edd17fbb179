/**
 * DefaultStorageClass (plugin/pkg/admission/storage/storageclass/setdefault): a new claim that
 * does not name a class (no storageClassName at all; "" asks for none) gets the default one, the
 * StorageClass annotated `storageclass.kubernetes.io/is-default-class: "true"` — the newest if
 * there are several, as upstream since 1.26.
 */
import type { KubeObject } from '../../api/types';
import type { Store } from '../../store/types';
import type { AdmissionPlugin } from './types';

export const IS_DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
const BETA_IS_DEFAULT_CLASS = 'storageclass.beta.kubernetes.io/is-default-class';

/** GetDefaultClass: the newest default StorageClass (ties by name), or undefined. */
export function getDefaultClass(store: Store): KubeObject | undefined {
  let best: KubeObject | undefined;
  for (const sc of store.list('storageclasses.storage.k8s.io').items) {
    const a = sc.metadata.annotations ?? {};
    if (a[IS_DEFAULT_CLASS] !== 'true' && a[BETA_IS_DEFAULT_CLASS] !== 'true') continue;
    if (!best) {
      best = sc;
      continue;
    }
    const t = sc.metadata.creationTimestamp ?? '';
    const bt = best.metadata.creationTimestamp ?? '';
    if (t > bt || (t === bt && sc.metadata.name! < best.metadata.name!)) best = sc;
  }
  return best;
}

export const defaultStorageClass: AdmissionPlugin = {
  name: 'DefaultStorageClass',
  admit(attrs, { store }) {
    if (attrs.operation !== 'CREATE' || attrs.subresource) return;
    if (attrs.rt.key !== 'persistentvolumeclaims') return;
    const spec = (attrs.object.spec ??= {}) as { storageClassName?: string | null };
    if (spec.storageClassName !== undefined && spec.storageClassName !== null) return;
    const def = getDefaultClass(store);
    if (def) spec.storageClassName = def.metadata.name;
  },
};

/** Printers for policy (PodDisruptionBudget), coordination (Lease) and storage (StorageClass). */
import type { KubeObject } from '../types';
import type { Any } from './helpers';
import { AGE_COLUMN, NAME_COLUMN, age, col, int, str } from './helpers';
import type { TablePrinter } from './types';

const name = (obj: KubeObject): string => obj.metadata.name ?? '';

/** intstr.IntOrString.String(). */
function intOrString(v: unknown): string {
  return typeof v === 'number' ? String(Math.trunc(v)) : String(v);
}

export const podDisruptionBudgetPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Min Available', 'string', 'The minimum number of pods that must be available.'),
    col('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    col(
      'Allowed Disruptions',
      'integer',
      'Calculated number of pods that may be disrupted at this time.',
    ),
    AGE_COLUMN,
  ],
  row(obj, ctx) {
    const pdb = obj as Any;
    const min = pdb.spec?.minAvailable;
    const max = pdb.spec?.maxUnavailable;
    return [
      name(obj),
      min === undefined || min === null ? 'N/A' : intOrString(min),
      max === undefined || max === null ? 'N/A' : intOrString(max),
      int(pdb.status?.disruptionsAllowed),
      age(obj, ctx),
    ];
  },
};

export const leasePrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Holder', 'string', 'coordination/v1.LeaseSpec.holderIdentity'),
    AGE_COLUMN,
  ],
  row(obj, ctx) {
    return [name(obj), str((obj as Any).spec?.holderIdentity), age(obj, ctx)];
  },
};

const DEFAULT_CLASS_ANNOTATIONS = [
  'storageclass.kubernetes.io/is-default-class',
  'storageclass.beta.kubernetes.io/is-default-class',
];

export const storageClassPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Provisioner', 'string', 'storage/v1.StorageClass.provisioner'),
    col('ReclaimPolicy', 'string', 'storage/v1.StorageClass.reclaimPolicy'),
    col('VolumeBindingMode', 'string', 'storage/v1.StorageClass.volumeBindingMode'),
    col('AllowVolumeExpansion', 'string', 'storage/v1.StorageClass.allowVolumeExpansion'),
    AGE_COLUMN,
  ],
  row(obj, ctx) {
    const sc = obj as Any;
    const ann = obj.metadata.annotations ?? {};
    const isDefault = DEFAULT_CLASS_ANNOTATIONS.some((a) => ann[a] === 'true');
    return [
      isDefault ? `${name(obj)} (default)` : name(obj),
      str(sc.provisioner),
      typeof sc.reclaimPolicy === 'string' ? sc.reclaimPolicy : 'Delete',
      typeof sc.volumeBindingMode === 'string' ? sc.volumeBindingMode : 'Immediate',
      sc.allowVolumeExpansion === true,
      age(obj, ctx),
    ];
  },
};

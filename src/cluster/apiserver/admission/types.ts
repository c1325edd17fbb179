/**
 * Admission plugins see each write after defaulting: mutating plugins may change the object,
 * validating ones may refuse it by throwing an ApiError, as upstream's admission chain.
 */
import type { ResourceType } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import type { Store } from '../../store/types';
import type { Random } from '../../clock/Random';

export interface AdmissionAttributes {
  operation: 'CREATE' | 'UPDATE' | 'DELETE';
  rt: ResourceType;
  subresource?: string;
  namespace: string;
  name: string;
  object: KubeObject;
  old?: KubeObject;
  dryRun: boolean;
}

export interface AdmissionContext {
  store: Store;
  random: Random;
}

export interface AdmissionPlugin {
  name: string;
  /** Mutating phase: may change attrs.object. */
  admit?(attrs: AdmissionAttributes, ctx: AdmissionContext): void;
  /** Validating phase: may only refuse. */
  validate?(attrs: AdmissionAttributes, ctx: AdmissionContext): void;
}

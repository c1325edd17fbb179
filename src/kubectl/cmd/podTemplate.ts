/**
 * What the `set` and `rollout` commands share: the pod spec inside a workload
 * (polymorphichelpers.UpdatePodSpecForObject) and the two-way strategic patch between an object
 * and its changed copy (set.CalculatePatches).
 */
import { schemaFor } from '../../cluster/api/schema';
import { cmdError } from '../errors';
import type { Obj } from '../resource/objects';
import { threeWayPatch } from './applyPatch';

/** The pod spec of a workload, or undefined for kinds without a pod template. */
export function podSpecOf(obj: Obj): Obj | undefined {
  const spec = obj.spec as Obj | undefined;
  switch (obj.kind) {
    case 'Pod':
      return (obj.spec ??= {}) as Obj;
    case 'ReplicationController':
    case 'Deployment':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'Job': {
      const t = ((spec ?? {}).template ?? {}) as Obj;
      return (t.spec ?? {}) as Obj;
    }
    case 'CronJob': {
      const jt = ((spec ?? {}).jobTemplate ?? {}) as Obj;
      const t = (((jt.spec ?? {}) as Obj).template ?? {}) as Obj;
      return (t.spec ?? {}) as Obj;
    }
  }
  return undefined;
}

/** UpdatePodSpecForObject's error for objects without a pod template. */
export function noPodTemplate(obj: Obj): Error {
  const group = String(obj.apiVersion ?? '').split('/');
  const pkg = group.length > 1 ? group[0].split('.')[0] : 'v1';
  return cmdError(
    `the object is not a pod or does not have a pod template: *${pkg === 'v1' ? 'v1' : pkg + 'v1'}.${String(obj.kind)}`,
  );
}

/** A deep copy through JSON, as kubectl's encode and decode round trip makes one. */
export function copyOf<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** The strategic merge patch from `original` to `modified`; `{}` when they are the same. */
export function twoWayPatch(original: Obj, modified: Obj): Obj {
  const schema = schemaFor(String(original.apiVersion ?? ''), String(original.kind ?? ''));
  return threeWayPatch(copyOf(original), modified, original, schema, schema !== undefined);
}

/** The containers `selector` picks (`*` and shell-style wildcards, as selectContainers). */
export function selectContainers(containers: Obj[] | undefined, selector: string): Obj[] {
  const re = new RegExp(
    '^' +
      selector
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*') +
      '$',
  );
  return (containers ?? []).filter((c) => re.test(String(c.name ?? '')));
}

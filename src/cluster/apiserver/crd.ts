/**
 * CustomResourceDefinitions turn into served kinds: each served version of an established CRD
 * joins the type registry and the OpenAPI documents; deleting the CRD removes its kind and every
 * object of it.
 */
import type { ResourceType } from '../api/registry';
import { registerCustomResourceSchema, unregisterCustomResourceSchema } from '../api/schema';
import type { KubeObject } from '../api/types';
import type { ServerContext } from './context';

export const CRD_KEY = 'customresourcedefinitions.apiextensions.k8s.io';

interface CRDSpec {
  group: string;
  scope: 'Namespaced' | 'Cluster';
  names: {
    plural: string;
    singular?: string;
    kind: string;
    listKind?: string;
    shortNames?: string[];
    categories?: string[];
  };
  versions: {
    name: string;
    served: boolean;
    storage: boolean;
    subresources?: { status?: object; scale?: object };
  }[];
}

export function crdTypes(crd: KubeObject): ResourceType[] {
  const spec = crd.spec as CRDSpec;
  return spec.versions
    .filter((v) => v.served)
    .map((v) => {
      const subresources: string[] = [];
      if (v.subresources?.scale) subresources.push('scale');
      if (v.subresources?.status) subresources.push('status');
      return {
        group: spec.group,
        version: v.name,
        kind: spec.names.kind,
        plural: spec.names.plural,
        singular: spec.names.singular || spec.names.kind.toLowerCase(),
        namespaced: spec.scope === 'Namespaced',
        shortNames: spec.names.shortNames ?? [],
        categories: spec.names.categories ?? [],
        verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
        subresources,
        key: `${spec.names.plural}.${spec.group}`,
        custom: true,
      } satisfies ResourceType;
    });
}

/** The status an accepted CRD gets at once: names accepted, established, its storage version. */
export function establishedStatus(crd: KubeObject, timestamp: string): object {
  const spec = crd.spec as CRDSpec;
  const names = { ...spec.names };
  names.singular ||= spec.names.kind.toLowerCase();
  names.listKind ||= `${spec.names.kind}List`;
  return {
    acceptedNames: names,
    conditions: [
      {
        type: 'NamesAccepted',
        status: 'True',
        lastTransitionTime: timestamp,
        reason: 'NoConflicts',
        message: 'no conflicts found',
      },
      {
        type: 'Established',
        status: 'True',
        lastTransitionTime: timestamp,
        reason: 'InitialNamesAccepted',
        message: 'the initial names have been accepted',
      },
    ],
    storedVersions: spec.versions.filter((v) => v.storage).map((v) => v.name),
  };
}

/** Keeps the registry in step with the stored CRDs, from now on and for those stored already. */
export function followCRDs(ctx: ServerContext): void {
  const registered = new Map<string, ResourceType[]>();
  const sync = (crd: KubeObject, gone: boolean) => {
    const name = crd.metadata.name!;
    for (const t of registered.get(name) ?? []) ctx.registry.remove(t.group, t.version, t.plural);
    registered.delete(name);
    if (gone) {
      unregisterCustomResourceSchema(crd);
      return;
    }
    const types = crdTypes(crd);
    for (const t of types) ctx.registry.add(t);
    registered.set(name, types);
    registerCustomResourceSchema(crd);
  };
  const { items, revision } = ctx.store.list(CRD_KEY);
  for (const crd of items) sync(crd, false);
  ctx.store.watch(CRD_KEY, { fromRevision: revision }, (ev) => {
    if (ev.type === 'DELETED') {
      sync(ev.object, true);
      // The CRD's objects go with it.
      const key = ev.object.metadata.name!;
      for (const o of ctx.store.list(key).items) {
        ctx.store.delete(key, o.metadata.namespace ?? '', o.metadata.name!);
      }
    } else {
      sync(ev.object, false);
    }
  });
}

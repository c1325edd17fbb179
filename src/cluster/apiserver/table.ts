/** Table responses (meta.k8s.io/v1) for `kubectl get`, built from the printers' column data. */
import type { ResourceType } from '../api/registry';
import type { KubeObject } from '../api/types';
import { tableRows } from '../api/printers';
import type { ServerContext } from './context';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function crdFor(ctx: ServerContext, rt: ResourceType): KubeObject | undefined {
  if (!rt.custom) return undefined;
  return ctx.store.get('customresourcedefinitions.apiextensions.k8s.io', '', rt.key);
}

export function toTable(
  ctx: ServerContext,
  rt: ResourceType,
  objects: KubeObject[],
  opts: {
    includeObject: IncludeObject;
    resourceVersion: string;
    continueToken?: string;
    noHeaders?: boolean;
  },
): object {
  const { columnDefinitions, rows } = tableRows(
    rt,
    objects,
    { now: ctx.clock.now() },
    crdFor(ctx, rt),
  );
  const metadata: Record<string, unknown> = { resourceVersion: opts.resourceVersion };
  if (opts.continueToken) metadata.continue = opts.continueToken;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: opts.noHeaders ? null : columnDefinitions,
    rows: rows.map((r, i) => {
      const row: Record<string, unknown> = { cells: r.cells };
      if (r.conditions) row.conditions = r.conditions;
      if (opts.includeObject === 'Object') row.object = objects[i];
      else if (opts.includeObject === 'Metadata') {
        row.object = {
          kind: 'PartialObjectMetadata',
          apiVersion: 'meta.k8s.io/v1',
          metadata: objects[i].metadata,
        };
      }
      return row;
    }),
  };
}

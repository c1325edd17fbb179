/**
 * `kubectl autoscale` (k8s.io/kubectl/pkg/cmd/autoscale): an autoscaling/v1
 * HorizontalPodAutoscaler for each target that has a scale subresource, as kubectl v1.32 builds it.
 */
import { cmdError, KubectlError } from '../errors';
import { dryRunOf, objectOutputOf } from '../printers/object';
import { metaOf } from '../resource/objects';
import type { Obj } from '../resource/objects';
import type { CommandContext } from './context';
import { sendGenerated } from './create';
import { requiredFlag } from './generators';
import type { MutateIO } from './mutate';
import { resolveTargets } from './targets';

/** The built-in resources with a scale subresource. */
const SCALABLE = [
  'deployments.apps',
  'replicasets.apps',
  'statefulsets.apps',
  'replicationcontrollers.',
];

export async function runAutoscale(c: CommandContext, io: MutateIO): Promise<number> {
  const f = c.flags;
  if (!f.changed('max')) throw requiredFlag('max');
  const dryRun = dryRunOf(f);
  const output = objectOutputOf(f, io.fs?.readFile);
  const max = f.int('max');
  const min = f.int('min');
  if (max < 1) throw cmdError(`--max=MAXPODS is required and must be at least 1, max: ${max}`);
  if (max < min)
    throw cmdError(
      `--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`,
    );
  const t = await resolveTargets(c, io, c.args, { fetch: true });
  if (t.errors.length) throw new KubectlError(t.errors.join('\n'));
  for (const info of t.infos) {
    const r = info.resource;
    const scalable = SCALABLE.includes(`${r.name}.${r.group}`);
    if (!scalable)
      throw cmdError(
        `cannot autoscale a ${r.kind}: could not find scale subresource for ${r.group}/${r.version}, Resource=${r.name} in discovery information`,
      );
    const spec: Obj = {
      scaleTargetRef: {
        kind: info.object.kind ?? r.kind,
        name: metaOf(info.object).name ?? info.name,
        apiVersion: info.object.apiVersion ?? (r.group ? `${r.group}/${r.version}` : r.version),
      },
    };
    if (min > 0) spec.minReplicas = min;
    spec.maxReplicas = max;
    if (f.int('cpu-percent') >= 0) spec.targetCPUUtilizationPercentage = f.int('cpu-percent');
    const metadata: Obj = { name: f.str('name') || info.name };
    if (dryRun === 'client' && c.explicitNamespace) metadata.namespace = c.namespace;
    metadata.creationTimestamp = null;
    const hpa: Obj = {
      kind: 'HorizontalPodAutoscaler',
      apiVersion: 'autoscaling/v1',
      metadata,
      spec,
      status: { currentReplicas: 0, desiredReplicas: 0 },
    };
    await sendGenerated(c, io, { object: hpa }, dryRun, output, 'kubectl-autoscale', 'autoscaled');
  }
  return 0;
}

/** `kubectl run` (k8s.io/kubectl/pkg/cmd/run): a Pod from an image; attached in runattach.ts. */
import { cmdError, KubectlError } from '../errors';
import { dryRunOf, objectOutputOf } from '../printers/object';
import type { Obj } from '../resource/objects';
import type { CommandContext } from './context';
import { sendGenerated } from './create';
import { requiredFlag } from './generators';
import type { MutateIO } from './mutate';
import { runAttached } from './runattach';

export async function runRun(c: CommandContext, io: MutateIO): Promise<number> {
  const f = c.flags;
  const dash = f.parsed.dashArgs;
  const names = c.args.slice(0, c.args.length - dash.length);
  if (!f.str('image')) throw requiredFlag('image');
  if (names.length === 0)
    throw new KubectlError(
      "error: NAME is required for run\nSee 'kubectl run -h' for help and examples",
    );
  const name = names[0];
  const extra = [...names.slice(1), ...dash];
  const restart = f.str('restart') || 'Always';
  if (!['Always', 'OnFailure', 'Never'].includes(restart))
    throw new KubectlError(
      `error: invalid restart policy: ${restart}\nSee 'kubectl run -h' for help and examples`,
    );
  const attach = f.bool('attach') || (f.bool('stdin') && !f.changed('attach'));
  if (f.bool('rm') && !attach) throw cmdError('--rm should only be used for attached containers');
  const dryRun = dryRunOf(f);
  const output = objectOutputOf(f, io.fs?.readFile);
  let labels: Record<string, string> = { run: name };
  if (f.str('labels')) {
    labels = {};
    for (const kv of f.str('labels').split(',')) {
      const eq = kv.indexOf('=');
      if (eq <= 0) throw cmdError(`invalid label spec: ${kv}`);
      labels[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
  }
  const ctr: Obj = { name, image: f.str('image') };
  if (extra.length) ctr[f.bool('command') ? 'command' : 'args'] = extra;
  if (f.str('port')) ctr.ports = [{ containerPort: Number(f.str('port')) }];
  const env = f.list('env');
  if (env.length) {
    ctr.env = env.map((e) => {
      const eq = e.indexOf('=');
      if (eq <= 0) throw cmdError(`invalid env: ${e}`);
      return { name: e.slice(0, eq), value: e.slice(eq + 1) };
    });
  }
  if (f.str('image-pull-policy')) ctr.imagePullPolicy = f.str('image-pull-policy');
  ctr.resources = {};
  const metadata: Obj = { name };
  if (c.explicitNamespace) metadata.namespace = c.namespace;
  metadata.creationTimestamp = null;
  metadata.labels = labels;
  const annotations = f.list('annotations');
  if (annotations.length) {
    metadata.annotations = Object.fromEntries(
      annotations.map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]),
    );
  }
  const spec: Obj = { containers: [ctr], restartPolicy: restart, dnsPolicy: 'ClusterFirst' };
  if (f.str('serviceaccount')) spec.serviceAccountName = f.str('serviceaccount');
  const pod: Obj = { kind: 'Pod', apiVersion: 'v1', metadata, spec, status: {} };
  if (attach && dryRun === 'none') {
    if (f.bool('stdin')) Object.assign(ctr, { stdin: true, stdinOnce: true });
    if (f.bool('tty')) ctr.tty = true;
    return runAttached(c, pod, {
      rm: f.bool('rm'),
      stdin: f.bool('stdin'),
      tty: f.bool('tty'),
      quiet: f.bool('quiet'),
    });
  }
  return sendGenerated(c, io, { object: pod }, dryRun, output, 'kubectl-run');
}

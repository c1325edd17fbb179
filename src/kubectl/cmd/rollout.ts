/**
 * `kubectl rollout status|history|undo|pause|resume|restart` (k8s.io/kubectl/pkg/cmd/rollout and
 * polymorphichelpers' rollout_status.go, history.go, rollback.go, objectpauser.go,
 * objectresumer.go, objectrestarter.go).
 */
import { cmdError, KubectlError, statusError } from '../errors';
import { ObjectPrinter, dryRunOf, objectOutputOf } from '../printers/object';
import { resolveType } from '../resource/mapper';
import { Api, metaOf, objectRef } from '../resource/objects';
import type { Info, Obj } from '../resource/objects';
import type { WatchEvent } from '../transport';
import { describePodTemplate } from './describe/podspec';
import { goTabwrite, PrefixWriter } from './describe/writer';
import type { CommandContext } from './context';
import type { MutateIO } from './mutate';
import { copyOf, twoWayPatch } from './podTemplate';
import { resolveTargets } from './targets';

const REVISION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const HASH_LABEL = 'pod-template-hash';

export async function runRollout(path: string, c: CommandContext, io: MutateIO): Promise<number> {
  const sub = path.split(' ')[1];
  if (!sub) throw new KubectlError(io.help('rollout').trimEnd());
  if (c.args.length === 0 && c.flags.list('filename').length === 0) {
    throw cmdError('required resource not specified');
  }
  switch (sub) {
    case 'status':
      return rolloutStatus(c, io);
    case 'history':
      return rolloutHistory(c, io);
    case 'undo':
      return rolloutUndo(c, io);
    case 'pause':
    case 'resume':
    case 'restart':
      return rolloutPatch(sub, c, io);
  }
  throw cmdError(`"kubectl ${path}" is not available in this playground yet`);
}

/** "deployments.apps": how the rollout errors name a resource. */
function resourceString(info: Info): string {
  return info.resource.group ? `${info.resource.name}.${info.resource.group}` : info.resource.name;
}

/** The GroupKind as Go prints it: "Pod", "CronJob.batch". */
function groupKind(info: Info): string {
  return info.resource.group ? `${info.resource.kind}.${info.resource.group}` : info.resource.kind;
}

async function targets(c: CommandContext, io: MutateIO): Promise<Info[]> {
  const t = await resolveTargets(c, io, c.args, { fetch: true });
  if (t.errors.length) throw new KubectlError(t.errors.join('\n'));
  return t.infos;
}

// ---------------------------------------------------------------- status

interface Status {
  text: string;
  done: boolean;
}

const int = (v: unknown) => (typeof v === 'number' ? v : 0);

function revisionOf(obj: Obj): number | undefined {
  const v = metaOf(obj).annotations?.[REVISION];
  if (v === undefined) return 0;
  const n = Number(v);
  return Number.isInteger(n) ? n : undefined;
}

/** The StatusViewer of each kind; throws its error. */
function statusOf(obj: Obj, revision: number): Status {
  const m = metaOf(obj);
  const spec = (obj.spec ?? {}) as Obj;
  const st = (obj.status ?? {}) as Obj;
  const generation = int(m.generation);
  const observed = int(st.observedGeneration);
  switch (obj.kind) {
    case 'Deployment': {
      if (revision > 0) {
        const rev = revisionOf(obj);
        if (rev === undefined)
          throw cmdError(`cannot get the revision of deployment "${m.name ?? ''}"`);
        if (rev !== revision)
          throw cmdError(
            `desired revision (${revision}) is different from the running revision (${rev})`,
          );
      }
      if (generation <= observed) {
        const conds = (st.conditions ?? []) as Obj[];
        const progressing = conds.find((x) => x.type === 'Progressing');
        if (progressing?.reason === 'ProgressDeadlineExceeded')
          throw cmdError(`deployment "${m.name ?? ''}" exceeded its progress deadline`);
        const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
        const updated = int(st.updatedReplicas);
        const w = `Waiting for deployment "${m.name ?? ''}" rollout to finish: `;
        if (updated < replicas)
          return {
            text: `${w}${updated} out of ${replicas} new replicas have been updated...\n`,
            done: false,
          };
        if (int(st.replicas) > updated)
          return {
            text: `${w}${int(st.replicas) - updated} old replicas are pending termination...\n`,
            done: false,
          };
        if (int(st.availableReplicas) < updated)
          return {
            text: `${w}${int(st.availableReplicas)} of ${updated} updated replicas are available...\n`,
            done: false,
          };
        return { text: `deployment "${m.name ?? ''}" successfully rolled out\n`, done: true };
      }
      return { text: 'Waiting for deployment spec update to be observed...\n', done: false };
    }
    case 'DaemonSet': {
      const strategy = (spec.updateStrategy ?? {}) as Obj;
      if (strategy.type !== 'RollingUpdate')
        throw cmdError('rollout status is only available for RollingUpdate strategy type');
      if (generation <= observed) {
        const desired = int(st.desiredNumberScheduled);
        const updated = int(st.updatedNumberScheduled);
        const w = `Waiting for daemon set "${m.name ?? ''}" rollout to finish: `;
        if (updated < desired)
          return {
            text: `${w}${updated} out of ${desired} new pods have been updated...\n`,
            done: false,
          };
        if (int(st.numberAvailable) < desired)
          return {
            text: `${w}${int(st.numberAvailable)} of ${desired} updated pods are available...\n`,
            done: false,
          };
        return { text: `daemon set "${m.name ?? ''}" successfully rolled out\n`, done: true };
      }
      return { text: 'Waiting for daemon set spec update to be observed...\n', done: false };
    }
    case 'StatefulSet': {
      const strategy = (spec.updateStrategy ?? {}) as Obj;
      if (strategy.type !== 'RollingUpdate')
        throw cmdError('rollout status is only available for RollingUpdate strategy type');
      if (observed === 0 || generation > observed)
        return { text: 'Waiting for statefulset spec update to be observed...\n', done: false };
      const replicas = typeof spec.replicas === 'number' ? spec.replicas : undefined;
      if (replicas !== undefined && int(st.readyReplicas) < replicas)
        return {
          text: `Waiting for ${replicas - int(st.readyReplicas)} pods to be ready...\n`,
          done: false,
        };
      const ru = (strategy.rollingUpdate ?? {}) as Obj;
      if (typeof ru.partition === 'number' && replicas !== undefined) {
        const want = replicas - ru.partition;
        if (int(st.updatedReplicas) < want)
          return {
            text: `Waiting for partitioned roll out to finish: ${int(st.updatedReplicas)} out of ${want} new pods have been updated...\n`,
            done: false,
          };
        return {
          text: `partitioned roll out complete: ${int(st.updatedReplicas)} new pods have been updated...\n`,
          done: true,
        };
      }
      if (st.updateRevision !== st.currentRevision)
        return {
          text: `waiting for statefulset rolling update to complete ${int(st.updatedReplicas)} pods at revision ${String(st.updateRevision ?? '')}...\n`,
          done: false,
        };
      return {
        text: `statefulset rolling update complete ${int(st.currentReplicas)} pods at revision ${String(st.currentRevision ?? '')}...\n`,
        done: true,
      };
    }
  }
  throw cmdError(`no status viewer has been implemented for ${String(obj.kind)}`);
}

/** Go's time.ParseDuration, in milliseconds; undefined when the text is not a duration. */
function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const re = /(\d+\.?\d*|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  const unit: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    ms: 1,
    s: 1e3,
    m: 6e4,
    h: 36e5,
  };
  let total = 0;
  let i = 0;
  if (!text) return undefined;
  while (i < text.length) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) return undefined;
    total += Number(m[1]) * unit[m[2]];
    i = re.lastIndex;
  }
  return total;
}

async function rolloutStatus(c: CommandContext, io: MutateIO): Promise<number> {
  const f = c.flags;
  const timeoutText = f.str('timeout') || '0s';
  const timeout = parseDuration(timeoutText);
  if (timeout === undefined)
    throw new KubectlError(
      `Error: invalid argument "${timeoutText}" for "--timeout" flag: time: invalid duration "${timeoutText}"\nSee 'kubectl rollout status --help' for usage.`,
    );
  const revision = f.int('revision');
  if (revision < 0) throw cmdError('revision must be a positive integer');
  const infos = await targets(c, io);
  if (infos.length !== 1)
    throw cmdError(
      `rollout status is only supported on individual resources and resource collections - ${infos.length} resources were found`,
    );
  const info = infos[0];
  if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(String(info.object.kind)))
    throw cmdError(`no status viewer has been implemented for ${groupKind(info)}`);
  if (!f.bool('watch')) {
    const s = statusOf(info.object, revision);
    c.out(s.text);
    return 0;
  }
  const api = new Api(c.transport);
  const list = await api.list(info.resource, info.namespace || undefined, {
    fieldSelector: `metadata.name=${info.name}`,
  });
  if (list.status >= 400) throw statusError(list.body, list.status);
  const body = list.body as { items?: Obj[]; metadata?: { resourceVersion?: string } };
  const current = body.items?.[0];
  if (current) {
    const s = statusOf(current, revision);
    c.out(s.text);
    if (s.done) return 0;
  }
  const res = await c.transport.request({
    method: 'GET',
    path: list.status < 400 ? listPath(info) : '',
    query: {
      fieldSelector: `metadata.name=${info.name}`,
      watch: 'true',
      resourceVersion: body.metadata?.resourceVersion ?? '0',
    },
    headers: { accept: 'application/json' },
  });
  if (res.status >= 400 || !res.watch) throw statusError(res.body, res.status);
  return new Promise<number>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stop: () => void = () => undefined;
    const finish = (err?: unknown, code = 0) => {
      if (timer) clearTimeout(timer);
      c.signal?.removeEventListener('abort', onAbort);
      stop();
      if (err) reject(err);
      else resolve(code);
    };
    const onAbort = () => finish(undefined, 130);
    c.signal?.addEventListener('abort', onAbort);
    if (timeout && timeout > 0)
      timer = setTimeout(() => finish(cmdError('timed out waiting for the condition')), timeout);
    stop = res.watch!.start(
      (ev: WatchEvent) => {
        if (ev.type === 'DELETED') return finish(cmdError('object has been deleted'));
        if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED') return;
        try {
          const s = statusOf(ev.object as Obj, revision);
          c.out(s.text);
          if (s.done) finish();
        } catch (e) {
          finish(e);
        }
      },
      () => undefined,
    );
  });
}

function listPath(info: Info): string {
  const r = info.resource;
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const ns = r.namespaced && info.namespace ? `/namespaces/${info.namespace}` : '';
  return `${base}${ns}/${r.name}`;
}

// ---------------------------------------------------------------- history and undo

/** The ReplicaSets a Deployment controls (deploymentutil.GetAllReplicaSets). */
async function replicaSetsOf(c: CommandContext, deployment: Obj): Promise<Obj[]> {
  const d = await c.discovery.get();
  const [rs] = resolveType(d, 'replicasets.apps');
  const m = metaOf(deployment);
  const selector = ((deployment.spec as Obj)?.selector ?? {}) as {
    matchLabels?: Record<string, string>;
  };
  const q: Record<string, string> = {};
  const labels = Object.entries(selector.matchLabels ?? {});
  if (labels.length) q.labelSelector = labels.map(([k, v]) => `${k}=${v}`).join(',');
  const res = await new Api(c.transport).list(rs, m.namespace ?? c.namespace, q);
  if (res.status >= 400) throw statusError(res.body, res.status);
  return (((res.body as { items?: Obj[] }).items ?? []) as Obj[]).filter((x) =>
    ((metaOf(x).ownerReferences ?? []) as { uid?: string; controller?: boolean }[]).some(
      (o) => o.controller && o.uid === m.uid,
    ),
  );
}

/** history.go's printTemplate: DescribePodTemplate without tab alignment. */
function printTemplate(template: Obj): string {
  const w = new RawWriter();
  describePodTemplate(template, w);
  return w.text();
}

/** A PrefixWriter over a plain buffer (describe.NewPrefixWriter without a tabwriter). */
class RawWriter extends PrefixWriter {
  private buf = '';
  override write(level: number, s: string): void {
    this.buf += '  '.repeat(level) + s;
  }
  override writeLine(s = ''): void {
    this.buf += s + '\n';
  }
  override flush(): void {}
  override text(): string {
    return this.buf;
  }
}

async function rolloutHistory(c: CommandContext, io: MutateIO): Promise<number> {
  const f = c.flags;
  const revision = f.int('revision');
  if (revision < 0) throw cmdError(`revision must be a positive integer: ${revision}`);
  const infos = await targets(c, io);
  const printer = new ObjectPrinter(c.out, objectOutputOf(f, io.fs?.readFile), 'none');
  for (const info of infos) {
    if (info.object.kind !== 'Deployment')
      throw cmdError(`no history viewer has been implemented for "${groupKind(info)}"`);
    const history = new Map<number, Obj>();
    for (const rs of await replicaSetsOf(c, info.object)) {
      const v = revisionOf(rs);
      if (v === undefined) continue;
      history.set(v, rs);
    }
    if (printer.output.kind !== 'none') {
      if (revision > 0) {
        const rs = history.get(revision);
        if (!rs) throw cmdError('unable to find the specified revision');
        printer.print(`replicaset.apps/${metaOf(rs).name ?? ''}`, '', rs);
      } else {
        for (const v of [...history.keys()].sort((a, b) => a - b))
          printer.print(
            `replicaset.apps/${metaOf(history.get(v)!).name ?? ''}`,
            '',
            history.get(v),
          );
      }
      continue;
    }
    let text: string;
    if (history.size === 0) text = 'No rollout history found.';
    else if (revision > 0) {
      const rs = history.get(revision);
      if (!rs) throw cmdError('unable to find the specified revision');
      text = printTemplate(((rs.spec as Obj) ?? {}).template as Obj);
    } else {
      let t = 'REVISION\tCHANGE-CAUSE\n';
      for (const v of [...history.keys()].sort((a, b) => a - b)) {
        const cause = metaOf(history.get(v)!).annotations?.[CHANGE_CAUSE] || '<none>';
        t += `${v}\t${cause}\n`;
      }
      text = goTabwrite(t, 2, 0);
    }
    const withRevision = revision > 0 ? `with revision #${revision}` : '';
    c.out(`${objectRef(info)} ${withRevision}\n${text}\n`);
  }
  return 0;
}

const SKIP_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
];

function withoutHash(template: Obj): string {
  const t = copyOf(template);
  const m = (t.metadata ?? {}) as { labels?: Record<string, string> };
  if (m.labels) {
    delete m.labels[HASH_LABEL];
    if (Object.keys(m.labels).length === 0) delete m.labels;
  }
  return sortedJson(t);
}

function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${sortedJson((v as Obj)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

async function rolloutUndo(c: CommandContext, io: MutateIO): Promise<number> {
  const f = c.flags;
  const toRevision = f.int('to-revision');
  const dryRun = dryRunOf(f);
  const infos = await targets(c, io);
  const output = objectOutputOf(f, io.fs?.readFile);
  const printer = new ObjectPrinter(c.out, output, dryRun);
  const api = new Api(c.transport);
  const errors: string[] = [];
  for (const info of infos) {
    if (info.object.kind !== 'Deployment') {
      errors.push(`error: no rollbacker has been implemented for "${groupKind(info)}"`);
      continue;
    }
    const d = info.object;
    const name = metaOf(d).name ?? '';
    if (toRevision < 0)
      throw cmdError(`unable to find specified revision ${toRevision} in history`);
    const all = await replicaSetsOf(c, d);
    let target: Obj | undefined;
    let latest = -1;
    let latestRs: Obj | undefined;
    let previous = -1;
    for (const rs of all) {
      const v = revisionOf(rs);
      if (v === undefined) continue;
      if (toRevision === 0) {
        if (latest < v) {
          previous = latest;
          target = latestRs;
          latest = v;
          latestRs = rs;
        } else if (previous < v) {
          previous = v;
          target = rs;
        }
      } else if (toRevision === v) {
        target = rs;
        break;
      }
    }
    if (toRevision > 0 && !target)
      throw cmdError(`unable to find specified revision ${toRevision} in history`);
    if (!target) throw cmdError(`no rollout history found for deployment "${name}"`);
    const template = copyOf(((target.spec as Obj) ?? {}).template as Obj);
    if (dryRun === 'client') {
      printer.print(objectRef(info), printTemplate(template), d);
      continue;
    }
    if ((d.spec as Obj)?.paused)
      throw cmdError(
        "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
      );
    if (withoutHash(template) === withoutHash(((d.spec as Obj) ?? {}).template as Obj)) {
      const rev = toRevision === 0 ? previous : toRevision;
      printer.print(
        objectRef(info),
        `skipped rollback (current template already matches revision ${rev})`,
        d,
      );
      continue;
    }
    const labels = ((template.metadata ?? {}) as { labels?: Record<string, string> }).labels;
    if (labels) delete labels[HASH_LABEL];
    const annotations: Record<string, string> = {};
    const current = metaOf(d).annotations ?? {};
    for (const k of SKIP_ANNOTATIONS) if (k in current) annotations[k] = current[k];
    for (const [k, v] of Object.entries(metaOf(target).annotations ?? {}))
      if (!SKIP_ANNOTATIONS.includes(k)) annotations[k] = v;
    const patch = [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ];
    const q: Record<string, string> = {};
    if (dryRun === 'server') q.dryRun = 'All';
    const res = await api.patch(
      info.resource,
      info.namespace,
      info.name,
      patch,
      'application/json-patch+json',
      q,
    );
    if (res.status >= 400) {
      const msg = (res.body as { message?: string })?.message ?? '';
      const rev = toRevision === 0 ? previous : toRevision;
      throw cmdError(`failed restoring revision ${rev}: ${msg}`);
    }
    printer.print(objectRef(info), 'rolled back', res.body);
  }
  if (errors.length) throw new KubectlError(errors.join('\n'));
  return 0;
}

// ---------------------------------------------------------------- pause, resume, restart

/** RFC 3339 in local time, as Go's time.Now().Format(time.RFC3339). */
function rfc3339Now(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const zone =
    off === 0
      ? 'Z'
      : `${off > 0 ? '+' : '-'}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${zone}`;
}

async function rolloutPatch(
  verb: 'pause' | 'resume' | 'restart',
  c: CommandContext,
  io: MutateIO,
): Promise<number> {
  const f = c.flags;
  const infos = await targets(c, io);
  const printer = new ObjectPrinter(c.out, objectOutputOf(f, io.fs?.readFile), 'none');
  const api = new Api(c.transport);
  const errors: string[] = [];
  for (const info of infos) {
    const obj = copyOf(info.object);
    const spec = (obj.spec ?? {}) as Obj;
    const kind = obj.kind;
    let problem: string | undefined;
    if (verb === 'pause') {
      if (kind !== 'Deployment') problem = 'pausing is not supported';
      else if (spec.paused) problem = 'is already paused';
      else spec.paused = true;
    } else if (verb === 'resume') {
      if (kind !== 'Deployment') problem = 'resuming is not supported';
      else if (!spec.paused) problem = 'is not paused';
      else spec.paused = false;
    } else {
      if (kind === 'Deployment' && spec.paused)
        problem = "can't restart paused deployment (run rollout resume first)";
      else if (kind !== 'Deployment' && kind !== 'DaemonSet' && kind !== 'StatefulSet')
        problem = 'restarting is not supported';
      else {
        const t = (spec.template ??= {}) as Obj;
        const m = (t.metadata ??= {}) as { annotations?: Record<string, string> };
        m.annotations = {
          ...(m.annotations ?? {}),
          'kubectl.kubernetes.io/restartedAt': rfc3339Now(),
        };
      }
    }
    if (problem) {
      errors.push(`error: ${resourceString(info)} "${info.name}" ${problem}`);
      continue;
    }
    const patch = twoWayPatch(info.object, obj);
    const q: Record<string, string> = {
      fieldManager: f.str('field-manager') || 'kubectl-rollout',
    };
    const res = await api.patch(
      info.resource,
      info.namespace,
      info.name,
      patch,
      'application/strategic-merge-patch+json',
      q,
    );
    if (res.status >= 400) {
      const msg = (res.body as { message?: string })?.message ?? '';
      errors.push(`failed to patch: ${msg}`);
      continue;
    }
    const word = verb === 'pause' ? 'paused' : verb === 'resume' ? 'resumed' : 'restarted';
    printer.print(objectRef(info), word, res.body);
  }
  if (errors.length) throw new KubectlError(errors.join('\n'));
  return 0;
}

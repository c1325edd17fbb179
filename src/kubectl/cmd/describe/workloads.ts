/** Describers of pods and the controllers that own them (describe.go's workload describers). */
import { humanDuration } from '../../../cluster/api/printers/duration';
import { formatLabelSelector, selectorString } from '../../../cluster/api/printers/helpers';
import { formatLabels } from '../../printers/table';
import { check, eventsFor, listObjects, searchEvents } from './env';
import type { DescribeEnv } from './env';
import type { Any } from './format';
import {
  describeEvents,
  int,
  intOrString,
  printAnnotationsMultiline,
  printBoolPtr,
  printLabelsMultiline,
  printTolerationsMultiline,
  quantity,
  rfc1123z,
  since,
  str,
  timeOf,
} from './format';
import {
  describeContainers,
  describePodTemplate,
  describeTopologySpreadConstraints,
  describeVolumes,
  envValueRetriever,
} from './podspec';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './writer';

const nsPath = (ns: string, group: string, resource: string) =>
  `${group ? `/apis/${group}` : '/api/v1'}/namespaces/${encodeURIComponent(ns)}/${resource}`;

/** metav1.GetControllerOf. */
export function controllerOf(obj: Any): Any | undefined {
  return (obj.metadata?.ownerReferences ?? []).find((r: Any) => r.controller === true);
}

function printController(obj: Any): string {
  const ref = controllerOf(obj);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

/** Sums of requests over resource names (cpu, memory) as ComputePodQOS reads them. */
function qosOf(pod: Any): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const requests = new Map<string, bigint>();
  const limits = new Map<string, bigint>();
  let guaranteed = true;
  const supported = (n: string) => n === 'cpu' || n === 'memory';
  const parse = (v: unknown) => {
    try {
      return BigInt(Math.round(Number(quantityNano(v))));
    } catch {
      return 0n;
    }
  };
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  for (const c of all) {
    for (const [n, v] of Object.entries(c.resources?.requests ?? {})) {
      if (!supported(n)) continue;
      const q = parse(v);
      if (q > 0n) requests.set(n, (requests.get(n) ?? 0n) + q);
    }
    const found = new Set<string>();
    for (const [n, v] of Object.entries(c.resources?.limits ?? {})) {
      if (!supported(n)) continue;
      const q = parse(v);
      if (q > 0n) {
        found.add(n);
        limits.set(n, (limits.get(n) ?? 0n) + q);
      }
    }
    if (!(found.has('cpu') && found.has('memory'))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [n, r] of requests) {
      if (limits.get(n) !== r) {
        guaranteed = false;
        break;
      }
    }
  }
  if (guaranteed && requests.size === limits.size) return 'Guaranteed';
  return 'Burstable';
}

function quantityNano(v: unknown): string {
  // Parsed through the shared parser, in nano-units.
  const q = parseQuantitySafe(v);
  return q === undefined ? '0' : q.toString();
}

import { parseQuantity } from '../../../cluster/api/quantity';
function parseQuantitySafe(v: unknown): bigint | undefined {
  try {
    return parseQuantity(v as string).nano;
  } catch {
    return undefined;
  }
}

export async function describePod(pod: Any, env: DescribeEnv): Promise<string> {
  let events: Any[] | undefined;
  if (env.showEvents) {
    const mirror = pod.metadata?.annotations?.['kubernetes.io/config.mirror'];
    events = await searchEvents(env, {
      name: pod.metadata.name,
      namespace: pod.metadata.namespace,
      uid: mirror !== undefined ? mirror : pod.metadata.uid,
    });
  }
  const w = new PrefixWriter();
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  w.write(LEVEL_0, `Name:\t${pod.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${str(pod.metadata.namespace)}\n`);
  if (typeof spec.priority === 'number') w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
  if (spec.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (spec.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
  if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
  if (!spec.nodeName) w.write(LEVEL_0, 'Node:\t<none>\n');
  else w.write(LEVEL_0, `Node:\t${spec.nodeName}/${str(status.hostIP)}\n`);
  if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  printLabelsMultiline(w, 'Labels', pod.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', pod.metadata.annotations);
  if (pod.metadata.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
    w.write(
      LEVEL_0,
      `Status:\tTerminating (lasts ${since(pod.metadata.deletionTimestamp, env.now)})\n`,
    );
    w.write(
      LEVEL_0,
      `Termination Grace Period:\t${int(pod.metadata.deletionGracePeriodSeconds)}s\n`,
    );
  } else {
    w.write(LEVEL_0, `Status:\t${str(status.phase)}\n`);
  }
  if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
  const seccomp = spec.securityContext?.seccompProfile;
  if (seccomp) {
    w.write(LEVEL_0, `SeccompProfile:\t${str(seccomp.type)}\n`);
    if (seccomp.type === 'Localhost')
      w.write(LEVEL_0, `LocalhostProfile:\t${str(seccomp.localhostProfile)}\n`);
  }
  w.write(LEVEL_0, `IP:\t${str(status.podIP)}\n`);
  const ips: Any[] = status.podIPs ?? [];
  if (ips.length === 0) w.write(LEVEL_0, 'IPs:\t<none>\n');
  else {
    w.write(LEVEL_0, 'IPs:\n');
    for (const ip of ips) w.write(LEVEL_1, `IP:\t${str(ip.ip)}\n`);
  }
  const controlledBy = printController(pod);
  if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
  if (status.nominatedNodeName)
    w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
  const resolve = envValueRetriever(pod);
  if ((spec.initContainers ?? []).length > 0)
    describeContainers(
      'Init Containers',
      spec.initContainers,
      status.initContainerStatuses,
      resolve,
      w,
      '',
    );
  describeContainers('Containers', spec.containers, status.containerStatuses, resolve, w, '');
  if ((spec.ephemeralContainers ?? []).length > 0)
    describeContainers(
      'Ephemeral Containers',
      spec.ephemeralContainers,
      status.ephemeralContainerStatuses,
      resolve,
      w,
      '',
    );
  const conditions: Any[] = status.conditions ?? [];
  if ((spec.readinessGates ?? []).length > 0) {
    w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
    for (const g of spec.readinessGates) {
      const c = conditions.find((x) => x.type === g.conditionType);
      w.write(LEVEL_1, `${str(g.conditionType)} \t${c ? str(c.status) : '<none>'} \n`);
    }
  }
  if (conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
    for (const c of conditions) w.write(LEVEL_1, `${str(c.type)} \t${str(c.status)} \n`);
  }
  describeVolumes(spec.volumes, w, '');
  w.write(LEVEL_0, `QoS Class:\t${qosOf(pod)}\n`);
  printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
  printTolerationsMultiline(w, 'Tolerations', spec.tolerations);
  describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, '');
  if (events) describeEvents(events, w, env.now);
  return w.text();
}

/** getPodStatusForController: the phases of the pods the controller owns. */
async function podStatusFor(
  env: DescribeEnv,
  ns: string,
  selector: string,
  uid: string,
): Promise<{ running: number; waiting: number; succeeded: number; failed: number }> {
  const pods = check(
    await listObjects(env, nsPath(ns, '', 'pods'), selector ? { labelSelector: selector } : {}),
  );
  const out = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  for (const p of pods) {
    const ref = controllerOf(p);
    if (!ref || ref.uid !== uid) continue;
    switch (p.status?.phase) {
      case 'Running':
        out.running++;
        break;
      case 'Pending':
        out.waiting++;
        break;
      case 'Succeeded':
        out.succeeded++;
        break;
      case 'Failed':
        out.failed++;
        break;
    }
  }
  return out;
}

function podsStatusLine(s: {
  running: number;
  waiting: number;
  succeeded: number;
  failed: number;
}) {
  return `${s.running} Running / ${s.waiting} Waiting / ${s.succeeded} Succeeded / ${s.failed} Failed`;
}

function writeConditions(w: PrefixWriter, conditions: Any[] | undefined): void {
  if (!conditions || conditions.length === 0) return;
  w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(LEVEL_1, '----\t------\t------\n');
  for (const c of conditions)
    w.write(LEVEL_1, `${str(c.type)} \t${str(c.status)}\t${str(c.reason)}\n`);
}

export async function describeReplicaSet(rs: Any, env: DescribeEnv): Promise<string> {
  const sel = selectorString(rs.spec?.selector) ?? '';
  let podErr: string | undefined;
  let st = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  try {
    st = await podStatusFor(env, rs.metadata.namespace, sel, rs.metadata.uid);
  } catch (e) {
    podErr = e instanceof Error ? e.message : String(e);
  }
  const events = await eventsFor(env, rs, 'ReplicaSet');
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${rs.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${rs.metadata.namespace}\n`);
  w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
  printLabelsMultiline(w, 'Labels', rs.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', rs.metadata.annotations);
  const controlledBy = printController(rs);
  if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
  w.write(
    LEVEL_0,
    `Replicas:\t${int(rs.status?.replicas)} current / ${int(rs.spec?.replicas)} desired\n`,
  );
  w.write(LEVEL_0, 'Pods Status:\t');
  if (podErr) w.write(LEVEL_0, `error in fetching pods: ${podErr}\n`);
  else w.write(LEVEL_0, podsStatusLine(st) + '\n');
  describePodTemplate(rs.spec?.template, w);
  writeConditions(w, rs.status?.conditions);
  if (events) describeEvents(events, w, env.now);
  return w.text();
}

export async function describeReplicationController(rc: Any, env: DescribeEnv): Promise<string> {
  const sel = formatLabels(rc.spec?.selector);
  const st = await podStatusFor(
    env,
    rc.metadata.namespace,
    sel === '<none>' ? '' : sel,
    rc.metadata.uid,
  );
  const events = await eventsFor(env, rc, 'ReplicationController');
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${rc.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${rc.metadata.namespace}\n`);
  w.write(LEVEL_0, `Selector:\t${sel}\n`);
  printLabelsMultiline(w, 'Labels', rc.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', rc.metadata.annotations);
  w.write(
    LEVEL_0,
    `Replicas:\t${int(rc.status?.replicas)} current / ${int(rc.spec?.replicas)} desired\n`,
  );
  w.write(LEVEL_0, `Pods Status:\t${podsStatusLine(st)}\n`);
  describePodTemplate(rc.spec?.template, w);
  writeConditions(w, rc.status?.conditions);
  if (events) describeEvents(events, w, env.now);
  return w.text();
}

/** Semantic.DeepEqual: empty and missing lists and maps are equal. */
function deepEqual(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) =>
    v === undefined ||
    v === null ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);
  if (empty(a) && empty(b)) return true;
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  if (a && typeof a === 'object') {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    for (const k of keys) if (!deepEqual(x[k], y[k])) return false;
    return true;
  }
  return a === b;
}

function withoutHash(template: Any): Any {
  const t = JSON.parse(JSON.stringify(template ?? {}));
  if (t.metadata?.labels) delete t.metadata.labels['pod-template-hash'];
  return t;
}

export async function describeDeployment(d: Any, env: DescribeEnv): Promise<string> {
  const events = await eventsFor(env, d, 'Deployment');
  const sel = selectorString(d.spec?.selector) ?? '';
  let oldRSs: Any[] = [];
  let newRSs: Any[] = [];
  const r = await listObjects(
    env,
    nsPath(d.metadata.namespace, 'apps/v1', 'replicasets'),
    sel ? { labelSelector: sel } : {},
  );
  if (!r.status) {
    const owned = r.items.filter((rs) => controllerOf(rs)?.uid === d.metadata.uid);
    const byAge = [...owned].sort((a, b) => {
      const ta = timeOf(a.metadata?.creationTimestamp) ?? 0;
      const tb = timeOf(b.metadata?.creationTimestamp) ?? 0;
      if (ta !== tb) return ta - tb;
      return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
    });
    const want = withoutHash(d.spec?.template);
    const newRS = byAge.find((rs) => deepEqual(withoutHash(rs.spec?.template), want));
    if (newRS) newRSs = [newRS];
    oldRSs = owned.filter((rs) => rs !== newRS);
  }
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${d.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${d.metadata.namespace}\n`);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', d.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations);
  w.write(LEVEL_0, `Selector:\t${sel}\n`);
  const s = d.status ?? {};
  w.write(
    LEVEL_0,
    `Replicas:\t${int(d.spec?.replicas)} desired | ${int(s.updatedReplicas)} updated | ${int(s.replicas)} total | ${int(s.availableReplicas)} available | ${int(s.unavailableReplicas)} unavailable\n`,
  );
  w.write(LEVEL_0, `StrategyType:\t${str(d.spec?.strategy?.type)}\n`);
  w.write(LEVEL_0, `MinReadySeconds:\t${int(d.spec?.minReadySeconds)}\n`);
  const ru = d.spec?.strategy?.rollingUpdate;
  if (ru)
    w.write(
      LEVEL_0,
      `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable) || '0'} max unavailable, ${intOrString(ru.maxSurge) || '0'} max surge\n`,
    );
  describePodTemplate(d.spec?.template, w);
  writeConditions(w, s.conditions);
  if (oldRSs.length > 0 || newRSs.length > 0) {
    const fmt = (list: Any[]) =>
      list
        .map(
          (rs) =>
            `${rs.metadata.name} (${int(rs.status?.replicas)}/${int(rs.spec?.replicas)} replicas created)`,
        )
        .join(', ') || '<none>';
    w.write(LEVEL_0, `OldReplicaSets:\t${fmt(oldRSs)}\n`);
    w.write(LEVEL_0, `NewReplicaSet:\t${fmt(newRSs)}\n`);
  }
  if (events) describeEvents(events, w, env.now);
  return w.text();
}

export async function describeDaemonSet(ds: Any, env: DescribeEnv): Promise<string> {
  const sel = selectorString(ds.spec?.selector) ?? '';
  const st = await podStatusFor(env, ds.metadata.namespace, sel, ds.metadata.uid);
  const events = await eventsFor(env, ds, 'DaemonSet');
  const w = new PrefixWriter();
  const s = ds.status ?? {};
  w.write(LEVEL_0, `Name:\t${ds.metadata.name}\n`);
  w.write(LEVEL_0, `Selector:\t${sel}\n`);
  w.write(LEVEL_0, `Node-Selector:\t${formatLabels(ds.spec?.template?.spec?.nodeSelector)}\n`);
  printLabelsMultiline(w, 'Labels', ds.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ds.metadata.annotations);
  w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${int(s.desiredNumberScheduled)}\n`);
  w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${int(s.currentNumberScheduled)}\n`);
  w.write(
    LEVEL_0,
    `Number of Nodes Scheduled with Up-to-date Pods: ${int(s.updatedNumberScheduled)}\n`,
  );
  w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${int(s.numberAvailable)}\n`);
  w.write(LEVEL_0, `Number of Nodes Misscheduled: ${int(s.numberMisscheduled)}\n`);
  w.write(LEVEL_0, `Pods Status:\t${podsStatusLine(st)}\n`);
  describePodTemplate(ds.spec?.template, w);
  if (events) describeEvents(events, w, env.now);
  return w.text();
}

export async function describeStatefulSet(ss: Any, env: DescribeEnv): Promise<string> {
  const sel = selectorString(ss.spec?.selector) ?? '';
  const st = await podStatusFor(env, ss.metadata.namespace, sel, ss.metadata.uid);
  const events = await eventsFor(env, ss, 'StatefulSet');
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${ss.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${ss.metadata.namespace}\n`);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(ss.metadata.creationTimestamp)}\n`);
  w.write(LEVEL_0, `Selector:\t${sel}\n`);
  printLabelsMultiline(w, 'Labels', ss.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ss.metadata.annotations);
  w.write(
    LEVEL_0,
    `Replicas:\t${int(ss.spec?.replicas)} desired | ${int(ss.status?.replicas)} total\n`,
  );
  w.write(LEVEL_0, `Update Strategy:\t${str(ss.spec?.updateStrategy?.type)}\n`);
  const ru = ss.spec?.updateStrategy?.rollingUpdate;
  if (ru && typeof ru.partition === 'number') {
    w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
    if (ru.maxUnavailable !== undefined)
      w.write(LEVEL_1, `MaxUnavailable:\t${intOrString(ru.maxUnavailable)}\n`);
  }
  w.write(LEVEL_0, `Pods Status:\t${podsStatusLine(st)}\n`);
  describePodTemplate(ss.spec?.template, w);
  const templates: Any[] = ss.spec?.volumeClaimTemplates ?? [];
  if (templates.length === 0) w.write(LEVEL_0, 'Volume Claims:\t<none>\n');
  else {
    w.write(LEVEL_0, 'Volume Claims:\n');
    for (const pvc of templates) {
      w.write(LEVEL_1, `Name:\t${str(pvc.metadata?.name)}\n`);
      w.write(LEVEL_1, `StorageClass:\t${pvcClass(pvc)}\n`);
      printLabelsMultiline(w, 'Labels', pvc.metadata?.labels, '  ');
      printLabelsMultiline(w, 'Annotations', pvc.metadata?.annotations, '  ');
      const cap = pvc.spec?.resources?.requests?.storage;
      w.write(LEVEL_1, `Capacity:\t${cap !== undefined ? quantity(cap) : '<default>'}\n`);
      w.write(LEVEL_1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(' ')}]\n`);
    }
  }
  if (events) describeEvents(events, w, env.now);
  return w.text();
}

/** storageutil.GetPersistentVolumeClaimClass. */
export function pvcClass(pvc: Any): string {
  const beta = pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (beta !== undefined) return beta;
  return str(pvc.spec?.storageClassName);
}

export async function describeJob(job: Any, env: DescribeEnv): Promise<string> {
  const events = await eventsFor(env, job, 'Job');
  const w = new PrefixWriter();
  const spec = job.spec ?? {};
  const s = job.status ?? {};
  w.write(LEVEL_0, `Name:\t${job.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${job.metadata.namespace}\n`);
  const sel = selectorString(spec.selector);
  if (sel !== undefined) w.write(LEVEL_0, `Selector:\t${sel}\n`);
  printLabelsMultiline(w, 'Labels', job.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', job.metadata.annotations);
  const controlledBy = printController(job);
  if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
  if (typeof spec.parallelism === 'number') w.write(LEVEL_0, `Parallelism:\t${spec.parallelism}\n`);
  if (typeof spec.completions === 'number') w.write(LEVEL_0, `Completions:\t${spec.completions}\n`);
  else w.write(LEVEL_0, 'Completions:\t<unset>\n');
  if (spec.completionMode) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
  if (typeof spec.suspend === 'boolean') w.write(LEVEL_0, `Suspend:\t${spec.suspend}\n`);
  if (typeof spec.backoffLimit === 'number')
    w.write(LEVEL_0, `Backoff Limit:\t${spec.backoffLimit}\n`);
  if (typeof spec.ttlSecondsAfterFinished === 'number')
    w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
  if (s.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(s.startTime)}\n`);
  if (s.completionTime) w.write(LEVEL_0, `Completed At:\t${rfc1123z(s.completionTime)}\n`);
  if (s.startTime && s.completionTime)
    w.write(
      LEVEL_0,
      `Duration:\t${humanDuration((timeOf(s.completionTime) ?? 0) - (timeOf(s.startTime) ?? 0))}\n`,
    );
  if (typeof spec.activeDeadlineSeconds === 'number')
    w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  if (typeof s.ready !== 'number')
    w.write(
      LEVEL_0,
      `Pods Statuses:\t${int(s.active)} Active / ${int(s.succeeded)} Succeeded / ${int(s.failed)} Failed\n`,
    );
  else
    w.write(
      LEVEL_0,
      `Pods Statuses:\t${int(s.active)} Active (${s.ready} Ready) / ${int(s.succeeded)} Succeeded / ${int(s.failed)} Failed\n`,
    );
  if (spec.completionMode === 'Indexed')
    w.write(LEVEL_0, `Completed Indexes:\t${capIndexes(str(s.completedIndexes), 50)}\n`);
  describePodTemplate(spec.template, w);
  if (events) describeEvents(events, w, env.now);
  return w.text();
}

function capIndexes(indexes: string, soft: number): string {
  if (indexes.length === 0) return '<none>';
  let ix = soft;
  for (; ix < indexes.length; ix++) if (indexes[ix] === ',') break;
  if (ix >= indexes.length) return indexes;
  return indexes.slice(0, ix + 1) + '...';
}

export async function describeCronJob(cj: Any, env: DescribeEnv): Promise<string> {
  const events = await eventsFor(env, cj, 'CronJob');
  const w = new PrefixWriter();
  const spec = cj.spec ?? {};
  w.write(LEVEL_0, `Name:\t${cj.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${cj.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', cj.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', cj.metadata.annotations);
  w.write(LEVEL_0, `Schedule:\t${str(spec.schedule)}\n`);
  w.write(LEVEL_0, `Concurrency Policy:\t${str(spec.concurrencyPolicy)}\n`);
  w.write(LEVEL_0, `Suspend:\t${printBoolPtr(spec.suspend)}\n`);
  const num = (v: unknown, suffix = '') => (typeof v === 'number' ? `${v}${suffix}` : '<unset>');
  w.write(LEVEL_0, `Successful Job History Limit:\t${num(spec.successfulJobsHistoryLimit)}\n`);
  w.write(LEVEL_0, `Failed Job History Limit:\t${num(spec.failedJobsHistoryLimit)}\n`);
  w.write(LEVEL_0, `Starting Deadline Seconds:\t${num(spec.startingDeadlineSeconds, 's')}\n`);
  const jt = spec.jobTemplate?.spec ?? {};
  if (jt.selector) w.write(LEVEL_0, `Selector:\t${selectorString(jt.selector) ?? ''}\n`);
  else w.write(LEVEL_0, 'Selector:\t<unset>\n');
  w.write(LEVEL_0, `Parallelism:\t${num(jt.parallelism)}\n`);
  w.write(LEVEL_0, `Completions:\t${num(jt.completions)}\n`);
  if (typeof jt.activeDeadlineSeconds === 'number')
    w.write(LEVEL_0, `Active Deadline Seconds:\t${jt.activeDeadlineSeconds}s\n`);
  describePodTemplate(jt.template, w);
  const last = cj.status?.lastScheduleTime;
  w.write(LEVEL_0, `Last Schedule Time:\t${last ? rfc1123z(last) : '<unset>'}\n`);
  w.write(LEVEL_0, 'Active Jobs:\t');
  const active: Any[] = cj.status?.active ?? [];
  if (active.length === 0) w.writeLine('<none>');
  else {
    w.write(LEVEL_0, active.map((j) => str(j.name)).join(', '));
    w.writeLine('');
  }
  if (events) describeEvents(events, w, env.now);
  return w.text();
}

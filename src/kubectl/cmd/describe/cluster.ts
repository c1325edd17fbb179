/** Describers of nodes, namespaces, storage, configuration and policy kinds (describe.go). */
import { findNodeRoles } from '../../../cluster/api/printers/core';
import { formatLabelSelector } from '../../../cluster/api/printers/helpers';
import { formatQuantity } from '../../../cluster/api/quantity';
import type { Quantity } from '../../../cluster/api/quantity';
import { formatLabels } from '../../printers/table';
import { check, eventsFor, getObject, listObjects, searchEvents } from './env';
import type { DescribeEnv } from './env';
import type { Any } from './format';
import {
  describeEvents,
  goCompare,
  goValue,
  int,
  intOrString,
  parseQ,
  printAnnotationsMultiline,
  printBoolPtr,
  printLabelsMultiline,
  printTaintsMultiline,
  quantity,
  rfc1123z,
  since,
  sortedKeys,
  str,
} from './format';
import { describeVolumeSource } from './podspec';
import { pvcClass } from './workloads';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, NestedPrefixWriter, PrefixWriter } from './writer';

/** Sums per resource of a pod's containers, the max with each init container (PodRequests). */
function podResources(pod: Any, field: 'requests' | 'limits'): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  for (const c of pod.spec?.containers ?? []) {
    for (const [n, v] of Object.entries(c.resources?.[field] ?? {})) {
      const q = parseQ(v);
      if (!q) continue;
      const cur = out.get(n);
      out.set(n, cur ? addQ(cur, q) : q);
    }
  }
  for (const c of pod.spec?.initContainers ?? []) {
    for (const [n, v] of Object.entries(c.resources?.[field] ?? {})) {
      const q = parseQ(v);
      if (!q) continue;
      const cur = out.get(n);
      if (!cur || q.nano > cur.nano) out.set(n, q);
    }
  }
  for (const [n, v] of Object.entries(pod.spec?.overhead ?? {})) {
    const q = parseQ(v);
    if (!q) continue;
    const cur = out.get(n);
    out.set(n, cur ? addQ(cur, q) : q);
  }
  return out;
}

function addQ(a: Quantity, b: Quantity): Quantity {
  const nano = a.nano + b.nano;
  return {
    nano,
    format: a.format,
    value: Number(nano) / 1e9,
    milli: Number((nano + 999_999n) / 1_000_000n),
  };
}

const qs = (q: Quantity | undefined) => (q ? formatQuantity(q) : '0');
const pct = (num: number, den: number) => Math.trunc((num / den) * 100);

function isHugePage(name: string): boolean {
  return name.startsWith('hugepages-');
}

function isStandardContainerResource(name: string): boolean {
  return ['cpu', 'memory', 'ephemeral-storage'].includes(name) || isHugePage(name);
}

export async function describeNode(node: Any, env: DescribeEnv): Promise<string> {
  const name = node.metadata.name;
  const pods = await listObjects(env, '/api/v1/pods', {
    fieldSelector: `spec.nodeName=${name},status.phase!=Failed,status.phase!=Succeeded`,
  });
  let canViewPods = true;
  if (pods.status) {
    if (pods.status !== 403) check(pods);
    canViewPods = false;
  }
  let events: Any[] | undefined;
  if (env.showEvents) {
    events = await searchEvents(env, { name, namespace: '', kind: 'Node', uid: node.metadata.uid });
    events.push(...(await searchEvents(env, { name, namespace: '', kind: 'Node', uid: name })));
  }
  const lease = await getObject(
    env,
    `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${encodeURIComponent(name)}`,
  );
  const w = new PrefixWriter();
  const status = node.status ?? {};
  const spec = node.spec ?? {};
  w.write(LEVEL_0, `Name:\t${name}\n`);
  const roles = findNodeRoles(node.metadata.labels);
  w.write(LEVEL_0, `Roles:\t${roles.length > 0 ? roles.join(',') : '<none>'}\n`);
  printLabelsMultiline(w, 'Labels', node.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
  printTaintsMultiline(w, 'Taints', spec.taints);
  w.write(LEVEL_0, `Unschedulable:\t${spec.unschedulable === true}\n`);
  if (lease.status < 400) {
    const l = lease.body?.spec ?? {};
    w.write(LEVEL_0, 'Lease:\n');
    w.write(LEVEL_1, `HolderIdentity:\t${l.holderIdentity ?? '<unset>'}\n`);
    w.write(LEVEL_1, `AcquireTime:\t${l.acquireTime ? rfc1123z(l.acquireTime) : '<unset>'}\n`);
    w.write(LEVEL_1, `RenewTime:\t${l.renewTime ? rfc1123z(l.renewTime) : '<unset>'}\n`);
  } else {
    w.write(LEVEL_0, `Lease:\tFailed to get lease: ${str(lease.body?.message)}\n`);
  }
  const conditions: Any[] = status.conditions ?? [];
  if (conditions.length > 0) {
    w.write(
      LEVEL_0,
      'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n',
    );
    w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conditions) {
      w.write(
        LEVEL_1,
        `${str(c.type)} \t${str(c.status)} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${str(c.reason)} \t${str(c.message)}\n`,
      );
    }
  }
  w.write(LEVEL_0, 'Addresses:\n');
  for (const a of status.addresses ?? []) w.write(LEVEL_1, `${str(a.type)}:\t${str(a.address)}\n`);
  const printList = (list: Record<string, string>) => {
    for (const k of sortedKeys(list)) w.write(LEVEL_0, `  ${k}:\t${quantity(list[k])}\n`);
  };
  if (Object.keys(status.capacity ?? {}).length > 0) {
    w.write(LEVEL_0, 'Capacity:\n');
    printList(status.capacity);
  }
  if (Object.keys(status.allocatable ?? {}).length > 0) {
    w.write(LEVEL_0, 'Allocatable:\n');
    printList(status.allocatable);
  }
  const info = status.nodeInfo ?? {};
  w.write(LEVEL_0, 'System Info:\n');
  w.write(LEVEL_0, `  Machine ID:\t${str(info.machineID)}\n`);
  w.write(LEVEL_0, `  System UUID:\t${str(info.systemUUID)}\n`);
  w.write(LEVEL_0, `  Boot ID:\t${str(info.bootID)}\n`);
  w.write(LEVEL_0, `  Kernel Version:\t${str(info.kernelVersion)}\n`);
  w.write(LEVEL_0, `  OS Image:\t${str(info.osImage)}\n`);
  w.write(LEVEL_0, `  Operating System:\t${str(info.operatingSystem)}\n`);
  w.write(LEVEL_0, `  Architecture:\t${str(info.architecture)}\n`);
  w.write(LEVEL_0, `  Container Runtime Version:\t${str(info.containerRuntimeVersion)}\n`);
  w.write(LEVEL_0, `  Kubelet Version:\t${str(info.kubeletVersion)}\n`);
  w.write(LEVEL_0, `  Kube-Proxy Version:\t${str(info.kubeProxyVersion)}\n`);
  if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
  if ((spec.podCIDRs ?? []).length > 0) w.write(LEVEL_0, `PodCIDRs:\t${spec.podCIDRs.join(',')}\n`);
  if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
  if (canViewPods) describeNodeResource(pods.items, node, w, env.now);
  else w.write(LEVEL_0, 'Pods:\tnot authorized\n');
  if (events) describeEvents(events, w, env.now);
  return w.text();
}

function describeNodeResource(pods: Any[], node: Any, w: PrefixWriter, now: number): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(
    LEVEL_1,
    'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n',
  );
  w.write(
    LEVEL_1,
    '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n',
  );
  const alloc: Record<string, string> =
    Object.keys(node.status?.allocatable ?? {}).length > 0
      ? node.status.allocatable
      : (node.status?.capacity ?? {});
  const allocCpu = parseQ(alloc.cpu)?.milli ?? 0;
  const allocMem = parseQ(alloc.memory)?.value ?? 0;
  const allocEph = parseQ(alloc['ephemeral-storage'])?.value ?? 0;
  const totalReq = new Map<string, Quantity>();
  const totalLim = new Map<string, Quantity>();
  for (const pod of pods) {
    const req = podResources(pod, 'requests');
    const lim = podResources(pod, 'limits');
    for (const [m, total] of [
      [req, totalReq],
      [lim, totalLim],
    ] as const) {
      for (const [n, q] of m) {
        const cur = total.get(n);
        total.set(n, cur ? addQ(cur, q) : q);
      }
    }
    const cr = req.get('cpu');
    const cl = lim.get('cpu');
    const mr = req.get('memory');
    const ml = lim.get('memory');
    w.write(
      LEVEL_1,
      `${str(pod.metadata.namespace)}\t${pod.metadata.name}\t\t${qs(cr)} (${pct(cr?.milli ?? 0, allocCpu)}%)\t${qs(cl)} (${pct(cl?.milli ?? 0, allocCpu)}%)\t${qs(mr)} (${pct(mr?.value ?? 0, allocMem)}%)\t${qs(ml)} (${pct(ml?.value ?? 0, allocMem)}%)\t${since(pod.metadata.creationTimestamp, now)}\n`,
    );
  }
  w.write(
    LEVEL_0,
    'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n',
  );
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const frac = (q: Quantity | undefined, den: number, milli: boolean) =>
    den === 0 ? 0 : pct(milli ? (q?.milli ?? 0) : (q?.value ?? 0), den);
  const row = (n: string, den: number, milli: boolean) => {
    const r = totalReq.get(n);
    const l = totalLim.get(n);
    w.write(
      LEVEL_1,
      `${n}\t${qs(r)} (${frac(r, den, milli)}%)\t${qs(l)} (${frac(l, den, milli)}%)\n`,
    );
  };
  row('cpu', allocCpu, true);
  row('memory', allocMem, false);
  row('ephemeral-storage', allocEph, false);
  const names = Object.keys(alloc).sort(goCompare);
  for (const n of names.filter(isHugePage)) row(n, parseQ(alloc[n])?.value ?? 0, false);
  for (const n of names.filter((x) => !isStandardContainerResource(x) && x !== 'pods'))
    w.write(LEVEL_1, `${n}\t${qs(totalReq.get(n))}\t${qs(totalLim.get(n))}\n`);
}

const QUOTA_SCOPE_HELP: Record<string, string> = {
  Terminating:
    'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating:
    'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort:
    'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort:
    'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};

function limitRangeLines(spec: Any, prefix: string, w: PrefixWriter): void {
  for (const item of spec?.limits ?? []) {
    const maps = [item.max, item.min, item.default, item.defaultRequest, item.maxLimitRequestRatio];
    const set = new Set<string>();
    for (const m of maps) for (const k of Object.keys(m ?? {})) set.add(k);
    for (const k of set) {
      const v = (m: Any) => (m && k in m ? quantity(m[k]) : '-');
      w.write(
        LEVEL_0,
        `${prefix}${str(item.type)}\t${k}\t${v(item.min)}\t${v(item.max)}\t${v(item.defaultRequest)}\t${v(item.default)}\t${v(item.maxLimitRequestRatio)}\n`,
      );
    }
  }
}

export async function describeNamespace(ns: Any, env: DescribeEnv): Promise<string> {
  const name = ns.metadata.name;
  const quotas = await listObjects(
    env,
    `/api/v1/namespaces/${encodeURIComponent(name)}/resourcequotas`,
  );
  if (quotas.status && quotas.status !== 404) check(quotas);
  const limits = await listObjects(
    env,
    `/api/v1/namespaces/${encodeURIComponent(name)}/limitranges`,
  );
  if (limits.status && limits.status !== 404) check(limits);
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${name}\n`);
  printLabelsMultiline(w, 'Labels', ns.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ns.metadata.annotations);
  w.write(LEVEL_0, `Status:\t${str(ns.status?.phase)}\n`);
  const conditions: Any[] = ns.status?.conditions ?? [];
  if (conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n');
    w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
    for (const c of conditions)
      w.write(
        LEVEL_1,
        `${str(c.type)}\t${str(c.status)}\t${rfc1123z(c.lastTransitionTime)}\t${str(c.reason)}\t${str(c.message)}\n`,
      );
  }
  if (!quotas.status) {
    w.write(LEVEL_0, '\n');
    if (quotas.items.length === 0) w.write(LEVEL_0, 'No resource quota.\n');
    else {
      const sorted = [...quotas.items].sort((a, b) => goCompare(a.metadata.name, b.metadata.name));
      w.write(LEVEL_0, 'Resource Quotas\n');
      for (const q of sorted) {
        w.write(LEVEL_1, `Name:\t${q.metadata.name}\n`);
        const scopes = [...(q.spec?.scopes ?? [])].sort(goCompare);
        if (scopes.length > 0) {
          w.write(LEVEL_1, `Scopes:\t${scopes.join(', ')}\n`);
          for (const s of scopes)
            if (QUOTA_SCOPE_HELP[s]) w.write(LEVEL_1, `* ${QUOTA_SCOPE_HELP[s]}\n`);
        }
        w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
        w.write(LEVEL_1, '--------\t---\t---\n');
        const hard = q.status?.hard ?? {};
        for (const r of sortedKeys(hard))
          w.write(LEVEL_1, `${r}\t${quantity(q.status?.used?.[r])}\t${quantity(hard[r])}\n`);
      }
    }
  }
  if (!limits.status) {
    w.write(LEVEL_0, '\n');
    if (limits.items.length === 0) w.write(LEVEL_0, 'No LimitRange resource.\n');
    else {
      w.write(
        LEVEL_0,
        'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n',
      );
      w.write(
        LEVEL_0,
        ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n',
      );
      for (const lr of limits.items) limitRangeLines(lr.spec, ' ', w);
    }
  }
  return w.text();
}

export async function describeLimitRange(lr: Any): Promise<string> {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${lr.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${lr.metadata.namespace}\n`);
  w.write(
    LEVEL_0,
    'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n',
  );
  w.write(
    LEVEL_0,
    '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n',
  );
  limitRangeLines(lr.spec, '', w);
  return w.text();
}

export async function describeResourceQuota(q: Any): Promise<string> {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${q.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${q.metadata.namespace}\n`);
  const scopes = [...(q.spec?.scopes ?? [])].sort(goCompare);
  if (scopes.length > 0) {
    w.write(LEVEL_0, `Scopes:\t${scopes.join(', ')}\n`);
    for (const s of scopes)
      if (QUOTA_SCOPE_HELP[s]) w.write(LEVEL_0, ` * ${QUOTA_SCOPE_HELP[s]}\n`);
  }
  w.write(LEVEL_0, 'Resource\tUsed\tHard\n');
  w.write(LEVEL_0, '--------\t----\t----\n');
  const hard = q.status?.hard ?? {};
  for (const r of sortedKeys(hard)) {
    const h = parseQ(hard[r]);
    let used = parseQ(q.status?.used?.[r]);
    if (h && used && h.format !== used.format) {
      const v = BigInt(Math.ceil(used.value));
      used = { ...used, format: h.format, nano: v * 1_000_000_000n };
    }
    w.write(LEVEL_0, `${r}\t${used ? formatQuantity(used) : '0'}\t${quantity(hard[r])}\n`);
  }
  return w.text();
}

/** storageutil.GetAccessModesAsString. */
export function accessModes(modes: string[] | undefined): string {
  const m = modes ?? [];
  const out: string[] = [];
  if (m.includes('ReadWriteOnce')) out.push('RWO');
  if (m.includes('ReadOnlyMany')) out.push('ROX');
  if (m.includes('ReadWriteMany')) out.push('RWX');
  if (m.includes('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

export async function describePersistentVolume(pv: Any, env: DescribeEnv): Promise<string> {
  const events = await eventsFor(env, pv, 'PersistentVolume');
  const w = new PrefixWriter();
  const spec = pv.spec ?? {};
  w.write(LEVEL_0, `Name:\t${pv.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', pv.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', pv.metadata.annotations);
  w.write(LEVEL_0, `Finalizers:\t[${(pv.metadata.finalizers ?? []).join(' ')}]\n`);
  const cls =
    pv.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ??
    str(spec.storageClassName);
  w.write(LEVEL_0, `StorageClass:\t${cls}\n`);
  if (pv.metadata.deletionTimestamp)
    w.write(
      LEVEL_0,
      `Status:\tTerminating (lasts ${since(pv.metadata.deletionTimestamp, env.now)})\n`,
    );
  else w.write(LEVEL_0, `Status:\t${str(pv.status?.phase)}\n`);
  const claim = spec.claimRef ? `${str(spec.claimRef.namespace)}/${str(spec.claimRef.name)}` : '';
  w.write(LEVEL_0, `Claim:\t${claim}\n`);
  w.write(LEVEL_0, `Reclaim Policy:\t${str(spec.persistentVolumeReclaimPolicy)}\n`);
  w.write(LEVEL_0, `Access Modes:\t${accessModes(spec.accessModes)}\n`);
  if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
  w.write(LEVEL_0, `Capacity:\t${quantity(spec.capacity?.storage)}\n`);
  w.write(LEVEL_0, 'Node Affinity:\t');
  const req = spec.nodeAffinity?.required;
  if (!req) w.writeLine('<none>');
  else {
    w.writeLine('');
    w.write(LEVEL_1, 'Required Terms:\t');
    const terms: Any[] = req.nodeSelectorTerms ?? [];
    if (terms.length === 0) w.writeLine('<none>');
    else {
      w.writeLine('');
      terms.forEach((term, i) => {
        w.write(LEVEL_2, `Term ${i}:\t`);
        const exprs: Any[] = term.matchExpressions ?? [];
        if (exprs.length === 0) w.writeLine('<none>');
        exprs.forEach((e, j) => {
          if (j !== 0) w.write(LEVEL_2, '\t');
          let s = `${str(e.key)} ${str(e.operator).toLowerCase()}`;
          if ((e.values ?? []).length > 0) s += ` [${e.values.join(', ')}]`;
          w.write(LEVEL_0, `${s}\n`);
        });
      });
    }
  }
  w.write(LEVEL_0, `Message:\t${str(pv.status?.message)}\n`);
  w.write(LEVEL_0, 'Source:\n');
  describeVolumeSource(spec, w);
  if (events) describeEvents(events, w, env.now);
  return w.text();
}

export async function describePersistentVolumeClaim(pvc: Any, env: DescribeEnv): Promise<string> {
  const ns = pvc.metadata.namespace;
  const podList = check(
    await listObjects(env, `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`),
  );
  const pods: Any[] = [];
  for (const pod of podList)
    for (const v of pod.spec?.volumes ?? [])
      if (v.persistentVolumeClaim?.claimName === pvc.metadata.name) pods.push(pod);
  for (const ref of pvc.metadata.ownerReferences ?? []) {
    if (ref.kind !== 'Pod') continue;
    const owner = podList.find((p) => p.metadata.uid === ref.uid);
    if (!owner || pods.some((p) => p.metadata.uid === owner.metadata.uid)) continue;
    pods.push(owner);
  }
  const events = await eventsFor(env, pvc, 'PersistentVolumeClaim');
  const w = new PrefixWriter();
  printPersistentVolumeClaim(w, pvc, true, env.now);
  w.write(LEVEL_0, 'Used By:\t');
  if (pods.length === 0) w.writeLine('<none>');
  else
    [...pods]
      .sort((a, b) => goCompare(a.metadata.name, b.metadata.name))
      .forEach((p, i) => {
        if (i !== 0) w.write(LEVEL_0, '\t');
        w.write(LEVEL_0, `${p.metadata.name}\n`);
      });
  const conditions: Any[] = pvc.status?.conditions ?? [];
  if (conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n');
    w.write(LEVEL_1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conditions)
      w.write(
        LEVEL_1,
        `${str(c.type)} \t${str(c.status)} \t${rfc1123z(c.lastProbeTime)} \t${rfc1123z(c.lastTransitionTime)} \t${str(c.reason)} \t${str(c.message)}\n`,
      );
  }
  if (events) describeEvents(events, w, env.now);
  return w.text();
}

function printPersistentVolumeClaim(w: PrefixWriter, pvc: Any, full: boolean, now: number): void {
  const spec = pvc.spec ?? {};
  if (full) {
    w.write(LEVEL_0, `Name:\t${pvc.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${pvc.metadata.namespace}\n`);
  }
  w.write(LEVEL_0, `StorageClass:\t${pvcClass(pvc)}\n`);
  if (full) {
    if (pvc.metadata.deletionTimestamp)
      w.write(
        LEVEL_0,
        `Status:\tTerminating (lasts ${since(pvc.metadata.deletionTimestamp, now)})\n`,
      );
    else w.write(LEVEL_0, `Status:\t${str(pvc.status?.phase)}\n`);
  }
  w.write(LEVEL_0, `Volume:\t${str(spec.volumeName)}\n`);
  printLabelsMultiline(w, 'Labels', pvc.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', pvc.metadata.annotations);
  if (full) w.write(LEVEL_0, `Finalizers:\t[${(pvc.metadata.finalizers ?? []).join(' ')}]\n`);
  let capacity = '';
  let modes = '';
  if (spec.volumeName) {
    modes = accessModes(pvc.status?.accessModes);
    capacity = quantity(pvc.status?.capacity?.storage);
  }
  w.write(LEVEL_0, `Capacity:\t${capacity}\n`);
  w.write(LEVEL_0, `Access Modes:\t${modes}\n`);
  if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
  if (spec.dataSource) {
    w.write(LEVEL_0, 'DataSource:\n');
    if (spec.dataSource.apiGroup !== undefined)
      w.write(LEVEL_1, `APIGroup:\t${spec.dataSource.apiGroup}\n`);
    w.write(LEVEL_1, `Kind:\t${str(spec.dataSource.kind)}\n`);
    w.write(LEVEL_1, `Name:\t${str(spec.dataSource.name)}\n`);
  }
}

/** Lines of an ephemeral volume's claim template (kept for pod volumes). */
export function printClaimTemplate(w: PrefixWriter, pvc: Any, now: number): void {
  printPersistentVolumeClaim(new NestedPrefixWriter(w, LEVEL_2), pvc, false, now);
}

export async function describeStorageClass(sc: Any, env: DescribeEnv): Promise<string> {
  const events = await eventsFor(env, sc, 'StorageClass');
  const w = new PrefixWriter();
  const ann = sc.metadata.annotations ?? {};
  const isDefault =
    ann['storageclass.kubernetes.io/is-default-class'] === 'true' ||
    ann['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
  w.write(LEVEL_0, `Name:\t${sc.metadata.name}\n`);
  w.write(LEVEL_0, `IsDefaultClass:\t${isDefault ? 'Yes' : 'No'}\n`);
  w.write(LEVEL_0, `Annotations:\t${formatLabels(sc.metadata.annotations)}\n`);
  w.write(LEVEL_0, `Provisioner:\t${str(sc.provisioner)}\n`);
  w.write(LEVEL_0, `Parameters:\t${formatLabels(sc.parameters)}\n`);
  w.write(LEVEL_0, `AllowVolumeExpansion:\t${printBoolPtr(sc.allowVolumeExpansion)}\n`);
  const opts: string[] = sc.mountOptions ?? [];
  if (opts.length === 0) w.write(LEVEL_0, 'MountOptions:\t<none>\n');
  else {
    w.write(LEVEL_0, 'MountOptions:\n');
    for (const o of opts) w.write(LEVEL_1, `${o}\n`);
  }
  if (sc.reclaimPolicy) w.write(LEVEL_0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
  if (sc.volumeBindingMode) w.write(LEVEL_0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
  if (sc.allowedTopologies) {
    w.write(LEVEL_0, 'AllowedTopologies:\t');
    const terms: Any[] = sc.allowedTopologies;
    if (terms.length === 0) w.writeLine('<none>');
    else {
      w.writeLine('');
      terms.forEach((term, i) => {
        w.write(LEVEL_1, `Term ${i}:\t`);
        const reqs: Any[] = term.matchLabelExpressions ?? [];
        if (reqs.length === 0) w.writeLine('<none>');
        reqs.forEach((r, j) => {
          if (j !== 0) w.write(LEVEL_1, '\t');
          let s = `${str(r.key)} in`;
          if ((r.values ?? []).length > 0) s += ` [${r.values.join(', ')}]`;
          w.write(LEVEL_0, `${s}\n`);
        });
      });
    }
  }
  if (events) describeEvents(events, w, env.now);
  return w.text();
}

export async function describeConfigMap(cm: Any, env: DescribeEnv): Promise<string> {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${cm.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${cm.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', cm.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', cm.metadata.annotations);
  w.write(LEVEL_0, '\nData\n====\n');
  const data = cm.data ?? {};
  for (const k of sortedKeys(data)) {
    w.write(LEVEL_0, `${k}:\n----\n`);
    w.write(LEVEL_0, `${data[k]}\n`);
    w.write(LEVEL_0, '\n');
  }
  w.write(LEVEL_0, '\nBinaryData\n====\n');
  const bin = cm.binaryData ?? {};
  for (const k of sortedKeys(bin)) w.write(LEVEL_0, `${k}: ${base64Length(bin[k])} bytes\n`);
  w.write(LEVEL_0, '\n');
  const events = await eventsFor(env, cm, 'ConfigMap');
  if (events) describeEvents(events, w, env.now);
  return w.text();
}

function base64Length(s: string): number {
  const clean = str(s).replace(/=+$/, '');
  return Math.floor((clean.length * 3) / 4);
}

export async function describeSecret(secret: Any): Promise<string> {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${secret.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${secret.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', secret.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', secret.metadata.annotations);
  w.write(LEVEL_0, `\nType:\t${str(secret.type)}\n`);
  w.write(LEVEL_0, '\nData\n====\n');
  const data = secret.data ?? {};
  for (const k of sortedKeys(data)) {
    if (k === 'token' && secret.type === 'kubernetes.io/service-account-token')
      w.write(LEVEL_0, `${k}:\t${atobText(data[k])}\n`);
    else w.write(LEVEL_0, `${k}:\t${base64Length(data[k])} bytes\n`);
  }
  return w.text();
}

function atobText(s: string): string {
  try {
    const bin = atob(str(s));
    return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return '';
  }
}

export async function describeServiceAccount(sa: Any, env: DescribeEnv): Promise<string> {
  const tokens: string[] = [];
  const missing = new Set<string>();
  const secrets = await listObjects(
    env,
    `/api/v1/namespaces/${encodeURIComponent(sa.metadata.namespace)}/secrets`,
  );
  if (!secrets.status) {
    const existing = new Set<string>();
    for (const s of secrets.items) {
      if (s.type === 'kubernetes.io/service-account-token') {
        const ann = s.metadata?.annotations ?? {};
        if (
          ann['kubernetes.io/service-account.name'] === sa.metadata.name &&
          ann['kubernetes.io/service-account.uid'] === sa.metadata.uid
        )
          tokens.push(s.metadata.name);
      }
      existing.add(s.metadata?.name);
    }
    for (const s of [...(sa.secrets ?? []), ...(sa.imagePullSecrets ?? [])])
      if (!existing.has(s.name)) missing.add(s.name);
  }
  const events = await eventsFor(env, sa, 'ServiceAccount');
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${sa.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${sa.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', sa.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', sa.metadata.annotations);
  const sections: [string, string[]][] = [
    ['Image pull secrets:', (sa.imagePullSecrets ?? []).map((s: Any) => str(s.name))],
    ['Mountable secrets: ', (sa.secrets ?? []).map((s: Any) => str(s.name))],
    ['Tokens:            ', tokens],
  ];
  for (const [header, names] of sections) {
    if (names.length === 0) {
      w.write(LEVEL_0, `${header}\t<none>\n`);
      continue;
    }
    let prefix = header;
    for (const n of names) {
      w.write(LEVEL_0, `${prefix}\t${n}${missing.has(n) ? ' (not found)' : ''}\n`);
      prefix = ' '.repeat(19);
    }
  }
  if (events) describeEvents(events, w, env.now);
  return w.text();
}

function metricLines(hpa: Any, w: PrefixWriter): void {
  const current: Any[] = hpa.status?.currentMetrics ?? [];
  (hpa.spec?.metrics ?? []).forEach((m: Any, i: number) => {
    const cur = current[i];
    switch (m.type) {
      case 'External': {
        const t = m.external?.target ?? {};
        if (t.averageValue !== undefined) {
          const c = cur?.external?.current?.averageValue;
          w.write(
            LEVEL_1,
            `${JSON.stringify(str(m.external.metric?.name))} (target average value):\t${c !== undefined ? quantity(c) : '<unknown>'} / ${quantity(t.averageValue)}\n`,
          );
        } else {
          const c = cur?.external ? quantity(cur.external.current?.value) : '<unknown>';
          w.write(
            LEVEL_1,
            `${JSON.stringify(str(m.external?.metric?.name))} (target value):\t${c} / ${quantity(t.value)}\n`,
          );
        }
        break;
      }
      case 'Pods': {
        const c = cur?.pods ? quantity(cur.pods.current?.averageValue) : '<unknown>';
        w.write(
          LEVEL_1,
          `${JSON.stringify(str(m.pods?.metric?.name))} on pods:\t${c} / ${quantity(m.pods?.target?.averageValue)}\n`,
        );
        break;
      }
      case 'Object': {
        const o = m.object ?? {};
        w.write(
          LEVEL_1,
          `"${str(o.metric?.name)}" on ${str(o.describedObject?.kind)}/${str(o.describedObject?.name)} `,
        );
        if (o.target?.type === 'AverageValue') {
          const c = cur?.object ? quantity(cur.object.current?.averageValue) : '<unknown>';
          w.write(LEVEL_0, `(target average value):\t${c} / ${quantity(o.target.averageValue)}\n`);
        } else {
          const c = cur?.object ? quantity(cur.object.current?.value) : '<unknown>';
          w.write(LEVEL_0, `(target value):\t${c} / ${quantity(o.target?.value)}\n`);
        }
        break;
      }
      case 'Resource':
      case 'ContainerResource': {
        const r = m.type === 'Resource' ? m.resource : m.containerResource;
        const cr = m.type === 'Resource' ? cur?.resource : cur?.containerResource;
        if (m.type === 'Resource') w.write(LEVEL_1, `resource ${str(r?.name)} on pods`);
        else
          w.write(LEVEL_1, `resource ${str(r?.name)} of container "${str(r?.container)}" on pods`);
        if (r?.target?.averageValue !== undefined) {
          const c = cr ? quantity(cr.current?.averageValue) : '<unknown>';
          w.write(LEVEL_0, `:\t${c} / ${quantity(r.target.averageValue)}\n`);
        } else {
          const c =
            cr && typeof cr.current?.averageUtilization === 'number'
              ? `${cr.current.averageUtilization}% (${quantity(cr.current.averageValue)})`
              : '<unknown>';
          const t =
            typeof r?.target?.averageUtilization === 'number'
              ? `${r.target.averageUtilization}%`
              : '<auto>';
          w.write(LEVEL_1, `(as a percentage of request):\t${c} / ${t}\n`);
        }
        break;
      }
      default:
        w.write(LEVEL_1, `<unknown metric type ${JSON.stringify(str(m.type))}>\n`);
    }
  });
}

function directionBehavior(w: PrefixWriter, direction: string, rules: Any): void {
  if (!rules) return;
  w.write(LEVEL_1, `${direction}:\n`);
  if (typeof rules.stabilizationWindowSeconds === 'number')
    w.write(LEVEL_2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  if ((rules.policies ?? []).length > 0) {
    w.write(LEVEL_2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
    w.write(LEVEL_2, 'Policies:\n');
    for (const p of rules.policies)
      w.write(
        LEVEL_3,
        `- Type: ${str(p.type)}\tValue: ${int(p.value)}\tPeriod: ${int(p.periodSeconds)} seconds\n`,
      );
  }
}

export async function describeHPA(hpa: Any, env: DescribeEnv): Promise<string> {
  const events = await eventsFor(env, hpa, 'HorizontalPodAutoscaler');
  const w = new PrefixWriter();
  const spec = hpa.spec ?? {};
  w.write(LEVEL_0, `Name:\t${hpa.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${hpa.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', hpa.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', hpa.metadata.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(hpa.metadata.creationTimestamp)}\n`);
  w.write(
    LEVEL_0,
    `Reference:\t${str(spec.scaleTargetRef?.kind)}/${str(spec.scaleTargetRef?.name)}\n`,
  );
  w.write(LEVEL_0, 'Metrics:\t( current / target )\n');
  metricLines(hpa, w);
  w.write(
    LEVEL_0,
    `Min replicas:\t${typeof spec.minReplicas === 'number' ? spec.minReplicas : '<unset>'}\n`,
  );
  w.write(LEVEL_0, `Max replicas:\t${int(spec.maxReplicas)}\n`);
  if (spec.behavior) {
    w.write(LEVEL_0, 'Behavior:\n');
    directionBehavior(w, 'Scale Up', spec.behavior.scaleUp);
    directionBehavior(w, 'Scale Down', spec.behavior.scaleDown);
  }
  w.write(LEVEL_0, `${str(spec.scaleTargetRef?.kind)} pods:\t`);
  w.write(
    LEVEL_0,
    `${int(hpa.status?.currentReplicas)} current / ${int(hpa.status?.desiredReplicas)} desired\n`,
  );
  const conditions: Any[] = hpa.status?.conditions ?? [];
  if (conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n');
    w.write(LEVEL_1, 'Type\tStatus\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t------\t-------\n');
    for (const c of conditions)
      w.write(LEVEL_1, `${str(c.type)}\t${str(c.status)}\t${str(c.reason)}\t${str(c.message)}\n`);
  }
  if (events) describeEvents(events, w, env.now);
  return w.text();
}

export async function describePDB(pdb: Any, env: DescribeEnv): Promise<string> {
  const events = await eventsFor(env, pdb, 'PodDisruptionBudget');
  const w = new PrefixWriter();
  const spec = pdb.spec ?? {};
  w.write(LEVEL_0, `Name:\t${pdb.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${pdb.metadata.namespace}\n`);
  if (spec.minAvailable !== undefined)
    w.write(LEVEL_0, `Min available:\t${intOrString(spec.minAvailable)}\n`);
  else if (spec.maxUnavailable !== undefined)
    w.write(LEVEL_0, `Max unavailable:\t${intOrString(spec.maxUnavailable)}\n`);
  if (spec.selector) w.write(LEVEL_0, `Selector:\t${formatLabelSelector(spec.selector)}\n`);
  else w.write(LEVEL_0, 'Selector:\t<unset>\n');
  const s = pdb.status ?? {};
  w.write(LEVEL_0, 'Status:\n');
  w.write(LEVEL_2, `Allowed disruptions:\t${int(s.disruptionsAllowed)}\n`);
  w.write(LEVEL_2, `Current:\t${int(s.currentHealthy)}\n`);
  w.write(LEVEL_2, `Desired:\t${int(s.desiredHealthy)}\n`);
  w.write(LEVEL_2, `Total:\t${int(s.expectedPods)}\n`);
  if (events) describeEvents(events, w, env.now);
  return w.text();
}

export async function describePriorityClass(pc: Any, env: DescribeEnv): Promise<string> {
  const events = await eventsFor(env, pc, 'PriorityClass');
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${pc.metadata.name}\n`);
  w.write(LEVEL_0, `Value:\t${int(pc.value)}\n`);
  w.write(LEVEL_0, `GlobalDefault:\t${pc.globalDefault === true}\n`);
  w.write(LEVEL_0, `PreemptionPolicy:\t${str(pc.preemptionPolicy)}\n`);
  w.write(LEVEL_0, `Description:\t${str(pc.description)}\n`);
  w.write(LEVEL_0, `Annotations:\t${formatLabels(pc.metadata.annotations)}\n`);
  if (events) describeEvents(events, w, env.now);
  return w.text();
}

export async function describeBinding(b: Any): Promise<string> {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${b.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', b.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', b.metadata.annotations);
  w.write(LEVEL_0, 'Role:\n');
  w.write(LEVEL_1, `Kind:\t${str(b.roleRef?.kind)}\n`);
  w.write(LEVEL_1, `Name:\t${str(b.roleRef?.name)}\n`);
  w.write(LEVEL_0, 'Subjects:\n');
  w.write(LEVEL_1, 'Kind\tName\tNamespace\n');
  w.write(LEVEL_1, '----\t----\t---------\n');
  for (const s of b.subjects ?? [])
    w.write(LEVEL_1, `${str(s.kind)}\t${str(s.name)}\t${str(s.namespace)}\n`);
  return w.text();
}

/** Role and ClusterRole: each rule broken down per resource, compacted, then sorted. */
export async function describeRole(role: Any): Promise<string> {
  const rules: Any[] = [];
  for (const r of role.rules ?? []) {
    const groups: string[] = r.apiGroups ?? [];
    for (const g of groups.length ? groups : [undefined])
      for (const res of r.resources ?? [])
        rules.push({
          apiGroups: g === undefined ? [] : [g],
          resources: [res],
          resourceNames: r.resourceNames ?? [],
          verbs: r.verbs ?? [],
        });
    for (const url of r.nonResourceURLs ?? [])
      rules.push({
        apiGroups: [],
        resources: [],
        resourceNames: [],
        nonResourceURLs: [url],
        verbs: r.verbs ?? [],
      });
  }
  // CompactRules merges rules that differ only in resource names.
  const compact: Any[] = [];
  for (const r of rules) {
    const same = compact.find(
      (c) =>
        c.resources.length === 1 &&
        r.resources.length === 1 &&
        c.resources[0] === r.resources[0] &&
        c.apiGroups.join() === r.apiGroups.join() &&
        c.verbs.join() === r.verbs.join() &&
        c.resourceNames.length > 0 &&
        r.resourceNames.length > 0,
    );
    if (same) same.resourceNames.push(...r.resourceNames);
    else compact.push({ ...r, resourceNames: [...r.resourceNames] });
  }
  const key = (r: Any) => [
    (r.resources ?? []).join(','),
    (r.apiGroups ?? []).join(','),
    (r.resourceNames ?? []).join(','),
    (r.nonResourceURLs ?? []).join(','),
    (r.verbs ?? []).join(','),
  ];
  const sorted = [...compact].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return goCompare(ka[i], kb[i]);
    return 0;
  });
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${role.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', role.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', role.metadata.annotations);
  w.write(LEVEL_0, 'PolicyRule:\n');
  w.write(LEVEL_1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n');
  w.write(LEVEL_1, '---------\t-----------------\t--------------\t-----\n');
  for (const r of sorted) {
    let combine = '';
    if ((r.resources ?? []).length > 0) {
      const parts = r.resources[0].split('/');
      combine = parts[0];
      if (r.apiGroups.length > 0 && r.apiGroups[0] !== '') combine += '.' + r.apiGroups[0];
      if (parts.length >= 2) combine += '/' + parts.slice(1).join('/');
    }
    w.write(
      LEVEL_1,
      `${combine}\t${goValue(r.nonResourceURLs ?? [])}\t${goValue(r.resourceNames ?? [])}\t${goValue(r.verbs ?? [])}\n`,
    );
  }
  return w.text();
}

/**
 * applyDefaults: the defaults the v1.32 API server applies to a request body on create and update
 * (SetObjectDefaults_X of each group's defaults.go, plus the few create-time settings of the
 * registry strategies that `kubectl get -o yaml` shows: a Namespace's `kubernetes` finalizer, a
 * Job's generated selector via generateJobSelector, a Service's IP family fields). Admission
 * plugins (service accounts, priority, default tolerations) and allocation (cluster IPs,
 * NodePorts) are the API server's, not these.
 */
import type { ResourceType } from '../registry';
import type { KubeObject } from '../types';
import { defaultPod, defaultPodSpec, defaultPodTemplateSpec, templateMetadata } from './pod';
import { asArr, asObj, ensureObj, setDefault, strArr, type Obj } from './util';

export { defaultPullPolicy, imageTag } from './pod';

function spec(obj: KubeObject): Obj {
  return ensureObj(obj as Obj, 'spec');
}

// ---- core/v1 ----

function defaultReplicationController(rc: KubeObject): void {
  const s = spec(rc);
  const labels = asObj(asObj(s.template).metadata).labels as Record<string, string> | undefined;
  if (labels) {
    if (Object.keys(asObj(s.selector)).length === 0) s.selector = labels;
    if (Object.keys(rc.metadata.labels ?? {}).length === 0) rc.metadata.labels = labels;
  }
  setDefault(s, 'replicas', 1);
  defaultPodTemplateSpec(s.template);
}

function externallyAccessible(s: Obj): boolean {
  return (
    s.type === 'LoadBalancer' ||
    s.type === 'NodePort' ||
    (s.type === 'ClusterIP' && strArr(s.externalIPs).length > 0)
  );
}

function defaultService(svc: KubeObject): void {
  const s = spec(svc);
  setDefault(s, 'sessionAffinity', 'None');
  if (s.sessionAffinity === 'None') delete s.sessionAffinityConfig;
  if (s.sessionAffinity === 'ClientIP') {
    // DefaultClientIPServiceAffinitySeconds: three hours.
    const cfg = (s.sessionAffinityConfig ??= {}) as Record<string, Record<string, unknown>>;
    cfg.clientIP ??= {};
    cfg.clientIP.timeoutSeconds ??= 10800;
  }
  setDefault(s, 'type', 'ClusterIP');
  for (const p of asArr(s.ports)) {
    setDefault(p, 'protocol', 'TCP');
    if (
      p.targetPort === undefined ||
      p.targetPort === null ||
      p.targetPort === 0 ||
      p.targetPort === ''
    )
      p.targetPort = p.port;
  }
  if (externallyAccessible(s)) setDefault(s, 'externalTrafficPolicy', 'Cluster');
  if (['NodePort', 'LoadBalancer', 'ClusterIP'].includes(s.type as string))
    setDefault(s, 'internalTrafficPolicy', 'Cluster');
  if (s.type === 'LoadBalancer') setDefault(s, 'allocateLoadBalancerNodePorts', true);
  if (!svc.status || typeof svc.status !== 'object') svc.status = { loadBalancer: {} };
  // IP families as the single-stack IPv4 cluster's service REST storage fills them in.
  if (s.type !== 'ExternalName') {
    const headless = s.clusterIP === 'None' || strArr(s.clusterIPs)[0] === 'None';
    const selectorless = Object.keys(asObj(s.selector)).length === 0;
    setDefault(s, 'ipFamilyPolicy', headless && selectorless ? 'RequireDualStack' : 'SingleStack');
    if (strArr(s.ipFamilies).length === 0) s.ipFamilies = ['IPv4'];
  }
}

function defaultNamespace(ns: KubeObject): void {
  if (ns.metadata.name) {
    ns.metadata.labels = { ...(ns.metadata.labels ?? {}) };
    ns.metadata.labels['kubernetes.io/metadata.name'] = ns.metadata.name;
  }
  const status = ensureObj(ns as Obj, 'status');
  setDefault(status, 'phase', 'Active');
  // The namespace strategy requires the `kubernetes` finalizer on create only: it is removed over
  // the object's life by the namespace controller, so an update must not add it back.
  if (!ns.metadata.resourceVersion) {
    const s = spec(ns);
    const f = strArr(s.finalizers);
    if (!f.includes('kubernetes')) s.finalizers = [...f, 'kubernetes'];
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return out;
}

function defaultSecret(secret: KubeObject): void {
  setDefault(secret as Obj, 'type', 'Opaque');
  // v1 -> internal conversion merges stringData into data; stringData is never stored.
  const sd = secret.stringData;
  if (sd && typeof sd === 'object') {
    const data = ensureObj(secret as Obj, 'data');
    for (const [k, v] of Object.entries(sd as Obj)) data[k] = base64(String(v ?? ''));
  }
  delete secret.stringData;
}

function defaultPersistentVolume(pv: KubeObject): void {
  const s = spec(pv);
  setDefault(s, 'persistentVolumeReclaimPolicy', 'Retain');
  setDefault(s, 'volumeMode', 'Filesystem');
  if (s.hostPath && typeof s.hostPath === 'object') setDefault(s.hostPath as Obj, 'type', '');
  setDefault(ensureObj(pv as Obj, 'status'), 'phase', 'Pending');
}

function defaultPVCSpec(s: Obj): void {
  setDefault(s, 'volumeMode', 'Filesystem');
}

function defaultPersistentVolumeClaim(pvc: KubeObject): void {
  defaultPVCSpec(spec(pvc));
  setDefault(ensureObj(pvc as Obj, 'status'), 'phase', 'Pending');
}

function defaultNode(node: KubeObject): void {
  const status = asObj(node.status);
  if (status.capacity && !status.allocatable) status.allocatable = { ...(status.capacity as Obj) };
}

function defaultLimitRange(lr: KubeObject): void {
  for (const item of asArr(spec(lr).limits)) {
    if (item.type !== 'Container') continue;
    const def = ensureObj(item, 'default');
    const req = ensureObj(item, 'defaultRequest');
    for (const [k, v] of Object.entries(asObj(item.max))) if (!(k in def)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!(k in req)) req[k] = v;
    for (const [k, v] of Object.entries(asObj(item.min))) if (!(k in req)) req[k] = v;
  }
}

function defaultEndpoints(ep: KubeObject): void {
  for (const ss of asArr(ep.subsets))
    for (const p of asArr(ss.ports)) setDefault(p, 'protocol', 'TCP');
}

// ---- apps/v1 ----

function defaultDeployment(d: KubeObject): void {
  const s = spec(d);
  setDefault(s, 'replicas', 1);
  const strategy = ensureObj(s, 'strategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = ensureObj(strategy, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', '25%');
    setDefault(ru, 'maxSurge', '25%');
  }
  setDefault(s, 'revisionHistoryLimit', 10);
  setDefault(s, 'progressDeadlineSeconds', 600);
  defaultPodTemplateSpec(ensureObj(s, 'template'));
}

function defaultReplicaSet(rs: KubeObject): void {
  const s = spec(rs);
  setDefault(s, 'replicas', 1);
  defaultPodTemplateSpec(ensureObj(s, 'template'));
}

function defaultDaemonSet(ds: KubeObject): void {
  const s = spec(ds);
  const us = ensureObj(s, 'updateStrategy');
  setDefault(us, 'type', 'RollingUpdate');
  if (us.type === 'RollingUpdate') {
    const ru = ensureObj(us, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', 1);
    setDefault(ru, 'maxSurge', 0);
  }
  setDefault(s, 'revisionHistoryLimit', 10);
  defaultPodTemplateSpec(ensureObj(s, 'template'));
}

function defaultStatefulSet(sts: KubeObject): void {
  const s = spec(sts);
  setDefault(s, 'podManagementPolicy', 'OrderedReady');
  const us = ensureObj(s, 'updateStrategy');
  if (!us.type) {
    us.type = 'RollingUpdate';
    ensureObj(us, 'rollingUpdate');
  }
  if (us.type === 'RollingUpdate' && us.rollingUpdate && typeof us.rollingUpdate === 'object')
    setDefault(us.rollingUpdate as Obj, 'partition', 0);
  const ret = ensureObj(s, 'persistentVolumeClaimRetentionPolicy');
  setDefault(ret, 'whenDeleted', 'Retain');
  setDefault(ret, 'whenScaled', 'Retain');
  setDefault(s, 'replicas', 1);
  setDefault(s, 'revisionHistoryLimit', 10);
  defaultPodTemplateSpec(ensureObj(s, 'template'));
  for (const t of asArr(s.volumeClaimTemplates)) {
    setDefault(t, 'apiVersion', 'v1');
    setDefault(t, 'kind', 'PersistentVolumeClaim');
    templateMetadata(t);
    defaultPVCSpec(ensureObj(t, 'spec'));
    setDefault(ensureObj(t, 'status'), 'phase', 'Pending');
  }
}

// ---- batch/v1 ----

function defaultJobSpec(s: Obj): void {
  if (
    (s.completions === undefined || s.completions === null) &&
    (s.parallelism === undefined || s.parallelism === null)
  ) {
    s.completions = 1;
    s.parallelism = 1;
  }
  setDefault(s, 'parallelism', 1);
  if (s.backoffLimit === undefined || s.backoffLimit === null)
    s.backoffLimit =
      s.backoffLimitPerIndex !== undefined && s.backoffLimitPerIndex !== null ? 2147483647 : 6;
  setDefault(s, 'completionMode', 'NonIndexed');
  setDefault(s, 'suspend', false);
  const pfp = asObj(s.podFailurePolicy);
  for (const rule of asArr(pfp.rules))
    for (const c of asArr(rule.onPodConditions)) setDefault(c, 'status', 'True');
  setDefault(s, 'podReplacementPolicy', s.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed');
}

function defaultJob(job: KubeObject): void {
  const s = spec(job);
  defaultJobSpec(s);
  const labels = asObj(asObj(s.template).metadata).labels as Record<string, string> | undefined;
  // Upstream assigns the template's label map itself, so the labels the Job strategy generates
  // afterwards (generateJobSelector) show on the Job too: keep the shared reference.
  if (labels && Object.keys(job.metadata.labels ?? {}).length === 0) job.metadata.labels = labels;
  defaultPodTemplateSpec(ensureObj(s, 'template'));
}

function defaultCronJob(cj: KubeObject): void {
  const s = spec(cj);
  setDefault(s, 'concurrencyPolicy', 'Allow');
  setDefault(s, 'suspend', false);
  setDefault(s, 'successfulJobsHistoryLimit', 3);
  setDefault(s, 'failedJobsHistoryLimit', 1);
  const jt = ensureObj(s, 'jobTemplate');
  templateMetadata(jt);
  defaultPodTemplateSpec(ensureObj(ensureObj(jt, 'spec'), 'template'));
}

/**
 * The Job strategy's create-time selector generation (generateSelector), run after the uid is
 * assigned: the template gets `batch.kubernetes.io/controller-uid`, `controller-uid`,
 * `batch.kubernetes.io/job-name` and `job-name` labels and the selector matches the uid. Jobs with
 * `spec.manualSelector: true` are left alone.
 */
export function generateJobSelector(job: KubeObject, uid: string | undefined): void {
  const s = spec(job);
  if (s.manualSelector === true) return;
  const tmpl = ensureObj(s, 'template');
  const meta = ensureObj(tmpl, 'metadata');
  const labels = ensureObj(meta, 'labels') as Record<string, string>;
  const name = job.metadata.name ?? '';
  const id = uid ?? job.metadata.uid ?? '';
  for (const l of ['job-name', 'batch.kubernetes.io/job-name'])
    if (!(l in labels)) labels[l] = name;
  for (const l of ['controller-uid', 'batch.kubernetes.io/controller-uid'])
    if (!(l in labels)) labels[l] = id;
  const sel = ensureObj(s, 'selector');
  const ml = ensureObj(sel, 'matchLabels') as Record<string, string>;
  if (!('batch.kubernetes.io/controller-uid' in ml)) ml['batch.kubernetes.io/controller-uid'] = id;
  // Upstream defaults a Job's labels from its template's again whenever it is read back from
  // storage, so a Job always shows the generated labels; copy them once here to the same effect.
  if (Object.keys(job.metadata.labels ?? {}).length === 0) job.metadata.labels = { ...labels };
}

// ---- other groups ----

const SCALE_UP_RULES = () => ({
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
});
const SCALE_DOWN_RULES = () => ({
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
});

function mergeRules(from: unknown, defaults: Obj): Obj {
  if (!from || typeof from !== 'object') return defaults;
  const f = from as Obj;
  const out: Obj = { ...defaults };
  for (const k of ['selectPolicy', 'stabilizationWindowSeconds', 'policies', 'tolerance'])
    if (f[k] !== undefined && f[k] !== null) out[k] = f[k];
  return out;
}

function defaultHPA(hpa: KubeObject): void {
  const s = spec(hpa);
  setDefault(s, 'minReplicas', 1);
  if (hpa.apiVersion === 'autoscaling/v1') {
    setDefault(s, 'targetCPUUtilizationPercentage', 80);
    return;
  }
  if (asArr(s.metrics).length === 0)
    s.metrics = [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
      },
    ];
  if (s.behavior && typeof s.behavior === 'object') {
    const b = s.behavior as Obj;
    b.scaleUp = mergeRules(b.scaleUp, SCALE_UP_RULES());
    b.scaleDown = mergeRules(b.scaleDown, SCALE_DOWN_RULES());
  }
}

function defaultNetworkPolicy(np: KubeObject): void {
  const s = spec(np);
  if (strArr(s.policyTypes).length === 0)
    s.policyTypes = asArr(s.egress).length ? ['Ingress', 'Egress'] : ['Ingress'];
  for (const dir of ['ingress', 'egress'])
    for (const rule of asArr(s[dir]))
      for (const p of asArr(rule.ports)) setDefault(p, 'protocol', 'TCP');
}

function defaultIngressClass(ic: KubeObject): void {
  const params = asObj(spec(ic).parameters);
  if (Object.keys(params).length) setDefault(params, 'scope', 'Cluster');
}

function defaultStorageClass(sc: KubeObject): void {
  setDefault(sc as Obj, 'reclaimPolicy', 'Delete');
  setDefault(sc as Obj, 'volumeBindingMode', 'Immediate');
}

function defaultEndpointSlice(es: KubeObject): void {
  for (const p of asArr(es.ports)) {
    setDefault(p, 'protocol', 'TCP');
    if (p.name === undefined || p.name === null) p.name = '';
  }
}

function defaultCRD(crd: KubeObject): void {
  const s = spec(crd);
  const names = ensureObj(s, 'names');
  if (!names.singular && typeof names.kind === 'string') names.singular = names.kind.toLowerCase();
  if (!names.listKind && typeof names.kind === 'string' && names.kind)
    names.listKind = `${names.kind}List`;
  const conv = s.conversion;
  if (!conv || typeof conv !== 'object') s.conversion = { strategy: 'None' };
  else {
    const svc = asObj(asObj((conv as Obj).webhook).clientConfig).service;
    if (svc && typeof svc === 'object') setDefault(svc as Obj, 'port', 443);
  }
  const status = ensureObj(crd as Obj, 'status');
  if (strArr(status.storedVersions).length === 0) {
    const storage = asArr(s.versions).find((v) => v.storage === true);
    if (storage) status.storedVersions = [storage.name];
  }
}

function defaultPodTemplate(pt: KubeObject): void {
  const t = ensureObj(pt as Obj, 'template');
  defaultPodTemplateSpec(t);
}

const DEFAULTERS: Record<string, (obj: KubeObject) => void> = {
  'core/Pod': (o) => defaultPod(o as Obj),
  'core/PodTemplate': defaultPodTemplate,
  'core/ReplicationController': defaultReplicationController,
  'core/Service': defaultService,
  'core/Namespace': defaultNamespace,
  'core/Secret': defaultSecret,
  'core/PersistentVolume': defaultPersistentVolume,
  'core/PersistentVolumeClaim': defaultPersistentVolumeClaim,
  'core/Node': defaultNode,
  'core/LimitRange': defaultLimitRange,
  'core/Endpoints': defaultEndpoints,
  'apps/Deployment': defaultDeployment,
  'apps/ReplicaSet': defaultReplicaSet,
  'apps/DaemonSet': defaultDaemonSet,
  'apps/StatefulSet': defaultStatefulSet,
  'batch/Job': defaultJob,
  'batch/CronJob': defaultCronJob,
  'autoscaling/HorizontalPodAutoscaler': defaultHPA,
  'networking.k8s.io/NetworkPolicy': defaultNetworkPolicy,
  'networking.k8s.io/IngressClass': defaultIngressClass,
  'storage.k8s.io/StorageClass': defaultStorageClass,
  'discovery.k8s.io/EndpointSlice': defaultEndpointSlice,
  'apiextensions.k8s.io/CustomResourceDefinition': defaultCRD,
};

/** Applies the defaults the API server applies on create and update (SetObjectDefaults_X of v1.32), in place. */
export function applyDefaults(rt: ResourceType, obj: KubeObject): void {
  obj.metadata ??= {};
  DEFAULTERS[`${rt.group || 'core'}/${rt.kind}`]?.(obj);
}

export { defaultPodSpec };

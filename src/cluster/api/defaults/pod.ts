/**
 * PodSpec and container defaulting as pkg/apis/core/v1/defaults.go does it (SetDefaults_PodSpec,
 * SetDefaults_Container, SetDefaults_Probe, volume sources, ...). Pod-only defaults
 * (SetDefaults_Pod) are separate because pod templates do not get them.
 */
import { asArr, asObj, setDefault, type Obj } from './util';

/** The tag parsers.ParseImageName finds: "latest" when there is neither tag nor digest. */
export function imageTag(image: string): { tag: string; digest: string } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : '';
  const name = at >= 0 ? image.slice(0, at) : image;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tag = colon > slash ? name.slice(colon + 1) : '';
  if (!tag && !digest) return { tag: 'latest', digest };
  return { tag, digest };
}

export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (!image) return 'IfNotPresent';
  return imageTag(image).tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultHandler(h: unknown): void {
  if (!h || typeof h !== 'object') return;
  const hg = (h as Obj).httpGet;
  if (hg && typeof hg === 'object') {
    setDefault(hg as Obj, 'path', '/');
    setDefault(hg as Obj, 'scheme', 'HTTP');
  }
}

function defaultProbe(p: unknown): void {
  if (!p || typeof p !== 'object') return;
  const probe = p as Obj;
  defaultHandler(probe);
  setDefault(probe, 'timeoutSeconds', 1);
  setDefault(probe, 'periodSeconds', 10);
  setDefault(probe, 'successThreshold', 1);
  setDefault(probe, 'failureThreshold', 3);
}

function defaultEnv(env: unknown): void {
  for (const e of asArr(env)) {
    const vf = asObj(e.valueFrom);
    if (vf.fieldRef && typeof vf.fieldRef === 'object')
      setDefault(vf.fieldRef as Obj, 'apiVersion', 'v1');
    if (vf.resourceFieldRef && typeof vf.resourceFieldRef === 'object')
      setDefault(vf.resourceFieldRef as Obj, 'divisor', '0');
  }
}

/** SetDefaults_Container plus the defaults of its ports, probes, lifecycle handlers and env. */
export function defaultContainer(c: Obj): void {
  setDefault(c, 'imagePullPolicy', defaultPullPolicy(typeof c.image === 'string' ? c.image : ''));
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  if (c.resources === undefined || c.resources === null) c.resources = {};
  for (const p of asArr(c.ports)) setDefault(p, 'protocol', 'TCP');
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  const lc = asObj(c.lifecycle);
  defaultHandler(lc.postStart);
  defaultHandler(lc.preStop);
  defaultEnv(c.env);
}

const MODE_0644 = 420;

function defaultVolume(v: Obj): void {
  const sources = Object.keys(v).filter((k) => k !== 'name');
  if (sources.length === 0) v.emptyDir = {};
  const withMode = ['secret', 'configMap', 'downwardAPI', 'projected'];
  for (const s of withMode)
    if (v[s] && typeof v[s] === 'object') setDefault(v[s] as Obj, 'defaultMode', MODE_0644);
  if (v.hostPath && typeof v.hostPath === 'object') setDefault(v.hostPath as Obj, 'type', '');
  if (v.projected && typeof v.projected === 'object') {
    for (const src of asArr((v.projected as Obj).sources)) {
      if (src.serviceAccountToken && typeof src.serviceAccountToken === 'object')
        setDefault(src.serviceAccountToken as Obj, 'expirationSeconds', 3600);
      const dapi = asObj(src.downwardAPI);
      for (const it of asArr(dapi.items))
        if (it.fieldRef && typeof it.fieldRef === 'object')
          setDefault(it.fieldRef as Obj, 'apiVersion', 'v1');
    }
  }
  if (v.downwardAPI && typeof v.downwardAPI === 'object')
    for (const it of asArr((v.downwardAPI as Obj).items))
      if (it.fieldRef && typeof it.fieldRef === 'object')
        setDefault(it.fieldRef as Obj, 'apiVersion', 'v1');
  if (v.ephemeral && typeof v.ephemeral === 'object') {
    const tmpl = asObj((v.ephemeral as Obj).volumeClaimTemplate);
    if (tmpl.spec && typeof tmpl.spec === 'object')
      setDefault(tmpl.spec as Obj, 'volumeMode', 'Filesystem');
  }
}

/** SetDefaults_PodSpec with the defaults of everything inside it. */
export function defaultPodSpec(spec: Obj): void {
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'restartPolicy', 'Always');
  if (spec.securityContext === undefined || spec.securityContext === null)
    spec.securityContext = {};
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'schedulerName', 'default-scheduler');
  for (const v of asArr(spec.volumes)) defaultVolume(v);
  for (const c of asArr(spec.containers)) defaultContainer(c);
  for (const c of asArr(spec.initContainers)) defaultContainer(c);
  for (const c of asArr(spec.ephemeralContainers)) defaultContainer(c);
}

/**
 * Embedded ObjectMeta is a struct upstream, so a template's metadata always serializes, with
 * `creationTimestamp: null`, as `kubectl get -o yaml` shows it.
 */
export function templateMetadata(t: Obj): void {
  const m = t.metadata && typeof t.metadata === 'object' ? (t.metadata as Obj) : {};
  if (m.creationTimestamp === undefined) m.creationTimestamp = null;
  t.metadata = m;
}

/** A PodTemplateSpec: only the PodSpec has defaults. */
export function defaultPodTemplateSpec(tmpl: unknown): void {
  if (!tmpl || typeof tmpl !== 'object') return;
  const t = tmpl as Obj;
  templateMetadata(t);
  if (!t.spec || typeof t.spec !== 'object') t.spec = {};
  defaultPodSpec(t.spec as Obj);
}

function requestsFromLimits(c: Obj): void {
  const res = asObj(c.resources);
  const limits = res.limits;
  if (!limits || typeof limits !== 'object') return;
  const requests = (res.requests && typeof res.requests === 'object' ? res.requests : {}) as Obj;
  for (const [k, v] of Object.entries(limits as Obj)) if (!(k in requests)) requests[k] = v;
  res.requests = requests;
  c.resources = res;
}

function defaultHostNetworkPorts(containers: unknown): void {
  for (const c of asArr(containers))
    for (const p of asArr(c.ports))
      if (p.hostPort === undefined || p.hostPort === 0) p.hostPort = p.containerPort;
}

/** SetDefaults_Pod followed by the PodSpec defaults (SetObjectDefaults_Pod). */
export function defaultPod(pod: Obj): void {
  if (!pod.spec || typeof pod.spec !== 'object') pod.spec = {};
  const spec = pod.spec as Obj;
  for (const c of asArr(spec.containers)) requestsFromLimits(c);
  for (const c of asArr(spec.initContainers)) requestsFromLimits(c);
  setDefault(spec, 'enableServiceLinks', true);
  if (spec.hostNetwork === true) {
    defaultHostNetworkPorts(spec.containers);
    defaultHostNetworkPorts(spec.initContainers);
  }
  defaultPodSpec(spec);
}

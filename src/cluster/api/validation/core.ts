/**
 * Validation of the core/v1 kinds other than Pod (pkg/apis/core/validation/validation.go):
 * ReplicationController, Service, ConfigMap, Secret, Namespace, Node, PersistentVolume(Claim),
 * ResourceQuota, LimitRange, ServiceAccount, Endpoints, Event and Binding.
 */
import type { FieldError } from '../errors';
import type { KubeObject } from '../types';
import { compareQuantities, formatQuantity, isValidQuantity, parseQuantity } from '../quantity';
import {
  asArr,
  asObj,
  child,
  deepEqual,
  duplicate,
  forbidden,
  goQuote,
  goStringMap,
  goStringSlice,
  goText,
  index,
  invalid,
  IS_NEGATIVE,
  key,
  nonNegative,
  notSupported,
  required,
  str,
  tooLong,
  validateImmutable,
  type Obj,
} from './field';
import {
  byteLen,
  isConfigMapKey,
  isDNS1123Subdomain,
  isQualifiedName,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validatePathSegmentName,
} from './names';
import {
  validateLabels,
  validateLabelSelector,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './objectmeta';
import {
  dns1123Label,
  validatePodTemplateSpec,
  validatePortNumOrName,
  structDiff,
  validateProtocol,
} from './pod';

export const MAX_SECRET_SIZE = 1024 * 1024;

const PVC_IMMUTABLE =
  'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims';

function metaFor(
  obj: KubeObject,
  old: KubeObject | undefined,
  namespaced: boolean,
  nameFn = nameIsDNSSubdomain,
): FieldError[] {
  return old
    ? validateObjectMetaUpdate(obj.metadata, old.metadata)
    : validateObjectMeta(obj.metadata, namespaced, nameFn);
}

/** Selector-matches-template check shared by RC, ReplicaSet, Deployment, DaemonSet, StatefulSet. */
export function templateLabelsError(
  labels: Record<string, string> | undefined,
  matches: boolean,
  path: string,
): FieldError[] {
  return matches
    ? []
    : [
        invalid(
          child(path, 'metadata', 'labels'),
          goStringMap(labels),
          '`selector` does not match template `labels`',
        ),
      ];
}

// ---- ReplicationController ----

export function validateReplicationController(rc: KubeObject, old?: KubeObject): FieldError[] {
  const errs = metaFor(rc, old, true);
  const spec = asObj(rc.spec);
  errs.push(...nonNegative(spec.minReadySeconds as number | undefined, 'spec.minReadySeconds'));
  const selector = asObj(spec.selector) as Record<string, string>;
  if (Object.keys(selector).length === 0) errs.push(required('spec.selector'));
  errs.push(...nonNegative(spec.replicas as number | undefined, 'spec.replicas'));
  if (spec.template === undefined || spec.template === null) {
    errs.push(required('spec.template'));
    return errs;
  }
  const tmpl = asObj(spec.template);
  const labels = asObj(tmpl.metadata).labels as Record<string, string> | undefined;
  if (Object.keys(selector).length > 0) {
    const ok = Object.entries(selector).every(([k, v]) => labels?.[k] === v);
    errs.push(...templateLabelsError(labels, ok, 'spec.template'));
  }
  errs.push(...validatePodTemplateSpec(tmpl, 'spec.template'));
  const rp = str(asObj(tmpl.spec).restartPolicy);
  if (rp !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  if (asObj(tmpl.spec).activeDeadlineSeconds !== undefined)
    errs.push(
      forbidden(
        'spec.template.spec.activeDeadlineSeconds',
        'activeDeadlineSeconds in ReplicationController is not Supported',
      ),
    );
  return errs;
}

// ---- Service ----

function clusterIPsOf(spec: Obj): string[] {
  const ips = asArr<string>(spec.clusterIPs);
  if (ips.length) return ips;
  return str(spec.clusterIP) ? [str(spec.clusterIP)] : [];
}

function isHeadless(spec: Obj): boolean {
  const ips = clusterIPsOf(spec);
  return ips.length > 0 && ips[0] === 'None';
}

function goServicePort(p: Obj): string {
  return `core.ServicePort{Name:"", Protocol:${goQuote(str(p.protocol))}, AppProtocol:(*string)(nil), Port:${Number(p.port ?? 0)}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
}

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

export function validateService(svc: KubeObject, old?: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = asObj(svc.spec);
  if (old) {
    errs.push(...validateObjectMetaUpdate(svc.metadata, old.metadata));
    errs.push(...validateServiceClusterIPsUpdate(spec, asObj(old.spec)));
  }
  errs.push(...validateObjectMeta(svc.metadata, true, nameIsDNS1035Label));
  const type = str(spec.type);
  const ports = asArr(spec.ports);
  const headless = isHeadless(spec);
  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push(required('spec.ports'));
  const ips = clusterIPsOf(spec);
  if (type === 'LoadBalancer' && headless)
    errs.push(
      invalid('spec.clusterIPs[0]', ips[0], "may not be set to 'None' for LoadBalancer services"),
    );
  else if (type === 'NodePort' && headless)
    errs.push(
      invalid('spec.clusterIPs[0]', ips[0], "may not be set to 'None' for NodePort services"),
    );
  else if (type === 'ExternalName') {
    if (ips.length > 0)
      errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    if (asArr(spec.ipFamilies).length > 0)
      errs.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
    if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null)
      errs.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    const cname = str(spec.externalName).replace(/\.$/, '');
    if (cname)
      errs.push(...isDNS1123Subdomain(cname).map((m) => invalid('spec.externalName', cname, m)));
    else errs.push(required('spec.externalName'));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const pp = index('spec.ports', i);
    const name = str(p.name);
    if (ports.length > 1 && !name) errs.push(required(child(pp, 'name')));
    else if (name) {
      errs.push(...dns1123Label(name, child(pp, 'name')));
      if (names.has(name)) errs.push(duplicate(child(pp, 'name'), name));
      else names.add(name);
    }
    const port = Number(p.port ?? 0);
    if (!(Number.isInteger(port) && port >= 1 && port <= 65535))
      errs.push(invalid(child(pp, 'port'), port, 'must be between 1 and 65535, inclusive'));
    errs.push(...validateProtocol(p.protocol, child(pp, 'protocol')));
    errs.push(...validatePortNumOrName(p.targetPort, child(pp, 'targetPort')));
    if (typeof p.appProtocol === 'string')
      errs.push(
        ...isQualifiedName(p.appProtocol).map((m) =>
          invalid(child(pp, 'appProtocol'), p.appProtocol as string, m),
        ),
      );
  });
  if (spec.selector !== undefined && spec.selector !== null)
    errs.push(...validateLabels(spec.selector as Record<string, string>, 'spec.selector'));
  const sa = str(spec.sessionAffinity);
  if (!sa) errs.push(required('spec.sessionAffinity'));
  else if (sa !== 'ClientIP' && sa !== 'None')
    errs.push(notSupported('spec.sessionAffinity', sa, ['ClientIP', 'None']));
  if (sa === 'ClientIP') {
    const t = asObj(asObj(spec.sessionAffinityConfig).clientIP).timeoutSeconds;
    if (spec.sessionAffinityConfig === undefined || t === undefined)
      errs.push(required('spec.sessionAffinityConfig.clientIP.timeoutSeconds'));
    else if (typeof t === 'number' && (t <= 0 || t > 86400))
      errs.push(
        invalid(
          'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
          t,
          'must be greater than 0 and less than 86400',
        ),
      );
  } else if (
    sa === 'None' &&
    spec.sessionAffinityConfig !== undefined &&
    spec.sessionAffinityConfig !== null
  ) {
    errs.push(
      forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'),
    );
  }
  const pol = spec.ipFamilyPolicy;
  if (
    typeof pol === 'string' &&
    !['PreferDualStack', 'RequireDualStack', 'SingleStack'].includes(pol)
  )
    errs.push(
      notSupported('spec.ipFamilyPolicy', pol, [
        'PreferDualStack',
        'RequireDualStack',
        'SingleStack',
      ]),
    );
  asArr<string>(spec.ipFamilies).forEach((f, i) => {
    if (f !== 'IPv4' && f !== 'IPv6')
      errs.push(notSupported(index('spec.ipFamilies', i), f, ['IPv4', 'IPv6']));
  });
  if (!type) errs.push(required('spec.type'));
  else if (!SERVICE_TYPES.includes(type)) errs.push(notSupported('spec.type', type, SERVICE_TYPES));
  if (type === 'ClusterIP')
    ports.forEach((p, i) => {
      if (p.nodePort)
        errs.push(
          forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"),
        );
    });
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const k = `${str(p.protocol)}/${p.nodePort}`;
    if (nodePorts.has(k)) errs.push(duplicate(`spec.ports[${i}].nodePort`, Number(p.nodePort)));
    nodePorts.add(k);
  });
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const k = `${str(p.protocol)}/${p.port}`;
    if (seen.has(k)) errs.push(duplicate(`spec.ports[${i}]`, goText(goServicePort(p))));
    seen.add(k);
  });
  const externallyAccessible =
    type === 'LoadBalancer' ||
    type === 'NodePort' ||
    (type === 'ClusterIP' && asArr(spec.externalIPs).length > 0);
  const etp = str(spec.externalTrafficPolicy);
  if (!externallyAccessible) {
    if (etp)
      errs.push(
        invalid(
          'spec.externalTrafficPolicy',
          etp,
          'may only be set for externally-accessible services',
        ),
      );
  } else if (!etp) errs.push(required('spec.externalTrafficPolicy'));
  else if (etp !== 'Cluster' && etp !== 'Local')
    errs.push(notSupported('spec.externalTrafficPolicy', etp, ['Cluster', 'Local']));
  const itp = spec.internalTrafficPolicy;
  if (itp === undefined || itp === null) {
    if (type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP')
      errs.push(required('spec.internalTrafficPolicy'));
  } else if (itp !== 'Cluster' && itp !== 'Local')
    errs.push(notSupported('spec.internalTrafficPolicy', str(itp), ['Cluster', 'Local']));
  return errs;
}

function validateServiceClusterIPsUpdate(spec: Obj, oldSpec: Obj): FieldError[] {
  if (spec.type === 'ExternalName' || oldSpec.type === 'ExternalName') return [];
  if (isHeadless(spec) && isHeadless(oldSpec)) return [];
  const o = clusterIPsOf(oldSpec);
  // The Service strategy keeps allocated addresses the request leaves out (patchAllocatedValues).
  const n = clusterIPsOf(spec).length ? clusterIPsOf(spec) : o;
  const errs: FieldError[] = [];
  if (o.length === n.length) {
    o.forEach((ip, i) => {
      if (ip !== n[i])
        errs.push(invalid(`spec.clusterIPs[${i}]`, goStringSlice(n), 'may not change once set'));
    });
  } else if (o.length > n.length) {
    if (n.length === 0)
      errs.push(
        invalid('spec.clusterIPs[0]', goStringSlice(n), 'primary clusterIP can not be unset'),
      );
    if (o.length > 0 && n.length > 0 && n[0] !== o[0])
      errs.push(invalid('spec.clusterIPs[0]', goStringSlice(n), 'may not change once set'));
  } else if (o.length > 0 && n[0] !== o[0]) {
    errs.push(invalid('spec.clusterIPs[0]', goStringSlice(n), 'may not change once set'));
  }
  return errs;
}

// ---- ConfigMap and Secret ----

function base64DecodedLen(s: string): number {
  const clean = s.replace(/[\r\n]/g, '');
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - pad;
}

export function validateConfigMap(cm: KubeObject, old?: KubeObject): FieldError[] {
  const errs = metaFor(cm, old, true);
  if (old && old.immutable === true) {
    if (cm.immutable !== true)
      errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
    if (!deepEqual(cm.data, old.data))
      errs.push(forbidden('data', 'field is immutable when `immutable` is set'));
    if (!deepEqual(cm.binaryData, old.binaryData))
      errs.push(forbidden('binaryData', 'field is immutable when `immutable` is set'));
  }
  if (old) errs.push(...validateObjectMeta(cm.metadata, true, nameIsDNSSubdomain));
  const data = asObj(cm.data);
  const bin = asObj(cm.binaryData);
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(key('data', k), k, m));
    if (k in bin) errs.push(invalid(key('data', k), k, 'duplicate of key present in binaryData'));
    total += byteLen(str(v));
  }
  for (const [k, v] of Object.entries(bin)) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(key('binaryData', k), k, m));
    total += base64DecodedLen(str(v));
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLong('', MAX_SECRET_SIZE));
  return errs;
}

export function validateSecret(secret: KubeObject, old?: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  if (old) {
    errs.push(...validateObjectMetaUpdate(secret.metadata, old.metadata));
    errs.push(...validateImmutable(secret.type ?? '', old.type ?? '', 'type', str(secret.type)));
    if (old.immutable === true) {
      if (secret.immutable !== true)
        errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
      if (!deepEqual(secret.data, old.data))
        errs.push(forbidden('data', 'field is immutable when `immutable` is set'));
    }
  }
  errs.push(...validateObjectMeta(secret.metadata, true, nameIsDNSSubdomain));
  const data = asObj(secret.data);
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(key('data', k), k, m));
    total += base64DecodedLen(str(v));
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLong('data', MAX_SECRET_SIZE));
  const has = (k: string) => Object.prototype.hasOwnProperty.call(data, k);
  switch (str(secret.type)) {
    case 'kubernetes.io/service-account-token':
      if (!secret.metadata.annotations?.['kubernetes.io/service-account.name'])
        errs.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
      break;
    case 'kubernetes.io/dockercfg':
      if (!has('.dockercfg')) errs.push(required('data[.dockercfg]'));
      break;
    case 'kubernetes.io/dockerconfigjson':
      if (!has('.dockerconfigjson')) errs.push(required('data[.dockerconfigjson]'));
      break;
    case 'kubernetes.io/basic-auth':
      if (!has('username') && !has('password')) {
        errs.push(required('data[username]'));
        errs.push(required('data[password]'));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (!str(data['ssh-privatekey'])) errs.push(required('data[ssh-privatekey]'));
      break;
    case 'kubernetes.io/tls':
      if (!has('tls.crt')) errs.push(required('data[tls.crt]'));
      if (!has('tls.key')) errs.push(required('data[tls.key]'));
      break;
  }
  return errs;
}

// ---- Namespace, Node, ServiceAccount ----

const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'];

export function validateNamespace(ns: KubeObject, old?: KubeObject): FieldError[] {
  if (old) return validateObjectMetaUpdate(ns.metadata, old.metadata);
  const errs = validateObjectMeta(ns.metadata, false, nameIsDNSLabel);
  for (const f of asArr<string>(asObj(ns.spec).finalizers)) {
    const msgs = isQualifiedName(f);
    if (msgs.length) errs.push(...msgs.map((m) => invalid('spec.finalizers', f, m)));
    else if (!f.includes('/') && !STANDARD_FINALIZERS.includes(f))
      errs.push(
        invalid(
          'spec.finalizers',
          f,
          'name is neither a standard finalizer name nor is it fully qualified',
        ),
      );
  }
  return errs;
}

export function validateNode(node: KubeObject, old?: KubeObject): FieldError[] {
  const errs = metaFor(node, old, false);
  const spec = asObj(node.spec);
  asArr(spec.taints).forEach((t, i) => {
    const p = index('spec.taints', i);
    const k = str(t.key);
    if (!k) errs.push(required(child(p, 'key')));
    else errs.push(...isQualifiedName(k).map((m) => invalid(child(p, 'key'), k, m)));
    const eff = str(t.effect);
    if (!eff) errs.push(required(child(p, 'effect')));
    else if (!['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(eff))
      errs.push(
        notSupported(child(p, 'effect'), eff, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
      );
  });
  if (old) {
    const oldPodCIDR = str(asObj(old.spec).podCIDR);
    if (oldPodCIDR && str(spec.podCIDR) !== oldPodCIDR)
      errs.push(
        forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'),
      );
    const oldProvider = str(asObj(old.spec).providerID);
    if (oldProvider && str(spec.providerID) !== oldProvider)
      errs.push(
        forbidden(
          'spec.providerID',
          'node updates may not change providerID except from "" to valid',
        ),
      );
  }
  return errs;
}

export function validateServiceAccount(sa: KubeObject, old?: KubeObject): FieldError[] {
  return metaFor(sa, old, true);
}

// ---- PersistentVolume and PersistentVolumeClaim ----

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

function validateAccessModes(modes: string[], path: string, detail: string): FieldError[] {
  const errs: FieldError[] = [];
  if (modes.length === 0) errs.push(required(path, detail));
  let rwop = false;
  let other = false;
  for (const m of modes) {
    if (!ACCESS_MODES.includes(m)) errs.push(notSupported(path, m, ACCESS_MODES));
    if (m === 'ReadWriteOncePod') rwop = true;
    else other = true;
  }
  if (rwop && other)
    errs.push(forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

function positiveQuantity(q: unknown, path: string): FieldError[] {
  if (!isValidQuantity(q)) return [];
  const p = parseQuantity(q as string);
  return p.nano <= 0n ? [invalid(path, formatQuantity(p), 'must be greater than zero')] : [];
}

export function validatePersistentVolume(pv: KubeObject, old?: KubeObject): FieldError[] {
  const errs = metaFor(pv, old, false);
  const spec = asObj(pv.spec);
  errs.push(...validateAccessModes(asArr<string>(spec.accessModes), 'spec.accessModes', ''));
  const cap = asObj(spec.capacity);
  if (Object.keys(cap).length === 0) errs.push(required('spec.capacity'));
  if (!('storage' in cap) || Object.keys(cap).length > 1)
    errs.push(notSupported('spec.capacity', goText(goResourceList(cap)), ['storage']));
  for (const [r, q] of Object.entries(cap))
    errs.push(...positiveQuantity(q, key('spec.capacity', r)));
  const rp = str(spec.persistentVolumeReclaimPolicy);
  if (!rp) errs.push(required('spec.persistentVolumeReclaimPolicy'));
  else if (!['Delete', 'Recycle', 'Retain'].includes(rp))
    errs.push(
      notSupported('spec.persistentVolumeReclaimPolicy', rp, ['Delete', 'Recycle', 'Retain']),
    );
  const sc = str(spec.storageClassName);
  if (sc)
    errs.push(...nameIsDNSSubdomain(sc, false).map((m) => invalid('spec.storageClassName', sc, m)));
  const vm = spec.volumeMode;
  if (typeof vm === 'string' && vm !== 'Block' && vm !== 'Filesystem')
    errs.push(notSupported('spec.volumeMode', vm, ['Block', 'Filesystem']));
  const sources = [
    'hostPath',
    'gcePersistentDisk',
    'awsElasticBlockStore',
    'glusterfs',
    'nfs',
    'rbd',
    'quobyte',
    'cephfs',
    'iscsi',
    'cinder',
    'fc',
    'flocker',
    'flexVolume',
    'azureFile',
    'vsphereVolume',
    'azureDisk',
    'photonPersistentDisk',
    'portworxVolume',
    'scaleIO',
    'local',
    'storageos',
    'csi',
  ];
  const present = sources.filter((s) => spec[s] !== undefined && spec[s] !== null);
  if (present.length === 0) errs.push(required('spec', 'must specify a volume type'));
  for (const s of present.slice(1))
    errs.push(forbidden(`spec.${s}`, 'may not specify more than 1 volume type'));
  if (present[0] === 'hostPath' && !str(asObj(spec.hostPath).path))
    errs.push(required('spec.hostPath.path'));
  if (present[0] === 'local' && !str(asObj(spec.local).path))
    errs.push(required('spec.local.path'));
  if (old) {
    const oldSpec = asObj(old.spec);
    for (const f of ['volumeMode']) {
      if (!deepEqual(spec[f], oldSpec[f]))
        errs.push(invalid(`spec.${f}`, str(spec[f]), 'field is immutable'));
    }
  }
  return errs;
}

function goResourceList(m: Obj): string {
  const keys = Object.keys(m).sort();
  if (keys.length === 0) return 'core.ResourceList(nil)';
  return `core.ResourceList{${keys.map((k) => `${goQuote(k)}:${formatOr(m[k])}`).join(', ')}}`;
}

function formatOr(q: unknown): string {
  return isValidQuantity(q) ? formatQuantity(q as string) : String(q);
}

/** ValidatePersistentVolumeClaimSpec, shared with StatefulSet volumeClaimTemplates. */
export function validatePVCSpec(spec: Obj, path: string): FieldError[] {
  const errs = validateAccessModes(
    asArr<string>(spec.accessModes),
    child(path, 'accessModes'),
    'at least 1 access mode is required',
  );
  // The accessModes Required error comes first, then the selector, as upstream orders them.
  if (spec.selector) errs.push(...validateLabelSelector(spec.selector, child(path, 'selector')));
  const requests = asObj(asObj(spec.resources).requests);
  const sp = key(child(path, 'resources'), 'storage');
  if (!('storage' in requests)) errs.push(required(sp));
  else {
    const pe = positiveQuantity(requests.storage, sp);
    errs.push(...pe);
  }
  const sc = spec.storageClassName;
  if (typeof sc === 'string' && sc)
    errs.push(
      ...nameIsDNSSubdomain(sc, false).map((m) => invalid(child(path, 'storageClassName'), sc, m)),
    );
  const vm = spec.volumeMode;
  if (typeof vm === 'string' && vm !== 'Block' && vm !== 'Filesystem')
    errs.push(notSupported(child(path, 'volumeMode'), vm, ['Block', 'Filesystem']));
  return errs;
}

export function validatePersistentVolumeClaim(pvc: KubeObject, old?: KubeObject): FieldError[] {
  const errs = metaFor(pvc, old, true);
  const spec = asObj(pvc.spec);
  errs.push(...validatePVCSpec(spec, 'spec'));
  if (!old) return errs;
  const oldSpec = asObj(old.spec);
  const bound = asObj(pvc.status).phase === 'Bound';
  const newCopy: Obj = JSON.parse(JSON.stringify(spec));
  const oldCopy: Obj = JSON.parse(JSON.stringify(oldSpec));
  // volumeName may be set once (by the binder); a bound claim may change its storage request.
  if (!str(oldSpec.volumeName)) {
    if (newCopy.volumeName === undefined) delete oldCopy.volumeName;
    else oldCopy.volumeName = newCopy.volumeName;
  }
  delete newCopy.volumeAttributesClassName;
  delete oldCopy.volumeAttributesClassName;
  if (bound) {
    const req = asObj(asObj(newCopy.resources).requests);
    const oldReq = asObj(asObj(oldCopy.resources).requests);
    if ('storage' in req) req.storage = oldReq.storage;
  }
  if (!deepEqual(newCopy, oldCopy))
    errs.push(
      forbidden(
        'spec',
        `${PVC_IMMUTABLE}\n${structDiff('core.PersistentVolumeClaimSpec', oldCopy, newCopy)}`,
      ),
    );
  const ns = asObj(asObj(spec.resources).requests).storage;
  const os = asObj(asObj(oldSpec.resources).requests).storage;
  const cap = asObj(asObj(old.status).capacity).storage;
  if (
    isValidQuantity(ns) &&
    isValidQuantity(os) &&
    compareQuantities(parseQuantity(ns as string), parseQuantity(os as string)) < 0
  ) {
    const atOrBelowCapacity =
      !isValidQuantity(cap) ||
      compareQuantities(parseQuantity(ns as string), parseQuantity(cap as string)) <= 0;
    if (atOrBelowCapacity)
      errs.push(
        forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'),
      );
  }
  return errs;
}

// ---- ResourceQuota and LimitRange ----

const STANDARD_QUOTA = [
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.storage',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
];

function validateQuotaResourceName(n: string, path: string): FieldError[] {
  const errs = isQualifiedName(n).map((m) => invalid(path, n, m));
  if (errs.length) return errs;
  if (
    !n.includes('/') &&
    !STANDARD_QUOTA.includes(n) &&
    !n.startsWith('hugepages-') &&
    !n.startsWith('requests.hugepages-')
  )
    errs.push(invalid(path, n, 'must be a standard resource for quota'));
  return errs;
}

function nonNegativeQuantity(q: unknown, path: string): FieldError[] {
  if (!isValidQuantity(q)) return [];
  const p = parseQuantity(q as string);
  return p.nano < 0n ? [invalid(path, formatQuantity(p), IS_NEGATIVE)] : [];
}

export function validateResourceQuota(rq: KubeObject, old?: KubeObject): FieldError[] {
  const errs = metaFor(rq, old, true);
  const spec = asObj(rq.spec);
  for (const [n, q] of Object.entries(asObj(spec.hard))) {
    const p = key('spec.hard', n);
    errs.push(...validateQuotaResourceName(n, p));
    errs.push(...nonNegativeQuantity(q, p));
  }
  const scopes = [
    'BestEffort',
    'CrossNamespacePodAffinity',
    'NotBestEffort',
    'NotTerminating',
    'PriorityClass',
    'Terminating',
  ];
  for (const s of asArr<string>(spec.scopes))
    if (!scopes.includes(s)) errs.push(notSupported('spec.scopes', s, scopes));
  return errs;
}

export function validateLimitRange(lr: KubeObject, old?: KubeObject): FieldError[] {
  const errs = metaFor(lr, old, true);
  const types = new Set<string>();
  asArr(asObj(lr.spec).limits).forEach((l, i) => {
    const p = index('spec.limits', i);
    const t = str(l.type);
    const tmsgs = isQualifiedName(t);
    if (tmsgs.length) errs.push(...tmsgs.map((m) => invalid(child(p, 'type'), t, m)));
    else if (!t.includes('/') && !['Pod', 'Container', 'PersistentVolumeClaim'].includes(t))
      errs.push(invalid(child(p, 'type'), t, 'must be a standard limit type or fully qualified'));
    if (types.has(t)) errs.push(duplicate(child(p, 'type'), t));
    types.add(t);
    const maps: Record<string, Obj> = {};
    const keys = new Set<string>();
    for (const f of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) {
      maps[f] = asObj(l[f]);
      for (const [k, q] of Object.entries(maps[f])) {
        keys.add(k);
        errs.push(...nonNegativeQuantity(q, key(child(p, f), k)));
      }
    }
    if (t === 'Pod') {
      if (Object.keys(maps.default).length)
        errs.push(forbidden(child(p, 'default'), "may not be specified when `type` is 'Pod'"));
      if (Object.keys(maps.defaultRequest).length)
        errs.push(
          forbidden(child(p, 'defaultRequest'), "may not be specified when `type` is 'Pod'"),
        );
    }
    const q = (f: string, k: string) =>
      isValidQuantity(maps[f][k]) ? parseQuantity(maps[f][k] as string) : undefined;
    for (const k of keys) {
      const min = q('min', k);
      const max = q('max', k);
      const def = q('default', k);
      const dreq = q('defaultRequest', k);
      const s = (x: NonNullable<typeof min>) => formatQuantity(x);
      const gt = (a?: typeof min, b?: typeof min) => a && b && compareQuantities(a, b) > 0;
      if (min && max && gt(min, max))
        errs.push(
          invalid(
            key(child(p, 'min'), k),
            goText(s(min)),
            `min value ${s(min)} is greater than max value ${s(max)}`,
          ),
        );
      if (dreq && min && gt(min, dreq))
        errs.push(
          invalid(
            key(child(p, 'defaultRequest'), k),
            goText(s(dreq)),
            `min value ${s(min)} is greater than default request value ${s(dreq)}`,
          ),
        );
      if (dreq && max && gt(dreq, max))
        errs.push(
          invalid(
            key(child(p, 'defaultRequest'), k),
            goText(s(dreq)),
            `default request value ${s(dreq)} is greater than max value ${s(max)}`,
          ),
        );
      if (dreq && def && gt(dreq, def))
        errs.push(
          invalid(
            key(child(p, 'defaultRequest'), k),
            goText(s(dreq)),
            `default request value ${s(dreq)} is greater than default limit value ${s(def)}`,
          ),
        );
      if (def && min && gt(min, def))
        errs.push(
          invalid(
            key(child(p, 'default'), k),
            goText(s(min)),
            `min value ${s(min)} is greater than default value ${s(def)}`,
          ),
        );
      if (def && max && gt(def, max))
        errs.push(
          invalid(
            key(child(p, 'default'), k),
            goText(s(max)),
            `default value ${s(def)} is greater than max value ${s(max)}`,
          ),
        );
    }
  });
  return errs;
}

// ---- Endpoints, Event, Binding ----

export function validateEndpoints(ep: KubeObject, old?: KubeObject): FieldError[] {
  const errs = metaFor(ep, old, true);
  asArr(ep.subsets).forEach((ss, i) => {
    const p = index('subsets', i);
    for (const f of ['addresses', 'notReadyAddresses'])
      asArr(ss[f]).forEach((a, j) => {
        if (!str(a.ip))
          errs.push(invalid(child(index(child(p, f), j), 'ip'), '', 'must be a valid IP address'));
      });
    asArr(ss.ports).forEach((port, j) => {
      const pp = index(child(p, 'ports'), j);
      const name = str(port.name);
      if (asArr(ss.ports).length > 1 && !name) errs.push(required(child(pp, 'name')));
      else if (name) errs.push(...dns1123Label(name, child(pp, 'name')));
      const n = Number(port.port ?? 0);
      if (!(Number.isInteger(n) && n >= 1 && n <= 65535))
        errs.push(invalid(child(pp, 'port'), n, 'must be between 1 and 65535, inclusive'));
      errs.push(...validateProtocol(port.protocol, child(pp, 'protocol')));
    });
  });
  return errs;
}

/**
 * core/v1 Events get only the legacy checks (legacyValidateEvent), then the generic registry's
 * ObjectMeta check, whose names need only be usable as a path segment.
 */
export function validateEvent(ev: KubeObject, old?: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const io = asObj(ev.involvedObject);
  const ioNs = str(io.namespace);
  const ns = str(ev.metadata.namespace);
  const mismatch = () =>
    invalid('involvedObject.namespace', ioNs, 'does not match event.namespace');
  if (!ev.eventTime) {
    if (!ioNs) {
      if (ns && ns !== 'default') errs.push(mismatch());
    } else if (ns !== ioNs) errs.push(mismatch());
  } else {
    if (!ioNs && ns !== 'default' && ns !== 'kube-system') errs.push(mismatch());
    const rc = str(ev.reportingComponent);
    if (!rc) errs.push(required('reportingComponent'));
    errs.push(...isQualifiedName(rc).map((m) => invalid('reportingComponent', rc, m)));
    if (!str(ev.reportingInstance)) errs.push(required('reportingInstance'));
    else if (str(ev.reportingInstance).length > 128)
      errs.push(invalid('reportingInstance', '', 'can have at most 128 characters'));
    if (!str(ev.action)) errs.push(required('action'));
    else if (str(ev.action).length > 128)
      errs.push(invalid('action', '', 'can have at most 128 characters'));
    if (!str(ev.reason)) errs.push(required('reason'));
    else if (str(ev.reason).length > 128)
      errs.push(invalid('reason', '', 'can have at most 128 characters'));
    if (str(ev.message).length > 1024)
      errs.push(invalid('message', '', 'can have at most 1024 characters'));
  }
  errs.push(...isDNS1123Subdomain(ns).map((m) => invalid('namespace', ns, m)));
  if (errs.length) return errs;
  return old
    ? validateObjectMetaUpdate(ev.metadata, old.metadata)
    : validateObjectMeta(ev.metadata, true, validatePathSegmentName);
}

export function validateBinding(b: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const t = asObj(b.target);
  if (str(t.kind) && t.kind !== 'Node')
    errs.push(notSupported('target.kind', str(t.kind), ['Node', '<empty>']));
  if (!str(t.name)) errs.push(required('target.name'));
  return errs;
}

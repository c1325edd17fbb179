/**
 * PodSpec, PodTemplateSpec and Pod validation as pkg/apis/core/validation/validation.go does it
 * (ValidatePodSpec, validateContainers, ValidatePodUpdate, ...), in upstream's order so that the
 * aggregated 422 message lists errors as a real API server does.
 */
import type { FieldError } from '../errors';
import type { KubeObject, ObjectMeta } from '../types';
import { compareQuantities, formatQuantity, isValidQuantity, parseQuantity } from '../quantity';
import {
  asArr,
  asObj,
  child,
  deepEqual,
  duplicate,
  forbidden,
  goText,
  inclusiveRangeError,
  index,
  invalid,
  IS_NEGATIVE,
  key,
  nonNegative,
  notFound,
  notSupported,
  required,
  str,
  type Obj,
} from './field';
import {
  isConfigMapKey,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidPortName,
  isValidPortNum,
  nameIsDNSSubdomain,
} from './names';
import { validateAffinity, validateTopologySpreadConstraints } from './affinity';
import {
  validateAnnotations,
  validateLabels,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './objectmeta';

const MAX_INT32 = 2147483647;

export function dns1123Label(v: string, path: string): FieldError[] {
  return isDNS1123Label(v).map((m) => invalid(path, v, m));
}

/** IntOrString as upstream prints it through String(): unquoted. */
export function intOrStringText(v: unknown): ReturnType<typeof goText> {
  return goText(typeof v === 'number' ? String(v) : str(v));
}

export function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === 'number') return isValidPortNum(port).map((m) => invalid(path, port, m));
  if (typeof port === 'string') return isValidPortName(port).map((m) => invalid(path, port, m));
  return [{ type: 'InternalError', field: path, message: 'Internal error: unknown type: 0' }];
}

const VOLUME_SOURCES = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
];

function validateDefaultMode(mode: unknown, path: string): FieldError[] {
  if (typeof mode !== 'number') return [];
  return mode > 0o777 || mode < 0
    ? [invalid(path, mode, 'must be a number between 0 and 0777 (octal), both inclusive')]
    : [];
}

function validateKeyToPaths(items: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  asArr(items).forEach((it, i) => {
    const p = index(path, i);
    if (!str(it.key)) errs.push(required(child(p, 'key')));
    if (!str(it.path)) errs.push(required(child(p, 'path')));
    else errs.push(...validateLocalNonReservedPath(str(it.path), child(p, 'path')));
    errs.push(...validateDefaultMode(it.mode, child(p, 'mode')));
  });
  return errs;
}

function validateLocalDescendingPath(target: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (target.startsWith('/')) errs.push(invalid(path, target, 'must be a relative path'));
  if (target.split('/').includes('..')) errs.push(invalid(path, target, "must not contain '..'"));
  return errs;
}

function validateLocalNonReservedPath(target: string, path: string): FieldError[] {
  const errs = validateLocalDescendingPath(target, path);
  if (target.startsWith('..')) errs.push(invalid(path, target, "must not start with '..'"));
  return errs;
}

function validateVolumeSource(vol: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const src of VOLUME_SOURCES) {
    if (vol[src] === undefined || vol[src] === null) continue;
    if (n > 0) {
      errs.push(forbidden(child(path, src), 'may not specify more than 1 volume type'));
      continue;
    }
    n++;
    const s = asObj(vol[src]);
    const p = child(path, src);
    switch (src) {
      case 'hostPath':
        if (!str(s.path)) errs.push(required(child(p, 'path')));
        break;
      case 'emptyDir':
        if (s.sizeLimit !== undefined && isValidQuantity(s.sizeLimit)) {
          if (parseQuantity(s.sizeLimit as string).nano < 0n)
            errs.push(
              invalid(child(p, 'sizeLimit'), formatQuantity(s.sizeLimit as string), IS_NEGATIVE),
            );
        }
        if (s.medium !== undefined && !['', 'Memory', 'HugePages'].includes(str(s.medium)))
          errs.push(notSupported(child(p, 'medium'), str(s.medium), ['', 'Memory', 'HugePages']));
        break;
      case 'secret':
        if (!str(s.secretName)) errs.push(required(child(p, 'secretName')));
        errs.push(...validateDefaultMode(s.defaultMode, child(p, 'defaultMode')));
        errs.push(...validateKeyToPaths(s.items, child(p, 'items')));
        break;
      case 'configMap':
        if (!str(s.name)) errs.push(required(child(p, 'name')));
        errs.push(...validateDefaultMode(s.defaultMode, child(p, 'defaultMode')));
        errs.push(...validateKeyToPaths(s.items, child(p, 'items')));
        break;
      case 'persistentVolumeClaim':
        if (!str(s.claimName)) errs.push(required(child(p, 'claimName')));
        break;
      case 'nfs':
        if (!str(s.server)) errs.push(required(child(p, 'server')));
        if (!str(s.path)) errs.push(required(child(p, 'path')));
        else if (!str(s.path).startsWith('/'))
          errs.push(invalid(child(p, 'path'), str(s.path), 'must be an absolute path'));
        break;
      case 'csi':
        if (!str(s.driver)) errs.push(required(child(p, 'driver')));
        break;
      case 'downwardAPI':
        errs.push(...validateDefaultMode(s.defaultMode, child(p, 'defaultMode')));
        break;
      case 'projected':
        errs.push(...validateDefaultMode(s.defaultMode, child(p, 'defaultMode')));
        break;
    }
  }
  if (n === 0) errs.push(required(path, 'must specify a volume type'));
  return errs;
}

/** ValidateVolumes; returns the names of valid volumes for the mount checks. */
function validateVolumes(
  volumes: unknown,
  path: string,
): { names: Set<string>; errs: FieldError[] } {
  const names = new Set<string>();
  const errs: FieldError[] = [];
  asArr(volumes).forEach((vol, i) => {
    const p = index(path, i);
    const namePath = child(p, 'name');
    const name = str(vol.name);
    const el = validateVolumeSource(vol, p);
    if (!name) el.push(required(namePath));
    else el.push(...dns1123Label(name, namePath));
    if (names.has(name)) el.push(duplicate(namePath, name));
    if (el.length === 0) names.add(name);
    else errs.push(...el);
  });
  return { names, errs };
}

function validateContainerPorts(ports: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  asArr(ports).forEach((port, i) => {
    const p = index(path, i);
    const name = str(port.name);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length) errs.push(...msgs.map((m) => invalid(child(p, 'name'), name, m)));
      else if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
      else names.add(name);
    }
    const cp = port.containerPort;
    if (cp === undefined || cp === 0) errs.push(required(child(p, 'containerPort')));
    else
      errs.push(
        ...isValidPortNum(Number(cp)).map((m) => invalid(child(p, 'containerPort'), Number(cp), m)),
      );
    if (port.hostPort !== undefined && port.hostPort !== 0)
      errs.push(
        ...isValidPortNum(Number(port.hostPort)).map((m) =>
          invalid(child(p, 'hostPort'), Number(port.hostPort), m),
        ),
      );
    errs.push(...validateProtocol(port.protocol, child(p, 'protocol')));
  });
  return errs;
}

export function validateProtocol(proto: unknown, path: string): FieldError[] {
  const p = str(proto);
  if (!p) return [required(path)];
  if (!['SCTP', 'TCP', 'UDP'].includes(p)) return [notSupported(path, p, ['SCTP', 'TCP', 'UDP'])];
  return [];
}

/** Field paths the downward API converts (ConvertDownwardAPIFieldLabel). */
const DOWNWARD_API_LABELS = [
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];

/** validEnvDownwardAPIFieldPathExpressions, sorted as upstream lists them. */
const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];

function validateObjectFieldSelector(fs: Obj, path: string): FieldError[] {
  const apiVersion = str(fs.apiVersion);
  const fieldPath = str(fs.fieldPath);
  if (!apiVersion) return [required(child(path, 'apiVersion'))];
  if (!fieldPath) return [required(child(path, 'fieldPath'))];
  const m = /^([^[]+)\[([^\]]*)\]$/.exec(fieldPath);
  let error = '';
  if (apiVersion !== 'v1') error = `unsupported pod version: ${apiVersion}`;
  else if (m && m[1] !== 'metadata.annotations' && m[1] !== 'metadata.labels')
    error = `field label does not support subscript: ${fieldPath}`;
  else if (!m && !DOWNWARD_API_LABELS.includes(fieldPath) && fieldPath !== 'spec.host')
    error = `field label not supported: ${fieldPath}`;
  if (error)
    return [invalid(child(path, 'fieldPath'), fieldPath, `error converting fieldPath: ${error}`)];
  if (m) {
    const sub = m[1] === 'metadata.annotations' ? m[2].toLowerCase() : m[2];
    return isQualifiedName(sub).map((msg) => invalid(path, sub, msg));
  }
  const internal = fieldPath === 'spec.host' ? 'spec.nodeName' : fieldPath;
  return ENV_FIELD_PATHS.includes(internal)
    ? []
    : [notSupported(child(path, 'fieldPath'), internal, ENV_FIELD_PATHS)];
}

function validateKeySelector(sel: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(sel.name);
  errs.push(...nameIsDNSSubdomain(name, false).map((m) => invalid(child(path, 'name'), name, m)));
  const k = str(sel.key);
  if (!k) errs.push(required(child(path, 'key')));
  else errs.push(...isConfigMapKey(k).map((m) => invalid(child(path, 'key'), k, m)));
  return errs;
}

function validateEnv(env: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  asArr(env).forEach((ev, i) => {
    const p = index(path, i);
    const name = str(ev.name);
    if (!name) errs.push(required(child(p, 'name')));
    else errs.push(...isRelaxedEnvVarName(name).map((m) => invalid(child(p, 'name'), name, m)));
    const vf = ev.valueFrom;
    if (vf === undefined || vf === null) return;
    const vp = child(p, 'valueFrom');
    const from = asObj(vf);
    let n = 0;
    if (from.fieldRef) {
      n++;
      errs.push(...validateObjectFieldSelector(asObj(from.fieldRef), child(vp, 'fieldRef')));
    }
    if (from.resourceFieldRef) {
      n++;
      if (!str(asObj(from.resourceFieldRef).resource))
        errs.push(required(child(vp, 'resourceFieldRef', 'resource')));
    }
    if (from.configMapKeyRef) {
      n++;
      errs.push(...validateKeySelector(asObj(from.configMapKeyRef), child(vp, 'configMapKeyRef')));
    }
    if (from.secretKeyRef) {
      n++;
      errs.push(...validateKeySelector(asObj(from.secretKeyRef), child(vp, 'secretKeyRef')));
    }
    if (n === 0)
      errs.push(
        invalid(
          vp,
          '',
          'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
        ),
      );
    else if (typeof ev.value === 'string' && ev.value !== '')
      errs.push(invalid(vp, '', 'may not be specified when `value` is not empty'));
    else if (n > 1)
      errs.push(invalid(vp, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

function validateVolumeMounts(mounts: unknown, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const points = new Set<string>();
  asArr(mounts).forEach((m, i) => {
    const p = index(path, i);
    const name = str(m.name);
    const mp = str(m.mountPath);
    if (!name) errs.push(required(child(p, 'name')));
    if (!volumes.has(name)) errs.push(notFound(child(p, 'name'), name));
    if (!mp) errs.push(required(child(p, 'mountPath')));
    if (points.has(mp)) errs.push(invalid(child(p, 'mountPath'), mp, 'must be unique'));
    points.add(mp);
    if (str(m.subPath))
      errs.push(...validateLocalDescendingPath(str(m.subPath), child(path, 'subPath')));
  });
  return errs;
}

const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

function isStandardContainerResource(n: string): boolean {
  return STANDARD_CONTAINER_RESOURCES.includes(n) || n.startsWith('hugepages-');
}

function isOvercommitAllowed(n: string): boolean {
  return (
    (STANDARD_CONTAINER_RESOURCES.includes(n) || n.startsWith('requests.')) &&
    !n.startsWith('hugepages-')
  );
}

function validateContainerResourceName(n: string, path: string): FieldError[] {
  const errs = isQualifiedName(n).map((m) => invalid(path, n, m));
  if (errs.length) return errs;
  if (!n.includes('/')) {
    if (!isStandardContainerResource(n))
      errs.push(invalid(path, n, 'must be a standard resource for containers'));
  } else if (!n.startsWith('kubernetes.io/') && n.startsWith('requests.')) {
    errs.push(invalid(path, n, "doesn't follow extended resource name standard"));
  }
  return errs;
}

function validateQuantityValue(name: string, q: unknown, path: string): FieldError[] {
  if (!isValidQuantity(q)) return [];
  const parsed = parseQuantity(q as string);
  const errs: FieldError[] = [];
  if (parsed.nano < 0n) errs.push(invalid(path, formatQuantity(parsed), IS_NEGATIVE));
  if (!isStandardContainerResource(name) || name.startsWith('hugepages-')) {
    if (!name.includes('/') || name.startsWith('hugepages-')) return errs;
  }
  if (
    name.includes('/') &&
    !name.startsWith('kubernetes.io/') &&
    parsed.nano % 1_000_000_000n !== 0n
  )
    errs.push(invalid(path, formatQuantity(parsed), 'must be an integer'));
  return errs;
}

export function validateResourceRequirements(res: unknown, path: string): FieldError[] {
  const r = asObj(res);
  const errs: FieldError[] = [];
  const limPath = child(path, 'limits');
  const reqPath = child(path, 'requests');
  const limits = asObj(r.limits);
  const requests = asObj(r.requests);
  for (const [name, q] of Object.entries(limits)) {
    const p = key(limPath, name);
    errs.push(...validateContainerResourceName(name, p));
    errs.push(...validateQuantityValue(name, q, p));
  }
  for (const [name, q] of Object.entries(requests)) {
    const p = key(reqPath, name);
    errs.push(...validateContainerResourceName(name, p));
    errs.push(...validateQuantityValue(name, q, p));
    if (!isValidQuantity(q)) continue;
    const lim = limits[name];
    if (lim !== undefined && isValidQuantity(lim)) {
      const cmp = compareQuantities(parseQuantity(q as string), parseQuantity(lim as string));
      const qs = formatQuantity(q as string);
      const ls = formatQuantity(lim as string);
      if (cmp !== 0 && !isOvercommitAllowed(name))
        errs.push(invalid(reqPath, qs, `must be equal to ${name} limit of ${ls}`));
      else if (cmp > 0)
        errs.push(invalid(reqPath, qs, `must be less than or equal to ${name} limit of ${ls}`));
    } else if (!isOvercommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
  }
  return errs;
}

function validateHandler(h: Obj, path: string, kinds: string[]): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const k of kinds) {
    if (h[k] === undefined || h[k] === null) continue;
    if (n > 0) {
      errs.push(forbidden(child(path, k), 'may not specify more than 1 handler type'));
      continue;
    }
    n++;
    const a = asObj(h[k]);
    const p = child(path, k);
    if (k === 'exec') {
      if (asArr(a.command).length === 0) errs.push(required(child(p, 'command')));
    } else if (k === 'httpGet') {
      if (!str(a.path)) errs.push(required(child(p, 'path')));
      errs.push(...validatePortNumOrName(a.port, child(p, 'port')));
      if (!['HTTP', 'HTTPS'].includes(str(a.scheme)))
        errs.push(notSupported(child(p, 'scheme'), str(a.scheme), ['HTTP', 'HTTPS']));
    } else if (k === 'tcpSocket') {
      errs.push(...validatePortNumOrName(a.port, child(p, 'port')));
    } else if (k === 'grpc') {
      const port = Number(a.port);
      errs.push(...isValidPortNum(port).map((m) => invalid(child(p, 'port'), port, m)));
    } else if (k === 'sleep') {
      const s = Number(a.seconds);
      if (s < 0) errs.push(invalid(child(p, 'seconds'), s, IS_NEGATIVE));
    }
  }
  if (n === 0) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

function validateProbe(probe: unknown, path: string): FieldError[] {
  if (probe === undefined || probe === null) return [];
  const p = asObj(probe);
  const errs = validateHandler(p, path, ['exec', 'httpGet', 'tcpSocket', 'grpc']);
  for (const f of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ])
    errs.push(...nonNegative(p[f] as number | undefined, child(path, f)));
  const tg = p.terminationGracePeriodSeconds;
  if (typeof tg === 'number' && tg <= 0)
    errs.push(invalid(child(path, 'terminationGracePeriodSeconds'), tg, 'must be greater than 0'));
  return errs;
}

function validateLifecycle(lc: unknown, path: string): FieldError[] {
  if (!lc) return [];
  const l = asObj(lc);
  const errs: FieldError[] = [];
  for (const hook of ['postStart', 'preStop'])
    if (l[hook])
      errs.push(
        ...validateHandler(asObj(l[hook]), child(path, hook), [
          'exec',
          'httpGet',
          'tcpSocket',
          'sleep',
        ]),
      );
  return errs;
}

function validatePullPolicy(p: unknown, path: string): FieldError[] {
  const v = str(p);
  if (!v) return [required(path)];
  if (!['Always', 'IfNotPresent', 'Never'].includes(v))
    return [notSupported(path, v, ['Always', 'IfNotPresent', 'Never'])];
  return [];
}

function validateContainerCommon(c: Obj, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c.name);
  if (!name) errs.push(required(child(path, 'name')));
  else errs.push(...dns1123Label(name, child(path, 'name')));
  if (!str(c.image)) errs.push(required(child(path, 'image')));
  const tmp = str(c.terminationMessagePolicy);
  if (!tmp)
    errs.push(
      required(
        child(path, 'terminationMessagePolicy'),
        "must be 'File' or 'FallbackToLogsOnError'",
      ),
    );
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError')
    errs.push(
      notSupported(child(path, 'terminationMessagePolicy'), tmp, ['File', 'FallbackToLogsOnError']),
    );
  errs.push(...validateContainerPorts(c.ports, child(path, 'ports')));
  errs.push(...validateEnv(c.env, child(path, 'env')));
  asArr(c.envFrom).forEach((ef, i) => {
    const p = index(child(path, 'envFrom'), i);
    const n = (ef.configMapRef ? 1 : 0) + (ef.secretRef ? 1 : 0);
    if (n === 0) errs.push(invalid(p, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (n > 1)
      errs.push(invalid(p, '', 'may not have more than one field specified at a time'));
    if (ef.configMapRef && !str(asObj(ef.configMapRef).name))
      errs.push(required(child(p, 'configMapRef', 'name')));
    if (ef.secretRef && !str(asObj(ef.secretRef).name))
      errs.push(required(child(p, 'secretRef', 'name')));
  });
  errs.push(...validateVolumeMounts(c.volumeMounts, volumes, child(path, 'volumeMounts')));
  errs.push(...validatePullPolicy(c.imagePullPolicy, child(path, 'imagePullPolicy')));
  errs.push(...validateResourceRequirements(c.resources, child(path, 'resources')));
  errs.push(...validateLifecycle(c.lifecycle, child(path, 'lifecycle')));
  return errs;
}

function validateContainers(containers: unknown, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const list = asArr(containers);
  if (list.length === 0) errs.push(required(path));
  const names = new Set<string>();
  list.forEach((c, i) => {
    const p = index(path, i);
    errs.push(...validateContainerCommon(c, volumes, p));
    const name = str(c.name);
    if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
    else names.add(name);
    errs.push(...validateProbe(c.livenessProbe, child(p, 'livenessProbe')));
    if (c.livenessProbe && asObj(c.livenessProbe).successThreshold !== 1)
      errs.push(
        invalid(
          child(p, 'livenessProbe', 'successThreshold'),
          Number(asObj(c.livenessProbe).successThreshold ?? 0),
          'must be 1',
        ),
      );
    errs.push(...validateProbe(c.readinessProbe, child(p, 'readinessProbe')));
    if (c.readinessProbe && asObj(c.readinessProbe).terminationGracePeriodSeconds !== undefined)
      errs.push(
        invalid(
          child(p, 'readinessProbe', 'terminationGracePeriodSeconds'),
          Number(asObj(c.readinessProbe).terminationGracePeriodSeconds),
          'must not be set for readinessProbes',
        ),
      );
    errs.push(...validateProbe(c.startupProbe, child(p, 'startupProbe')));
    if (c.startupProbe && asObj(c.startupProbe).successThreshold !== 1)
      errs.push(
        invalid(
          child(p, 'startupProbe', 'successThreshold'),
          Number(asObj(c.startupProbe).successThreshold ?? 0),
          'must be 1',
        ),
      );
    if (c.restartPolicy !== undefined)
      errs.push(forbidden(child(p, 'restartPolicy'), 'may not be set for non-init containers'));
  });
  errs.push(...checkHostPortConflicts(list, path));
  return errs;
}

/** AccumulateUniqueHostPorts: a hostIP/protocol/hostPort triple may be used once per pod. */
function checkHostPortConflicts(containers: Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    asArr(c.ports).forEach((port, pi) => {
      const hp = Number(port.hostPort ?? 0);
      if (!hp) return;
      const key = `${str(port.hostIP)}/${str(port.protocol)}/${hp}`;
      if (seen.has(key)) errs.push(duplicate(`${path}[${ci}].ports[${pi}].hostPort`, key));
      else seen.add(key);
    });
  });
  return errs;
}

function validateInitContainers(
  inits: unknown,
  regular: unknown,
  volumes: Set<string>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(asArr(regular).map((c) => str(c.name)));
  asArr(inits).forEach((c, i) => {
    const p = index(path, i);
    errs.push(...validateContainerCommon(c, volumes, p));
    const name = str(c.name);
    if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
    else names.add(name);
    const rp = c.restartPolicy;
    const restartable = rp === 'Always';
    if (rp !== undefined && !restartable)
      errs.push(notSupported(child(p, 'restartPolicy'), str(rp), ['Always']));
    if (restartable) {
      errs.push(...validateProbe(c.livenessProbe, child(p, 'livenessProbe')));
      errs.push(...validateProbe(c.readinessProbe, child(p, 'readinessProbe')));
      errs.push(...validateProbe(c.startupProbe, child(p, 'startupProbe')));
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'])
        if (c[f] !== undefined)
          errs.push(
            forbidden(
              child(p, f),
              'may not be set for init containers without restartPolicy=Always',
            ),
          );
    }
  });
  return errs;
}

export function validateRestartPolicy(rp: unknown, path: string): FieldError[] {
  const v = str(rp);
  if (!v) return [required(path)];
  if (!['Always', 'OnFailure', 'Never'].includes(v))
    return [notSupported(path, v, ['Always', 'OnFailure', 'Never'])];
  return [];
}

function validateDNSPolicy(p: unknown, path: string): FieldError[] {
  const v = str(p);
  const valid = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
  if (!v) return [required(path)];
  if (!valid.includes(v)) return [notSupported(path, v, valid)];
  return [];
}

function validateTolerations(tols: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  asArr(tols).forEach((t, i) => {
    const p = index(path, i);
    const k = str(t.key);
    if (k) errs.push(...isQualifiedName(k).map((m) => invalid(child(p, 'key'), k, m)));
    const op = str(t.operator) || 'Equal';
    if (!k && op !== 'Exists')
      errs.push(
        invalid(
          child(p, 'operator'),
          str(t.operator),
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    if (t.tolerationSeconds !== undefined && str(t.effect) !== 'NoExecute')
      errs.push(
        invalid(
          child(p, 'effect'),
          str(t.effect),
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    if (op === 'Exists' && str(t.value))
      errs.push(
        invalid(
          child(p, 'operator'),
          str(t.value),
          "value must be empty when `operator` is 'Exists'",
        ),
      );
    else if (op !== 'Equal' && op !== 'Exists')
      errs.push(notSupported(child(p, 'operator'), op, ['Equal', 'Exists']));
    const eff = str(t.effect);
    if (eff && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(eff))
      errs.push(
        notSupported(child(p, 'effect'), eff, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
      );
  });
  return errs;
}

/** ValidatePodSpec. */
export function validatePodSpec(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (
    spec.terminationGracePeriodSeconds === undefined ||
    spec.terminationGracePeriodSeconds === null
  )
    errs.push(required(child(path, 'terminationGracePeriodSeconds')));
  const { names: vols, errs: vErrs } = validateVolumes(spec.volumes, child(path, 'volumes'));
  errs.push(...vErrs);
  errs.push(...validateContainers(spec.containers, vols, child(path, 'containers')));
  errs.push(
    ...validateInitContainers(
      spec.initContainers,
      spec.containers,
      vols,
      child(path, 'initContainers'),
    ),
  );
  errs.push(...validateRestartPolicy(spec.restartPolicy, child(path, 'restartPolicy')));
  errs.push(...validateDNSPolicy(spec.dnsPolicy, child(path, 'dnsPolicy')));
  errs.push(
    ...validateLabels(spec.nodeSelector as Record<string, string>, child(path, 'nodeSelector')),
  );
  errs.push(...validateAffinity(spec.affinity, child(path, 'affinity')));
  errs.push(
    ...validateTopologySpreadConstraints(
      spec.topologySpreadConstraints,
      child(path, 'topologySpreadConstraints'),
    ),
  );
  const sa = str(spec.serviceAccountName);
  if (sa)
    errs.push(
      ...nameIsDNSSubdomain(sa, false).map((m) =>
        invalid(child(path, 'serviceAccountName'), sa, m),
      ),
    );
  const nn = str(spec.nodeName);
  if (nn) errs.push(...isDNS1123Subdomain(nn).map((m) => invalid(child(path, 'nodeName'), nn, m)));
  const ads = spec.activeDeadlineSeconds;
  if (typeof ads === 'number' && (ads < 1 || ads > MAX_INT32))
    errs.push(
      invalid(child(path, 'activeDeadlineSeconds'), ads, inclusiveRangeError(1, MAX_INT32)),
    );
  const hn = str(spec.hostname);
  if (hn) errs.push(...dns1123Label(hn, child(path, 'hostname')));
  const sd = str(spec.subdomain);
  if (sd) errs.push(...dns1123Label(sd, child(path, 'subdomain')));
  errs.push(...validateTolerations(spec.tolerations, child(path, 'tolerations')));
  const pcn = str(spec.priorityClassName);
  if (pcn)
    errs.push(
      ...nameIsDNSSubdomain(pcn, false).map((m) =>
        invalid(child(path, 'priorityClassName'), pcn, m),
      ),
    );
  return errs;
}

/** ValidatePodTemplateSpec: template labels, annotations and the pod spec. */
export function validatePodTemplateSpec(tmpl: unknown, path: string): FieldError[] {
  const t = asObj(tmpl);
  const meta = asObj(t.metadata) as ObjectMeta;
  const errs: FieldError[] = [];
  errs.push(...validateLabels(meta.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(meta.annotations, child(path, 'annotations')));
  const spec = asObj(t.spec);
  errs.push(...validatePodSpec(spec, child(path, 'spec')));
  if (asArr(spec.ephemeralContainers).length > 0)
    errs.push(
      forbidden(
        child(path, 'spec', 'ephemeralContainers'),
        'ephemeral containers not allowed in pod template',
      ),
    );
  return errs;
}

function validateContainersOnlyForPod(containers: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  asArr(containers).forEach((c, i) => {
    const img = str(c.image);
    if (img.length !== img.trim().length)
      errs.push(
        invalid(
          child(index(path, i), 'image'),
          img,
          'must not have leading or trailing whitespace',
        ),
      );
  });
  return errs;
}

function validatePodMetadataAndSpec(pod: KubeObject): FieldError[] {
  const spec = asObj(pod.spec);
  const errs = validateObjectMeta(pod.metadata, true, nameIsDNSSubdomain);
  errs.push(...validatePodSpec(spec, 'spec'));
  if (!str(spec.serviceAccountName)) {
    asArr(spec.volumes).forEach((v, vi) => {
      const proj = asObj(v.projected);
      asArr(proj.sources).forEach((s, si) => {
        if (s.serviceAccountToken)
          errs.push(
            forbidden(
              `spec.volumes[${vi}].projected.sources[${si}].serviceAccountToken`,
              'must not be specified when serviceAccountName is not set',
            ),
          );
      });
    });
  }
  errs.push(...validateContainersOnlyForPod(spec.containers, 'spec.containers'));
  errs.push(...validateContainersOnlyForPod(spec.initContainers, 'spec.initContainers'));
  return errs;
}

export function validatePod(pod: KubeObject): FieldError[] {
  const errs = validatePodMetadataAndSpec(pod);
  const spec = asObj(pod.spec);
  if (asArr(spec.ephemeralContainers).length > 0)
    errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  if (str(spec.nodeName) && asArr(spec.schedulingGates).length > 0)
    errs.push(
      forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'),
    );
  return errs;
}

export const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

function validateContainerUpdates(
  next: unknown,
  prev: unknown,
  path: string,
): { errs: FieldError[]; stop: boolean } {
  const n = asArr(next);
  const o = asArr(prev);
  if (n.length !== o.length)
    return { errs: [forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  n.forEach((c, i) => {
    const img = str(c.image);
    if (!img) errs.push(required(child(index(path, i), 'image')));
    if (img.trim().length !== img.length)
      errs.push(
        invalid(
          child(index(path, i), 'image'),
          img,
          'must not have leading or trailing whitespace',
        ),
      );
  });
  return { errs, stop: false };
}

/** Go field name of a JSON field, for the spec diff of a forbidden pod update. */
function goFieldName(f: string): string {
  const special: Record<string, string> = {
    dnsPolicy: 'DNSPolicy',
    dnsConfig: 'DNSConfig',
    hostPID: 'HostPID',
    hostIPC: 'HostIPC',
    os: 'OS',
  };
  return special[f] ?? f.charAt(0).toUpperCase() + f.slice(1);
}

function goValue(v: unknown): string {
  if (v === undefined || v === null) return 'nil';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `{${v.map(goValue).join(', ')}}`;
  return `{${Object.entries(v as Obj)
    .map(([k, x]) => `${goFieldName(k)}: ${goValue(x)}`)
    .join(', ')}}`;
}

/** A short rendering of cmp.Diff(old, new) over the top-level fields of a Go struct. */
export function structDiff(goType: string, oldSpec: Obj, newSpec: Obj): string {
  const lines = [`  ${goType}{`];
  const keys = [...new Set([...Object.keys(oldSpec), ...Object.keys(newSpec)])];
  let same = 0;
  for (const k of keys) {
    if (deepEqual(oldSpec[k], newSpec[k])) {
      same++;
      continue;
    }
    if (same) lines.push(`  \t... // ${same} identical field${same > 1 ? 's' : ''}`);
    same = 0;
    lines.push(`- \t${goFieldName(k)}: ${goValue(oldSpec[k])},`);
    lines.push(`+ \t${goFieldName(k)}: ${goValue(newSpec[k])},`);
  }
  if (same) lines.push(`  \t... // ${same} identical field${same > 1 ? 's' : ''}`);
  lines.push('  }');
  return lines.join('\n') + '\n';
}

export function validatePodUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata);
  if (pod.spec === old.spec) {
    // The stored (frozen) spec itself, as status updates keep it: it was validated when it was
    // stored and an unchanged spec breaks no update rule, so only the metadata is left to check.
    errs.push(...validateObjectMeta(pod.metadata, true, nameIsDNSSubdomain));
    return errs;
  }
  errs.push(...validatePodMetadataAndSpec(pod));
  const spec = asObj(pod.spec);
  const oldSpec = asObj(old.spec);
  for (const f of ['containers', 'initContainers']) {
    const r = validateContainerUpdates(spec[f], oldSpec[f], `spec.${f}`);
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const ads = spec.activeDeadlineSeconds;
  const oldAds = oldSpec.activeDeadlineSeconds;
  if (typeof ads === 'number') {
    if (ads < 0 || ads > MAX_INT32) {
      errs.push(invalid('spec.activeDeadlineSeconds', ads, inclusiveRangeError(0, MAX_INT32)));
      return errs;
    }
    if (typeof oldAds === 'number' && oldAds < ads) {
      errs.push(
        invalid('spec.activeDeadlineSeconds', ads, 'must be less than or equal to previous value'),
      );
      return errs;
    }
  } else if (typeof oldAds === 'number') {
    errs.push(
      invalid(
        'spec.activeDeadlineSeconds',
        null,
        'must not update from a positive integer to nil value',
      ),
    );
  }
  const oldTols = asArr(oldSpec.tolerations);
  const newTols = asArr(spec.tolerations);
  oldTols.forEach((ot) => {
    if (!newTols.some((nt) => deepEqual(nt, ot)))
      errs.push(
        forbidden(
          'spec.tolerations',
          'existing toleration can not be modified except its tolerationSeconds',
        ),
      );
  });
  if (deepEqual(spec, oldSpec)) return errs;
  // Munge the fields an update may change, then compare what is left.
  const munged: Obj = JSON.parse(JSON.stringify(spec));
  for (const f of ['containers', 'initContainers']) {
    const oc = asArr(oldSpec[f]);
    asArr(munged[f]).forEach((c, i) => {
      if (oc[i]) c.image = oc[i].image;
    });
  }
  munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds;
  munged.tolerations = oldSpec.tolerations;
  munged.schedulingGates = oldSpec.schedulingGates;
  const oldGrace = oldSpec.terminationGracePeriodSeconds;
  if (typeof oldGrace === 'number' && oldGrace < 0 && spec.terminationGracePeriodSeconds === 1)
    munged.terminationGracePeriodSeconds = oldGrace;
  for (const k of Object.keys(munged)) if (munged[k] === undefined) delete munged[k];
  if (!deepEqual(munged, oldSpec))
    errs.push(
      forbidden(
        'spec',
        `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}\n${structDiff('core.PodSpec', oldSpec, munged)}`,
      ),
    );
  return errs;
}

export function validatePodTemplate(obj: KubeObject, old?: KubeObject): FieldError[] {
  const errs = old
    ? validateObjectMetaUpdate(obj.metadata, old.metadata)
    : validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain);
  errs.push(...validatePodTemplateSpec(obj.template, 'template'));
  return errs;
}

/**
 * Validation of the kinds outside core, apps and batch: networking.k8s.io (Ingress, IngressClass,
 * NetworkPolicy), autoscaling (HorizontalPodAutoscaler v1 and v2), policy (PodDisruptionBudget),
 * storage.k8s.io (StorageClass), coordination.k8s.io (Lease), discovery.k8s.io (EndpointSlice),
 * events.k8s.io (Event) and apiextensions.k8s.io (CustomResourceDefinition).
 */
import type { FieldError } from '../errors';
import type { KubeObject } from '../types';
import {
  asArr,
  asObj,
  child,
  deepEqual,
  forbidden,
  goText,
  index,
  invalid,
  nonNegative,
  notSupported,
  required,
  str,
  tooLong,
  tooMany,
  validateImmutable,
  type Obj,
} from './field';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
  nameIsDNS1035Label,
  nameIsDNSSubdomain,
  validatePathSegmentName,
  type NameValidator,
} from './names';
import { validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from './objectmeta';
import { validatePositiveIntOrPercent } from './apps';
import { validateProtocol } from './pod';
import { formatQuantity, isValidQuantity, parseQuantity } from '../quantity';

function meta(
  obj: KubeObject,
  old: KubeObject | undefined,
  namespaced: boolean,
  nameFn: NameValidator = nameIsDNSSubdomain,
): FieldError[] {
  return old
    ? validateObjectMetaUpdate(obj.metadata, old.metadata)
    : validateObjectMeta(obj.metadata, namespaced, nameFn);
}

/** The generic registry's own ObjectMeta check, run after the kind's validation passes. */
function genericMeta(
  obj: KubeObject,
  old: KubeObject | undefined,
  namespaced: boolean,
): FieldError[] {
  return old
    ? validateObjectMetaUpdate(obj.metadata, old.metadata)
    : validateObjectMeta(obj.metadata, namespaced, validatePathSegmentName);
}

function isIP(s: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(s) || (s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s));
}

// ---- Ingress ----

const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

function validateIngressBackend(b: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const hasResource = b.resource !== undefined && b.resource !== null;
  const hasService = b.service !== undefined && b.service !== null;
  if (hasResource && hasService)
    return [invalid(path, '', 'cannot set both resource and service backends')];
  if (hasResource) {
    const r = asObj(b.resource);
    if (!str(r.kind)) errs.push(required(child(path, 'resource', 'kind')));
    if (!str(r.name)) errs.push(required(child(path, 'resource', 'name')));
    return errs;
  }
  if (!hasService) return [invalid(path, '', 'resource or service backend is required')];
  const s = asObj(b.service);
  const name = str(s.name);
  if (!name) errs.push(required(child(path, 'service', 'name')));
  else
    errs.push(
      ...nameIsDNS1035Label(name, false).map((m) =>
        invalid(child(path, 'service', 'name'), name, m),
      ),
    );
  const port = asObj(s.port);
  const pn = str(port.name);
  const num = typeof port.number === 'number' ? port.number : 0;
  if (pn && num) errs.push(invalid(path, '', 'cannot set both port name & port number'));
  else if (pn)
    errs.push(
      ...isValidPortName(pn).map((m) => invalid(child(path, 'service', 'port', 'name'), pn, m)),
    );
  else if (num)
    errs.push(
      ...isValidPortNum(num).map((m) => invalid(child(path, 'service', 'port', 'number'), num, m)),
    );
  else errs.push(required(path, 'port name or number is required'));
  return errs;
}

function validateHTTPIngressPath(p: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const pt = p.pathType;
  if (pt === undefined || pt === null)
    return [required(child(path, 'pathType'), 'pathType must be specified')];
  const v = str(p.path);
  if (pt === 'Exact' || pt === 'Prefix') {
    if (!v.startsWith('/')) errs.push(invalid(child(path, 'path'), v, 'must be an absolute path'));
    if (v) {
      for (const seq of INVALID_PATH_SEQUENCES)
        if (v.includes(seq))
          errs.push(invalid(child(path, 'path'), v, `must not contain '${seq}'`));
      for (const suf of INVALID_PATH_SUFFIXES)
        if (v.endsWith(suf)) errs.push(invalid(child(path, 'path'), v, `cannot end with '${suf}'`));
    }
  } else if (pt === 'ImplementationSpecific') {
    if (v && !v.startsWith('/'))
      errs.push(invalid(child(path, 'path'), v, 'must be an absolute path'));
  } else {
    errs.push(
      notSupported(child(path, 'pathType'), str(pt), ['Exact', 'ImplementationSpecific', 'Prefix']),
    );
  }
  errs.push(...validateIngressBackend(asObj(p.backend), child(path, 'backend')));
  return errs;
}

export function validateIngress(ing: KubeObject, old?: KubeObject): FieldError[] {
  const errs = meta(ing, old, true);
  const spec = asObj(ing.spec);
  const rules = asArr(spec.rules);
  if (rules.length === 0 && !spec.defaultBackend)
    errs.push(
      invalid(
        'spec',
        goText('[]networking.IngressRule(nil)'),
        'either `defaultBackend` or `rules` must be specified',
      ),
    );
  if (spec.defaultBackend)
    errs.push(...validateIngressBackend(asObj(spec.defaultBackend), 'spec.defaultBackend'));
  rules.forEach((r, i) => {
    const rp = index('spec.rules', i);
    const host = str(r.host);
    if (host) {
      if (isIP(host))
        errs.push(invalid(child(rp, 'host'), host, 'must be a DNS name, not an IP address'));
      const msgs = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      errs.push(...msgs.map((m) => invalid(child(rp, 'host'), host, m)));
    }
    if (r.http) {
      const paths = asArr(asObj(r.http).paths);
      if (paths.length === 0) errs.push(required(child(rp, 'http', 'paths')));
      paths.forEach((p, j) =>
        errs.push(...validateHTTPIngressPath(p, index(child(rp, 'http', 'paths'), j))),
      );
    }
  });
  asArr(spec.tls).forEach((t, i) => {
    asArr<string>(t.hosts).forEach((h, j) => {
      const msgs = h.includes('*') ? isWildcardDNS1123Subdomain(h) : isDNS1123Subdomain(h);
      errs.push(...msgs.map((m) => invalid(index(child(index('spec.tls', i), 'hosts'), j), h, m)));
    });
    const sn = str(t.secretName);
    if (sn)
      errs.push(
        ...nameIsDNSSubdomain(sn, false).map((m) =>
          invalid(child(index('spec.tls', i), 'secretName'), sn, m),
        ),
      );
  });
  const icn = spec.ingressClassName;
  if (typeof icn === 'string')
    errs.push(
      ...nameIsDNSSubdomain(icn, false).map((m) => invalid('spec.ingressClassName', icn, m)),
    );
  const ann = ing.metadata.annotations?.['kubernetes.io/ingress.class'];
  if (!old && ann !== undefined && typeof icn === 'string' && ann !== icn)
    errs.push(
      invalid(
        'annotations.kubernetes.io/ingress.class',
        ann,
        'must match `ingressClassName` when both are specified',
      ),
    );
  return errs;
}

export function validateIngressClass(ic: KubeObject, old?: KubeObject): FieldError[] {
  const errs = meta(ic, old, false);
  const spec = asObj(ic.spec);
  const ctrl = str(spec.controller);
  const p = 'spec.controller';
  if (ctrl.length > 250) errs.push(tooLong(p, 250));
  if (!ctrl) errs.push(required(p));
  else {
    const seg = ctrl.split('/');
    const slash = ctrl.indexOf('/');
    if (slash <= 0 || slash === ctrl.length - 1)
      errs.push(invalid(p, ctrl, 'must be a domain-prefixed path (such as "acme.io/foo")'));
    else {
      errs.push(...isDNS1123Subdomain(seg[0]).map((m) => invalid(p, seg[0], m)));
      const rest = ctrl.slice(slash + 1);
      if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(rest))
        errs.push(
          invalid(
            p,
            rest,
            "Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')",
          ),
        );
    }
  }
  if (old) errs.push(...validateImmutable(spec.controller, asObj(old.spec).controller, p, ctrl));
  return errs;
}

export function validateNetworkPolicy(np: KubeObject, old?: KubeObject): FieldError[] {
  const errs = meta(np, old, true);
  const spec = asObj(np.spec);
  errs.push(...validateLabelSelector(spec.podSelector ?? {}, 'spec.podSelector'));
  const peers = (list: unknown, path: string) =>
    asArr(list).forEach((peer, i) => {
      const pp = index(path, i);
      let n = 0;
      if (peer.podSelector) {
        n++;
        errs.push(...validateLabelSelector(peer.podSelector, child(pp, 'podSelector')));
      }
      if (peer.namespaceSelector) {
        n++;
        errs.push(...validateLabelSelector(peer.namespaceSelector, child(pp, 'namespaceSelector')));
      }
      if (peer.ipBlock) {
        n++;
        const cidr = str(asObj(peer.ipBlock).cidr);
        if (!cidr) errs.push(required(child(pp, 'ipBlock', 'cidr')));
      }
      if (n === 0) errs.push(required(pp, 'must specify a peer'));
      else if (n > 1 && peer.ipBlock)
        errs.push(forbidden(pp, 'may not specify both ipBlock and another peer'));
    });
  const ports = (list: unknown, path: string) =>
    asArr(list).forEach((port, i) => {
      const pp = index(path, i);
      const proto = port.protocol;
      if (typeof proto === 'string' && !['TCP', 'UDP', 'SCTP'].includes(proto))
        errs.push(notSupported(child(pp, 'protocol'), proto, ['TCP', 'UDP', 'SCTP']));
      const p = port.port;
      const end = port.endPort;
      if (typeof p === 'number') {
        errs.push(...isValidPortNum(p).map((m) => invalid(child(pp, 'port'), p, m)));
        if (typeof end === 'number') {
          if (end < p)
            errs.push(invalid(child(pp, 'endPort'), p, 'must be greater than or equal to `port`'));
          errs.push(...isValidPortNum(end).map((m) => invalid(child(pp, 'endPort'), end, m)));
        }
      } else if (typeof p === 'string') {
        if (typeof end === 'number')
          errs.push(
            invalid(child(pp, 'endPort'), end, 'may not be specified when `port` is non-numeric'),
          );
        errs.push(...isValidPortName(p).map((m) => invalid(child(pp, 'port'), p, m)));
      } else if (typeof end === 'number') {
        errs.push(
          invalid(child(pp, 'endPort'), end, 'may not be specified when `port` is not specified'),
        );
      }
    });
  asArr(spec.ingress).forEach((r, i) => {
    ports(r.ports, child(index('spec.ingress', i), 'ports'));
    peers(r.from, child(index('spec.ingress', i), 'from'));
  });
  asArr(spec.egress).forEach((r, i) => {
    ports(r.ports, child(index('spec.egress', i), 'ports'));
    peers(r.to, child(index('spec.egress', i), 'to'));
  });
  const types = asArr<string>(spec.policyTypes);
  if (types.length > 2)
    errs.push(
      invalid(
        'spec.policyTypes',
        goText('&[]networking.PolicyType{...}'),
        'may not specify more than two policyTypes',
      ),
    );
  else
    types.forEach((t, i) => {
      if (t !== 'Ingress' && t !== 'Egress')
        errs.push(notSupported(index('spec.policyTypes', i), t, ['Ingress', 'Egress']));
    });
  return errs;
}

// ---- HorizontalPodAutoscaler ----

function validateCrossVersionRef(ref: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['kind', 'name']) {
    const v = str(ref[f]);
    if (!v) errs.push(required(child(path, f)));
    else errs.push(...validatePathSegmentName(v, false).map((m) => invalid(child(path, f), v, m)));
  }
  return errs;
}

const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];

function validateMetricTarget(t: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(t.type);
  if (!type) errs.push(required(child(path, 'type'), 'must specify a metric target type'));
  if (!['Utilization', 'Value', 'AverageValue'].includes(type))
    errs.push(
      invalid(child(path, 'type'), type, 'must be either Utilization, Value, or AverageValue'),
    );
  for (const f of ['value', 'averageValue']) {
    const q = t[f];
    if (
      (typeof q === 'string' || typeof q === 'number') &&
      isValidQuantity(q) &&
      parseQuantity(q).nano <= 0n
    )
      errs.push(invalid(child(path, f), goText(formatQuantity(q)), 'must be positive'));
  }
  if (typeof t.averageUtilization === 'number' && t.averageUtilization < 1)
    errs.push(
      invalid(child(path, 'averageUtilization'), t.averageUtilization, 'must be greater than 0'),
    );
  return errs;
}

function validateHPASpec(spec: Obj, v1: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const min = spec.minReplicas;
  const max = Number(spec.maxReplicas ?? 0);
  if (typeof min === 'number' && min < 1)
    errs.push(invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (max < 1) errs.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (typeof min === 'number' && max < min)
    errs.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  errs.push(...validateCrossVersionRef(asObj(spec.scaleTargetRef), 'spec.scaleTargetRef'));
  if (v1) {
    const t = spec.targetCPUUtilizationPercentage;
    if (typeof t === 'number' && t < 1)
      errs.push(
        invalid('spec.metrics[0].resource.target.averageUtilization', t, 'must be greater than 0'),
      );
    return errs;
  }
  asArr(spec.metrics).forEach((m, i) => {
    const p = index('spec.metrics', i);
    const type = str(m.type);
    if (!type) {
      errs.push(required(child(p, 'type'), 'must specify a metric source type'));
      return;
    }
    if (!METRIC_TYPES.includes(type)) {
      errs.push(notSupported(child(p, 'type'), type, METRIC_TYPES));
      return;
    }
    const field = type.charAt(0).toLowerCase() + type.slice(1);
    const src = m[field];
    if (!src) {
      errs.push(required(child(p, field), `must populate information for the given metric source`));
      return;
    }
    const s = asObj(src);
    if (type === 'Resource' || type === 'ContainerResource') {
      if (!str(s.name))
        errs.push(required(child(p, field, 'name'), 'must specify a resource name'));
    }
    if (type === 'ContainerResource' && !str(s.container))
      errs.push(required(child(p, field, 'container'), 'must specify a container'));
    const target = asObj(s.target);
    if (type === 'Resource' || type === 'ContainerResource' || type === 'Pods') {
      const noValue = target.averageValue === undefined || target.averageValue === null;
      const noUtil = target.averageUtilization === undefined || target.averageUtilization === null;
      if (type !== 'Pods' && noValue && noUtil)
        errs.push(
          required(
            child(p, field, 'target', 'averageUtilization'),
            'must set either a target raw value or a target utilization',
          ),
        );
      else if (type !== 'Pods' && !noValue && !noUtil)
        errs.push(
          forbidden(
            child(p, field, 'target', 'averageValue'),
            'may not set both a target raw value and a target utilization',
          ),
        );
    }
    errs.push(...validateMetricTarget(target, child(p, field, 'target')));
  });
  const behavior = spec.behavior;
  if (behavior) {
    for (const dir of ['scaleUp', 'scaleDown']) {
      const r = asObj(asObj(behavior)[dir]);
      const p = child('spec.behavior', dir);
      const sw = r.stabilizationWindowSeconds;
      if (typeof sw === 'number' && (sw < 0 || sw > 3600))
        errs.push(
          invalid(
            child(p, 'stabilizationWindowSeconds'),
            sw,
            sw < 0 ? 'must be greater than or equal to zero' : 'must be less than or equal to 3600',
          ),
        );
      const sp = r.selectPolicy;
      if (typeof sp === 'string' && !['Disabled', 'Max', 'Min'].includes(sp))
        errs.push(notSupported(child(p, 'selectPolicy'), sp, ['Disabled', 'Max', 'Min']));
      asArr(r.policies).forEach((pol, j) => {
        const pp = index(child(p, 'policies'), j);
        const t = str(pol.type);
        if (t !== 'Pods' && t !== 'Percent')
          errs.push(notSupported(child(pp, 'type'), t, ['Percent', 'Pods']));
        if (Number(pol.value ?? 0) <= 0)
          errs.push(
            invalid(child(pp, 'value'), Number(pol.value ?? 0), 'must be greater than zero'),
          );
        const ps = Number(pol.periodSeconds ?? 0);
        if (ps <= 0)
          errs.push(invalid(child(pp, 'periodSeconds'), ps, 'must be greater than zero'));
        else if (ps > 1800)
          errs.push(invalid(child(pp, 'periodSeconds'), ps, 'must be less than or equal to 1800'));
      });
    }
  }
  return errs;
}

export function validateHorizontalPodAutoscaler(hpa: KubeObject, old?: KubeObject): FieldError[] {
  const errs = meta(hpa, old, true, validatePathSegmentName);
  errs.push(...validateHPASpec(asObj(hpa.spec), hpa.apiVersion === 'autoscaling/v1'));
  return errs;
}

// ---- PodDisruptionBudget ----

function notMoreThan100(v: unknown, path: string): FieldError[] {
  const m = /^(\d+)%$/.exec(typeof v === 'string' ? v : '');
  return m && Number(m[1]) > 100
    ? [invalid(path, goText(v as string), 'must not be greater than 100%')]
    : [];
}

export function validatePodDisruptionBudget(pdb: KubeObject, old?: KubeObject): FieldError[] {
  const spec = asObj(pdb.spec);
  const errs: FieldError[] = [];
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined)
    errs.push(
      invalid(
        'spec',
        goText('policy.PodDisruptionBudgetSpec{...}'),
        'minAvailable and maxUnavailable cannot be both set',
      ),
    );
  for (const f of ['minAvailable', 'maxUnavailable'])
    if (spec[f] !== undefined && spec[f] !== null) {
      errs.push(...validatePositiveIntOrPercent(spec[f], `spec.${f}`));
      errs.push(...notMoreThan100(spec[f], `spec.${f}`));
    }
  errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const uhp = spec.unhealthyPodEvictionPolicy;
  if (typeof uhp === 'string' && !['AlwaysAllow', 'IfHealthyBudget'].includes(uhp))
    errs.push(
      notSupported('spec.unhealthyPodEvictionPolicy', uhp, ['AlwaysAllow', 'IfHealthyBudget']),
    );
  if (errs.length) return errs;
  return genericMeta(pdb, old, true);
}

// ---- StorageClass ----

export function validateStorageClass(sc: KubeObject, old?: KubeObject): FieldError[] {
  if (old) {
    const errs = validateObjectMetaUpdate(sc.metadata, old.metadata);
    if (!deepEqual(sc.parameters ?? {}, old.parameters ?? {}))
      errs.push(forbidden('parameters', 'updates to parameters are forbidden.'));
    if (str(sc.provisioner) !== str(old.provisioner))
      errs.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
    if (str(sc.reclaimPolicy) !== str(old.reclaimPolicy))
      errs.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
    errs.push(
      ...validateImmutable(
        sc.volumeBindingMode,
        old.volumeBindingMode,
        'volumeBindingMode',
        str(sc.volumeBindingMode),
      ),
    );
    return errs;
  }
  const errs = validateObjectMeta(sc.metadata, false, nameIsDNSSubdomain);
  const prov = str(sc.provisioner);
  if (!prov) errs.push(required('provisioner'));
  else
    errs.push(
      ...isQualifiedName(prov.toLowerCase()).map((m) =>
        invalid('provisioner', prov.toLowerCase(), m),
      ),
    );
  const params = asObj(sc.parameters);
  if (Object.keys(params).length > 512) errs.push(tooLong('parameters', 512));
  const rp = str(sc.reclaimPolicy);
  if (rp && rp !== 'Delete' && rp !== 'Retain')
    errs.push(notSupported('reclaimPolicy', rp, ['Delete', 'Retain']));
  const vbm = sc.volumeBindingMode;
  if (vbm === undefined || vbm === null) errs.push(required('volumeBindingMode'));
  else if (vbm !== 'Immediate' && vbm !== 'WaitForFirstConsumer')
    errs.push(notSupported('volumeBindingMode', str(vbm), ['Immediate', 'WaitForFirstConsumer']));
  return errs;
}

// ---- Lease ----

export function validateLease(lease: KubeObject, old?: KubeObject): FieldError[] {
  const errs = meta(lease, old, true);
  const spec = asObj(lease.spec);
  const d = spec.leaseDurationSeconds;
  if (typeof d === 'number' && d <= 0)
    errs.push(invalid('spec.leaseDurationSeconds', d, 'must be greater than 0'));
  errs.push(...nonNegative(spec.leaseTransitions as number | undefined, 'spec.leaseTransitions'));
  const s = spec.strategy;
  if (typeof s === 'string' && s !== 'OldestEmulationVersion')
    errs.push(notSupported('spec.strategy', s, ['OldestEmulationVersion']));
  return errs;
}

// ---- EndpointSlice ----

export function validateEndpointSlice(es: KubeObject, old?: KubeObject): FieldError[] {
  const errs = meta(es, old, true);
  const at = str(es.addressType);
  asArr(es.endpoints).forEach((ep, i) => {
    const p = index('endpoints', i);
    const addrs = asArr<string>(ep.addresses);
    const ap = child(p, 'addresses');
    if (addrs.length === 0) errs.push(required(ap, 'must contain at least 1 address'));
    else if (addrs.length > 100) errs.push(tooMany(ap, addrs.length, 100));
    addrs.forEach((a, j) => {
      if (at === 'IPv4' && !/^\d{1,3}(\.\d{1,3}){3}$/.test(a))
        errs.push(invalid(index(ap, j), a, 'must be a valid IPv4 address'));
      else if (at === 'IPv6' && !(a.includes(':') && /^[0-9a-fA-F:.]+$/.test(a)))
        errs.push(invalid(index(ap, j), a, 'must be a valid IPv6 address'));
      else if (at === 'FQDN')
        errs.push(...isDNS1123Subdomain(a).map((m) => invalid(index(ap, j), a, m)));
    });
    const hn = ep.hostname;
    if (typeof hn === 'string')
      errs.push(...isDNS1123Label(hn).map((m) => invalid(child(p, 'hostname'), hn, m)));
  });
  const names = new Set<string>();
  asArr(es.ports).forEach((port, i) => {
    const p = index('ports', i);
    const name = str(port.name);
    if (name) errs.push(...isDNS1123Label(name).map((m) => invalid(child(p, 'name'), name, m)));
    if (names.has(name))
      errs.push({
        type: 'FieldValueDuplicate',
        field: child(p, 'name'),
        message: `Duplicate value: ${JSON.stringify(name)}`,
      });
    names.add(name);
    errs.push(...validateProtocol(port.protocol, child(p, 'protocol')));
  });
  if (!at) errs.push(required('addressType'));
  else if (!['FQDN', 'IPv4', 'IPv6'].includes(at))
    errs.push(notSupported('addressType', at, ['FQDN', 'IPv4', 'IPv6']));
  if (old) errs.push(...validateImmutable(es.addressType, old.addressType, 'addressType', at));
  return errs;
}

// ---- events.k8s.io/v1 Event ----

export function validateEventsV1Event(ev: KubeObject, old?: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  if (old) return validateObjectMetaUpdate(ev.metadata, old.metadata);
  const regarding = asObj(ev.regarding);
  const ns = str(ev.metadata.namespace);
  if (!str(regarding.namespace) && ns !== 'default' && ns !== 'kube-system')
    errs.push(invalid('involvedObject.namespace', '', 'does not match event.namespace'));
  if (!str(ev.reportingController)) errs.push(required('reportingController'));
  errs.push(
    ...isQualifiedName(str(ev.reportingController)).map((m) =>
      invalid('reportingController', str(ev.reportingController), m),
    ),
  );
  if (!str(ev.reportingInstance)) errs.push(required('reportingInstance'));
  if (!str(ev.action)) errs.push(required('action'));
  if (!str(ev.reason)) errs.push(required('reason'));
  errs.push(...isDNS1123Subdomain(ns).map((m) => invalid('namespace', ns, m)));
  errs.push(...validateObjectMeta(ev.metadata, true, nameIsDNSSubdomain));
  if (!ev.eventTime) errs.push(required('eventTime'));
  const t = str(ev.type);
  if (t !== 'Normal' && t !== 'Warning') errs.push(invalid('type', '', `has invalid value: ${t}`));
  return errs;
}

// ---- CustomResourceDefinition ----

function join1035(v: string): string[] {
  const e = isDNS1035Label(v);
  return e.length ? [e.join(',')] : [];
}

export function validateCustomResourceDefinition(crd: KubeObject, old?: KubeObject): FieldError[] {
  const spec = asObj(crd.spec);
  const names = asObj(spec.names);
  const group = str(spec.group);
  const plural = str(names.plural);
  const nameFn: NameValidator = (name, prefix) => {
    const r = nameIsDNSSubdomain(name, prefix);
    if (name !== `${plural}.${group}`) r.push('must be spec.names.plural+"."+spec.group');
    return r;
  };
  const errs = old
    ? validateObjectMetaUpdate(crd.metadata, old.metadata)
    : validateObjectMeta(crd.metadata, false, nameFn);
  if (!group) errs.push(required('spec.group'));
  else {
    const g = isDNS1123Subdomain(group);
    if (g.length) errs.push(invalid('spec.group', group, g.join(',')));
    else if (group.split('.').length < 2)
      errs.push(invalid('spec.group', group, 'should be a domain with at least one dot'));
  }
  const scope = str(spec.scope);
  if (!scope) errs.push(required('spec.scope'));
  else if (scope !== 'Cluster' && scope !== 'Namespaced')
    errs.push(notSupported('spec.scope', scope, ['Cluster', 'Namespaced']));
  const versions = asArr(spec.versions);
  let storage = 0;
  const seen = new Set<string>();
  let unique = true;
  if (versions.length === 0) errs.push(required('spec.versions'));
  versions.forEach((v, i) => {
    const p = index('spec.versions', i);
    if (v.storage === true) storage++;
    const vn = str(v.name);
    if (seen.has(vn)) unique = false;
    seen.add(vn);
    for (const m of join1035(vn)) errs.push(invalid(child(p, 'name'), vn, m));
    if (!asObj(v.schema).openAPIV3Schema)
      errs.push(required(child(p, 'schema', 'openAPIV3Schema'), 'schemas are required'));
  });
  const shown = goText('[]apiextensions.CustomResourceDefinitionVersion{...}');
  if (!unique) errs.push(invalid('spec.versions', shown, 'must contain unique version names'));
  if (versions.length && storage !== 1)
    errs.push(
      invalid('spec.versions', shown, 'must have exactly one version marked as storage version'),
    );
  const np = 'spec.names';
  if (!plural) errs.push(required(child(np, 'plural')));
  else for (const m of join1035(plural)) errs.push(invalid(child(np, 'plural'), plural, m));
  const singular = str(names.singular);
  if (!singular) errs.push(required(child(np, 'singular')));
  else for (const m of join1035(singular)) errs.push(invalid(child(np, 'singular'), singular, m));
  const kind = str(names.kind);
  if (!kind) errs.push(required(child(np, 'kind')));
  else
    for (const m of join1035(kind.toLowerCase()))
      errs.push(
        invalid(child(np, 'kind'), kind, `may have mixed case, but should otherwise match: ${m}`),
      );
  const listKind = str(names.listKind);
  if (!listKind) errs.push(required(child(np, 'listKind')));
  else
    for (const m of join1035(listKind.toLowerCase()))
      errs.push(
        invalid(
          child(np, 'listKind'),
          listKind,
          `may have mixed case, but should otherwise match: ${m}`,
        ),
      );
  asArr<string>(names.shortNames).forEach((s, i) => {
    for (const m of join1035(s)) errs.push(invalid(index(child(np, 'shortNames'), i), s, m));
  });
  if (kind && kind === listKind)
    errs.push(invalid(child(np, 'listKind'), listKind, 'kind and listKind may not be the same'));
  asArr<string>(names.categories).forEach((c, i) => {
    for (const m of join1035(c)) errs.push(invalid(index(child(np, 'categories'), i), c, m));
  });
  const strategy = str(asObj(spec.conversion).strategy);
  if (strategy && strategy !== 'None' && strategy !== 'Webhook')
    errs.push(notSupported('spec.conversion.strategy', strategy, ['None', 'Webhook']));
  if (old) {
    const oldSpec = asObj(old.spec);
    errs.push(...validateImmutable(spec.group, oldSpec.group, 'spec.group', group));
    const established = asArr(asObj(old.status).conditions).some(
      (c) => c.type === 'Established' && c.status === 'True',
    );
    if (established) {
      errs.push(...validateImmutable(spec.scope, oldSpec.scope, 'spec.scope', scope));
      errs.push(
        ...validateImmutable(
          names.plural,
          asObj(oldSpec.names).plural,
          'spec.names.plural',
          plural,
        ),
      );
    }
  }
  return errs;
}

export { genericMeta };

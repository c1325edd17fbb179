/**
 * The objects `kubectl create <kind>` builds (k8s.io/kubectl/pkg/cmd/create), field for field in
 * Go's struct order so `-o json` prints them as kubectl does. Each returns the object and the
 * word its "failed to create <what>" errors use.
 */
import { cmdError, KubectlError } from '../errors';
import type { KubectlFiles } from '../manifest';
import type { Obj } from '../resource/objects';
import type { CommandContext } from './context';

export interface Generated {
  object: Obj;
  /** "deployment", "ClusterIP service": the noun of kubectl's "failed to create" wrapping. */
  what?: string;
}

/** cobra's ExactArgs(1) as the create commands word it. */
export function exactlyOneName(c: CommandContext, path: string): string {
  const names = c.args.slice(0, c.args.length - c.flags.parsed.dashArgs.length);
  if (names.length !== 1) {
    throw new KubectlError(
      `error: exactly one NAME is required, got ${names.length}\nSee 'kubectl ${path} -h' for help and examples`,
    );
  }
  return names[0];
}

/** cobra's MarkFlagRequired failure, as kubectl's klog-wrapped run reports it. */
export function requiredFlag(name: string): KubectlError {
  const now = new Date();
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${p(now.getMonth() + 1)}${p(now.getDate())} ${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())}.${p(now.getMilliseconds() * 1000, 6)}`;
  return new KubectlError(
    `E${stamp}   00001 run.go:72] "command failed" err="required flag(s) \\"${name}\\" not set"`,
  );
}

export function meta(name: string, c: CommandContext, extra: Obj = {}): Obj {
  const m: Obj = { name };
  if (c.explicitNamespace && extra.namespaced !== false) m.namespace = c.namespace;
  m.creationTimestamp = null;
  for (const [k, v] of Object.entries(extra)) if (k !== 'namespaced') m[k] = v;
  return m;
}

function containerName(image: string): string {
  let name = image.split('/').pop() ?? image;
  if (name.includes(':')) name = name.split(':')[0];
  if (name.includes('@')) name = name.split('@')[0];
  return name.replaceAll('_', '-');
}

export function deployment(c: CommandContext, name: string): Generated {
  const images = c.flags.list('image');
  const command = c.flags.parsed.dashArgs;
  if (images.length === 0) throw requiredFlag('image');
  if (images.length > 1 && command.length > 0)
    throw cmdError('cannot specify multiple --image options and command');
  const labels = { app: name };
  const containers: Obj[] = images.map((image) => {
    const ctr: Obj = { name: containerName(image), image };
    if (command.length) ctr.command = command;
    ctr.resources = {};
    return ctr;
  });
  const port = c.flags.int('port');
  if (port >= 0 && containers.length > 0) {
    const first = containers[0];
    const { resources, ...rest } = first;
    containers[0] = { ...rest, ports: [{ containerPort: port }], resources };
  }
  return {
    what: 'deployment',
    object: {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: meta(name, c, { labels }),
      spec: {
        replicas: c.flags.int('replicas'),
        selector: { matchLabels: labels },
        template: {
          metadata: { creationTimestamp: null, labels },
          spec: { containers },
        },
        strategy: {},
      },
      status: {},
    },
  };
}

function basename(p: string): string {
  return p.replace(/\/+$/, '').split('/').pop() ?? p;
}

/** --from-literal, --from-file and --from-env-file, as kubectl's hash-free handlers read them. */
function dataSources(
  c: CommandContext,
  fs: KubectlFiles | undefined,
  kindName: string,
  objName: string,
): Record<string, string> {
  const data: Record<string, string> = {};
  const add = (k: string, v: string) => {
    if (k in data) {
      throw cmdError(
        `cannot add key "${k}", another key by that name already exists in Data for ${kindName} "${objName}"`,
      );
    }
    data[k] = v;
  };
  for (const src of c.flags.list('from-file')) {
    const eq = src.indexOf('=');
    const key = eq >= 0 ? src.slice(0, eq) : undefined;
    const path = eq >= 0 ? src.slice(eq + 1) : src;
    const entries = fs?.readDir(path);
    if (entries !== undefined) {
      if (key !== undefined) throw cmdError('cannot give a key name for a directory path');
      for (const e of entries)
        if (!e.dir) add(e.name, fs?.readFile(`${path.replace(/\/+$/, '')}/${e.name}`) ?? '');
      continue;
    }
    const text = fs?.readFile(path);
    if (text === undefined) throw cmdError(`error reading ${path}: no such file or directory`);
    add(key ?? basename(path), text);
  }
  for (const lit of c.flags.list('from-literal')) {
    const eq = lit.indexOf('=');
    if (eq <= 0) throw cmdError(`invalid literal source ${lit}, expected key=value`);
    add(lit.slice(0, eq), lit.slice(eq + 1).replace(/^"(.*)"$/, '$1'));
  }
  for (const file of c.flags.list('from-env-file')) {
    const text = fs?.readFile(file);
    if (text === undefined) throw cmdError(`open ${file}: no such file or directory`);
    for (const raw of text.split('\n')) {
      const line = raw.replace(/^\uFEFF/, '').trim();
      if (line === '' || line.startsWith('#')) continue;
      const eq = line.indexOf('=');
      if (eq < 0) add(line, '');
      else add(line.slice(0, eq), raw.slice(raw.indexOf('=') + 1));
    }
  }
  return data;
}

export function configmap(c: CommandContext, name: string, fs?: KubectlFiles): Generated {
  const data = dataSources(c, fs, 'ConfigMap', name);
  const obj: Obj = { kind: 'ConfigMap', apiVersion: 'v1', metadata: meta(name, c) };
  if (Object.keys(data).length) obj.data = data;
  return { what: 'configmap', object: obj };
}

function base64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export function secretGeneric(c: CommandContext, name: string, fs?: KubectlFiles): Generated {
  const data = dataSources(c, fs, 'Secret', name);
  const obj: Obj = { kind: 'Secret', apiVersion: 'v1', metadata: meta(name, c) };
  const enc: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) enc[k] = base64(v);
  if (Object.keys(enc).length) obj.data = enc;
  if (c.flags.str('type')) obj.type = c.flags.str('type');
  return { what: 'secret', object: obj };
}

export function secretDockerRegistry(c: CommandContext, name: string): Generated {
  const f = c.flags;
  if (!f.changed('from-file')) {
    if (!f.str('docker-username')) throw requiredFlag('docker-username');
    if (!f.str('docker-password')) throw requiredFlag('docker-password');
  }
  const server = f.str('docker-server');
  const user = f.str('docker-username');
  const pass = f.str('docker-password');
  const entry: Obj = { username: user, password: pass };
  if (f.str('docker-email')) entry.email = f.str('docker-email');
  entry.auth = base64(`${user}:${pass}`);
  const json = JSON.stringify({ auths: { [server]: entry } });
  return {
    what: 'secret',
    object: {
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: meta(name, c),
      data: { '.dockerconfigjson': base64(json) },
      type: 'kubernetes.io/dockerconfigjson',
    },
  };
}

export function namespace(c: CommandContext, name: string): Generated {
  return {
    object: {
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: { name, creationTimestamp: null },
      spec: {},
      status: {},
    },
  };
}

export function service(
  c: CommandContext,
  name: string,
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName',
): Generated {
  const f = c.flags;
  const tcp = f.list('tcp');
  const clusterIP = type === 'ClusterIP' ? f.str('clusterip') : '';
  if (type === 'ExternalName' && !f.str('external-name')) throw requiredFlag('external-name');
  if (clusterIP !== 'None' && tcp.length === 0 && type !== 'ExternalName')
    throw cmdError('at least one tcp port specifier must be provided');
  if (
    type === 'ExternalName' &&
    !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(
      f.str('external-name'),
    )
  )
    throw cmdError(`invalid service external name ${f.str('external-name')}`);
  const ports: Obj[] = [];
  const parsePort = (s: string): number => {
    if (!/^\d+$/.test(s) || Number(s) > 65535) {
      const why = /^\d+$/.test(s) ? 'value out of range' : 'invalid syntax';
      throw cmdError(`strconv.ParseUint: parsing ${JSON.stringify(s)}: ${why}`);
    }
    return Number(s);
  };
  for (const spec of tcp) {
    const parts = spec.split(':');
    const port = parsePort(parts[0]);
    let target: number | string = port;
    if (parts.length > 1) target = /^-?\d+$/.test(parts[1]) ? Number(parts[1]) : parts[1];
    const p: Obj = { name: spec.replaceAll(':', '-'), protocol: 'TCP', port, targetPort: target };
    if (type === 'NodePort' && f.int('node-port') !== 0) p.nodePort = f.int('node-port');
    ports.push(p);
  }
  const spec: Obj = {};
  if (ports.length) spec.ports = ports;
  spec.selector = { app: name };
  if (clusterIP) spec.clusterIP = clusterIP;
  spec.type = type;
  if (type === 'ExternalName') spec.externalName = f.str('external-name');
  return {
    what: `${type} service`,
    object: {
      kind: 'Service',
      apiVersion: 'v1',
      metadata: meta(name, c, { labels: { app: name } }),
      spec,
      status: { loadBalancer: {} },
    },
  };
}

export function job(c: CommandContext, name: string): Generated {
  const image = c.flags.str('image');
  const command = c.flags.parsed.dashArgs;
  const ctr: Obj = { name, image };
  if (command.length) ctr.command = command;
  ctr.resources = {};
  return {
    what: 'job',
    object: {
      kind: 'Job',
      apiVersion: 'batch/v1',
      metadata: meta(name, c),
      spec: {
        template: {
          metadata: { creationTimestamp: null },
          spec: { containers: [ctr], restartPolicy: 'Never' },
        },
      },
      status: {},
    },
  };
}

/** `create job --from=cronjob/NAME`: the CronJob's job template, marked as started by hand. */
export function jobFromCronJob(c: CommandContext, name: string, cronJob: Obj): Generated {
  const cm = cronJob.metadata as { name: string; uid?: string };
  const tpl = ((cronJob.spec as Obj)?.jobTemplate ?? {}) as Obj;
  const tm = (tpl.metadata ?? {}) as { annotations?: Record<string, string>; labels?: Obj };
  const annotations = { 'cronjob.kubernetes.io/instantiate': 'manual', ...(tm.annotations ?? {}) };
  const m: Obj = { name };
  if (c.explicitNamespace) m.namespace = c.namespace;
  m.creationTimestamp = null;
  if (tm.labels) m.labels = tm.labels;
  m.annotations = annotations;
  m.ownerReferences = [
    { apiVersion: 'batch/v1', kind: 'CronJob', name: cm.name, uid: cm.uid ?? '', controller: true },
  ];
  return {
    what: 'job',
    object: { kind: 'Job', apiVersion: 'batch/v1', metadata: m, spec: tpl.spec ?? {}, status: {} },
  };
}

export function cronjob(c: CommandContext, name: string): Generated {
  const f = c.flags;
  if (!f.str('image')) throw requiredFlag('image');
  if (!f.str('schedule')) throw requiredFlag('schedule');
  const restart = f.str('restart') || 'OnFailure';
  if (restart !== 'OnFailure' && restart !== 'Never')
    throw cmdError(`restart policy must be one of OnFailure, Never`);
  const command = f.parsed.dashArgs;
  const ctr: Obj = { name, image: f.str('image') };
  if (command.length) ctr.command = command;
  ctr.resources = {};
  return {
    what: 'cronjob',
    object: {
      kind: 'CronJob',
      apiVersion: 'batch/v1',
      metadata: meta(name, c),
      spec: {
        schedule: f.str('schedule'),
        jobTemplate: {
          metadata: { name, creationTimestamp: null },
          spec: {
            template: {
              metadata: { creationTimestamp: null },
              spec: { containers: [ctr], restartPolicy: restart },
            },
          },
        },
      },
      status: {},
    },
  };
}

export function quota(c: CommandContext, name: string): Generated {
  const spec: Obj = {};
  const hard = c.flags.str('hard');
  if (hard) {
    const h: Record<string, string> = {};
    for (const kv of hard.split(',')) {
      const eq = kv.indexOf('=');
      if (eq <= 0) throw cmdError(`invalid argument ${JSON.stringify(kv)}`);
      h[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    spec.hard = h;
  }
  const scopes = c.flags.str('scopes');
  if (scopes) spec.scopes = scopes.split(',');
  return {
    what: 'quota',
    object: { kind: 'ResourceQuota', apiVersion: 'v1', metadata: meta(name, c), spec, status: {} },
  };
}

export function serviceaccount(c: CommandContext, name: string): Generated {
  return {
    what: 'serviceaccount',
    object: { kind: 'ServiceAccount', apiVersion: 'v1', metadata: meta(name, c) },
  };
}

function intOrString(s: string): number | string {
  return /^\d+$/.test(s) ? Number(s) : s;
}

/** A label selector string as metav1.ParseToLabelSelector turns it into matchLabels. */
function labelSelector(s: string): Obj {
  const matchLabels: Record<string, string> = {};
  for (const part of s.split(',')) {
    const m = /^([^=!]+)==?(.*)$/.exec(part.trim());
    if (m) matchLabels[m[1].trim()] = m[2].trim();
  }
  return { matchLabels };
}

export function pdb(c: CommandContext, name: string): Generated {
  const f = c.flags;
  const min = f.str('min-available');
  const max = f.str('max-unavailable');
  if (!min && !max) throw cmdError('one of min-available or max-unavailable must be specified');
  if (min && max) throw cmdError('min-available and max-unavailable cannot be both specified');
  if (!f.str('selector')) throw cmdError('a selector must be specified');
  const spec: Obj = {};
  if (min) spec.minAvailable = intOrString(min);
  spec.selector = labelSelector(f.str('selector'));
  if (max) spec.maxUnavailable = intOrString(max);
  return {
    what: 'poddisruptionbudgets',
    object: {
      kind: 'PodDisruptionBudget',
      apiVersion: 'policy/v1',
      metadata: meta(name, c),
      spec,
      status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
    },
  };
}

export function priorityclass(c: CommandContext, name: string): Generated {
  const f = c.flags;
  const o: Obj = {
    kind: 'PriorityClass',
    apiVersion: 'scheduling.k8s.io/v1',
    metadata: { name, creationTimestamp: null },
    value: f.int('value'),
  };
  if (f.bool('global-default')) o.globalDefault = true;
  if (f.str('description')) o.description = f.str('description');
  o.preemptionPolicy = f.str('preemption-policy') || 'PreemptLowerPriority';
  return { what: 'priorityclass', object: o };
}

export function ingress(c: CommandContext, name: string): Generated {
  const f = c.flags;
  const spec: Obj = {};
  if (f.str('class')) spec.ingressClassName = f.str('class');
  const backendOf = (s: string): Obj => {
    const [svc, port] = s.split(':');
    return {
      service: {
        name: svc,
        port: /^\d+$/.test(port ?? '') ? { number: Number(port) } : { name: port ?? '' },
      },
    };
  };
  if (f.str('default-backend')) spec.defaultBackend = backendOf(f.str('default-backend'));
  const tls: Obj[] = [];
  const rules: Obj[] = [];
  // --rule is a string array: commas belong to the rule (",tls=secret"), not between rules.
  const ruleArgs: string[] = [];
  for (const part of f.list('rule')) {
    if (part.startsWith('tls') && ruleArgs.length) ruleArgs[ruleArgs.length - 1] += `,${part}`;
    else ruleArgs.push(part);
  }
  for (const rule of ruleArgs) {
    const m = /^([^/=]*)(\/[^=]*)?=([^:,]+:[^,]+)(,tls(=.*)?)?$/.exec(rule);
    if (!m) {
      throw cmdError(
        `rule ${rule} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`,
      );
    }
    const host = m[1];
    let path = m[2] ?? '/';
    let pathType = 'Exact';
    if (path.endsWith('*')) {
      pathType = 'Prefix';
      path = path.slice(0, -1);
    }
    if (m[4]) {
      const t: Obj = {};
      if (host) t.hosts = [host];
      if (m[5]) t.secretName = m[5].slice(1);
      tls.push(t);
    }
    const r: Obj = {};
    if (host) r.host = host;
    r.http = { paths: [{ path, pathType, backend: backendOf(m[3]) }] };
    rules.push(r);
  }
  if (tls.length) spec.tls = tls;
  if (rules.length) spec.rules = rules;
  const annotations: Record<string, string> = {};
  for (const a of f.list('annotation')) {
    const eq = a.indexOf('=');
    annotations[a.slice(0, eq)] = a.slice(eq + 1);
  }
  return {
    what: 'ingress',
    object: {
      kind: 'Ingress',
      apiVersion: 'networking.k8s.io/v1',
      metadata: meta(name, c, Object.keys(annotations).length ? { annotations } : {}),
      spec,
      status: { loadBalancer: {} },
    },
  };
}

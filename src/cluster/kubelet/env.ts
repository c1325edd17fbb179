/**
 * A container's environment as kuberuntime's makeEnvironmentVariables builds it: Service links
 * (enableServiceLinks), then envFrom, then env, with $(VAR) expansion. A missing ConfigMap,
 * Secret or key is a CreateContainerConfigError with upstream's message.
 */
import { parseQuantity } from '../api/quantity';
import type { KubeObject } from '../api/types';
import type { Store } from '../store/types';
import { fieldValue } from './volumes';

type Obj = Record<string, unknown>;

export class ConfigError extends Error {}

/** Expands $(VAR) references as upstream's expansion.MappingFuncFor; $$ escapes. */
export function expandVars(s: string, env: Record<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    return name !== undefined && name in env ? env[name] : m;
  });
}

function decode(v: string): string {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(v), (c) => c.charCodeAt(0)));
  } catch {
    return v;
  }
}

/** Docker-link style variables for the Services of the pod's namespace (and `kubernetes`). */
function serviceEnv(store: Store, ns: string): Record<string, string> {
  const env: Record<string, string> = {};
  const services = store.list('services', { namespace: ns }).items;
  if (ns !== 'default') {
    const k = store.get('services', 'default', 'kubernetes');
    if (k) services.push(k);
  }
  for (const svc of services) {
    const spec = (svc.spec ?? {}) as { clusterIP?: string; ports?: Obj[] };
    if (!spec.clusterIP || spec.clusterIP === 'None' || !spec.ports?.length) continue;
    const name = svc.metadata.name!.toUpperCase().replace(/-/g, '_');
    const first = spec.ports[0];
    env[`${name}_SERVICE_HOST`] = spec.clusterIP;
    env[`${name}_SERVICE_PORT`] = String(first.port);
    for (const p of spec.ports) {
      if (p.name)
        env[`${name}_SERVICE_PORT_${String(p.name).toUpperCase().replace(/-/g, '_')}`] = String(
          p.port,
        );
    }
    const proto = String(first.protocol ?? 'TCP').toLowerCase();
    env[`${name}_PORT`] = `${proto}://${spec.clusterIP}:${first.port}`;
    for (const p of spec.ports) {
      const pr = String(p.protocol ?? 'TCP');
      const prefix = `${name}_PORT_${p.port}_${pr}`;
      env[prefix] = `${pr.toLowerCase()}://${spec.clusterIP}:${p.port}`;
      env[`${prefix}_PROTO`] = pr.toLowerCase();
      env[`${prefix}_PORT`] = String(p.port);
      env[`${prefix}_ADDR`] = spec.clusterIP;
    }
  }
  return env;
}

export interface EnvContext {
  store: Store;
  pod: KubeObject;
  podIP: string;
  hostIP: string;
  /** resourceFieldRef values ("limits.memory" in bytes, with divisor). */
  resource(container: string | undefined, resource: string, divisor: string | undefined): string;
}

/** Throws ConfigError with the kubelet's message when something referenced is missing. */
export function containerEnv(ctx: EnvContext, container: Obj): Record<string, string> {
  const pod = ctx.pod;
  const ns = pod.metadata.namespace ?? 'default';
  const spec = pod.spec as Obj;
  const env: Record<string, string> = {};
  if (spec.enableServiceLinks !== false) Object.assign(env, serviceEnv(ctx.store, ns));
  const get = (kind: 'configmaps' | 'secrets', name: string) => ctx.store.get(kind, ns, name);
  for (const from of (container.envFrom ?? []) as Obj[]) {
    const prefix = (from.prefix as string) ?? '';
    const ref = (from.configMapRef ?? from.secretRef) as Obj | undefined;
    if (!ref) continue;
    const isCM = !!from.configMapRef;
    const obj = get(isCM ? 'configmaps' : 'secrets', ref.name as string);
    if (!obj) {
      if (ref.optional) continue;
      throw new ConfigError(`${isCM ? 'configmap' : 'secret'} "${ref.name as string}" not found`);
    }
    const data = ((obj as unknown as { data?: Record<string, string> }).data ?? {}) as Record<
      string,
      string
    >;
    for (const [k, v] of Object.entries(data)) env[prefix + k] = isCM ? v : decode(v);
  }
  for (const e of (container.env ?? []) as Obj[]) {
    const name = e.name as string;
    if (e.valueFrom === undefined) {
      env[name] = expandVars(String(e.value ?? ''), env);
      continue;
    }
    const vf = e.valueFrom as Obj;
    if (vf.configMapKeyRef || vf.secretKeyRef) {
      const isCM = !!vf.configMapKeyRef;
      const ref = (vf.configMapKeyRef ?? vf.secretKeyRef) as Obj;
      const obj = get(isCM ? 'configmaps' : 'secrets', ref.name as string);
      if (!obj) {
        if (ref.optional) continue;
        throw new ConfigError(`${isCM ? 'configmap' : 'secret'} "${ref.name as string}" not found`);
      }
      const data = ((obj as unknown as { data?: Record<string, string> }).data ?? {}) as Record<
        string,
        string
      >;
      const key = ref.key as string;
      if (!(key in data)) {
        if (ref.optional) continue;
        throw new ConfigError(
          `couldn't find key ${key} in ${isCM ? 'ConfigMap' : 'Secret'} ${ns}/${ref.name as string}`,
        );
      }
      env[name] = isCM ? data[key] : decode(data[key]);
    } else if (vf.fieldRef) {
      const path = (vf.fieldRef as Obj).fieldPath as string;
      const s = pod.spec as Obj;
      const values: Record<string, string> = {
        'spec.nodeName': String(s.nodeName ?? ''),
        'spec.serviceAccountName': String(s.serviceAccountName ?? 'default'),
        'status.hostIP': ctx.hostIP,
        'status.hostIPs': ctx.hostIP,
        'status.podIP': ctx.podIP,
        'status.podIPs': ctx.podIP,
      };
      env[name] = path in values ? values[path] : fieldValue(pod, path);
    } else if (vf.resourceFieldRef) {
      const r = vf.resourceFieldRef as Obj;
      env[name] = ctx.resource(
        (r.containerName as string) ?? (container.name as string),
        r.resource as string,
        r.divisor as string | undefined,
      );
    }
  }
  return env;
}

/** resourceFieldRef: a container's request or limit (limits default to the node's allocatable). */
export function resourceValue(
  pod: KubeObject,
  node: KubeObject | undefined,
  containerName: string | undefined,
  resource: string,
  divisor: string | undefined,
): string {
  const spec = pod.spec as { containers?: Obj[]; initContainers?: Obj[] };
  const c = [...(spec.containers ?? []), ...(spec.initContainers ?? [])].find(
    (x) => x.name === containerName,
  );
  const [kind, res] = resource.split('.') as ['limits' | 'requests', string];
  const resources = (c?.resources ?? {}) as Record<string, Record<string, string> | undefined>;
  let q = resources[kind]?.[res];
  if (q === undefined && kind === 'requests') q = resources.limits?.[res];
  if (q === undefined && kind === 'limits') {
    q = ((node?.status as Obj | undefined)?.allocatable as Record<string, string> | undefined)?.[
      res
    ];
  }
  if (q === undefined) return '0';
  const value = parseQuantity(q).value;
  const div = divisor ? parseQuantity(divisor).value : 1;
  return String(Math.ceil(value / (div || 1)));
}

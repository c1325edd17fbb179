/**
 * `kubectl expose` (k8s.io/kubectl/pkg/cmd/expose): a Service for a Deployment, ReplicaSet,
 * ReplicationController, Pod or Service, with its selector, ports and protocols read from the
 * object unless given, built field for field as ExposeServiceOptions.createService does.
 */
import { cmdError, KubectlError } from '../errors';
import { dryRunOf, objectOutputOf } from '../printers/object';
import { metaOf } from '../resource/objects';
import type { Info, Obj } from '../resource/objects';
import type { CommandContext } from './context';
import { sendGenerated } from './create';
import type { MutateIO } from './mutate';
import { resolveTargets } from './targets';

const EXPOSABLE = ['ReplicationController', 'Service', 'Pod', 'Deployment', 'ReplicaSet'];

function podSpecFor(obj: Obj): Obj | undefined {
  const spec = (obj.spec ?? {}) as Obj;
  if (obj.kind === 'Pod') return spec;
  return ((spec.template ?? {}) as Obj).spec as Obj | undefined;
}

/** polymorphichelpers.MapBasedSelectorForObject, as "k=v,k=v". */
function selectorFor(obj: Obj): string {
  const spec = (obj.spec ?? {}) as Obj;
  const fmt = (m: Record<string, string>) =>
    Object.entries(m)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
  switch (obj.kind) {
    case 'Pod': {
      const labels = metaOf(obj).labels ?? {};
      if (Object.keys(labels).length === 0)
        throw cmdError(
          "couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed",
        );
      return fmt(labels);
    }
    case 'Service':
    case 'ReplicationController': {
      const sel = spec.selector as Record<string, string> | undefined;
      if (!sel)
        throw cmdError(
          `couldn't retrieve selectors via --selector flag or introspection: the ${obj.kind === 'Service' ? 'service' : 'replication controller'} has no pod selector set`,
        );
      return fmt(sel);
    }
    default: {
      const sel = (spec.selector ?? {}) as {
        matchLabels?: Record<string, string>;
        matchExpressions?: unknown[];
      };
      if ((sel.matchExpressions ?? []).length > 0)
        throw cmdError(
          "couldn't retrieve selectors via --selector flag or introspection: couldn't convert expressions to map-based selector format",
        );
      return fmt(sel.matchLabels ?? {});
    }
  }
}

/** PortsForObject and MultiProtocolsForObject: container ports, or a Service's ports. */
function portsFor(obj: Obj): { ports: string[]; protocols: Map<string, string[]> } {
  const ports: string[] = [];
  const protocols = new Map<string, string[]>();
  const add = (port: unknown, protocol: unknown) => {
    const p = String(port);
    ports.push(p);
    const list = protocols.get(p) ?? [];
    const proto = String(protocol ?? 'TCP') || 'TCP';
    if (!list.includes(proto)) list.push(proto);
    protocols.set(p, list);
  };
  if (obj.kind === 'Service') {
    for (const p of (((obj.spec ?? {}) as Obj).ports ?? []) as Obj[]) add(p.port, p.protocol);
  } else {
    for (const ct of ((podSpecFor(obj) ?? {}).containers ?? []) as Obj[])
      for (const p of (ct.ports ?? []) as Obj[]) add(p.containerPort, p.protocol);
  }
  return { ports, protocols };
}

function parseLabels(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const kv = part.split('=');
    if (kv.length !== 2) throw cmdError(`unexpected label spec: ${part}`);
    if (!kv[0]) throw cmdError('unexpected empty label key');
    out[kv[0]] = kv[1];
  }
  return out;
}

function sortedMap(m: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(m).sort()) out[k] = m[k];
  return out;
}

function createService(c: CommandContext, info: Info): Obj {
  const f = c.flags;
  const obj = info.object;
  const selectorText = f.str('selector') || selectorFor(obj);
  if (!selectorText) throw cmdError('selector must be specified');
  let portText = f.str('port');
  let protocols: Map<string, string[]> | undefined;
  const introspected = portsFor(obj);
  const headless = f.str('cluster-ip') === 'None';
  if (!portText) {
    if (introspected.ports.length === 0 && !headless)
      throw cmdError("couldn't find port via --port flag or introspection");
    portText = introspected.ports.join(',');
  }
  if (introspected.protocols.size > 0) protocols = introspected.protocols;
  const selector = parseLabels(selectorText);
  const labelText = f.str('labels');
  const labels = labelText
    ? parseLabels(labelText)
    : Object.keys(metaOf(obj).labels ?? {}).length > 0
      ? { ...metaOf(obj).labels }
      : undefined;
  const name = f.str('name') || info.name.slice(0, 63);
  const ports: Obj[] = [];
  if (portText) {
    const list = portText.split(',');
    list.forEach((p, i) => {
      const port = Number(p);
      if (!/^[+-]?\d+$/.test(p)) throw cmdError(`strconv.Atoi: parsing "${p}": invalid syntax`);
      const portName = list.length > 1 ? `port-${i + 1}` : '';
      let protocol = f.str('protocol');
      if (!protocol && protocols) {
        const found = protocols.get(p);
        protocol = 'TCP';
        if (found && found.length === 1) protocol = found[0];
        else if (found) {
          for (const proto of found)
            ports.push({ name: `port-${i + 1}-${proto.toLowerCase()}`, protocol: proto, port });
          return;
        }
      }
      if (!protocol) protocol = 'TCP';
      const sp: Obj = {};
      if (portName) sp.name = portName;
      sp.protocol = protocol;
      sp.port = port;
      ports.push(sp);
    });
  }
  const target = f.str('target-port');
  for (const p of ports) {
    p.targetPort = target ? (/^\d+$/.test(target) ? Number(target) : target) : p.port;
  }
  const metadata: Obj = { name };
  if (c.explicitNamespace && dryRunOf(f) === 'client') metadata.namespace = c.namespace;
  metadata.creationTimestamp = null;
  if (labels) metadata.labels = sortedMap(labels);
  const spec: Obj = {};
  if (ports.length) spec.ports = ports;
  spec.selector = sortedMap(selector);
  const clusterIP = f.str('cluster-ip');
  if (clusterIP) spec.clusterIP = clusterIP;
  if (f.str('type')) spec.type = f.str('type');
  if (f.str('external-ip')) spec.externalIPs = [f.str('external-ip')];
  const affinity = f.str('session-affinity');
  if (affinity) {
    if (affinity !== 'None' && affinity !== 'ClientIP')
      throw cmdError(`unknown session affinity: ${affinity}`);
    spec.sessionAffinity = affinity;
  }
  if (spec.type === 'LoadBalancer' && f.str('load-balancer-ip'))
    spec.loadBalancerIP = f.str('load-balancer-ip');
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata,
    spec,
    status: { loadBalancer: {} },
  };
}

export async function runExpose(c: CommandContext, io: MutateIO): Promise<number> {
  const f = c.flags;
  const dryRun = dryRunOf(f);
  const output = objectOutputOf(f, io.fs?.readFile);
  if (c.args.length === 0 && f.list('filename').length === 0)
    throw new KubectlError(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  // --selector is the Service's selector here, not a filter on the objects to expose.
  const flags = Object.create(c.flags) as typeof c.flags;
  flags.str = (name: string) => (name === 'selector' ? '' : c.flags.str(name));
  const t = await resolveTargets({ ...c, flags }, io, c.args, { fetch: true });
  if (t.errors.length) throw new KubectlError(t.errors.join('\n'));
  for (const info of t.infos) {
    const kind = String(info.object.kind ?? info.resource.kind);
    if (!EXPOSABLE.includes(kind)) throw cmdError(`cannot expose a ${kind}`);
    const svc = createService(c, info);
    await sendGenerated(c, io, { object: svc }, dryRun, output, 'kubectl-expose', 'exposed');
  }
  return 0;
}

/** Describers of services and the networking kinds (describe.go). */
import { formatLabelSelector } from '../../../cluster/api/printers/helpers';
import { formatLabels } from '../../printers/table';
import { eventsFor, listObjects, getObject } from './env';
import type { DescribeEnv } from './env';
import type { Any } from './format';
import {
  describeEvents,
  goTimeString,
  int,
  intOrString,
  printAnnotationsMultiline,
  printLabelsMultiline,
  str,
} from './format';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, PrefixWriter } from './writer';

/** formatEndpointSlices: ready addresses with their port, at most three and "+ N more...". */
export function formatEndpointSlices(slices: Any[], ports: Set<string> | undefined): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const s of slices) {
    const endpoints: Any[] = s.endpoints ?? [];
    const ready = (e: Any) =>
      e.conditions?.ready === undefined ||
      e.conditions?.ready === null ||
      e.conditions.ready === true;
    if ((s.ports ?? []).length === 0) {
      for (const e of endpoints) {
        if (list.length === max) more = true;
        if (!ready(e)) continue;
        if (!more) list.push(str(e.addresses?.[0]));
        count++;
      }
    } else {
      for (const p of s.ports) {
        if (ports && !ports.has(str(p.name))) continue;
        for (const e of endpoints) {
          if (list.length === max) more = true;
          const addr = str(e.addresses?.[0]);
          if (!ready(e)) continue;
          if (!more) list.push(`${addr.includes(':') ? `[${addr}]` : addr}:${int(p.port)}`);
          count++;
        }
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

async function slicesFor(env: DescribeEnv, ns: string, service: string): Promise<Any[]> {
  const r = await listObjects(
    env,
    `/apis/discovery.k8s.io/v1/namespaces/${encodeURIComponent(ns)}/endpointslices`,
    { labelSelector: `kubernetes.io/service-name=${service}` },
  );
  return r.items;
}

export async function describeService(svc: Any, env: DescribeEnv): Promise<string> {
  const slices = await slicesFor(env, svc.metadata.namespace, svc.metadata.name);
  const events = await eventsFor(env, svc, 'Service');
  const w = new PrefixWriter();
  const spec = svc.spec ?? {};
  w.write(LEVEL_0, `Name:\t${svc.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${svc.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', svc.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', svc.metadata.annotations);
  w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
  w.write(LEVEL_0, `Type:\t${str(spec.type)}\n`);
  if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  const families: string[] = spec.ipFamilies ?? [];
  w.write(LEVEL_0, `IP Families:\t${families.length > 0 ? families.join(',') : '<none>'}\n`);
  w.write(LEVEL_0, `IP:\t${str(spec.clusterIP)}\n`);
  const ips: string[] = spec.clusterIPs ?? [];
  w.write(LEVEL_0, `IPs:\t${ips.length > 0 ? ips.join(',') : '<none>'}\n`);
  if ((spec.externalIPs ?? []).length > 0)
    w.write(LEVEL_0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
  if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
  if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
  const ingress: Any[] = svc.status?.loadBalancer?.ingress ?? [];
  if (ingress.length > 0) {
    const list = ingress
      .map((i) => (i.ip ? `${i.ip}${i.ipMode ? ` (${i.ipMode})` : ''}` : str(i.hostname)))
      .join(', ');
    w.write(LEVEL_0, `LoadBalancer Ingress:\t${list}\n`);
  }
  for (const sp of spec.ports ?? []) {
    const name = sp.name || '<unset>';
    w.write(LEVEL_0, `Port:\t${name}\t${int(sp.port)}/${str(sp.protocol)}\n`);
    w.write(LEVEL_0, `TargetPort:\t${intOrString(sp.targetPort) || '0'}/${str(sp.protocol)}\n`);
    if (sp.appProtocol !== undefined) w.write(LEVEL_0, `AppProtocol:\t${sp.appProtocol}\n`);
    if (sp.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${sp.nodePort}/${str(sp.protocol)}\n`);
    w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlices(slices, new Set([str(sp.name)]))}\n`);
  }
  w.write(LEVEL_0, `Session Affinity:\t${str(spec.sessionAffinity)}\n`);
  if (spec.externalTrafficPolicy)
    w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.internalTrafficPolicy)
    w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  if (spec.healthCheckNodePort)
    w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
  if ((spec.loadBalancerSourceRanges ?? []).length > 0)
    w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`);
  if (spec.trafficDistribution)
    w.write(LEVEL_0, `Traffic Distribution:\t${spec.trafficDistribution}\n`);
  if (events) describeEvents(events, w, env.now);
  return w.text();
}

export async function describeEndpoints(ep: Any, env: DescribeEnv): Promise<string> {
  const events = await eventsFor(env, ep, 'Endpoints');
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${ep.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${ep.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', ep.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ep.metadata.annotations);
  w.write(LEVEL_0, 'Subsets:\n');
  for (const subset of ep.subsets ?? []) {
    const addrs = (subset.addresses ?? []).map((a: Any) => str(a.ip)).join(',');
    w.write(LEVEL_1, `Addresses:\t${addrs || '<none>'}\n`);
    const notReady = (subset.notReadyAddresses ?? []).map((a: Any) => str(a.ip)).join(',');
    w.write(LEVEL_1, `NotReadyAddresses:\t${notReady || '<none>'}\n`);
    if ((subset.ports ?? []).length > 0) {
      w.write(LEVEL_1, 'Ports:\n');
      w.write(LEVEL_2, 'Name\tPort\tProtocol\n');
      w.write(LEVEL_2, '----\t----\t--------\n');
      for (const p of subset.ports)
        w.write(LEVEL_2, `${p.name || '<unset>'}\t${int(p.port)}\t${str(p.protocol)}\n`);
    }
    w.write(LEVEL_0, '\n');
  }
  if (events) describeEvents(events, w, env.now);
  return w.text();
}

export async function describeEndpointSlice(eps: Any, env: DescribeEnv): Promise<string> {
  const events = await eventsFor(env, eps, 'EndpointSlice');
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${eps.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${eps.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', eps.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', eps.metadata.annotations);
  w.write(LEVEL_0, `AddressType:\t${str(eps.addressType)}\n`);
  const ports: Any[] = eps.ports ?? [];
  if (ports.length === 0) w.write(LEVEL_0, 'Ports: <unset>\n');
  else {
    w.write(LEVEL_0, 'Ports:\n');
    w.write(LEVEL_1, 'Name\tPort\tProtocol\n');
    w.write(LEVEL_1, '----\t----\t--------\n');
    for (const p of ports) {
      const name = p.name ? p.name : '<unset>';
      const num = typeof p.port === 'number' ? String(p.port) : '<unset>';
      w.write(LEVEL_1, `${name}\t${num}\t${str(p.protocol)}\n`);
    }
  }
  const endpoints: Any[] = eps.endpoints ?? [];
  if (endpoints.length === 0) w.write(LEVEL_0, 'Endpoints: <none>\n');
  else {
    w.write(LEVEL_0, 'Endpoints:\n');
    for (const e of endpoints) {
      w.write(LEVEL_1, `- Addresses:\t${(e.addresses ?? []).join(', ') || '<none>'}\n`);
      w.write(LEVEL_2, 'Conditions:\n');
      const ready = e.conditions?.ready;
      w.write(LEVEL_3, `Ready:\t${typeof ready === 'boolean' ? String(ready) : '<unset>'}\n`);
      w.write(LEVEL_2, `Hostname:\t${typeof e.hostname === 'string' ? e.hostname : '<unset>'}\n`);
      if (e.targetRef)
        w.write(LEVEL_2, `TargetRef:\t${str(e.targetRef.kind)}/${str(e.targetRef.name)}\n`);
      w.write(LEVEL_2, `NodeName:\t${typeof e.nodeName === 'string' ? e.nodeName : '<unset>'}\n`);
      w.write(LEVEL_2, `Zone:\t${typeof e.zone === 'string' ? e.zone : '<unset>'}\n`);
    }
  }
  if (events) describeEvents(events, w, env.now);
  return w.text();
}

function serviceBackend(b: Any): string {
  if (!b) return '';
  const port = b.port?.number ? String(b.port.number) : str(b.port?.name);
  return `${str(b.name)}:${port}`;
}

async function describeBackend(env: DescribeEnv, ns: string, backend: Any): Promise<string> {
  if (backend?.service) {
    const sb = serviceBackend(backend.service);
    const slices = await listObjects(
      env,
      `/apis/discovery.k8s.io/v1/namespaces/${encodeURIComponent(ns)}/endpointslices`,
      { labelSelector: `kubernetes.io/service-name=${backend.service.name}` },
    );
    if (slices.status) return `${sb} (<error: ${errorText(slices.body)}>)`;
    const svc = await getObject(
      env,
      `/api/v1/namespaces/${encodeURIComponent(ns)}/services/${encodeURIComponent(backend.service.name)}`,
    );
    if (svc.status >= 400) return `${sb} (<error: ${errorText(svc.body)}>)`;
    let spName = '';
    for (const sp of svc.body?.spec?.ports ?? []) {
      const num = backend.service.port?.number ?? 0;
      const name = backend.service.port?.name ?? '';
      if (num !== 0 && num === sp.port) spName = str(sp.name);
      else if (name && name === sp.name) spName = str(sp.name);
    }
    return `${sb} (${formatEndpointSlices(slices.items, new Set([spName]))})`;
  }
  if (backend?.resource) {
    const r = backend.resource;
    return `APIGroup: ${r.apiGroup ?? '<none>'}, Kind: ${str(r.kind)}, Name: ${str(r.name)}`;
  }
  return '';
}

function errorText(body: unknown): string {
  return str((body as Any)?.message);
}

export async function describeIngress(ing: Any, env: DescribeEnv): Promise<string> {
  const events = await eventsFor(env, ing, 'Ingress');
  const w = new PrefixWriter();
  const spec = ing.spec ?? {};
  const ns = ing.metadata.namespace;
  w.write(LEVEL_0, `Name:\t${ing.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', ing.metadata.labels);
  w.write(LEVEL_0, `Namespace:\t${ns}\n`);
  const addrs = new Set<string>();
  for (const i of ing.status?.loadBalancer?.ingress ?? []) {
    if (i.ip) addrs.add(i.ip);
    else if (i.hostname) addrs.add(i.hostname);
  }
  w.write(LEVEL_0, `Address:\t${[...addrs].sort().join(',')}\n`);
  w.write(LEVEL_0, `Ingress Class:\t${spec.ingressClassName ?? '<none>'}\n`);
  const def = spec.defaultBackend
    ? await describeBackend(env, ns, spec.defaultBackend)
    : '<default>';
  w.write(LEVEL_0, `Default backend:\t${def}\n`);
  if ((spec.tls ?? []).length > 0) {
    w.write(LEVEL_0, 'TLS:\n');
    for (const t of spec.tls) {
      const hosts = (t.hosts ?? []).join(',');
      if (!t.secretName) w.write(LEVEL_1, `SNI routes ${hosts}\n`);
      else w.write(LEVEL_1, `${t.secretName} terminates ${hosts}\n`);
    }
  }
  w.write(LEVEL_0, 'Rules:\n  Host\tPath\tBackends\n');
  w.write(LEVEL_1, '----\t----\t--------\n');
  let count = 0;
  for (const rule of spec.rules ?? []) {
    if (!rule.http) continue;
    count++;
    w.write(LEVEL_1, `${rule.host || '*'}\t\n`);
    for (const p of rule.http.paths ?? []) {
      w.write(LEVEL_2, `\t${str(p.path)} \t${await describeBackend(env, ns, p.backend)}\n`);
    }
  }
  if (count === 0) w.write(LEVEL_1, `*\t*\t${def}\n`);
  printAnnotationsMultiline(w, 'Annotations', ing.metadata.annotations);
  if (events) describeEvents(events, w, env.now);
  return w.text();
}

export async function describeIngressClass(ic: Any, env: DescribeEnv): Promise<string> {
  const events = await eventsFor(env, ic, 'IngressClass');
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${ic.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', ic.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ic.metadata.annotations);
  w.write(LEVEL_0, `Controller:\t${str(ic.spec?.controller)}\n`);
  const p = ic.spec?.parameters;
  if (p) {
    w.write(LEVEL_0, 'Parameters:\n');
    if (p.apiGroup !== undefined) w.write(LEVEL_1, `APIGroup:\t${p.apiGroup}\n`);
    w.write(LEVEL_1, `Kind:\t${str(p.kind)}\n`);
    w.write(LEVEL_1, `Name:\t${str(p.name)}\n`);
  }
  if (events) describeEvents(events, w, env.now);
  return w.text();
}

function peerLines(w: PrefixWriter, peers: Any[], label: 'From' | 'To', indent: string): void {
  for (const peer of peers) {
    w.write(LEVEL_0, `${indent}${label}:\n`);
    if (peer.podSelector && peer.namespaceSelector) {
      w.write(
        LEVEL_1,
        `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`,
      );
      w.write(LEVEL_1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
    } else if (peer.podSelector) {
      w.write(LEVEL_1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
    } else if (peer.namespaceSelector) {
      w.write(
        LEVEL_1,
        `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`,
      );
    } else if (peer.ipBlock) {
      w.write(LEVEL_1, `${indent}IPBlock:\n`);
      w.write(LEVEL_2, `${indent}CIDR: ${str(peer.ipBlock.cidr)}\n`);
      w.write(LEVEL_2, `${indent}Except: ${(peer.ipBlock.except ?? []).join(', ')}\n`);
    }
  }
}

function rulesLines(w: PrefixWriter, rules: Any[], ingress: boolean): void {
  const indent = '    ';
  if (rules.length === 0) {
    w.write(
      LEVEL_0,
      `${indent}<none> (Selected pods are isolated for ${ingress ? 'ingress' : 'egress'} connectivity)\n`,
    );
    return;
  }
  rules.forEach((rule, i) => {
    const ports: Any[] = rule.ports ?? [];
    if (ports.length === 0)
      w.write(LEVEL_0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    for (const p of ports) {
      const proto = p.protocol ?? 'TCP';
      const port = p.port === undefined ? '<nil>' : intOrString(p.port);
      if (p.endPort === undefined) w.write(LEVEL_0, `${indent}To Port: ${port}/${proto}\n`);
      else w.write(LEVEL_0, `${indent}To Port Range: ${port}-${p.endPort}/${proto}\n`);
    }
    const peers: Any[] = (ingress ? rule.from : rule.to) ?? [];
    if (peers.length === 0) {
      w.write(
        LEVEL_0,
        ingress
          ? `${indent}From: <any> (traffic not restricted by source)\n`
          : `${indent}To: <any> (traffic not restricted by destination)\n`,
      );
    } else peerLines(w, peers, ingress ? 'From' : 'To', indent);
    if (i !== rules.length - 1) w.write(LEVEL_0, `${indent}----------\n`);
  });
}

export async function describeNetworkPolicy(np: Any): Promise<string> {
  const w = new PrefixWriter();
  const spec = np.spec ?? {};
  w.write(LEVEL_0, `Name:\t${np.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${np.metadata.namespace}\n`);
  w.write(LEVEL_0, `Created on:\t${goTimeString(np.metadata.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', np.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', np.metadata.annotations);
  w.write(LEVEL_0, 'Spec:\n');
  w.write(LEVEL_1, 'PodSelector: ');
  const ps = spec.podSelector ?? {};
  if (Object.keys(ps.matchLabels ?? {}).length === 0 && (ps.matchExpressions ?? []).length === 0)
    w.write(LEVEL_2, '<none> (Allowing the specific traffic to all pods in this namespace)\n');
  else w.write(LEVEL_2, `${formatLabelSelector(ps)}\n`);
  const types: string[] = spec.policyTypes ?? [];
  if (types.includes('Ingress')) {
    w.write(LEVEL_1, 'Allowing ingress traffic:\n');
    rulesLines(w, spec.ingress ?? [], true);
  } else w.write(LEVEL_1, 'Not affecting ingress traffic\n');
  if (types.includes('Egress')) {
    w.write(LEVEL_1, 'Allowing egress traffic:\n');
    rulesLines(w, spec.egress ?? [], false);
  } else w.write(LEVEL_1, 'Not affecting egress traffic\n');
  w.write(LEVEL_1, `Policy Types: ${types.length > 0 ? types.join(', ') : '<none>'}\n`);
  return w.text();
}

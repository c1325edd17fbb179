/** Printers for networking.k8s.io/v1 (Ingress, IngressClass, NetworkPolicy) and EndpointSlice. */
import type { KubeObject } from '../types';
import { loadBalancerStatusString } from './core';
import type { Any } from './helpers';
import {
  AGE_COLUMN,
  NAME_COLUMN,
  age,
  col,
  formatLabelSelector,
  int,
  listWithMore,
  str,
} from './helpers';
import type { TablePrinter } from './types';

const name = (obj: KubeObject): string => obj.metadata.name ?? '';

/** formatHosts: up to three hosts, "*" when no rule names one. */
function formatHosts(rules: Any[] | undefined): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  const all = rules ?? [];
  for (const rule of all) {
    if (list.length === max) more = true;
    if (!more && str(rule?.host).length !== 0) list.push(rule.host);
  }
  if (list.length === 0) return '*';
  const ret = list.join(',');
  return more ? `${ret} + ${all.length - max} more...` : ret;
}

export const ingressPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col(
      'Class',
      'string',
      'The name of the IngressClass resource that should be used for additional configuration',
    ),
    col(
      'Hosts',
      'string',
      'Hosts that incoming requests are matched against before the ingress rule',
    ),
    col('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    col('Ports', 'string', 'Ports of TLS configurations that open'),
    AGE_COLUMN,
  ],
  row(obj, ctx) {
    const ing = obj as Any;
    const className =
      typeof ing.spec?.ingressClassName === 'string' ? ing.spec.ingressClassName : '<none>';
    const tls = ing.spec?.tls;
    return [
      name(obj),
      className,
      formatHosts(ing.spec?.rules),
      loadBalancerStatusString(ing.status?.loadBalancer),
      Array.isArray(tls) && tls.length !== 0 ? '80, 443' : '80',
      age(obj, ctx),
    ];
  },
};

export const ingressClassPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Controller', 'string', 'Controller that is responsible for handling this class'),
    col('Parameters', 'string', 'A reference to a resource with additional parameters'),
    AGE_COLUMN,
  ],
  row(obj, ctx) {
    const ic = obj as Any;
    const p = ic.spec?.parameters;
    let parameters = '<none>';
    if (p) {
      parameters = str(p.kind);
      if (typeof p.apiGroup === 'string') parameters = `${parameters}.${p.apiGroup}`;
      parameters = `${parameters}/${str(p.name)}`;
    }
    return [name(obj), str(ic.spec?.controller), parameters, age(obj, ctx)];
  },
};

export const networkPolicyPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Pod-Selector', 'string', 'extensions/v1beta1.NetworkPolicySpec.podSelector'),
    AGE_COLUMN,
  ],
  row(obj, ctx) {
    // podSelector is a struct upstream, never nil: a missing one is the empty selector.
    return [name(obj), formatLabelSelector((obj as Any).spec?.podSelector ?? {}), age(obj, ctx)];
  },
};

function formatDiscoveryPorts(ports: Any[] | undefined): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const port of ports ?? []) {
    if (list.length < max) {
      let portNum = '*';
      if (typeof port?.port === 'number') portNum = String(int(port.port));
      else if (typeof port?.name === 'string') portNum = port.name;
      list.push(portNum);
    } else if (list.length === max) {
      more = true;
    }
    count++;
  }
  return listWithMore(list, more, count, max);
}

function formatDiscoveryEndpoints(endpoints: Any[] | undefined): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ep of endpoints ?? []) {
    for (const address of ep?.addresses ?? []) {
      if (list.length < max) list.push(String(address));
      else if (list.length === max) more = true;
      count++;
    }
  }
  return listWithMore(list, more, count, max);
}

export const endpointSlicePrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('AddressType', 'string', 'discovery/v1beta1.EndpointSlice.addressType'),
    col('Ports', 'string', 'discovery/v1beta1.EndpointSlice.ports'),
    col('Endpoints', 'string', 'discovery/v1beta1.EndpointSlice.endpoints'),
    AGE_COLUMN,
  ],
  row(obj, ctx) {
    const es = obj as Any;
    return [
      name(obj),
      str(es.addressType),
      formatDiscoveryPorts(es.ports),
      formatDiscoveryEndpoints(es.endpoints),
      age(obj, ctx),
    ];
  },
};

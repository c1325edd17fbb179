import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { fieldSelectorFilter, selectableFields } from './fields';
import { BUILTIN_TYPES } from './registry';
import type { ResourceType } from './registry';
import { parseFieldSelector } from './selectors';
import type { KubeObject } from './types';

function rt(group: string, kind: string): ResourceType {
  const t = BUILTIN_TYPES.find((x) => x.group === group && x.kind === kind);
  if (!t) throw new Error(`no type ${group}/${kind}`);
  return t;
}

function newPod(
  name: string,
  fields: { nodeName?: string; phase?: string; hostNetwork?: boolean; podIP?: string } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      nodeName: fields.nodeName,
      hostNetwork: fields.hostNetwork,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
      containers: [],
    },
    status: {
      phase: fields.phase ?? 'Running',
      podIP: fields.podIP,
      podIPs: fields.podIP ? [{ ip: fields.podIP }] : undefined,
    },
  } as KubeObject;
}

/** Names of the objects a selector keeps. */
function select(t: ResourceType, selector: string, objs: KubeObject[]): string[] {
  const f = fieldSelectorFilter(t, parseFieldSelector(selector));
  return objs.filter(f).map((o) => o.metadata.name!);
}

function errorOf(t: ResourceType, selector: string): { code: number; message: string } {
  try {
    fieldSelectorFilter(t, parseFieldSelector(selector));
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return { code: (e as ApiError).code, message: (e as ApiError).message };
  }
  throw new Error('expected an error');
}

describe('selectableFields', () => {
  it('lists the pod fields as upstream ToSelectableFields', () => {
    expect(
      selectableFields(rt('', 'Pod'), newPod('a', { nodeName: 'n1', podIP: '10.0.0.1' })),
    ).toEqual({
      'metadata.name': 'a',
      'metadata.namespace': 'default',
      'spec.nodeName': 'n1',
      'spec.restartPolicy': 'Always',
      'spec.schedulerName': 'default-scheduler',
      'spec.serviceAccountName': 'default',
      'spec.hostNetwork': 'false',
      'status.phase': 'Running',
      'status.podIP': '10.0.0.1',
      'status.nominatedNodeName': '',
    });
  });

  it('leaves metadata.namespace out for cluster-scoped kinds', () => {
    const node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n1' },
      spec: { unschedulable: true },
    } as KubeObject;
    expect(selectableFields(rt('', 'Node'), node)).toEqual({
      'metadata.name': 'n1',
      'spec.unschedulable': 'true',
    });
  });
});

describe('fieldSelectorFilter', () => {
  const pods = [
    newPod('a', { nodeName: 'n1', phase: 'Running' }),
    newPod('b', { nodeName: 'n2', phase: 'Pending', hostNetwork: true }),
    newPod('c', { phase: 'Pending' }),
  ];
  it.each([
    ['spec.nodeName=n1', ['a']],
    ['spec.nodeName==n2', ['b']],
    ['spec.nodeName!=n1', ['b', 'c']],
    ['spec.nodeName=', ['c']],
    ['status.phase=Pending,spec.nodeName!=', ['b']],
    ['spec.hostNetwork=true', ['b']],
    ['spec.host=n1', ['a']],
    ['metadata.name=c', ['c']],
    ['metadata.namespace=default', ['a', 'b', 'c']],
    ['status.podIPs=10.0.0.1', []],
  ])('pods %s', (sel, want) => {
    expect(select(rt('', 'Pod'), sel, pods)).toEqual(want);
  });

  it.each<[string, string, string, string]>([
    ['', 'Pod', 'foo=bar', 'field label not supported: foo'],
    ['', 'Node', 'metadata.namespace=x', 'field label not supported: metadata.namespace'],
    ['', 'Namespace', 'metadata.namespace=x', 'field label not supported: metadata.namespace'],
    [
      '',
      'ConfigMap',
      'data.x=y',
      '"data.x" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
    [
      'apps',
      'ReplicaSet',
      'status.replicas=1',
      '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
    ['batch', 'Job', 'status.failed=1', 'field label "status.failed" not supported for Job'],
    [
      'events.k8s.io',
      'Event',
      'involvedObject.kind=Pod',
      'field label not supported: involvedObject.kind',
    ],
  ])('%s/%s rejects %s', (g, k, sel, message) => {
    expect(errorOf(rt(g, k), sel)).toEqual({ code: 400, message });
  });

  it('selects services, secrets, namespaces, nodes, replication controllers and jobs', () => {
    const o = (apiVersion: string, kind: string, name: string, rest: Record<string, unknown>) =>
      ({ apiVersion, kind, metadata: { name, namespace: 'default' }, ...rest }) as KubeObject;
    expect(
      select(rt('', 'Service'), 'spec.clusterIP!=None,spec.type=ClusterIP', [
        o('v1', 'Service', 'web', { spec: { type: 'ClusterIP', clusterIP: '10.96.0.5' } }),
        o('v1', 'Service', 'headless', { spec: { type: 'ClusterIP', clusterIP: 'None' } }),
        o('v1', 'Service', 'np', { spec: { type: 'NodePort', clusterIP: '10.96.0.6' } }),
      ]),
    ).toEqual(['web']);
    expect(
      select(rt('', 'Secret'), 'type=kubernetes.io/tls', [
        o('v1', 'Secret', 's1', { type: 'Opaque' }),
        o('v1', 'Secret', 's2', { type: 'kubernetes.io/tls' }),
      ]),
    ).toEqual(['s2']);
    expect(
      select(rt('', 'Namespace'), 'status.phase=Terminating', [
        o('v1', 'Namespace', 'a', { status: { phase: 'Active' } }),
        o('v1', 'Namespace', 'b', { status: { phase: 'Terminating' } }),
      ]),
    ).toEqual(['b']);
    expect(
      select(rt('', 'Node'), 'spec.unschedulable=false', [
        o('v1', 'Node', 'n1', { spec: {} }),
        o('v1', 'Node', 'n2', { spec: { unschedulable: true } }),
      ]),
    ).toEqual(['n1']);
    expect(
      select(rt('', 'ReplicationController'), 'status.replicas=0', [
        o('v1', 'ReplicationController', 'r1', { status: { replicas: 2 } }),
        o('v1', 'ReplicationController', 'r2', { status: {} }),
      ]),
    ).toEqual(['r2']);
    expect(
      select(rt('batch', 'Job'), 'status.successful=1', [
        o('batch/v1', 'Job', 'j1', { status: { succeeded: 1 } }),
        o('batch/v1', 'Job', 'j2', { status: {} }),
      ]),
    ).toEqual(['j1']);
  });

  it('selects core and events.k8s.io events', () => {
    const core = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e1', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default' },
      reason: 'Scheduled',
      type: 'Normal',
      reportingComponent: 'default-scheduler',
      source: {},
    } as KubeObject;
    expect(
      select(rt('', 'Event'), 'involvedObject.kind=Pod,involvedObject.name=web-1', [core]),
    ).toEqual(['e1']);
    expect(select(rt('', 'Event'), 'source=default-scheduler,type=Normal', [core])).toEqual(['e1']);
    const ev = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'e2', namespace: 'default' },
      regarding: { kind: 'Node', name: 'n1' },
      reason: 'Starting',
      reportingController: 'kubelet',
    } as KubeObject;
    expect(
      select(rt('events.k8s.io', 'Event'), 'regarding.kind=Node,reportingController=kubelet', [ev]),
    ).toEqual(['e2']);
  });

  it('uses the CRD selectableFields for custom resources', () => {
    const widget: ResourceType = {
      ...rt('', 'ConfigMap'),
      group: 'example.com',
      kind: 'Widget',
      plural: 'widgets',
      key: 'widgets.example.com',
      custom: true,
    };
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        versions: [
          {
            name: 'v1',
            selectableFields: [{ jsonPath: '.spec.color' }, { jsonPath: '.spec.size' }],
          },
        ],
      },
    } as unknown as KubeObject;
    const w = (name: string, spec: Record<string, unknown>) =>
      ({
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name, namespace: 'default' },
        spec,
      }) as KubeObject;
    const f = fieldSelectorFilter(widget, parseFieldSelector('spec.color=blue,spec.size!=3'), crd);
    expect(
      [
        w('a', { color: 'blue', size: 2 }),
        w('b', { color: 'blue', size: 3 }),
        w('c', { color: 'red' }),
      ]
        .filter(f)
        .map((o) => o.metadata.name),
    ).toEqual(['a']);
    expect(() => fieldSelectorFilter(widget, parseFieldSelector('spec.shape=round'), crd)).toThrow(
      'field label not supported: spec.shape',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../apiserver/request';
import { createCluster } from '../../cluster';
import { ApiError } from '../errors';
import { decodeKubernetesProtobuf } from './decode';

// A small protobuf writer: each helper returns the bytes of one field.
const enc = new TextEncoder();

function varint(v: number | bigint): number[] {
  let n = BigInt.asUintN(64, BigInt(v));
  const out: number[] = [];
  while (n >= 0x80n) {
    out.push(Number(n & 0x7fn) | 0x80);
    n >>= 7n;
  }
  out.push(Number(n));
  return out;
}

const key = (num: number, wire: number) => varint((num << 3) | wire);
const cat = (...parts: number[][]) => parts.flat();
const lenDelim = (num: number, body: number[]) => cat(key(num, 2), varint(body.length), body);
const str = (num: number, s: string) => lenDelim(num, [...enc.encode(s)]);
const bytes = (num: number, b: number[]) => lenDelim(num, b);
const int = (num: number, v: number) => cat(key(num, 0), varint(v));
const bool = (num: number, v: boolean) => int(num, v ? 1 : 0);
const msg = (num: number, ...fields: number[][]) => lenDelim(num, cat(...fields));
const entry = (num: number, k: string, value: number[]) => msg(num, str(1, k), value);
const mapStr = (num: number, k: string, v: string) => entry(num, k, str(2, v));
const quantity = (num: number, q: string) => msg(num, str(1, q));
const intOrInt = (num: number, v: number) => msg(num, int(1, 0), int(2, v));
const intOrStr = (num: number, v: string) => msg(num, int(1, 1), str(3, v));
const time = (num: number, seconds: number, nanos = 0) => msg(num, int(1, seconds), int(2, nanos));

/** `k8s\0` + runtime.Unknown{typeMeta, raw}, as kubectl's typed clients send. */
function body(apiVersion: string, kind: string, ...object: number[][]): Uint8Array {
  const unknown = cat(
    msg(1, str(1, apiVersion), str(2, kind)),
    bytes(2, cat(...object)),
    str(3, ''),
    str(4, ''),
  );
  return new Uint8Array([0x6b, 0x38, 0x73, 0x00, ...unknown]);
}

/** ObjectMeta as Go writes it: every non-pointer scalar on the wire, zero or not. */
function meta(name: string, namespace = '', ...more: number[][]): number[] {
  return msg(
    1,
    str(1, name),
    str(2, ''),
    str(3, namespace),
    str(4, ''),
    str(5, ''),
    str(6, ''),
    int(7, 0),
    time(8, 0),
    ...more,
  );
}

function decodeError(b: Uint8Array): ApiError {
  try {
    decodeKubernetesProtobuf(b);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('decodeKubernetesProtobuf', () => {
  it('decodes a ConfigMap with data and binaryData, dropping omitempty zeros', () => {
    const b = body(
      'v1',
      'ConfigMap',
      meta('a', 'default', mapStr(11, 'app', 'web')),
      mapStr(2, 'k', 'v'),
      mapStr(2, 'x', ''),
      entry(3, 'bin', bytes(2, [0, 1, 2, 255])),
    );
    expect(decodeKubernetesProtobuf(b)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', namespace: 'default', labels: { app: 'web' } },
      data: { k: 'v', x: '' },
      binaryData: { bin: 'AAEC/w==' },
    });
  });

  it('keeps a "__proto__" map key as data, as JSON.parse does', () => {
    const b = body('v1', 'ConfigMap', meta('a'), mapStr(2, '__proto__', 'x'));
    const cm = decodeKubernetesProtobuf(b) as { data: Record<string, unknown> };
    expect(Object.getPrototypeOf(cm.data)).toBe(Object.prototype);
    expect(JSON.stringify(cm.data)).toBe('{"__proto__":"x"}');
  });

  it('decodes a Secret: bytes become base64 as in the JSON form', () => {
    const b = body(
      'v1',
      'Secret',
      meta('s'),
      entry(2, 'p', bytes(2, [...enc.encode('x')])),
      entry(2, 'empty', []),
      str(3, 'Opaque'),
    );
    expect(decodeKubernetesProtobuf(b)).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { p: 'eA==', empty: '' },
      type: 'Opaque',
    });
  });

  it('decodes a Deployment: containers, ports, resources, quantities, intstr, pointers', () => {
    const container = cat(
      str(1, 'nginx'),
      str(2, 'nginx'),
      msg(6, str(1, ''), int(2, 0), int(3, 80), str(4, 'TCP'), str(5, '')),
      msg(
        8,
        entry(1, 'cpu', quantity(2, '500m')),
        entry(1, 'memory', quantity(2, '128Mi')),
        entry(2, 'cpu', quantity(2, '250m')),
      ),
      str(13, ''),
      bool(16, false),
    );
    const b = body(
      'apps/v1',
      'Deployment',
      meta('web', 'default', mapStr(11, 'app', 'web')),
      msg(
        2,
        int(1, 2),
        msg(2, mapStr(1, 'app', 'web')),
        msg(3, meta('', '', mapStr(11, 'app', 'web')), msg(2, msg(2, container))),
        msg(4, str(1, 'RollingUpdate'), msg(2, intOrInt(1, 0), intOrStr(2, '25%'))),
        int(5, 0),
        bool(7, false),
      ),
      msg(3),
    );
    expect(decodeKubernetesProtobuf(b)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'nginx',
                image: 'nginx',
                ports: [{ containerPort: 80, protocol: 'TCP' }],
                resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '250m' } },
              },
            ],
          },
        },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
      },
      status: {},
    });
  });

  it('keeps zero in pointer fields and required fields, and fills required ones left out', () => {
    const b = body(
      'apps/v1',
      'Deployment',
      meta('web'),
      msg(2, int(1, 0), msg(3, msg(2, msg(2, str(2, 'nginx'), msg(6, str(4, 'TCP')))))),
    );
    expect(decodeKubernetesProtobuf(b)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 0,
        template: {
          spec: {
            containers: [
              { name: '', image: 'nginx', ports: [{ containerPort: 0, protocol: 'TCP' }] },
            ],
          },
        },
      },
    });
  });

  it('decodes a Service: targetPort as a number or a name, zero ports dropped', () => {
    const port = (name: string, p: number, target: number[]) =>
      msg(1, str(1, name), str(2, 'TCP'), int(3, p), target, int(5, 0));
    const b = body(
      'v1',
      'Service',
      meta('web', 'default'),
      msg(
        2,
        port('80-8080', 80, intOrInt(4, 8080)),
        port('', 443, intOrStr(4, 'https')),
        port('', 53, intOrInt(4, 0)),
        mapStr(2, 'app', 'web'),
        str(3, ''),
        str(4, 'ClusterIP'),
        str(7, ''),
      ),
      msg(3, msg(1)),
    );
    expect(decodeKubernetesProtobuf(b)).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        ports: [
          { name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 },
          { protocol: 'TCP', port: 443, targetPort: 'https' },
          { protocol: 'TCP', port: 53 },
        ],
        selector: { app: 'web' },
        type: 'ClusterIP',
      },
      status: { loadBalancer: {} },
    });
  });

  it('decodes a Job: command lists, restart policy, times as RFC 3339', () => {
    const b = body(
      'batch/v1',
      'Job',
      meta('j'),
      msg(
        2,
        int(7, 6),
        msg(
          6,
          meta(''),
          msg(
            2,
            msg(2, str(1, 'j'), str(2, 'busybox'), str(3, 'sh'), str(3, '-c'), str(3, 'echo hi')),
            str(3, 'Never'),
          ),
        ),
      ),
      msg(3, time(2, 1735689600), int(4, 0)),
    );
    expect(decodeKubernetesProtobuf(b)).toEqual({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j' },
      spec: {
        backoffLimit: 6,
        template: {
          metadata: {},
          spec: {
            containers: [{ name: 'j', image: 'busybox', command: ['sh', '-c', 'echo hi'] }],
            restartPolicy: 'Never',
          },
        },
      },
      status: { startTime: '2025-01-01T00:00:00Z' },
    });
  });

  it('decodes a policy/v1 Eviction with its DeleteOptions', () => {
    const b = body(
      'policy/v1',
      'Eviction',
      meta('web-1', 'default'),
      msg(2, int(1, 0), str(4, 'Background'), str(5, 'All')),
    );
    expect(decodeKubernetesProtobuf(b)).toEqual({
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'web-1', namespace: 'default' },
      deleteOptions: { gracePeriodSeconds: 0, propagationPolicy: 'Background', dryRun: ['All'] },
    });
  });

  it('decodes DeleteOptions under any group version', () => {
    const b = body('apps/v1', 'DeleteOptions', msg(2, str(1, 'uid-1')), bool(3, false));
    expect(decodeKubernetesProtobuf(b)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'DeleteOptions',
      preconditions: { uid: 'uid-1' },
      orphanDependents: false,
    });
  });

  it('decodes negative numbers, MicroTime, inlined volume sources and raw JSON', () => {
    const pod = body(
      'v1',
      'Pod',
      meta('p'),
      msg(2, msg(1, str(1, 'v'), msg(2, msg(2, str(1, 'Memory')))), int(25, -5)),
    );
    expect(decodeKubernetesProtobuf(pod)).toMatchObject({
      spec: { volumes: [{ name: 'v', emptyDir: { medium: 'Memory' } }], priority: -5 },
    });
    const lease = body(
      'coordination.k8s.io/v1',
      'Lease',
      meta('l'),
      msg(2, time(3, 1735689600, 123456789)),
    );
    expect(decodeKubernetesProtobuf(lease)).toMatchObject({
      spec: { acquireTime: '2025-01-01T00:00:00.123456Z' },
    });
    const revision = body(
      'apps/v1',
      'ControllerRevision',
      meta('r'),
      msg(2, str(1, '{"spec":{"replicas":1}}')),
      int(3, 2),
    );
    expect(decodeKubernetesProtobuf(revision)).toMatchObject({
      data: { spec: { replicas: 1 } },
      revision: 2,
    });
  });

  it('decodes a CRD schema: the JSONSchemaProps unions and $ref/x-kubernetes names', () => {
    const schema = cat(
      str(5, 'object'),
      entry(29, 'spec', msg(2, str(5, 'object'), bool(38, true))),
      entry(29, 'tags', msg(2, str(5, 'array'), msg(24, msg(1, str(5, 'string'))))),
      msg(30, bool(1, false)),
      msg(8, str(1, '{"a":1}')),
    );
    const b = body(
      'apiextensions.k8s.io/v1',
      'CustomResourceDefinition',
      meta('crontabs.example.com'),
      msg(2, msg(7, str(1, 'v1'), bool(2, true), bool(3, true), msg(4, msg(1, schema)))),
    );
    expect(decodeKubernetesProtobuf(b)).toMatchObject({
      spec: {
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                  tags: { type: 'array', items: { type: 'string' } },
                },
                additionalProperties: false,
                default: { a: 1 },
              },
            },
          },
        ],
      },
    });
  });

  it.each([
    [
      'a body without the k8s magic',
      new Uint8Array([0x7b, 0x7d]),
      'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    ],
    [
      'a truncated varint',
      new Uint8Array([0x6b, 0x38, 0x73, 0x00, 0x08, 0x80]),
      'unable to decode the protobuf body: truncated varint at byte 6',
    ],
    [
      'a field longer than its message',
      new Uint8Array([0x6b, 0x38, 0x73, 0x00, 0x12, 0x05, 0x01]),
      'unable to decode the protobuf body: field of 5 bytes at byte 6 runs past the end of its message',
    ],
    [
      'an unknown kind',
      body('v1', 'Gadget', meta('g')),
      'no kind "Gadget" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
    ],
    ['a missing kind', body('v1', '', meta('g')), "Object 'Kind' is missing in the protobuf body"],
  ])('rejects %s with BadRequest', (_name, b, message) => {
    const e = decodeError(b);
    expect(e.code).toBe(400);
    expect(e.reason).toBe('BadRequest');
    expect(e.message).toBe(message);
  });
});

describe('decodeBody with a protobuf content type', () => {
  const headers = { 'content-type': 'application/vnd.kubernetes.protobuf' };
  const cm = body('v1', 'ConfigMap', meta('a'), mapStr(2, 'k', 'v'));
  const want = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } };

  it('decodes bytes as received over HTTP', () => {
    expect(decodeBody({ method: 'POST', path: '/', headers, body: cm })).toEqual(want);
  });

  it('decodes a string of bytes passed in-process', () => {
    const text = String.fromCharCode(...cm);
    expect(decodeBody({ method: 'POST', path: '/', headers, body: text })).toEqual(want);
  });
});

describe('the API server with a protobuf body', () => {
  it('creates the object in-process, strict field validation included', () => {
    const cluster = createCluster({ seed: 1, epochMs: Date.UTC(2025, 0, 1) });
    const res = cluster.handle({
      method: 'POST',
      path: '/api/v1/namespaces/default/configmaps',
      query: { fieldValidation: 'Strict' },
      headers: {
        'content-type': 'application/vnd.kubernetes.protobuf',
        accept: 'application/vnd.kubernetes.protobuf,application/json',
      },
      body: String.fromCharCode(...body('v1', 'ConfigMap', meta('a'), mapStr(2, 'k', 'v'))),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      metadata: { name: 'a', namespace: 'default' },
      data: { k: 'v' },
    });
  });
});

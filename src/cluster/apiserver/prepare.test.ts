/**
 * The API server's parts loaded on demand: the schemas' descriptions (for `/openapi/v3`) and the
 * protobuf decoder. test/setup.ts loads both for every other test file, so this one starts
 * from fresh modules to see the cluster without them, as the page's Worker boots.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as ClusterNs from '../cluster';
import type * as TransportNs from '../../kubectl/transport';
import type * as DescriptionsNs from '../api/schema/descriptions';

type ClusterModule = typeof ClusterNs;
type TransportModule = typeof TransportNs;
type DescriptionsModule = typeof DescriptionsNs;

let cluster: ClusterModule;
let transport: TransportModule;
let descriptions: DescriptionsModule;

beforeEach(async () => {
  vi.resetModules();
  cluster = await import('../cluster');
  transport = await import('../../kubectl/transport');
  descriptions = await import('../api/schema/descriptions');
});

const epochMs = Date.UTC(2025, 0, 1);
const DOC = { method: 'GET' as const, path: '/openapi/v3/apis/apps/v1' };
type Doc = { components: { schemas: Record<string, { description?: string }> } };

describe('loaded on demand', () => {
  it('boots and validates without the descriptions', () => {
    const c = cluster.createCluster({ seed: 1, epochMs });
    expect(descriptions.descriptionsLoaded()).toBe(false);
    const res = c.handle({
      method: 'POST',
      path: '/api/v1/namespaces/default/configmaps',
      query: { fieldValidation: 'Strict' },
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, dat: {} },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('unknown field \\"dat\\"');
  });

  it('a document asked for before the descriptions load is a 500, not a document without them', () => {
    const c = cluster.createCluster({ seed: 1, epochMs });
    const res = c.handle(DOC);
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).toContain('not loaded');
  });

  it('a transport awaits them, and the document reads as upstream', async () => {
    const c = cluster.createCluster({ seed: 1, epochMs });
    const res = await new transport.InProcessTransport(c).request(DOC);
    expect(res.status).toBe(200);
    const schemas = (res.body as Doc).components.schemas;
    expect(schemas['io.k8s.api.apps.v1.Deployment'].description).toBe(
      'Deployment enables declarative updates for Pods and ReplicaSets.',
    );
    const spec = (schemas['io.k8s.api.apps.v1.Deployment'] as Record<string, unknown>)
      .properties as Record<string, Record<string, unknown>>;
    // `description` sits after allOf, as upstream orders it.
    expect(Object.keys(spec.spec)).toEqual(['allOf', 'description']);
    expect(descriptions.descriptionsLoaded()).toBe(true);
    expect(c.prepare(DOC)).toBeUndefined();
  });

  it('a protobuf body waits for the decoder', async () => {
    const c = cluster.createCluster({ seed: 1, epochMs });
    const req = {
      method: 'POST' as const,
      path: '/api/v1/namespaces/default/configmaps',
      headers: { 'content-type': 'application/vnd.kubernetes.protobuf' },
      body: new Uint8Array([0x6b, 0x38, 0x73, 0x00]),
    };
    expect(c.handle(req).status).toBe(500);
    const wait = c.prepare(req);
    expect(wait).toBeInstanceOf(Promise);
    await wait;
    expect(c.prepare(req)).toBeUndefined();
    // The decoder now answers (an empty Unknown: upstream's 400, not our 500).
    expect(c.handle(req).status).not.toBe(500);
  });
});

describe('splitting and merging descriptions', () => {
  it('puts each description back where it was', () => {
    const def = {
      allOf: [{ $ref: '#/components/schemas/x' }],
      default: {},
      description: 'outer',
      properties: { description: { description: 'a field named description', type: 'string' } },
      type: 'object',
    };
    const { structure, texts } = descriptions.splitDescriptions(def);
    expect(JSON.stringify(structure)).not.toContain('outer');
    expect(texts).toEqual({ '': 'outer', 'properties/description': 'a field named description' });
    expect(JSON.stringify(descriptions.mergeDescriptions(structure, texts))).toBe(
      JSON.stringify(def),
    );
  });
});

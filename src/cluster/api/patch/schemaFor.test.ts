import { describe, expect, it } from 'vitest';
import { schemaFor } from '../schema/index';
import { applyStrategicMergePatch } from './index';

/** The generated schemas carry v1.32's patch strategies; the patch follows them. */
describe('applyStrategicMergePatch with the generated apps/v1 Deployment schema', () => {
  const schema = schemaFor('apps/v1', 'Deployment');

  it('has a schema for apps/v1 Deployment', () => {
    if (!schema) throw new Error('schemaFor("apps/v1", "Deployment") returned undefined');
  });

  it('merges containers by name, env by name and replaces args', () => {
    if (!schema) throw new Error('schemaFor("apps/v1", "Deployment") returned undefined');
    const doc = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', finalizers: ['a'] },
      spec: {
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
        template: {
          spec: {
            containers: [
              { name: 'nginx', image: 'nginx', args: ['a'], env: [{ name: 'A', value: '1' }] },
            ],
          },
        },
      },
    };
    const out = applyStrategicMergePatch(
      doc,
      {
        metadata: { finalizers: ['b'] },
        spec: {
          strategy: { $retainKeys: ['type'], type: 'Recreate' },
          template: {
            spec: {
              containers: [
                { name: 'nginx', args: ['b'], env: [{ name: 'B', value: '2' }] },
                { name: 'side', image: 'x' },
              ],
            },
          },
        },
      },
      schema,
    );
    expect(out).toEqual({
      ...doc,
      metadata: { name: 'web', finalizers: ['b', 'a'] },
      spec: {
        strategy: { type: 'Recreate' },
        template: {
          spec: {
            containers: [
              {
                name: 'nginx',
                image: 'nginx',
                args: ['b'],
                env: [
                  { name: 'B', value: '2' },
                  { name: 'A', value: '1' },
                ],
              },
              { name: 'side', image: 'x' },
            ],
          },
        },
      },
    });
  });
});

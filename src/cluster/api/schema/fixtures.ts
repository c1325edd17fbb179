/** Test fixtures shared by this folder's tests. */
import type { KubeObject } from '../types';

/** A CronTab CRD in the shape of the Kubernetes documentation's example. */
export function crontabCrd(): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'crontabs.stable.example.com' },
    spec: {
      group: 'stable.example.com',
      scope: 'Namespaced',
      names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', shortNames: ['ct'] },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  description: 'The desired schedule.',
                  properties: {
                    cronSpec: { type: 'string', description: 'A cron expression.' },
                    image: { type: 'string' },
                    replicas: { type: 'integer' },
                    extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                    port: { 'x-kubernetes-int-or-string': true },
                  },
                },
              },
            },
          },
        },
      ],
    },
  };
}

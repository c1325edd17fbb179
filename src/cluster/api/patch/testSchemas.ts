/**
 * Hand-built SchemaNode fixtures for the patch tests: upstream's test type MergeItem
 * (strategicpatch/patch_test.go) and small slices of real kinds with their v1.32 patch
 * strategies and merge keys.
 */

import type { SchemaNode } from '../schema/types';

const str: SchemaNode = { type: 'string' };
const int: SchemaNode = { type: 'integer' };
const stringMap: SchemaNode = { type: 'object', additionalProperties: str };
const atomicStrings: SchemaNode = { type: 'array', items: str, listType: 'atomic' };

function mergeList(items: SchemaNode, mergeKey: string, strategy = 'merge'): SchemaNode {
  return { type: 'array', items, patchStrategy: strategy, patchMergeKey: mergeKey };
}

/** upstream's MergeItem, recursive like the Go type. */
export const mergeItemSchema: SchemaNode = { type: 'object', properties: {} };
const retainKeysMergeItem: SchemaNode = { type: 'object', properties: {} };
Object.assign(mergeItemSchema.properties!, {
  name: str,
  value: str,
  other: str,
  mergingList: mergeList(mergeItemSchema, 'name'),
  nonMergingList: { type: 'array', items: mergeItemSchema },
  mergingIntList: { type: 'array', items: int, patchStrategy: 'merge' },
  nonMergingIntList: { type: 'array', items: int },
  mergeItemPtr: { ...mergeItemSchema, patchStrategy: 'merge', patchMergeKey: 'name' },
  simpleMap: stringMap,
  replacingItem: { patchStrategy: 'replace' },
  retainKeysMap: { ...retainKeysMergeItem, patchStrategy: 'retainKeys' },
  retainKeysMergingList: mergeList(mergeItemSchema, 'name', 'merge,retainKeys'),
});
Object.assign(retainKeysMergeItem.properties!, {
  name: str,
  value: str,
  other: str,
  simpleMap: stringMap,
  mergingIntList: { type: 'array', items: int, patchStrategy: 'merge' },
  mergingList: mergeList(mergeItemSchema, 'name'),
  nonMergingList: { type: 'array', items: mergeItemSchema },
});

export const objectMetaSchema: SchemaNode = {
  type: 'object',
  ref: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
  properties: {
    name: str,
    namespace: str,
    labels: stringMap,
    annotations: stringMap,
    finalizers: { type: 'array', items: str, patchStrategy: 'merge', listType: 'set' },
    ownerReferences: mergeList(
      { type: 'object', properties: { uid: str, name: str, kind: str, apiVersion: str } },
      'uid',
    ),
  },
};

const containerPort: SchemaNode = {
  type: 'object',
  properties: { containerPort: int, name: str, protocol: str },
};
const envVar: SchemaNode = { type: 'object', properties: { name: str, value: str } };
const volumeMount: SchemaNode = { type: 'object', properties: { name: str, mountPath: str } };
const resources: SchemaNode = {
  type: 'object',
  properties: {
    limits: { type: 'object', additionalProperties: { intOrString: true } },
    requests: { type: 'object', additionalProperties: { intOrString: true } },
  },
};

export const containerSchema: SchemaNode = {
  type: 'object',
  ref: 'io.k8s.api.core.v1.Container',
  properties: {
    name: str,
    image: str,
    command: atomicStrings,
    args: atomicStrings,
    ports: {
      ...mergeList(containerPort, 'containerPort'),
      listType: 'map',
      listMapKeys: ['containerPort', 'protocol'],
    },
    env: mergeList(envVar, 'name'),
    volumeMounts: mergeList(volumeMount, 'mountPath'),
    resources,
  },
};

const toleration: SchemaNode = {
  type: 'object',
  properties: { key: str, operator: str, value: str, effect: str },
};
const volume: SchemaNode = {
  type: 'object',
  properties: {
    name: str,
    emptyDir: { type: 'object', properties: { medium: str } },
    configMap: { type: 'object', properties: { name: str } },
    secret: { type: 'object', properties: { secretName: str } },
  },
};

export const podSpecSchema: SchemaNode = {
  type: 'object',
  ref: 'io.k8s.api.core.v1.PodSpec',
  properties: {
    containers: mergeList(containerSchema, 'name'),
    initContainers: mergeList(containerSchema, 'name'),
    tolerations: { type: 'array', items: toleration, listType: 'atomic' },
    volumes: mergeList(volume, 'name', 'merge,retainKeys'),
    nodeSelector: stringMap,
    restartPolicy: str,
  },
};

export const podSchema: SchemaNode = {
  type: 'object',
  ref: 'io.k8s.api.core.v1.Pod',
  properties: { apiVersion: str, kind: str, metadata: objectMetaSchema, spec: podSpecSchema },
};

const deploymentStrategy: SchemaNode = {
  type: 'object',
  properties: {
    type: str,
    rollingUpdate: {
      type: 'object',
      properties: { maxSurge: { intOrString: true }, maxUnavailable: { intOrString: true } },
    },
  },
};

export const deploymentSchema: SchemaNode = {
  type: 'object',
  ref: 'io.k8s.api.apps.v1.Deployment',
  properties: {
    apiVersion: str,
    kind: str,
    metadata: objectMetaSchema,
    spec: {
      type: 'object',
      properties: {
        replicas: int,
        selector: { type: 'object', properties: { matchLabels: stringMap } },
        strategy: { ...deploymentStrategy, patchStrategy: 'retainKeys' },
        template: {
          type: 'object',
          properties: { metadata: objectMetaSchema, spec: podSpecSchema },
        },
      },
    },
  },
};

const servicePort: SchemaNode = {
  type: 'object',
  properties: {
    name: str,
    port: int,
    targetPort: { intOrString: true },
    protocol: str,
    nodePort: int,
  },
};

export const serviceSchema: SchemaNode = {
  type: 'object',
  ref: 'io.k8s.api.core.v1.Service',
  properties: {
    apiVersion: str,
    kind: str,
    metadata: objectMetaSchema,
    spec: {
      type: 'object',
      properties: {
        type: str,
        selector: stringMap,
        ports: {
          ...mergeList(servicePort, 'port'),
          listType: 'map',
          listMapKeys: ['port', 'protocol'],
        },
      },
    },
  },
};

export const configMapSchema: SchemaNode = {
  type: 'object',
  ref: 'io.k8s.api.core.v1.ConfigMap',
  properties: { apiVersion: str, kind: str, metadata: objectMetaSchema, data: stringMap },
};

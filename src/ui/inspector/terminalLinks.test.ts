import { beforeAll, describe, expect, it } from 'vitest';
import type { ObjectEntry, WatchedResource } from '../../worker/protocol';
import { useClusterStore } from '../stores/clusterStore';
import { namesInLine } from './terminalLinks';

function entry(resource: WatchedResource, namespace: string, name: string): ObjectEntry {
  return {
    resource,
    key: namespace ? `${namespace}/${name}` : name,
    object: { apiVersion: 'v1', kind: 'X', metadata: namespace ? { name, namespace } : { name } },
    cells: [],
  };
}

beforeAll(() => {
  useClusterStore.getState().applyDiff({
    added: [
      entry('namespaces', '', 'default'),
      entry('namespaces', '', 'kube-system'),
      entry('nodes', '', 'minikube'),
      entry('pods', 'default', 'web-7d9f-x2k4p'),
      entry('pods', 'kube-system', 'etcd-minikube'),
      entry('deployments', 'default', 'web'),
      entry('deployments', 'other', 'api'),
    ],
    updated: [],
    removed: [],
  });
});

describe('namesInLine', () => {
  it.each([
    {
      name: 'kubectl create output',
      line: 'deployment.apps/web created',
      want: [
        {
          start: 0,
          text: 'deployment.apps/web',
          ref: { resource: 'deployments', key: 'default/web' },
        },
      ],
    },
    {
      name: 'a pod named by type/name, in whichever namespace holds it',
      line: 'pod/etcd-minikube labeled',
      want: [
        {
          start: 0,
          text: 'pod/etcd-minikube',
          ref: { resource: 'pods', key: 'kube-system/etcd-minikube' },
        },
      ],
    },
    {
      name: 'a plural type in a command line',
      line: '$ kubectl describe deployments/api -n other',
      want: [
        { start: 19, text: 'deployments/api', ref: { resource: 'deployments', key: 'other/api' } },
      ],
    },
    {
      name: 'the NAME column of kubectl get pods',
      line: 'web-7d9f-x2k4p   1/1     Running   0          2m',
      want: [
        {
          start: 0,
          text: 'web-7d9f-x2k4p',
          ref: { resource: 'pods', key: 'default/web-7d9f-x2k4p' },
        },
      ],
    },
    {
      name: 'NAMESPACE then NAME with -A',
      line: 'kube-system   etcd-minikube   1/1     Running   0   5m',
      want: [
        {
          start: 14,
          text: 'etcd-minikube',
          ref: { resource: 'pods', key: 'kube-system/etcd-minikube' },
        },
      ],
    },
    {
      name: 'a node in kubectl get nodes',
      line: 'minikube   Ready    control-plane   5m    v1.32.0',
      want: [{ start: 0, text: 'minikube', ref: { resource: 'nodes', key: 'minikube' } }],
    },
    { name: 'an unknown object', line: 'pod/nope deleted', want: [] },
    { name: 'a word that is no object', line: 'constructor   1/1', want: [] },
    { name: 'a path', line: 'cat /etc/pod/web', want: [] },
  ])('$name', ({ line, want }) => {
    expect(namesInLine(line)).toEqual(want);
  });
});

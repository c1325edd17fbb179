/**
 * Names in the terminal that select an object: `pod/web-1`, `deployment.apps/web` (as kubectl
 * prints after create, delete, scale, …), and the first column of kubectl tables (the NAME of
 * `kubectl get pods` and `get nodes`, or NAMESPACE then NAME with -A). A name becomes a link only
 * if the page holds such an object; among namespaces, `default` wins, then the first.
 */
import type { IBufferRange, ILink, ILinkProvider, Terminal } from '@xterm/xterm';
import type { ObjectRef, WatchedResource } from '../../worker/protocol';
import { useClusterStore } from '../stores/clusterStore';
import { inspect } from './inspect';

/** kubectl's `type/name` prefixes, singular and plural, with or without the group. */
const PREFIXES: Record<string, WatchedResource> = {
  pod: 'pods',
  node: 'nodes',
  service: 'services',
  namespace: 'namespaces',
  deployment: 'deployments',
  'deployment.apps': 'deployments',
  replicaset: 'replicasets',
  'replicaset.apps': 'replicasets',
  statefulset: 'statefulsets',
  'statefulset.apps': 'statefulsets',
  daemonset: 'daemonsets',
  'daemonset.apps': 'daemonsets',
  job: 'jobs',
  'job.batch': 'jobs',
  cronjob: 'cronjobs',
  'cronjob.batch': 'cronjobs',
  'ingress.networking.k8s.io': 'ingresses',
  ingress: 'ingresses',
  persistentvolumeclaim: 'persistentvolumeclaims',
  persistentvolume: 'persistentvolumes',
  'horizontalpodautoscaler.autoscaling': 'horizontalpodautoscalers',
};

const TYPED_NAME = /(?<![\w./-])([a-z][a-z.0-9]*)\/([a-z0-9](?:[-a-z0-9.]*[a-z0-9])?)/g;
const NAME = /[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?/y;

/** The key of an object called `name` (of any namespace), or undefined if the page has none. */
export function findKey(resource: WatchedResource, name: string): string | undefined {
  const objects = useClusterStore.getState().objects[resource];
  // Own keys only: a word like "constructor" must not find Object's prototype.
  if (Object.hasOwn(objects, name)) return name;
  if (Object.hasOwn(objects, `default/${name}`)) return `default/${name}`;
  const suffix = `/${name}`;
  return Object.keys(objects).find((k) => k.endsWith(suffix));
}

interface Found {
  start: number;
  text: string;
  ref: ObjectRef;
}

/** The objects named in one line of terminal text (0-based columns). */
export function namesInLine(line: string): Found[] {
  const found: Found[] = [];
  for (const m of line.matchAll(TYPED_NAME)) {
    const prefix = m[1];
    const resource = [prefix, prefix.replace(/s$/, ''), prefix.replace(/es$/, '')]
      .map((p) => (Object.hasOwn(PREFIXES, p) ? PREFIXES[p] : undefined))
      .find(Boolean);
    if (!resource) continue;
    const key = findKey(resource, m[2]);
    if (key) found.push({ start: m.index, text: m[0], ref: { resource, key } });
  }
  if (found.length) return found;
  // The first column of a table: a pod's or a node's name, or a namespace then a pod's name.
  NAME.lastIndex = 0;
  const first = NAME.exec(line)?.[0];
  if (!first) return found;
  const { objects } = useClusterStore.getState();
  for (const resource of ['pods', 'nodes'] as const) {
    const key = findKey(resource, first);
    if (key) return [{ start: 0, text: first, ref: { resource, key } }];
  }
  if (Object.hasOwn(objects.namespaces, first)) {
    const rest = /^(\s+)([a-z0-9](?:[-a-z0-9.]*[a-z0-9])?)/.exec(line.slice(first.length));
    if (rest && Object.hasOwn(objects.pods, `${first}/${rest[2]}`)) {
      return [
        {
          start: first.length + rest[1].length,
          text: rest[2],
          ref: { resource: 'pods', key: `${first}/${rest[2]}` },
        },
      ];
    }
  }
  return found;
}

export function objectLinkProvider(term: Terminal): ILinkProvider {
  return {
    provideLinks(y, callback) {
      const line = term.buffer.active.getLine(y - 1)?.translateToString(true) ?? '';
      const links: ILink[] = namesInLine(line).map((f) => {
        const range: IBufferRange = {
          start: { x: f.start + 1, y },
          end: { x: f.start + f.text.length, y },
        };
        return {
          range,
          text: f.text,
          decorations: { underline: true, pointerCursor: true },
          activate: () => inspect(f.ref),
        };
      });
      callback(links.length ? links : undefined);
    },
  };
}

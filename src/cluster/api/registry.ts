/**
 * The kinds the API server serves, as Kubernetes v1.32 serves them: group, version, plural,
 * singular, short names, scope, verbs, categories and subresources. Discovery, routing, kubectl's
 * resource lookup and the printers all read this one table. Custom resources join it at run time
 * when their CustomResourceDefinition is established.
 */

export type Verb =
  'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  /** The resource name in URLs: "pods", "deployments". */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: Verb[];
  /** Subresource names this kind serves: "status", "scale", "log", ... */
  subresources: string[];
  /** Store key: upstream's GroupResource.String(), "pods" or "deployments.apps". */
  key: string;
  /** True for kinds that come from a CustomResourceDefinition. */
  custom?: boolean;
}

const ALL: Verb[] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];
const NO_COLLECTION: Verb[] = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

type Def = Omit<ResourceType, 'key' | 'verbs' | 'categories' | 'subresources' | 'shortNames'> &
  Partial<Pick<ResourceType, 'key' | 'verbs' | 'categories' | 'subresources' | 'shortNames'>>;

function def(d: Def): ResourceType {
  return {
    shortNames: [],
    categories: [],
    subresources: [],
    verbs: ALL,
    ...d,
    key: d.key ?? (d.group ? `${d.plural}.${d.group}` : d.plural),
  };
}

/** Built-in kinds, in the order upstream's discovery lists them within each group. */
export const BUILTIN_TYPES: readonly ResourceType[] = [
  // core/v1
  def({
    group: '',
    version: 'v1',
    kind: 'Binding',
    plural: 'bindings',
    singular: 'binding',
    namespaced: true,
    verbs: ['create'],
  }),
  def({
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    plural: 'configmaps',
    singular: 'configmap',
    namespaced: true,
    shortNames: ['cm'],
  }),
  def({
    group: '',
    version: 'v1',
    kind: 'Endpoints',
    plural: 'endpoints',
    singular: 'endpoints',
    namespaced: true,
    shortNames: ['ep'],
  }),
  def({
    group: '',
    version: 'v1',
    kind: 'Event',
    plural: 'events',
    singular: 'event',
    namespaced: true,
    shortNames: ['ev'],
  }),
  def({
    group: '',
    version: 'v1',
    kind: 'LimitRange',
    plural: 'limitranges',
    singular: 'limitrange',
    namespaced: true,
    shortNames: ['limits'],
  }),
  def({
    group: '',
    version: 'v1',
    kind: 'Namespace',
    plural: 'namespaces',
    singular: 'namespace',
    namespaced: false,
    shortNames: ['ns'],
    verbs: NO_COLLECTION,
    subresources: ['finalize', 'status'],
  }),
  def({
    group: '',
    version: 'v1',
    kind: 'Node',
    plural: 'nodes',
    singular: 'node',
    namespaced: false,
    shortNames: ['no'],
    subresources: ['proxy', 'status'],
  }),
  def({
    group: '',
    version: 'v1',
    kind: 'PersistentVolumeClaim',
    plural: 'persistentvolumeclaims',
    singular: 'persistentvolumeclaim',
    namespaced: true,
    shortNames: ['pvc'],
    subresources: ['status'],
  }),
  def({
    group: '',
    version: 'v1',
    kind: 'PersistentVolume',
    plural: 'persistentvolumes',
    singular: 'persistentvolume',
    namespaced: false,
    shortNames: ['pv'],
    subresources: ['status'],
  }),
  def({
    group: '',
    version: 'v1',
    kind: 'Pod',
    plural: 'pods',
    singular: 'pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    subresources: [
      'attach',
      'binding',
      'ephemeralcontainers',
      'eviction',
      'exec',
      'log',
      'portforward',
      'proxy',
      'resize',
      'status',
    ],
  }),
  def({
    group: '',
    version: 'v1',
    kind: 'PodTemplate',
    plural: 'podtemplates',
    singular: 'podtemplate',
    namespaced: true,
  }),
  def({
    group: '',
    version: 'v1',
    kind: 'ReplicationController',
    plural: 'replicationcontrollers',
    singular: 'replicationcontroller',
    namespaced: true,
    shortNames: ['rc'],
    categories: ['all'],
    subresources: ['scale', 'status'],
  }),
  def({
    group: '',
    version: 'v1',
    kind: 'ResourceQuota',
    plural: 'resourcequotas',
    singular: 'resourcequota',
    namespaced: true,
    shortNames: ['quota'],
    subresources: ['status'],
  }),
  def({
    group: '',
    version: 'v1',
    kind: 'Secret',
    plural: 'secrets',
    singular: 'secret',
    namespaced: true,
  }),
  def({
    group: '',
    version: 'v1',
    kind: 'ServiceAccount',
    plural: 'serviceaccounts',
    singular: 'serviceaccount',
    namespaced: true,
    shortNames: ['sa'],
    subresources: ['token'],
  }),
  def({
    group: '',
    version: 'v1',
    kind: 'Service',
    plural: 'services',
    singular: 'service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    verbs: ALL,
    subresources: ['proxy', 'status'],
  }),
  // apiextensions.k8s.io/v1
  def({
    group: 'apiextensions.k8s.io',
    version: 'v1',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    singular: 'customresourcedefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    subresources: ['status'],
  }),
  // apps/v1
  def({
    group: 'apps',
    version: 'v1',
    kind: 'ControllerRevision',
    plural: 'controllerrevisions',
    singular: 'controllerrevision',
    namespaced: true,
  }),
  def({
    group: 'apps',
    version: 'v1',
    kind: 'DaemonSet',
    plural: 'daemonsets',
    singular: 'daemonset',
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
    subresources: ['status'],
  }),
  def({
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    plural: 'deployments',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: ['scale', 'status'],
  }),
  def({
    group: 'apps',
    version: 'v1',
    kind: 'ReplicaSet',
    plural: 'replicasets',
    singular: 'replicaset',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    subresources: ['scale', 'status'],
  }),
  def({
    group: 'apps',
    version: 'v1',
    kind: 'StatefulSet',
    plural: 'statefulsets',
    singular: 'statefulset',
    namespaced: true,
    shortNames: ['sts'],
    categories: ['all'],
    subresources: ['scale', 'status'],
  }),
  // autoscaling/v2 (preferred) and v1
  def({
    group: 'autoscaling',
    version: 'v2',
    kind: 'HorizontalPodAutoscaler',
    plural: 'horizontalpodautoscalers',
    singular: 'horizontalpodautoscaler',
    namespaced: true,
    shortNames: ['hpa'],
    categories: ['all'],
    subresources: ['status'],
  }),
  def({
    group: 'autoscaling',
    version: 'v1',
    kind: 'HorizontalPodAutoscaler',
    plural: 'horizontalpodautoscalers',
    singular: 'horizontalpodautoscaler',
    namespaced: true,
    shortNames: ['hpa'],
    categories: ['all'],
    subresources: ['status'],
  }),
  // batch/v1
  def({
    group: 'batch',
    version: 'v1',
    kind: 'CronJob',
    plural: 'cronjobs',
    singular: 'cronjob',
    namespaced: true,
    shortNames: ['cj'],
    categories: ['all'],
    subresources: ['status'],
  }),
  def({
    group: 'batch',
    version: 'v1',
    kind: 'Job',
    plural: 'jobs',
    singular: 'job',
    namespaced: true,
    categories: ['all'],
    subresources: ['status'],
  }),
  // coordination.k8s.io/v1
  def({
    group: 'coordination.k8s.io',
    version: 'v1',
    kind: 'Lease',
    plural: 'leases',
    singular: 'lease',
    namespaced: true,
  }),
  // discovery.k8s.io/v1
  def({
    group: 'discovery.k8s.io',
    version: 'v1',
    kind: 'EndpointSlice',
    plural: 'endpointslices',
    singular: 'endpointslice',
    namespaced: true,
  }),
  // events.k8s.io/v1: the core Events, seen through the newer API (one storage, converted).
  def({
    group: 'events.k8s.io',
    version: 'v1',
    kind: 'Event',
    plural: 'events',
    singular: 'event',
    namespaced: true,
    shortNames: ['ev'],
    key: 'events',
  }),
  // networking.k8s.io/v1
  def({
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'IngressClass',
    plural: 'ingressclasses',
    singular: 'ingressclass',
    namespaced: false,
  }),
  def({
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'Ingress',
    plural: 'ingresses',
    singular: 'ingress',
    namespaced: true,
    shortNames: ['ing'],
    subresources: ['status'],
  }),
  def({
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'NetworkPolicy',
    plural: 'networkpolicies',
    singular: 'networkpolicy',
    namespaced: true,
    shortNames: ['netpol'],
  }),
  // policy/v1
  def({
    group: 'policy',
    version: 'v1',
    kind: 'PodDisruptionBudget',
    plural: 'poddisruptionbudgets',
    singular: 'poddisruptionbudget',
    namespaced: true,
    shortNames: ['pdb'],
    subresources: ['status'],
  }),
  // storage.k8s.io/v1
  def({
    group: 'storage.k8s.io',
    version: 'v1',
    kind: 'StorageClass',
    plural: 'storageclasses',
    singular: 'storageclass',
    namespaced: false,
    shortNames: ['sc'],
  }),
];

/** Preferred version per group, as `/apis` reports it (first listed wins). */
export const GROUP_ORDER: readonly string[] = [
  '',
  'apiregistration.k8s.io',
  'apps',
  'events.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'node.k8s.io',
  'discovery.k8s.io',
  'flowcontrol.apiserver.k8s.io',
];

export function apiVersionOf(t: Pick<ResourceType, 'group' | 'version'>): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** Splits "apps/v1" into group and version; "v1" is the core group. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/**
 * The live set of kinds: the built-ins plus custom resources. Lookups are by URL
 * (group, version, plural) and by object (apiVersion, kind).
 */
export class TypeRegistry {
  private byPath = new Map<string, ResourceType>();
  private byGvk = new Map<string, ResourceType>();
  private list: ResourceType[] = [];
  private listeners = new Set<() => void>();

  constructor(types: readonly ResourceType[] = BUILTIN_TYPES) {
    for (const t of types) this.add(t);
  }

  add(t: ResourceType): void {
    this.remove(t.group, t.version, t.plural);
    this.list.push(t);
    this.byPath.set(`${t.group}/${t.version}/${t.plural}`, t);
    this.byGvk.set(`${apiVersionOf(t)}/${t.kind}`, t);
    this.changed();
  }

  remove(group: string, version: string, plural: string): void {
    const t = this.byPath.get(`${group}/${version}/${plural}`);
    if (!t) return;
    this.byPath.delete(`${group}/${version}/${plural}`);
    this.byGvk.delete(`${apiVersionOf(t)}/${t.kind}`);
    this.list = this.list.filter((x) => x !== t);
    this.changed();
  }

  /** By URL parts: ("apps", "v1", "deployments"). */
  byResource(group: string, version: string, plural: string): ResourceType | undefined {
    return this.byPath.get(`${group}/${version}/${plural}`);
  }

  /** By object identity: ("apps/v1", "Deployment"). */
  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.byGvk.get(`${apiVersion}/${kind}`);
  }

  all(): readonly ResourceType[] {
    return this.list;
  }

  /** Groups and their versions, preferred version first, in discovery order. */
  groups(): { name: string; versions: string[] }[] {
    const seen = new Map<string, string[]>();
    for (const t of this.list) {
      const vs = seen.get(t.group) ?? [];
      if (!vs.includes(t.version)) vs.push(t.version);
      seen.set(t.group, vs);
    }
    const rank = (g: string) => {
      const i = GROUP_ORDER.indexOf(g);
      return i < 0 ? GROUP_ORDER.length : i;
    };
    return [...seen.entries()]
      .map(([name, versions]) => ({ name, versions }))
      .sort((a, b) => rank(a.name) - rank(b.name));
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(): void {
    for (const fn of this.listeners) fn();
  }
}

/**
 * The admission plugins that shape every new pod on a default cluster: ServiceAccount (the
 * account and its token volume), DefaultTolerationSeconds and Priority.
 */
import { forbidden } from '../../api/errors';
import type { AdmissionPlugin } from './types';

interface PodSpecLike {
  serviceAccountName?: string;
  serviceAccount?: string;
  automountServiceAccountToken?: boolean;
  volumes?: { name: string; [k: string]: unknown }[];
  containers?: ContainerLike[];
  initContainers?: ContainerLike[];
  tolerations?: { key?: string; operator?: string; effect?: string; tolerationSeconds?: number }[];
  priority?: number;
  priorityClassName?: string;
  preemptionPolicy?: string;
}

interface ContainerLike {
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}

const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

export const serviceAccount: AdmissionPlugin = {
  name: 'ServiceAccount',
  admit(attrs, { store, random }) {
    if (attrs.rt.key !== 'pods' || attrs.operation !== 'CREATE' || attrs.subresource) return;
    // Mirror pods of static pods come from the kubelet's manifests: no service account.
    if (attrs.object.metadata.annotations?.['kubernetes.io/config.mirror']) return;
    const spec = (attrs.object.spec ??= {}) as PodSpecLike;
    const name = spec.serviceAccountName || spec.serviceAccount || 'default';
    spec.serviceAccountName = name;
    spec.serviceAccount = name;
    const sa = store.get('serviceaccounts', attrs.namespace, name);
    if (!sa) {
      throw forbidden(
        { group: '', resource: 'pods' },
        attrs.name,
        `error looking up service account ${attrs.namespace}/${name}: serviceaccount "${name}" not found`,
      );
    }
    const automount =
      spec.automountServiceAccountToken ??
      (sa.automountServiceAccountToken as boolean | undefined) ??
      true;
    if (!automount) return;
    const all = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
    if (all.some((c) => c.volumeMounts?.some((m) => m.mountPath === TOKEN_MOUNT_PATH))) return;
    const volName = `kube-api-access-${random.suffix(5)}`;
    (spec.volumes ??= []).push({
      name: volName,
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
          {
            downwardAPI: {
              items: [
                {
                  fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
                  path: 'namespace',
                },
              ],
            },
          },
        ],
      },
    });
    for (const c of all) {
      (c.volumeMounts ??= []).push({ mountPath: TOKEN_MOUNT_PATH, name: volName, readOnly: true });
    }
  },
};

export const defaultTolerationSeconds: AdmissionPlugin = {
  name: 'DefaultTolerationSeconds',
  admit(attrs) {
    if (attrs.rt.key !== 'pods' || attrs.operation !== 'CREATE' || attrs.subresource) return;
    const spec = (attrs.object.spec ??= {}) as PodSpecLike;
    const tolerations = (spec.tolerations ??= []);
    for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
      const has = tolerations.some(
        (t) =>
          (t.operator === 'Exists' && !t.key) ||
          (t.key === key && (t.effect === 'NoExecute' || !t.effect)),
      );
      if (!has) {
        tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
      }
    }
  },
};

export const priority: AdmissionPlugin = {
  name: 'Priority',
  admit(attrs, { store }) {
    if (attrs.rt.key !== 'pods' || attrs.operation !== 'CREATE' || attrs.subresource) return;
    const spec = (attrs.object.spec ??= {}) as PodSpecLike;
    if (spec.priorityClassName) {
      const pc = store.get('priorityclasses.scheduling.k8s.io', '', spec.priorityClassName);
      if (pc) {
        spec.priority = pc.value as number;
        spec.preemptionPolicy ??= (pc.preemptionPolicy as string) ?? 'PreemptLowerPriority';
        return;
      }
      if (spec.priorityClassName === 'system-node-critical') spec.priority = 2000001000;
      else if (spec.priorityClassName === 'system-cluster-critical') spec.priority = 2000000000;
      else {
        throw forbidden(
          { group: '', resource: 'pods' },
          attrs.name,
          `no PriorityClass with name ${spec.priorityClassName} was found`,
        );
      }
      spec.preemptionPolicy ??= 'PreemptLowerPriority';
      return;
    }
    spec.priority ??= 0;
    spec.preemptionPolicy ??= 'PreemptLowerPriority';
  },
};

import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types';
import * as f from '../validation/fixtures';
import { applyDefaults, defaultPullPolicy, generateJobSelector } from './index';

function defaulted(obj: KubeObject): KubeObject {
  applyDefaults(f.typeOf(obj.apiVersion, obj.kind), obj);
  return JSON.parse(JSON.stringify(obj)) as KubeObject;
}

/** The container and pod-spec fields `kubectl get -o yaml` shows for a bare container on v1.32. */
const container = (image: string, pullPolicy: string) => ({
  image,
  imagePullPolicy: pullPolicy,
  name: 'web',
  resources: {},
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
});
const specDefaults = {
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
};

describe('applyDefaults gives exactly upstream defaults', () => {
  it('Pod', () => {
    const pod = defaulted(f.newPod({ containers: [{ name: 'web', image: 'nginx' }] }));
    expect(pod.spec).toEqual({
      containers: [container('nginx', 'Always')],
      enableServiceLinks: true,
      ...specDefaults,
    });
  });

  it('Deployment', () => {
    const bare = f.newDeployment();
    delete (bare.spec as { replicas?: number }).replicas;
    const d = defaulted(bare);
    expect(d.spec).toEqual({
      progressDeadlineSeconds: 600,
      replicas: 1,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'web' } },
      strategy: {
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
        type: 'RollingUpdate',
      },
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'web' } },
        spec: { containers: [container('nginx:1.27', 'IfNotPresent')], ...specDefaults },
      },
    });
  });

  it('Service', () => {
    const svc = defaulted(f.newService());
    expect(svc.spec).toEqual({
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      selector: { app: 'web' },
      sessionAffinity: 'None',
      type: 'ClusterIP',
    });
    expect(svc.status).toEqual({ loadBalancer: {} });
  });

  it('Service NodePort and headless', () => {
    expect(defaulted(f.newService({ type: 'NodePort' })).spec).toMatchObject({
      externalTrafficPolicy: 'Cluster',
    });
    expect(defaulted(f.newService({ type: 'LoadBalancer' })).spec).toMatchObject({
      allocateLoadBalancerNodePorts: true,
      externalTrafficPolicy: 'Cluster',
    });
    const headless = defaulted(f.newService({ clusterIP: 'None', selector: undefined }));
    expect(headless.spec).toMatchObject({ ipFamilyPolicy: 'RequireDualStack' });
    const ext = defaulted(f.newService({ type: 'ExternalName', externalName: 'a.b', ports: [] }));
    expect(ext.spec).not.toHaveProperty('ipFamilies');
    expect(ext.spec).not.toHaveProperty('internalTrafficPolicy');
  });

  it('Job, with the selector the strategy generates', () => {
    const job = f.newJob();
    job.metadata.labels = undefined;
    (job.spec as { template: { metadata?: unknown } }).template.metadata = {
      labels: { app: 'pi' },
    };
    applyDefaults(f.typeOf('batch/v1', 'Job'), job);
    generateJobSelector(job, 'u-1');
    const out = JSON.parse(JSON.stringify(job)) as KubeObject;
    const labels = {
      app: 'pi',
      'batch.kubernetes.io/controller-uid': 'u-1',
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': 'u-1',
      'job-name': 'pi',
    };
    expect(out.metadata.labels).toEqual(labels);
    expect(out.spec).toEqual({
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      completions: 1,
      parallelism: 1,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } },
      suspend: false,
      template: {
        metadata: { creationTimestamp: null, labels },
        spec: {
          containers: [container('nginx:1.27', 'IfNotPresent')],
          ...specDefaults,
          restartPolicy: 'Never',
        },
      },
    });
  });

  it('Job whose template has no labels still shows the generated ones on the Job', () => {
    const job = f.newJob();
    applyDefaults(f.typeOf('batch/v1', 'Job'), job);
    generateJobSelector(job, 'u-1');
    expect(job.metadata.labels).toEqual({
      'batch.kubernetes.io/controller-uid': 'u-1',
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': 'u-1',
      'job-name': 'pi',
    });
  });

  it('Job with manualSelector keeps its selector', () => {
    const job = f.newJob();
    Object.assign(job.spec as object, {
      manualSelector: true,
      selector: { matchLabels: { a: 'b' } },
    });
    applyDefaults(f.typeOf('batch/v1', 'Job'), job);
    generateJobSelector(job, 'u-1');
    expect((job.spec as { selector: unknown }).selector).toEqual({ matchLabels: { a: 'b' } });
  });

  it('CronJob', () => {
    const cj = defaulted(f.newCronJob());
    expect(cj.spec).toMatchObject({
      concurrencyPolicy: 'Allow',
      failedJobsHistoryLimit: 1,
      successfulJobsHistoryLimit: 3,
      suspend: false,
      jobTemplate: { metadata: { creationTimestamp: null } },
    });
  });

  it('DaemonSet and StatefulSet', () => {
    expect(defaulted(f.newDaemonSet()).spec).toMatchObject({
      revisionHistoryLimit: 10,
      updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' },
    });
    const sts = f.newStatefulSet();
    Object.assign(sts.spec as object, {
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
    });
    expect(defaulted(sts).spec).toMatchObject({
      podManagementPolicy: 'OrderedReady',
      replicas: 1,
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      updateStrategy: { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' },
      volumeClaimTemplates: [
        {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { creationTimestamp: null, name: 'data' },
          spec: { volumeMode: 'Filesystem' },
          status: { phase: 'Pending' },
        },
      ],
    });
  });

  it('ReplicationController takes selector and labels from its template', () => {
    const rc = defaulted(f.newReplicationController());
    expect(rc.metadata.labels).toEqual({ app: 'web' });
    expect(rc.spec).toMatchObject({ replicas: 1, selector: { app: 'web' } });
  });

  it('Namespace', () => {
    const ns = defaulted(f.newNamespace('team-a'));
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'team-a' });
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(ns.status).toEqual({ phase: 'Active' });
  });

  it('Secret: type Opaque and stringData merged into data', () => {
    const s = f.newSecret({});
    s.stringData = { user: 'admin', note: 'é' };
    const out = defaulted(s);
    expect(out.type).toBe('Opaque');
    expect(out.data).toEqual({ user: 'YWRtaW4=', note: 'w6k=' });
    expect(out).not.toHaveProperty('stringData');
  });

  it('PersistentVolume and claim', () => {
    const pv = defaulted(f.newPV());
    expect(pv.spec).toMatchObject({
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
      hostPath: { path: '/data', type: '' },
    });
    expect(pv.status).toEqual({ phase: 'Pending' });
    const pvc = defaulted(f.newPVC());
    expect(pvc.spec).toMatchObject({ volumeMode: 'Filesystem' });
    expect(pvc.status).toEqual({ phase: 'Pending' });
  });

  it('HPA v2 metrics and behavior', () => {
    const hpa = defaulted(
      f.newHPA({ behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } }),
    );
    expect(hpa.spec).toMatchObject({
      minReplicas: 1,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
        },
      ],
      behavior: {
        scaleUp: {
          stabilizationWindowSeconds: 0,
          selectPolicy: 'Max',
          policies: [
            { type: 'Pods', value: 4, periodSeconds: 15 },
            { type: 'Percent', value: 100, periodSeconds: 15 },
          ],
        },
        scaleDown: {
          stabilizationWindowSeconds: 60,
          selectPolicy: 'Max',
          policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
        },
      },
    });
  });

  it('StorageClass, NetworkPolicy, CRD', () => {
    expect(
      defaulted(f.newSimple('storage.k8s.io/v1', 'StorageClass', { provisioner: 'a.io/b' }, false)),
    ).toMatchObject({
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    });
    const np = defaulted(
      f.newSimple('networking.k8s.io/v1', 'NetworkPolicy', {
        spec: { podSelector: {}, egress: [{ ports: [{ port: 53 }] }] },
      }),
    );
    expect(np.spec).toMatchObject({
      policyTypes: ['Ingress', 'Egress'],
      egress: [{ ports: [{ port: 53, protocol: 'TCP' }] }],
    });
    const crd = defaulted(f.newCRD());
    expect(crd.spec).toMatchObject({
      conversion: { strategy: 'None' },
      names: { singular: 'widget', listKind: 'WidgetList' },
    });
  });

  it('probes get their timings', () => {
    const pod = defaulted(
      f.newPod({
        containers: [{ name: 'web', image: 'nginx', readinessProbe: { httpGet: { port: 80 } } }],
      }),
    );
    expect(
      (pod.spec as { containers: { readinessProbe: unknown }[] }).containers[0].readinessProbe,
    ).toEqual({
      httpGet: { path: '/', port: 80, scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
  });

  it('Pod requests default to limits', () => {
    const pod = defaulted(
      f.newPod({
        containers: [{ name: 'web', image: 'nginx', resources: { limits: { cpu: '1' } } }],
      }),
    );
    expect((pod.spec as { containers: { resources: unknown }[] }).containers[0].resources).toEqual({
      limits: { cpu: '1' },
      requests: { cpu: '1' },
    });
  });
});

describe('imagePullPolicy from the image reference', () => {
  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['localhost:5000/app', 'Always'],
    ['localhost:5000/app:v1', 'IfNotPresent'],
    ['nginx@sha256:abc', 'IfNotPresent'],
    ['nginx:latest@sha256:abc', 'Always'],
  ])('%s -> %s', (image, want) => {
    expect(defaultPullPolicy(image)).toBe(want);
  });
});

import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../worker/protocol';
import { describeEvent } from './describeEvent';

function ev(
  over: Partial<ClusterEvent> & Pick<ClusterEvent, 'component' | 'reason' | 'message'>,
): ClusterEvent {
  return {
    uid: 'u',
    namespace: 'default',
    type: 'Normal',
    regarding: { kind: 'Pod', namespace: 'default', name: 'web-7d9f-x2k4p' },
    count: 1,
    timeMs: 0,
    ...over,
  };
}

const rs = { kind: 'ReplicaSet', namespace: 'default', name: 'web-7d9f' };
const pod = (container: string) => ({
  kind: 'Pod',
  namespace: 'default',
  name: 'web-7d9f-x2k4p',
  fieldPath: `spec.containers{${container}}`,
});
const kubelet = { component: 'kubelet', host: 'minikube-m02' };

describe('describeEvent', () => {
  it.each([
    {
      name: 'a ReplicaSet creating a pod, with its count',
      event: ev({
        component: 'replicaset-controller',
        reason: 'SuccessfulCreate',
        message: 'Created pod: web-7d9f-x2k4p',
        regarding: rs,
      }),
      want: ['ReplicaSet controller', 'created pod web-7d9f-x2k4p: 2 of 3 desired'],
    },
    {
      name: 'a ReplicaSet deleting a pod',
      event: ev({
        component: 'replicaset-controller',
        reason: 'SuccessfulDelete',
        message: 'Deleted pod: web-7d9f-x2k4p',
        regarding: rs,
      }),
      want: ['ReplicaSet controller', 'deleted pod web-7d9f-x2k4p: 2 of 3 desired'],
    },
    {
      name: 'a DaemonSet creating a pod (no count)',
      event: ev({
        component: 'daemonset-controller',
        reason: 'SuccessfulCreate',
        message: 'Created pod: kube-proxy-abcde',
        regarding: { kind: 'DaemonSet', namespace: 'kube-system', name: 'kube-proxy' },
      }),
      want: ['DaemonSet controller', 'created pod kube-proxy-abcde'],
    },
    {
      name: 'a StatefulSet creating a pod',
      event: ev({
        component: 'statefulset-controller',
        reason: 'SuccessfulCreate',
        message: 'create Pod db-0 in StatefulSet db successful',
        regarding: { kind: 'StatefulSet', name: 'db' },
      }),
      want: ['StatefulSet controller', 'created pod db-0'],
    },
    {
      name: 'a CronJob creating a job',
      event: ev({
        component: 'cronjob-controller',
        reason: 'SuccessfulCreate',
        message: 'Created job hello-29000000',
        regarding: { kind: 'CronJob', name: 'hello' },
      }),
      want: ['CronJob controller', 'created job hello-29000000'],
    },
    {
      name: 'a Deployment scaling a ReplicaSet',
      event: ev({
        component: 'deployment-controller',
        reason: 'ScalingReplicaSet',
        message: 'Scaled up replica set web-7d9f from 0 to 3',
        regarding: { kind: 'Deployment', name: 'web' },
      }),
      want: ['Deployment controller', 'scaled up ReplicaSet web-7d9f from 0 to 3'],
    },
    {
      name: 'the scheduler binding a pod',
      event: ev({
        component: 'default-scheduler',
        reason: 'Scheduled',
        message: 'Successfully assigned default/web-7d9f-x2k4p to minikube-m02',
      }),
      want: ['scheduler', 'bound pod web-7d9f-x2k4p to minikube-m02'],
    },
    {
      name: 'the scheduler failing to place a pod',
      event: ev({
        component: 'default-scheduler',
        reason: 'FailedScheduling',
        type: 'Warning',
        message: '0/1 nodes are available: 1 Insufficient cpu.',
      }),
      want: [
        'scheduler',
        'could not place pod web-7d9f-x2k4p: 0/1 nodes are available: 1 Insufficient cpu.',
      ],
    },
    {
      name: 'a kubelet pulling an image',
      event: ev({
        ...kubelet,
        reason: 'Pulling',
        message: 'Pulling image "nginx"',
        regarding: pod('nginx'),
      }),
      want: ['kubelet on minikube-m02', 'pulling nginx for web-7d9f-x2k4p'],
    },
    {
      name: 'a kubelet having pulled an image',
      event: ev({
        ...kubelet,
        reason: 'Pulled',
        message:
          'Successfully pulled image "nginx" in 4.109s (4.109s including waiting). Image size: 72188133 bytes.',
        regarding: pod('nginx'),
      }),
      want: ['kubelet on minikube-m02', 'pulled nginx in 4.109s'],
    },
    {
      name: 'an image already present',
      event: ev({
        ...kubelet,
        reason: 'Pulled',
        message: 'Container image "nginx" already present on machine',
        regarding: pod('nginx'),
      }),
      want: ['kubelet on minikube-m02', 'nginx is already on the node'],
    },
    {
      name: 'a kubelet creating a container',
      event: ev({
        ...kubelet,
        reason: 'Created',
        message: 'Created container: nginx',
        regarding: pod('nginx'),
      }),
      want: ['kubelet on minikube-m02', 'created container nginx of pod web-7d9f-x2k4p'],
    },
    {
      name: 'a kubelet starting a container',
      event: ev({
        ...kubelet,
        reason: 'Started',
        message: 'Started container nginx',
        regarding: pod('nginx'),
      }),
      want: ['kubelet on minikube-m02', 'started container nginx of pod web-7d9f-x2k4p'],
    },
    {
      name: 'a kubelet stopping a container',
      event: ev({
        ...kubelet,
        reason: 'Killing',
        message: 'Stopping container nginx',
        regarding: pod('nginx'),
      }),
      want: ['kubelet on minikube-m02', 'stopping container nginx of pod web-7d9f-x2k4p'],
    },
    {
      name: 'a crash loop',
      event: ev({
        ...kubelet,
        reason: 'BackOff',
        type: 'Warning',
        message: 'Back-off restarting failed container app in pod web_default(u)',
        regarding: pod('app'),
      }),
      want: [
        'kubelet on minikube-m02',
        'waiting before restarting container app of pod web-7d9f-x2k4p (CrashLoopBackOff)',
      ],
    },
    {
      name: 'an image pull back-off',
      event: ev({
        ...kubelet,
        reason: 'BackOff',
        type: 'Warning',
        message: 'Back-off pulling image "nosuch:1"',
        regarding: pod('app'),
      }),
      want: ['kubelet on minikube-m02', 'waiting before pulling nosuch:1 again (ImagePullBackOff)'],
    },
    {
      name: 'a failed pull',
      event: ev({
        ...kubelet,
        reason: 'Failed',
        type: 'Warning',
        message: 'Failed to pull image "nosuch:1": denied',
        regarding: pod('app'),
      }),
      want: ['kubelet on minikube-m02', 'could not pull nosuch:1 for pod web-7d9f-x2k4p'],
    },
    {
      name: 'a failed probe',
      event: ev({
        ...kubelet,
        reason: 'Unhealthy',
        type: 'Warning',
        message: 'Liveness probe failed: HTTP probe failed with statuscode: 500',
        regarding: pod('app'),
      }),
      want: [
        'kubelet on minikube-m02',
        'liveness probe of pod web-7d9f-x2k4p failed: HTTP probe failed with statuscode: 500',
      ],
    },
    {
      name: 'a job completing',
      event: ev({
        component: 'job-controller',
        reason: 'Completed',
        message: 'Job completed',
        regarding: { kind: 'Job', name: 'pi' },
      }),
      want: ['Job controller', 'job pi completed'],
    },
    {
      name: 'a node going NotReady',
      event: ev({
        component: 'node-controller',
        reason: 'NodeNotReady',
        message: 'Node minikube-m02 status is now: NodeNotReady',
        regarding: { kind: 'Node', name: 'minikube-m02' },
      }),
      want: ['node controller', 'node minikube-m02 is not ready'],
    },
    {
      name: 'taint eviction',
      event: ev({
        component: 'taint-eviction-controller',
        reason: 'TaintManagerEviction',
        message: 'Marking for deletion Pod default/web-7d9f-x2k4p',
      }),
      want: ['taint eviction controller', 'evicting pod web-7d9f-x2k4p: its node is tainted'],
    },
    {
      name: 'an HPA rescaling',
      event: ev({
        component: 'horizontal-pod-autoscaler',
        reason: 'SuccessfulRescale',
        message:
          'New size: 4; reason: cpu resource utilization (percentage of request) above target',
        regarding: { kind: 'HorizontalPodAutoscaler', name: 'web' },
      }),
      want: [
        'HPA controller',
        'scaled horizontalpodautoscaler web to 4: cpu resource utilization (percentage of request) above target',
      ],
    },
    {
      name: 'anything else, as reason and message',
      event: ev({ component: 'foo-controller', reason: 'Frobbed', message: 'Frobbed the widget' }),
      want: ['foo-controller', 'Frobbed: Frobbed the widget'],
    },
  ])('$name', ({ event, want }) => {
    const got = describeEvent(event, {
      replicaSet: (ns, name) =>
        ns === 'default' && name === 'web-7d9f' ? { current: 2, desired: 3 } : undefined,
    });
    expect([got.component, got.text]).toEqual(want);
  });

  it("adds the scheduler's reason when the Worker knows it", () => {
    const got = describeEvent(
      ev({
        component: 'default-scheduler',
        reason: 'Scheduled',
        message: 'Successfully assigned default/web-7d9f-x2k4p to minikube-m02',
        why: 'most free CPU and memory',
      }),
    );
    expect(got.text).toBe('bound pod web-7d9f-x2k4p to minikube-m02: most free CPU and memory');
  });

  it('counts repeats', () => {
    const got = describeEvent(
      ev({ ...kubelet, reason: 'Pulling', message: 'Pulling image "x"', count: 3 }),
    );
    expect(got.text).toBe('pulling x for web-7d9f-x2k4p (×3)');
  });

  it('leaves out the count when the ReplicaSet is unknown', () => {
    const got = describeEvent(
      ev({
        component: 'replicaset-controller',
        reason: 'SuccessfulCreate',
        message: 'Created pod: a',
        regarding: rs,
      }),
    );
    expect(got.text).toBe('created pod a');
  });
});

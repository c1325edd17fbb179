/**
 * `minikube addons enable metrics-server` typed into our shell: the add-on's pod starts in
 * kube-system and `kubectl top` says the Metrics API is not available until the pod is Ready
 * (its first 15-second metric window full); then "metrics not available yet" for a pod newer
 * than the last scrape, then the numbers; disabling takes the API away again.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/cluster';
import { inputOf, newShell, transcript } from './helpers';

// kubectl top's tabwriter leaves trailing spaces, as the real one does.
const EXPECTED = `$ kubectl top pods
error: Metrics API not available
$ minikube addons enable metrics-server
💡  metrics-server is an addon maintained by Kubernetes. For any concerns contact minikube on GitHub.
You can view the list of minikube maintainers at: https://github.com/kubernetes/minikube/blob/master/OWNERS
    ▪ Using image registry.k8s.io/metrics-server/metrics-server:v0.7.2
🌟  The 'metrics-server' addon is enabled
$ kubectl get pods -n kube-system -l k8s-app=metrics-server
NAME                              READY   STATUS              RESTARTS   AGE
metrics-server-6cb8f8df6d-kdgm5   0/1     ContainerCreating   0          0s
$ kubectl top pods
error: Metrics API not available
$ sleep 10
$ kubectl get pods -n kube-system -l k8s-app=metrics-server
NAME                              READY   STATUS    RESTARTS   AGE
metrics-server-6cb8f8df6d-kdgm5   0/1     Running   0          10s
$ kubectl top pods
error: Metrics API not available
$ sleep 15
$ kubectl get pods -n kube-system -l k8s-app=metrics-server
NAME                              READY   STATUS    RESTARTS   AGE
metrics-server-6cb8f8df6d-kdgm5   1/1     Running   0          25s
$ kubectl api-versions | grep metrics
metrics.k8s.io/v1beta1
$ kubectl create deployment web --image=nginx
deployment.apps/web created
$ sleep 5
$ kubectl top pods
error: metrics not available yet
$ sleep 10
$ kubectl top pods
NAME                   CPU(cores)   MEMORY(bytes)   
web-7995b8d97d-hlwh7   0m           3Mi             
$ kubectl top pods -n kube-system -l k8s-app=metrics-server
NAME                              CPU(cores)   MEMORY(bytes)   
metrics-server-6cb8f8df6d-kdgm5   4m           18Mi            
$ kubectl top nodes
NAME       CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   
minikube   213m         10%      728Mi           17%         
$ minikube addons disable metrics-server
🌑  "The 'metrics-server' addon is disabled
$ kubectl top pods
error: Metrics API not available
$ kubectl api-versions | grep metrics
$ kubectl get deployment,service -n kube-system -l k8s-app=metrics-server
No resources found in kube-system namespace.
`;

describe('minikube addons enable metrics-server', () => {
  it('kubectl top before the add-on is Ready, before the first scrape of a pod, and after', async () => {
    const shell = newShell({}, createCluster());
    expect(await transcript(inputOf(EXPECTED), shell)).toBe(EXPECTED);
  });

  it('minikube addons list shows it enabled when the cluster booted with it', async () => {
    const list = 'minikube addons list | grep metrics-server';
    const booted = newShell({}, createCluster({ addons: ['metrics-server'] }));
    expect(await transcript(list, booted)).toMatch(
      /\| metrics-server +\| minikube \| enabled ✅ \|/,
    );
    expect(await transcript(list, newShell({}, createCluster()))).toMatch(
      /\| metrics-server +\| minikube \| disabled +\|/,
    );
  });
});

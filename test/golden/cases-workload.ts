/**
 * Golden cases of logs, exec, cordon, uncordon, drain, taint, wait and top, run by
 * workload.test.ts on twin two-node clusters (as mutate.test.ts does): the real kubectl drives
 * twin A, ours twin B, after the same fixtures. A step `@advance N` moves both twins N seconds.
 * Cases run in order and share the twins, so the node-changing ones come last.
 */
import type { MutateCase } from './cases-mutate';

export const WORKLOAD_FIXTURES = [
  'create deployment web --image=nginx --replicas=2',
  "run counter --image=busybox -- sh -c 'i=0; while true; do echo line $i; i=$((i+1)); sleep 1; done'",
  'run once --image=busybox --restart=Never -- sh -c "echo done; exit 2"',
  'apply -f $DIR/two.yaml',
  'apply -f $DIR/scratch.yaml',
];

export const WORKLOAD_FILES: Record<string, string> = {
  'two.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: two
spec:
  initContainers:
  - name: init
    image: busybox
    command: ["sh", "-c", "echo init done"]
  containers:
  - name: a
    image: busybox
    command: ["sh", "-c", "echo from a; sleep 3600"]
  - name: b
    image: busybox
    command: ["sh", "-c", "echo from b; sleep 3600"]
`,
  'scratch.yaml': `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: scratch
spec:
  replicas: 1
  selector:
    matchLabels:
      app: scratch
  template:
    metadata:
      labels:
        app: scratch
    spec:
      nodeSelector:
        kubernetes.io/hostname: minikube-m02
      volumes:
      - name: tmp
        emptyDir: {}
      containers:
      - name: main
        image: nginx
        volumeMounts:
        - name: tmp
          mountPath: /tmp
`,
};

const c = (name: string, ...steps: string[]): MutateCase => ({ name, steps });

export const WORKLOAD_CASES: MutateCase[] = [
  // logs
  c('logs pod', 'logs counter'),
  c('logs --tail', 'logs counter --tail=3'),
  c('logs --tail=0', 'logs counter --tail=0'),
  c('logs --timestamps', 'logs counter --tail=2 --timestamps'),
  c('logs --since', 'logs counter --since=3s'),
  c('logs --limit-bytes', 'logs counter --limit-bytes=12'),
  c('logs multi-container defaults', 'logs two'),
  c('logs -c', 'logs two -c b'),
  c('logs inline container', 'logs two b'),
  c('logs init container', 'logs two -c init'),
  c('logs bad container', 'logs two -c x'),
  // Not `logs two --all-containers [--prefix]`: the real kubectl keeps its per-container requests
  // in a Go map, so their order is random; test/scenarios checks them order-insensitively.
  c('logs --prefix', 'logs counter --tail=1 --prefix'),
  c('logs deploy/web', 'logs deploy/web --tail=1'),
  c('logs pod/two', 'logs pod/two -c a'),
  c('logs -l', 'logs -l run=counter'),
  c('logs -l --tail', 'logs -l run=counter --tail=2'),
  c('logs -l no match', 'logs -l app=none'),
  c('logs completed pod', 'logs once'),
  c('logs --previous none', 'logs counter -p'),
  c('logs missing pod', 'logs nope'),
  c('logs missing deploy', 'logs deploy/nope'),
  c('logs unknown type', 'logs foo/bar'),
  c('logs no args', 'logs'),
  c('logs three args', 'logs two a b'),
  c('logs name and selector', 'logs counter -l run=counter'),
  c('logs -c and inline', 'logs two a -c b'),
  c('logs --all-containers with -c', 'logs two --all-containers -c a'),
  c('logs since and since-time', 'logs counter --since=2s --since-time=2020-01-01T00:00:00Z'),
  c('logs --since no unit', 'logs counter --since=5'),
  c('logs --since negative', 'logs counter --since=-5s'),
  c('logs --since-time bad', 'logs counter --since-time=bad'),
  c('logs --tail -5', 'logs counter --tail=-5'),
  c('logs -f of a finished pod', 'logs once -f'),
  c('logs -f too many', 'logs -l app=web -f --max-log-requests=1'),
  c('logs -n', 'logs nope -n kube-system'),
  // exec
  c('exec echo', 'exec counter -- echo hello'),
  c('exec exit code', "exec counter -- sh -c 'echo out; echo err >&2; exit 3'"),
  c('exec multi-container', 'exec two -- echo hi'),
  c('exec -c', 'exec two -c b -- echo hi'),
  c('exec bad container', 'exec two -c x -- echo hi'),
  c('exec no command', 'exec counter'),
  c('exec no args', 'exec'),
  c('exec missing pod', 'exec nope -- ls'),
  c('exec completed pod', 'exec once -- ls'),
  // wait
  c('wait condition', 'wait pod/counter --for=condition=Ready'),
  c('wait jsonpath', "wait pod/counter --for=jsonpath='{.status.phase}'=Running"),
  c('wait --all', 'wait pods --for=condition=Initialized --all'),
  c('wait -l', 'wait pods --for=condition=Ready -l app=web'),
  c('wait deploy', 'wait deploy/web --for=condition=Available'),
  c('wait timeout', 'wait pod/counter --for=condition=Ready=false --timeout=1s'),
  c('wait no --for', 'wait pod/counter'),
  c('wait bad --for', 'wait pod/counter --for=bogus'),
  c('wait missing', 'wait pod/nope --for=condition=Ready'),
  c('wait delete missing', 'wait pod/nope --for=delete'),
  c('wait no match', 'wait pods --for=condition=Ready -l app=none'),
  c('wait no resources', 'wait --for=condition=Ready'),
  c('wait bad timeout', 'wait pod/counter --for=condition=Ready --timeout=abc'),
  // top
  c('top pods', 'top pods'),
  c('top node', 'top node'),
  // taint
  c('taint add', 'taint nodes minikube-m02 dedicated=gpu:NoSchedule'),
  c('taint add again', 'taint nodes minikube-m02 dedicated=gpu:NoSchedule'),
  c('taint overwrite', 'taint nodes minikube-m02 dedicated=cpu:NoSchedule --overwrite'),
  c('taint remove', 'taint nodes minikube-m02 dedicated:NoSchedule-'),
  c('taint remove missing', 'taint nodes minikube-m02 dedicated-'),
  c(
    'taint two',
    'taint node minikube-m02 k1=v:NoSchedule k2:NoExecute',
    'get node minikube-m02 -o jsonpath={.spec.taints}',
  ),
  c('taint remove by key', 'taint no minikube-m02 k1- k2-'),
  c('taint bad effect', 'taint nodes minikube-m02 a=b:Bogus'),
  c('taint no taint', 'taint nodes minikube-m02'),
  c('taint pods', 'taint pods x a=b:NoSchedule'),
  c('taint order', 'taint nodes a=b:NoSchedule minikube-m02'),
  c('taint missing node', 'taint nodes nope a=b:NoSchedule'),
  c('taint --all dry run', 'taint nodes --all a=b:NoSchedule --dry-run=client'),
  // cordon
  c('cordon', 'cordon minikube-m02', 'get nodes'),
  c('cordon again', 'cordon minikube-m02'),
  c('uncordon', 'uncordon minikube-m02'),
  c('uncordon again', 'uncordon minikube-m02'),
  c('cordon no args', 'cordon'),
  c('cordon missing', 'cordon nope'),
  c('cordon dry run', 'cordon minikube minikube-m02 --dry-run=client'),
  c('cordon -l', 'cordon -l kubernetes.io/hostname=minikube-m02', 'uncordon minikube-m02'),
  c('cordon name and -l', 'cordon minikube -l a=b'),
  // drain
  // One kind of refusal only: with several, the real kubectl orders them by Go map iteration.
  c('drain refuses', 'drain minikube-m02 --pod-selector=k8s-app=kube-proxy'),
  c(
    'drain dry run',
    'drain minikube-m02 --ignore-daemonsets --force --dry-run=client --delete-emptydir-data --pod-selector=app=scratch',
  ),
  c('drain local storage', 'drain minikube-m02 --ignore-daemonsets --pod-selector=app=scratch'),
  c(
    'drain one pod',
    'drain minikube-m02 --ignore-daemonsets --delete-emptydir-data --pod-selector=app=scratch --timeout=1s',
  ),
  c('uncordon after drain', 'uncordon minikube-m02'),
];

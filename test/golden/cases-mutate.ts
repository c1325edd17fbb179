/**
 * Golden cases of the mutating commands. A mutating step changes the cluster, so the real
 * kubectl and ours cannot take turns on one cluster (ours would find what the real one
 * created). mutate.test.ts therefore runs them on twin clusters: two headless clusters built
 * with the same seed and epoch and the same fixtures, driven only by the steps. The real
 * kubectl runs each step against twin A and ours against twin B; as long as ours sends the
 * same writes, both twins hold the same objects (same UIDs, resourceVersions and IPs too,
 * since all randomness is seeded), so each step starts from the same state on both sides.
 * Names are still distinct per case so cases do not depend on each other.
 *
 * A step is a kubectl command line; `$DIR` is the scratch folder holding the case's `files`;
 * a step `< NAME args` feeds file NAME on stdin; `@advance N` moves both twins N seconds.
 */
export interface MutateCase {
  name: string;
  /** Files written to $DIR before the case. */
  files?: Record<string, string>;
  /** Run with the real kubectl on both twins before the steps (not compared). */
  setup?: string[];
  steps: string[];
  /**
   * The editor `kubectl edit` opens: `real` is the EDITOR command the real kubectl runs on the
   * file, `ours` the same change on the text (undefined: the edit is cancelled).
   */
  editor?: { real: string; ours: (text: string) => string | undefined };
}

const c = (name: string, ...steps: string[]): MutateCase => ({ name, steps });
const s = (name: string, setup: string[], ...steps: string[]): MutateCase => ({
  name,
  setup,
  steps,
});
const f = (name: string, files: Record<string, string>, ...steps: string[]): MutateCase => ({
  name,
  files,
  steps,
});

const DEPLOY = (name: string, image = 'nginx', replicas = 1) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: main
        image: ${image}
`;

const CM = (name: string, data = 'a: "1"') => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
data:
  ${data}
`;

export const MUTATE_CASES: MutateCase[] = [
  // create generators, client dry-run
  c(
    'create deployment dry-run yaml',
    'create deployment m1 --image=nginx --dry-run=client -o yaml',
  ),
  c(
    'create deployment dry-run json',
    'create deployment m2 --image=nginx --dry-run=client -o json',
  ),
  c(
    'create deployment replicas port command',
    'create deployment m3 --image=busybox --replicas=3 --port=8080 --dry-run=client -o yaml -- sleep 3600',
  ),
  c(
    'create deployment two images',
    'create deployment m4 --image=nginx --image=redis:7 --dry-run=client -o json',
  ),
  c(
    'create deployment -n dry-run',
    'create deployment m5 --image=nginx -n dev --dry-run=client -o yaml',
  ),
  c(
    'create deployment dry-run name',
    'create deployment m6 --image=nginx --dry-run=client -o name',
  ),
  c('create deployment dry-run plain', 'create deployment m7 --image=nginx --dry-run=client'),
  c(
    'create deployment then get',
    'create deployment m8 --image=nginx',
    'get deploy m8 -o jsonpath={.spec.replicas}',
  ),
  c(
    'create deployment exists',
    'create deployment m9 --image=nginx',
    'create deployment m9 --image=nginx',
  ),
  c('create deployment missing image', 'create deployment m10'),
  c('create deployment no name', 'create deployment --image=nginx'),
  c('create deployment two names', 'create deployment a b --image=nginx'),
  c('create deployment image and command', 'create deployment m11 --image=a --image=b -- sleep 1'),
  c('create deployment bad name', 'create deployment Bad_Name --image=nginx'),
  c(
    'create deployment server dry-run',
    'create deployment m12 --image=nginx --dry-run=server',
    'get deploy m12',
  ),
  c('create bad dry-run', 'create deployment m13 --image=nginx --dry-run=maybe'),
  c('create bad output', 'create deployment m14 --image=nginx -o wide'),
  c('create deployment -o yaml', 'create deployment m15 --image=nginx -o name'),
  c(
    'create configmap literals',
    'create configmap cm1 --from-literal=a=1 --from-literal=b=two',
    'get cm cm1 -o yaml',
  ),
  c('create configmap dry-run', 'create cm cm2 --from-literal=x=y --dry-run=client -o yaml'),
  c('create configmap bad literal', 'create configmap cm3 --from-literal=novalue'),
  c('create configmap duplicate key', 'create configmap cm4 --from-literal=a=1 --from-literal=a=2'),
  c('create configmap exists', 'create cm cm5', 'create cm cm5'),
  f(
    'create configmap from-file',
    { 'game.properties': 'lives=3\n', 'ui.properties': 'color=blue\n' },
    'create configmap cm6 --from-file=$DIR/game.properties --from-file=ui=$DIR/ui.properties --dry-run=client -o yaml',
  ),
  f(
    'create configmap from-env-file',
    { 'app.env': '# c\nA=1\nB=two words\n\n' },
    'create configmap cm7 --from-env-file=$DIR/app.env -o yaml --dry-run=client',
  ),
  c(
    'create secret generic',
    'create secret generic sec1 --from-literal=user=admin --from-literal=pw=s3cr3t',
    'get secret sec1 -o jsonpath={.data.user}',
  ),
  c(
    'create secret generic dry-run',
    'create secret generic sec2 --from-literal=a=b --dry-run=client -o yaml',
  ),
  c(
    'create secret generic type',
    'create secret generic sec3 --type=kubernetes.io/basic-auth --from-literal=username=u --from-literal=password=p -o name',
  ),
  c('create secret generic exists', 'create secret generic sec4', 'create secret generic sec4'),
  c(
    'create secret docker-registry',
    'create secret docker-registry reg1 --docker-server=r.example.com --docker-username=u --docker-password=p --docker-email=u@example.com --dry-run=client -o yaml',
  ),
  c('create secret no subcommand', 'create secret'),
  c('create namespace', 'create namespace ns-m1', 'get ns ns-m1 -o name'),
  c('create namespace dry-run', 'create ns ns-m2 --dry-run=client -o yaml'),
  c('create namespace exists', 'create namespace ns-m3', 'create namespace ns-m3'),
  c(
    'create service clusterip',
    'create service clusterip svc1 --tcp=80:8080',
    'get svc svc1 -o jsonpath={.spec.ports}',
  ),
  c(
    'create service clusterip dry-run',
    'create service clusterip svc2 --tcp=80:8080 --tcp=443 --dry-run=client -o yaml',
  ),
  c(
    'create service headless',
    'create service clusterip svc3 --clusterip=None --dry-run=client -o yaml',
  ),
  c(
    'create service nodeport',
    'create service nodeport svc4 --tcp=80:8080 --node-port=30080 --dry-run=client -o json',
  ),
  c(
    'create service loadbalancer',
    'create svc loadbalancer svc5 --tcp=5678:8080 --dry-run=client -o yaml',
  ),
  c(
    'create service externalname',
    'create service externalname svc6 --external-name=db.example.com --dry-run=client -o yaml',
  ),
  c('create service no ports', 'create service clusterip svc7'),
  c('create service bad port', 'create service clusterip svc8 --tcp=abc'),
  c(
    'create service exists',
    'create service clusterip svc9 --tcp=80',
    'create service clusterip svc9 --tcp=80',
  ),
  c('create job', 'create job job1 --image=busybox --dry-run=client -o yaml -- echo hello'),
  c('create job no image', 'create job job2'),
  s(
    'create job from cronjob',
    ['create cronjob cj1 --image=busybox --schedule="*/5 * * * *"'],
    'create job job3 --from=cronjob/cj1 --dry-run=client -o yaml',
  ),
  c('create job from missing cronjob', 'create job job4 --from=cronjob/nope'),
  c(
    'create cronjob',
    'create cronjob cj2 --image=busybox --schedule="*/1 * * * *" --dry-run=client -o yaml -- date',
  ),
  c('create cronjob no schedule', 'create cronjob cj3 --image=busybox'),
  c('create quota', 'create quota q1 --hard=cpu=1,memory=1G,pods=4 --dry-run=client -o yaml'),
  c('create serviceaccount', 'create serviceaccount sa1', 'create sa sa1'),
  c(
    'create pdb',
    'create poddisruptionbudget pdb1 --selector=app=web --min-available=1 --dry-run=client -o yaml',
  ),
  c('create pdb no budget', 'create pdb pdb2 --selector=app=web'),
  c(
    'create ingress',
    'create ingress ing1 --rule=foo.com/bar=svc1:8080,tls=my-cert --class=default --dry-run=client -o yaml',
  ),
  c('create ingress bad rule', 'create ingress ing2 --rule=foo'),
  c('create unexpected args', 'create foo'),
  c('create nothing', 'create'),
  c('create --help', 'create deployment --help'),
  // create -f
  f(
    'create -f file',
    { 'd.yaml': DEPLOY('f1') },
    'create -f $DIR/d.yaml',
    'get deploy f1 -o jsonpath={.spec.template.spec.containers[0].image}',
  ),
  f(
    'create -f exists',
    { 'd.yaml': DEPLOY('f2') },
    'create -f $DIR/d.yaml',
    'create -f $DIR/d.yaml',
  ),
  f('create -f multi-doc', { 'm.yaml': `${CM('f3a')}---\n${CM('f3b')}` }, 'create -f $DIR/m.yaml'),
  f(
    'create -f json',
    {
      'c.json': JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'f4' },
        data: { k: 'v' },
      }),
    },
    'create -f $DIR/c.json -o name',
  ),
  f(
    'create -f dir',
    {
      'dir/a.yaml': CM('f5a'),
      'dir/b.yml': CM('f5b'),
      'dir/readme.txt': 'x',
      'dir/sub/c.yaml': CM('f5c'),
    },
    'create -f $DIR/dir',
  ),
  f(
    'create -f dir -R',
    { 'dir/a.yaml': CM('f6a'), 'dir/sub/c.yaml': CM('f6c') },
    'create -f $DIR/dir -R',
  ),
  f('create -f stdin', { 'in.yaml': CM('f7') }, '< in.yaml create -f -'),
  c('create -f missing', 'create -f $DIR/nope.yaml'),
  f(
    'create -f dry-run yaml',
    { 'd.yaml': DEPLOY('f8') },
    'create -f $DIR/d.yaml --dry-run=client -o yaml',
  ),
  f(
    'create -f no kind',
    { 'x.yaml': 'apiVersion: v1\nmetadata:\n  name: f9\n' },
    'create -f $DIR/x.yaml',
  ),
  f(
    'create -f unknown kind',
    { 'x.yaml': 'apiVersion: v1\nkind: Foo\nmetadata:\n  name: f10\n' },
    'create -f $DIR/x.yaml',
  ),
  f(
    'create -f unknown field',
    { 'x.yaml': CM('f11').replace('data:', 'dta:') },
    'create -f $DIR/x.yaml',
  ),
  f(
    'create -f namespace mismatch',
    { 'x.yaml': CM('f12').replace('name: f12', 'name: f12\n  namespace: dev') },
    'create -f $DIR/x.yaml -n default',
  ),
  f(
    'create -f in missing namespace',
    { 'x.yaml': CM('f13').replace('name: f13', 'name: f13\n  namespace: nope') },
    'create -f $DIR/x.yaml',
  ),
  f(
    'create -f --save-config',
    { 'x.yaml': CM('f14') },
    'create -f $DIR/x.yaml --save-config',
    'get cm f14 -o yaml',
  ),
  // apply
  f('apply creates', { 'd.yaml': DEPLOY('a1') }, 'apply -f $DIR/d.yaml', 'get deploy a1 -o yaml'),
  f('apply unchanged', { 'd.yaml': DEPLOY('a2') }, 'apply -f $DIR/d.yaml', 'apply -f $DIR/d.yaml'),
  f(
    'apply configured',
    { 'd.yaml': DEPLOY('a3'), 'd2.yaml': DEPLOY('a3', 'nginx:1.25', 3) },
    'apply -f $DIR/d.yaml',
    'apply -f $DIR/d2.yaml',
    'get deploy a3 -o jsonpath={.spec.replicas}{.spec.template.spec.containers[0].image}',
  ),
  f(
    'apply removes a field it set',
    { 'c.yaml': CM('a4', 'a: "1"\n  b: "2"'), 'c2.yaml': CM('a4', 'a: "1"') },
    'apply -f $DIR/c.yaml',
    'apply -f $DIR/c2.yaml',
    'get cm a4 -o jsonpath={.data}',
  ),
  f(
    'apply keeps fields others set',
    { 'c.yaml': CM('a5') },
    'apply -f $DIR/c.yaml',
    'label cm a5 extra=yes',
    'apply -f $DIR/c.yaml',
    'get cm a5 --show-labels',
  ),
  {
    name: 'apply on object created without annotation',
    files: { 'c.yaml': CM('a6') },
    setup: ['create configmap a6 --from-literal=a=1'],
    steps: ['apply -f $DIR/c.yaml', 'get cm a6 -o jsonpath={.data}'],
  },
  f(
    'apply multi-doc',
    { 'm.yaml': `${CM('a7a')}---\n${DEPLOY('a7b')}` },
    'apply -f $DIR/m.yaml',
    'apply -f $DIR/m.yaml',
  ),
  f(
    'apply dry-run client',
    { 'd.yaml': DEPLOY('a8') },
    'apply -f $DIR/d.yaml --dry-run=client',
    'get deploy a8',
  ),
  f(
    'apply dry-run server',
    { 'd.yaml': DEPLOY('a9') },
    'apply -f $DIR/d.yaml --dry-run=server',
    'get deploy a9',
  ),
  f('apply -o name', { 'd.yaml': DEPLOY('a10') }, 'apply -f $DIR/d.yaml -o name'),
  c('apply no file', 'apply'),
  f('apply server-side', { 'c.yaml': CM('a11') }, 'apply --server-side -f $DIR/c.yaml'),
  // delete
  s('delete by name', ['create cm d1'], 'delete cm d1', 'get cm d1'),
  s('delete type/name', ['create cm d2'], 'delete cm/d2'),
  c('delete not found', 'delete cm nope-d3'),
  c('delete --ignore-not-found', 'delete cm nope-d4 --ignore-not-found'),
  s(
    'delete -l',
    ['create cm d5a', 'create cm d5b', 'label cm d5a d5b grp=d5'],
    'delete cm -l grp=d5',
  ),
  c('delete -l no match', 'delete cm -l grp=none'),
  c('delete no names', 'delete cm'),
  c('delete nothing', 'delete'),
  s('delete -o name', ['create cm d6'], 'delete cm d6 -o name'),
  s('delete deployment', ['create deployment d7 --image=nginx'], 'delete deploy d7'),
  s(
    'delete dry-run',
    ['create cm d8'],
    'delete cm d8 --dry-run=client',
    'delete cm d8 --dry-run=server',
    'get cm d8 -o name',
  ),
  c('delete --now and --grace-period', 'delete cm x --now --grace-period=5'),
  s('delete --force', ['create cm d9'], 'delete cm d9 --force --grace-period=0'),
  f('delete -f', { 'c.yaml': CM('d10') }, 'create -f $DIR/c.yaml', 'delete -f $DIR/c.yaml'),
  // label / annotate
  s('label add', ['create cm l1'], 'label cm l1 tier=web', 'get cm l1 --show-labels'),
  s('label no overwrite', ['create cm l2', 'label cm l2 a=1'], 'label cm l2 a=2'),
  s(
    'label overwrite',
    ['create cm l3', 'label cm l3 a=1'],
    'label cm l3 a=2 --overwrite',
    'label cm l3 a=2 --overwrite',
  ),
  s('label remove', ['create cm l4', 'label cm l4 a=1'], 'label cm l4 a-', 'label cm l4 a-'),
  // One label only: the real kubectl prints --list by ranging over a Go map, in random order.
  s('label --list', ['create cm l5', 'label cm l5 b=2'], 'label cm l5 --list'),
  c('label nothing', 'label cm x'),
  c('label not found', 'label cm nope-l6 a=b'),
  s(
    'label -l',
    ['create cm l7a', 'create cm l7b', 'label cm l7a l7b g=l7'],
    'label cm -l g=l7 x=y',
  ),
  s(
    'annotate',
    ['create cm n1'],
    'annotate cm n1 note=hello',
    'annotate cm n1 note=bye',
    'annotate cm n1 note=bye --overwrite',
    'annotate cm n1 note-',
  ),
  // scale
  s(
    'scale',
    ['create deployment sc1 --image=nginx'],
    'scale deploy sc1 --replicas=3',
    'get deploy sc1 -o jsonpath={.spec.replicas}',
  ),
  s(
    'scale type/name',
    ['create deployment sc2 --image=nginx'],
    'scale deployment/sc2 --replicas=0',
  ),
  s(
    'scale current-replicas mismatch',
    ['create deployment sc3 --image=nginx'],
    'scale deploy sc3 --replicas=2 --current-replicas=5',
  ),
  c('scale not found', 'scale deploy nope-sc4 --replicas=2'),
  c('scale no replicas', 'scale deploy web'),
  // patch
  s(
    'patch strategic',
    ['create deployment p1 --image=nginx'],
    `patch deploy p1 -p '{"spec":{"replicas":2}}'`,
    `patch deploy p1 -p '{"spec":{"replicas":2}}'`,
  ),
  s(
    'patch merge',
    ['create cm p2 --from-literal=a=1'],
    `patch cm p2 --type=merge -p '{"data":{"b":"2"}}'`,
    'get cm p2 -o jsonpath={.data}',
  ),
  s(
    'patch json',
    ['create cm p3 --from-literal=a=1'],
    `patch cm p3 --type=json -p '[{"op":"remove","path":"/data/a"}]'`,
    'get cm p3 -o yaml',
  ),
  s('patch yaml', ['create cm p4'], `patch cm p4 -p 'data: {x: y}'`),
  c('patch bad type', `patch cm x --type=foo -p '{}'`),
  c('patch no patch', 'patch cm x'),
  c('patch not found', `patch cm nope-p5 -p '{"data":{"a":"b"}}'`),
  s('patch invalid json', ['create cm p6'], `patch cm p6 -p '{bad'`),
  // run
  c('run dry-run yaml', 'run r1 --image=nginx --dry-run=client -o yaml'),
  c(
    'run everything',
    'run r2 --image=busybox --port=80 --labels=a=b,c=d --env=X=1 --env=Y=2 --restart=Never --dry-run=client -o json -- sleep 10',
  ),
  c('run --command', 'run r3 --image=busybox --command --dry-run=client -o yaml -- sh -c date'),
  c('run creates', 'run r4 --image=nginx', 'get pod r4 -o jsonpath={.spec.containers[0].image}'),
  c('run no image', 'run r5'),
  c('run bad restart', 'run r6 --image=nginx --restart=Sometimes'),
  c('run exists', 'run r7 --image=nginx', 'run r7 --image=nginx'),
];

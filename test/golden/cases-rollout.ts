/**
 * Golden cases of replace, expose, set, rollout, autoscale, edit, diff and create secret tls,
 * run on twin clusters by rollout.test.ts (see cases-mutate.ts for the step syntax). The clocks
 * move only on `@advance`, so `rollout status` cases either find the rollout done, or use
 * --watch=false or a short --timeout. `set env --from` reads the source's keys in Go's random
 * map order, so those cases use one key.
 */
import { expect } from 'vitest';
import type { MutateCase } from './cases-mutate';

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
const e = (
  name: string,
  setup: string[],
  editor: MutateCase['editor'],
  ...steps: string[]
): MutateCase => ({ name, setup, editor, steps });

/**
 * An edit of deployment `name` over several rounds: the real editor applies `seds[n]` on
 * round n (counting in the case's folder), ours `ours[n]`.
 */
const rounds = (
  name: string,
  deploy: string,
  seds: string[],
  ...ours: ((text: string) => string)[]
): MutateCase => {
  let round = 0;
  const sedOf = seds.map((x, i) => `[ $n = ${i} ] && x='${x}'`).join('; ');
  return {
    name,
    setup: [`create deployment ${deploy} --image=nginx`],
    editor: {
      real: `n=$(cat rounds 2>/dev/null || echo 0); echo $((n+1)) > rounds; x='s/^//'; ${sedOf}; sed -i "$x"`,
      ours: (t) => ours[Math.min(round++, ours.length - 1)](t),
    },
    steps: [`edit deployment ${deploy}`, `get deployment ${deploy} -o jsonpath={.spec.replicas}`],
  };
};

const CM = (name: string, value: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
data:
  a: "${value}"
`;

const DEPLOY = (name: string, image: string, replicas = 2) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
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
        ports:
        - containerPort: 8080
`;

const CERT = `-----BEGIN CERTIFICATE-----
MIIBcDCCARegAwIBAgIUWKCVh0TPwkPEMU791CvgUtKlS5owCgYIKoZIzj0EAwIw
DjEMMAoGA1UEAwwDd2ViMB4XDTI2MTEyMjA2NDczNVoXDTM2MTExOTA2NDczNVow
DjEMMAoGA1UEAwwDd2ViMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEJAAqGcxB
rXjaVx+EuC+u8t25/19EYleRuzyeDnF9ZsZpJiwR2PR642CoaIsuV6iDEWOMbf7h
mfSF1PsTb0hto6NTMFEwHQYDVR0OBBYEFMuqhNnnOUAFeBym2CMeOdzYquy2MB8G
A1UdIwQYMBaAFMuqhNnnOUAFeBym2CMeOdzYquy2MA8GA1UdEwEB/wQFMAMBAf8w
CgYIKoZIzj0EAwIDRwAwRAIgfk5TbPkZP2i0pu3H3Y5msvjlC3fyGS7MlC2OxzZZ
6GICIG4k9lqZ/BY+4ptXTRZrpvJlVLZNjKLPYI7hfBr8ZzlE
-----END CERTIFICATE-----
`;
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgBU5teiD8RCW2co+F
nsGrNhT5Jv4Etm0UTfxwUept5AqhRANCAAQkACoZzEGteNpXH4S4L67y3bn/X0Ri
V5G7PJ4OcX1mxmkmLBHY9HrjYKhoiy5XqIMRY4xt/uGZ9IXU+xNvSG2j
-----END PRIVATE KEY-----
`;

const DAEMONSET = (name: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ${name}
spec:
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
        image: nginx
`;

const STATEFULSET = (name: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
spec:
  serviceName: ${name}
  replicas: 2
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
        image: nginx
`;

/** A rolled-out deployment NAME with 3 replicas of nginx, after 60 seconds. */
const rolled = (name: string) => [`create deployment ${name} --image=nginx --replicas=3`];

export const ROLLOUT_CASES: MutateCase[] = [
  // replace
  f(
    'replace',
    { 'cm.yaml': CM('rp1', '2') },
    'create cm rp1 --from-literal=a=1',
    'replace -f cm.yaml',
    'get cm rp1 -o jsonpath={.data.a}',
  ),
  f('replace not found', { 'cm.yaml': CM('rp2', '2') }, 'replace -f cm.yaml'),
  f(
    'replace --force',
    { 'cm.yaml': CM('rp3', '3') },
    'create cm rp3 --from-literal=a=1',
    'replace --force -f cm.yaml',
    'get cm rp3 -o jsonpath={.data.a}',
  ),
  f(
    'replace --force -o name',
    { 'cm.yaml': CM('rp4', '4') },
    'create cm rp4',
    'replace --force -f cm.yaml -o name',
  ),
  c('replace no file', 'replace'),
  f(
    'replace -o yaml',
    { 'cm.yaml': CM('rp5', '5') },
    'create cm rp5',
    'replace -f cm.yaml -o jsonpath={.data}',
  ),
  f(
    'replace dry-run client',
    { 'cm.yaml': CM('rp6', '6') },
    'create cm rp6',
    'replace -f cm.yaml --dry-run=client',
    'get cm rp6 -o jsonpath={.data}',
  ),
  c('replace missing file', 'replace -f nope.yaml'),
  f(
    'replace deployment',
    { 'd.yaml': DEPLOY('rp7', 'nginx:1.27') },
    'create -f d.yaml',
    'replace -f d.yaml',
    'get deploy rp7 -o jsonpath={.metadata.generation}',
  ),
  // expose
  s(
    'expose deployment dry-run yaml',
    ['create deployment ex1 --image=nginx --port=80'],
    'expose deploy ex1 --dry-run=client -o yaml',
  ),
  s(
    'expose deployment json',
    ['create deployment ex2 --image=nginx'],
    'expose deploy ex2 --port=80 --target-port=8080 --type=NodePort --name=ex2b --dry-run=client -o json',
  ),
  s(
    'expose creates',
    ['create deployment ex3 --image=nginx'],
    'expose deployment ex3 --port=80',
    'get svc ex3 -o jsonpath={.spec.ports}',
  ),
  s('expose no port', ['create deployment ex4 --image=nginx'], 'expose deploy ex4'),
  c('expose not found', 'expose deploy nope-ex5 --port=80'),
  s('expose configmap', ['create cm ex6'], 'expose cm ex6 --port=80'),
  s(
    'expose pod',
    ['run ex7 --image=nginx --port=8080 --labels=app=ex7,tier=web'],
    'expose pod ex7 --dry-run=client -o yaml',
  ),
  c('expose service', 'expose svc web --name=web-copy --port=90 --dry-run=client -o json'),
  s(
    'expose exists',
    ['create deployment ex8 --image=nginx'],
    'expose deploy ex8 --port=80',
    'expose deploy ex8 --port=80',
  ),
  s(
    'expose options',
    ['create deployment ex9 --image=nginx'],
    'expose deploy ex9 --port=53 --protocol=UDP --selector=x=y --external-ip=1.2.3.4 --type=LoadBalancer --load-balancer-ip=5.6.7.8 --labels=a=b -o yaml --dry-run=client',
  ),
  s(
    'expose replicaset',
    ['create deployment ex10 --image=nginx --port=80'],
    '@advance 5',
    'expose rs -l app=ex10 --dry-run=client -o name',
  ),
  c('expose no args', 'expose'),
  // set image
  s(
    'set image',
    ['create deployment si1 --image=nginx'],
    'set image deploy/si1 nginx=nginx:1.27',
    'get deploy si1 -o jsonpath={.spec.template.spec.containers[0].image}',
  ),
  s(
    'set image unchanged',
    ['create deployment si2 --image=nginx'],
    'set image deploy/si2 nginx=nginx',
  ),
  s(
    'set image star',
    ['create deployment si3 --image=nginx --image=redis'],
    'set image deployment si3 *=busybox',
    'get deploy si3 -o jsonpath={.spec.template.spec.containers[*].image}',
  ),
  s(
    'set image no container',
    ['create deployment si4 --image=nginx'],
    'set image deploy/si4 nope=x',
  ),
  c('set image no images', 'set image deploy/web'),
  c('set image no resources', 'set image nginx=x'),
  s(
    'set image dry-run yaml',
    ['create deployment si5 --image=nginx'],
    'set image deploy/si5 nginx=nginx:2 --dry-run=client -o jsonpath={.spec.template.spec.containers[0].image}',
  ),
  s('set image pod', ['run si6 --image=nginx'], 'set image pod/si6 si6=nginx:1.27'),
  c('set image not found', 'set image deploy/nope-si7 a=b'),
  // set env
  s(
    'set env and list',
    ['create deployment se1 --image=nginx'],
    'set env deploy/se1 A=1 B=2',
    'set env deploy/se1 --list',
  ),
  s(
    'set env remove',
    ['create deployment se2 --image=nginx'],
    'set env deploy/se2 A=1 B=2',
    'set env deploy/se2 A-',
    'set env deploy/se2 --list',
  ),
  s(
    'set env from configmap',
    ['create deployment se3 --image=nginx', 'create cm se3 --from-literal=y.z=2'],
    'set env deploy/se3 --from=configmap/se3',
    'set env deploy/se3 --list',
  ),
  s(
    'set env -e and prefix',
    ['create deployment se4 --image=nginx', 'create cm se4 --from-literal=K=v'],
    'set env deploy/se4 -e C=3 --from=configmap/se4 --prefix=P_',
    'get deploy se4 -o jsonpath={.spec.template.spec.containers[0].env}',
  ),
  c('set env bad name', 'set env deploy/web 1A=1'),
  c('set env from missing', 'set env deploy/web --from=secret/nope'),
  c('set env no resources', 'set env A=1'),
  s(
    'set env list with change',
    ['create deployment se5 --image=nginx'],
    'set env deploy/se5 Z=9 --list',
    'get deploy se5 -o jsonpath={.spec.template.spec.containers[0].env}',
  ),
  c('set env list and output', 'set env deploy/web --list -o yaml'),
  // set resources
  s(
    'set resources',
    ['create deployment sr1 --image=nginx'],
    'set resources deploy/sr1 --limits=cpu=200m,memory=512Mi --requests=cpu=100m',
    'get deploy sr1 -o jsonpath={.spec.template.spec.containers[0].resources}',
    'set resources deploy/sr1 --limits=cpu=200m',
  ),
  c('set resources none', 'set resources deploy/web'),
  c('set resources bad quantity', 'set resources deploy/web --limits=cpu=abc'),
  // rollout status
  s(
    'rollout status done',
    rolled('ro1'),
    '@advance 60',
    'rollout status deploy/ro1',
    'rollout status deployment ro1 --watch=false',
  ),
  s(
    'rollout status in progress',
    rolled('ro2'),
    '@advance 60',
    'set image deploy/ro2 nginx=nginx:1.27',
    'rollout status deploy/ro2 --watch=false',
    '@advance 3',
    'rollout status deploy/ro2 --watch=false',
    '@advance 60',
    'rollout status deploy/ro2',
  ),
  s(
    'rollout status timeout',
    rolled('ro3'),
    '@advance 60',
    'set image deploy/ro3 nginx=nginx:1.27',
    'rollout status deploy/ro3 --timeout=1s',
  ),
  s(
    'rollout status revision',
    rolled('ro4'),
    '@advance 60',
    'rollout status deploy/ro4 --revision=1',
    'rollout status deploy/ro4 --revision=2',
  ),
  c('rollout status pod', 'rollout status pod/nope'),
  c('rollout status not found', 'rollout status deploy/nope-ro5'),
  c('rollout status no args', 'rollout status'),
  // rollout history and undo
  s(
    'rollout history',
    rolled('rh1'),
    '@advance 60',
    'set image deploy/rh1 nginx=nginx:1.27',
    '@advance 60',
    'rollout history deploy/rh1',
    'rollout history deploy/rh1 --revision=2',
    'rollout history deploy/rh1 --revision=9',
  ),
  s(
    'rollout history change-cause',
    rolled('rh2'),
    '@advance 60',
    'annotate deploy rh2 kubernetes.io/change-cause=first',
    'set image deploy/rh2 nginx=nginx:1.27',
    '@advance 60',
    'rollout history deployment/rh2',
  ),
  s(
    'rollout undo',
    rolled('ru1'),
    '@advance 60',
    'set image deploy/ru1 nginx=nginx:1.27',
    '@advance 60',
    'rollout undo deploy/ru1',
    '@advance 60',
    'get deploy ru1 -o jsonpath={.spec.template.spec.containers[0].image}',
    'rollout undo deploy/ru1 --to-revision=3',
  ),
  s(
    'rollout undo to revision',
    rolled('ru2'),
    '@advance 60',
    'set image deploy/ru2 nginx=nginx:1.27',
    '@advance 60',
    'rollout undo deploy/ru2 --to-revision=1',
    'rollout undo deploy/ru2 --to-revision=7',
  ),
  s('rollout undo no history', rolled('ru3'), '@advance 60', 'rollout undo deploy/ru3'),
  c('rollout history pod', 'rollout history pod/nope'),
  // pause, resume, restart
  s(
    'rollout pause resume',
    rolled('rp1'),
    'rollout pause deploy/rp1',
    'rollout pause deploy/rp1',
    'rollout resume deploy/rp1',
    'rollout resume deploy/rp1',
  ),
  s(
    'rollout restart',
    rolled('rr1'),
    '@advance 60',
    'rollout restart deploy/rr1',
    'get deploy rr1 -o jsonpath={.metadata.generation}',
  ),
  s(
    'rollout restart paused',
    rolled('rr2'),
    'rollout pause deploy/rr2',
    'rollout restart deploy/rr2',
  ),
  c('rollout pause configmap', 'rollout pause cm/c1'),
  // autoscale
  s(
    'autoscale dry-run json',
    ['create deployment as1 --image=nginx'],
    'autoscale deploy as1 --min=2 --max=5 --cpu-percent=80 --dry-run=client -o json',
  ),
  s(
    'autoscale creates',
    ['create deployment as2 --image=nginx'],
    'autoscale deploy as2 --max=3',
    'autoscale deploy as2 --max=3',
  ),
  c('autoscale no max', 'autoscale deploy web'),
  c('autoscale max below min', 'autoscale deploy web --max=1 --min=3'),
  c('autoscale configmap', 'autoscale cm c1 --max=3'),
  s(
    'autoscale name yaml',
    ['create deployment as3 --image=nginx'],
    'autoscale deployment/as3 --max=4 --name=as3-hpa -o yaml --dry-run=client',
  ),
  // edit
  e(
    'edit no change',
    ['create cm ed1 --from-literal=a=1'],
    { real: 'true', ours: (t) => t },
    'edit cm ed1',
  ),
  e(
    'edit change',
    ['create cm ed2 --from-literal=a=1'],
    { real: `sed -i 's/^  a: .*/  a: "9"/'`, ours: (t) => t.replace(/^ {2}a: .*$/m, '  a: "9"') },
    'edit cm ed2',
    'get cm ed2 -o jsonpath={.data.a}',
  ),
  e(
    'edit -o yaml',
    ['create cm ed3 --from-literal=a=1'],
    { real: `sed -i 's/^  a: .*/  a: "8"/'`, ours: (t) => t.replace(/^ {2}a: .*$/m, '  a: "8"') },
    'edit cm ed3 -o jsonpath={.data}',
  ),
  // A save the server rejects reopens the file with the failures on top; the real editor
  // counts its rounds in the case's folder, ours in `rounds`.
  rounds(
    'edit invalid then fixed',
    'ef1',
    ['s/^  replicas: .*/  replicas: -1/', 's/^  replicas: .*/  replicas: 2/'],
    (t) => t.replace(/^ {2}replicas: .*$/m, '  replicas: -1'),
    (t) => {
      expect(t).toContain(
        '#\n# deployments.apps "ef1" was not valid:\n# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n#\napiVersion: apps/v1\n',
      );
      return t.replace(/^ {2}replicas: .*$/m, '  replicas: 2');
    },
  ),
  rounds(
    'edit invalid then unchanged',
    'ef2',
    ['s/^  replicas: .*/  replicas: -1/', 's/^//'],
    (t) => t.replace(/^ {2}replicas: .*$/m, '  replicas: -1'),
    (t) => t,
  ),
  rounds(
    'edit yaml syntax error then fixed',
    'ef3',
    ['s/^spec:/spec: 1/', 's/^spec: 1/spec:/; s/^  replicas: .*/  replicas: 3/'],
    (t) => t.replace(/^spec:/m, 'spec: 1'),
    (t) => {
      expect(t).toMatch(
        /^# \* <nil>: Invalid value: "The edited file failed validation": yaml: line \d+: mapping values are not allowed in this context$/m,
      );
      return t.replace(/^spec: 1/m, 'spec:').replace(/^ {2}replicas: .*$/m, '  replicas: 3');
    },
  ),
  // go-yaml names the line above the token for a parser error ("did not find expected key").
  rounds(
    'edit yaml bad indent then fixed',
    'ef7',
    ['s/^  replicas: .*/ x: 1/', 's/^ x: 1/  replicas: 1/'],
    (t) => t.replace(/^ {2}replicas: .*$/m, ' x: 1'),
    (t) => {
      expect(t).toContain(
        '# * <nil>: Invalid value: "The edited file failed validation": yaml: line 15: did not find expected key\n',
      );
      return t.replace(/^ x: 1$/m, '  replicas: 1');
    },
  ),
  e(
    'edit keys reordered',
    ['create cm ed6 --from-literal=a=1'],
    {
      real: `sed -i '/^kind: /d; 1i kind: ConfigMap'`,
      ours: (t) => 'kind: ConfigMap\n' + t.replace(/^kind: .*\n/m, ''),
    },
    'edit cm ed6',
  ),
  // Several objects open in one file, as a v1 List; each item is patched on its own.
  e(
    'edit two deployments as a List',
    ['create deployment em1 --image=nginx', 'create deployment em2 --image=nginx'],
    {
      real: `sed -i 's/^    replicas: .*/    replicas: 3/'`,
      ours: (t) => {
        expect(t).toMatch(/^#\n(apiVersion: v1\nitems:\n- apiVersion: apps\/v1\n)/m);
        expect(t).toMatch(/\n {4}name: em2\n[^]*\nkind: List\nmetadata: \{\}\n$/);
        return t.replace(/^ {4}replicas: .*$/gm, '    replicas: 3');
      },
    },
    'edit deploy/em1 deploy/em2',
    'get deploy em1 em2 -o custom-columns=N:.metadata.name,R:.spec.replicas',
  ),
  e(
    'edit two deployments one unchanged',
    ['create deployment em3 --image=nginx', 'create deployment em4 --image=nginx'],
    {
      real: `sed -i '0,/^    replicas: .*/s//    replicas: 4/'`,
      ours: (t) => t.replace(/^ {4}replicas: .*$/m, '    replicas: 4'),
    },
    'edit deployments em3 em4',
    'get deploy em3 em4 -o custom-columns=N:.metadata.name,R:.spec.replicas',
  ),
  // One invalid item reopens the whole file with its failure on top; the valid one is patched
  // at once, and again (against the original) on the next save.
  ((): MutateCase => {
    let round = 0;
    return {
      name: 'edit two deployments one invalid then fixed',
      setup: ['create deployment em5 --image=nginx', 'create deployment em6 --image=nginx'],
      editor: {
        real: `n=$(cat rounds 2>/dev/null || echo 0); echo $((n+1)) > rounds; x='s/^    replicas: -1/    replicas: 2/'; [ $n = 0 ] && x='0,/^    replicas: .*/s//    replicas: -1/; s/^    revisionHistoryLimit: .*/    revisionHistoryLimit: 5/'; sed -i "$x"`,
        ours: (t) => {
          if (round++ === 0)
            return t
              .replace(/^ {4}replicas: .*$/m, '    replicas: -1')
              .replace(/^ {4}revisionHistoryLimit: .*$/gm, '    revisionHistoryLimit: 5');
          expect(t).toContain(
            '#\n# deployments.apps "em5" was not valid:\n# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n#\napiVersion: v1\nitems:\n',
          );
          expect(t).toContain('    name: em6\n');
          return t.replace(/^ {4}replicas: -1$/m, '    replicas: 2');
        },
      },
      steps: [
        'edit deploy/em5 deploy/em6',
        'get deploy em5 em6 -o custom-columns=N:.metadata.name,R:.spec.replicas,H:.spec.revisionHistoryLimit',
      ],
    };
  })(),
  e(
    'edit a type lists all its objects',
    [
      'create namespace emn',
      'create deployment en1 --image=nginx -n emn',
      'create deployment en2 --image=nginx -n emn',
    ],
    {
      real: `sed -i 's/^    replicas: .*/    replicas: 5/'`,
      ours: (t) => t.replace(/^ {4}replicas: .*$/gm, '    replicas: 5'),
    },
    'edit deployments -n emn',
    'get deploy -n emn -o custom-columns=N:.metadata.name,R:.spec.replicas',
  ),
  e(
    'edit a type with no objects',
    [],
    { real: 'true', ours: (t) => t },
    'edit deployments -n edit-none',
  ),
  e('edit not found', [], { real: 'true', ours: (t) => t }, 'edit cm nope-ed4'),
  e('edit no args', [], { real: 'true', ours: (t) => t }, 'edit'),
  e('edit bad output', ['create cm ed5'], { real: 'true', ours: (t) => t }, 'edit cm ed5 -o name'),
  // YAML syntax errors name go-yaml's line, counted from the start of the document's chunk.
  f(
    'apply yaml mapping values line',
    {
      'bad.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: y1\nspec:\n  replicas: 1\n    image: x\n',
    },
    'apply -f bad.yaml',
    'create -f bad.yaml',
  ),
  f(
    'create yaml value then indented key line',
    { 'bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y2\ndata: 1\n  a: "1"\n' },
    'create -f bad.yaml',
  ),
  f(
    'apply yaml bad indent line',
    {
      'bad.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y3\ndata:\n  a: "1"\n b: "2"\n',
    },
    'apply -f bad.yaml',
  ),
  f(
    'apply yaml error in a later document',
    {
      'bad.yaml':
        '# first\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y4\ndata:\n  a: "1"\n    b: "2"\n',
    },
    'apply -f bad.yaml',
  ),
  // diff
  f(
    'diff change',
    { 'd.yaml': DEPLOY('df1', 'nginx:1.99') },
    'create deployment df1 --image=nginx --replicas=2',
    'diff -f d.yaml',
  ),
  f('diff new object', { 'cm.yaml': CM('df2', '1') }, 'diff -f cm.yaml'),
  f('diff no change', { 'cm.yaml': CM('df3', '1') }, 'apply -f cm.yaml', 'diff -f cm.yaml'),
  f(
    'diff after apply',
    { 'cm.yaml': CM('df4', '1'), 'cm2.yaml': CM('df4', '2') },
    'apply -f cm.yaml',
    'diff -f cm2.yaml',
  ),
  c('diff no file', 'diff'),
  // create secret tls
  f(
    'create secret tls',
    { 'tls.crt': CERT, 'tls.key': KEY },
    'create secret tls tl1 --cert=tls.crt --key=tls.key --dry-run=client -o yaml',
    'create secret tls tl1 --cert=tls.crt --key=tls.key',
  ),
  c('create secret tls no key', 'create secret tls tl2 --cert=tls.crt'),
  f(
    'create secret tls missing file',
    { 'tls.key': KEY },
    'create secret tls tl3 --cert=nope.crt --key=tls.key',
  ),
  f(
    'create secret tls bad pem',
    { 'bad.crt': 'hello\n', 'tls.key': KEY },
    'create secret tls tl4 --cert=bad.crt --key=tls.key',
  ),
  // more
  f(
    'rollout status daemonset',
    { 'ds.yaml': DAEMONSET('rd1') },
    'create -f ds.yaml',
    'rollout status ds/rd1 --watch=false',
    '@advance 60',
    'rollout status daemonset/rd1',
    'rollout restart ds/rd1',
    'rollout status ds/rd1 --watch=false',
  ),
  f(
    'rollout status statefulset',
    { 'sts.yaml': STATEFULSET('rs1') },
    'create -f sts.yaml',
    'rollout status sts/rs1 --watch=false',
    '@advance 90',
    'rollout status statefulset/rs1 --watch=false',
  ),
  s(
    'expose headless',
    ['create deployment ex11 --image=nginx'],
    'expose deploy ex11 --cluster-ip=None --dry-run=client -o yaml',
  ),
  s(
    'expose bad session affinity',
    ['create deployment ex12 --image=nginx'],
    'expose deploy ex12 --port=80 --session-affinity=Sticky',
  ),
  s(
    'set env no overwrite',
    ['create deployment se6 --image=nginx'],
    'set env deploy/se6 A=1',
    'set env deploy/se6 A=2 --overwrite=false',
  ),
  s(
    'set env containers',
    ['create deployment se7 --image=nginx --image=redis'],
    'set env deploy/se7 -c redis R=1',
    'set env deploy/se7 --list',
    'set env deploy/se7 -c nope X=1',
  ),
  s(
    'rollout undo dry-run',
    rolled('ru4'),
    '@advance 60',
    'set image deploy/ru4 nginx=nginx:1.27',
    '@advance 60',
    'rollout undo deploy/ru4 --dry-run=client',
  ),
  s(
    'rollout undo paused',
    rolled('ru5'),
    '@advance 60',
    'set image deploy/ru5 nginx=nginx:1.27',
    'rollout pause deploy/ru5',
    'rollout undo deploy/ru5',
  ),
  f(
    'diff server-side',
    { 'cm.yaml': CM('df5', '5') },
    'create cm df5 --from-literal=a=1',
    'diff --server-side -f cm.yaml',
  ),
  f(
    'replace --save-config',
    { 'cm.yaml': CM('rp8', '8') },
    'create cm rp8',
    'replace --save-config -f cm.yaml',
    'apply -f cm.yaml',
  ),
  s(
    'rollout history two kinds',
    rolled('rh3'),
    '@advance 60',
    'rollout history deploy/rh3 -o name',
  ),
];

/**
 * The shell as the learner sees it: each case is a transcript (`$ ` and `> ` lines are typed,
 * the rest is output) that running its input lines must reproduce exactly.
 */
import { describe, expect, it } from 'vitest';
import { inputOf, newShell, transcript } from './helpers';

const CASES: { name: string; expected: string }[] = [
  {
    name: 'words and quotes',
    expected: `$ echo "a  b" 'c  d' e\\ f
a  b c  d e f
$ echo 'it''s' "say \\"hi\\"" \\$HOME
its say "hi" $HOME
`,
  },
  {
    name: 'variables, export, ${...} forms and $?',
    expected: `$ A=1; B="two words"; echo "$A-$B" \${A}x \${C:-dflt} \${#B}
1-two words 1x dflt 9
$ export FOO=bar; env | grep FOO
FOO=bar
$ false; echo $?
1
$ echo $HOME ~ ~/x
/home/learner /home/learner /home/learner/x
$ export 1a=b
bash: export: \`1a=b': not a valid identifier
`,
  },
  {
    name: 'command substitution and arithmetic',
    expected: `$ echo $(echo sub) "$(echo a; echo b)"
sub a
b
$ echo $((2 + 3 * 4))
14
`,
  },
  {
    name: '&&, || and ;',
    expected: `$ true && echo yes || echo no
yes
$ false && echo yes || echo no
no
$ echo one; echo two
one
two
`,
  },
  {
    name: 'redirections',
    expected: `$ echo hi > f.txt; echo more >> f.txt; cat f.txt
hi
more
$ cat < f.txt | wc -l
2
$ cat nofile 2>/dev/null; echo $?
1
$ cat nofile 2>&1 | tr a-z A-Z
CAT: NOFILE: NO SUCH FILE OR DIRECTORY
$ ls nofile > out.txt 2>&1; cat out.txt
ls: cannot access 'nofile': No such file or directory
$ cat < missing
bash: missing: No such file or directory
`,
  },
  {
    name: 'here-documents, comments and continuation lines',
    expected: `$ N=web
$ cat <<EOF
> name: $N
> literal: '$N'
> EOF
name: web
literal: 'web'
$ cat <<'EOF'
> name: $N
> EOF
name: $N
$ # a comment
$ echo after # trailing comment
after
$ echo long \\
>   line
long line
`,
  },
  {
    name: 'for, while and if',
    expected: `$ for i in 1 2 3; do echo "n=$i"; done
n=1
n=2
n=3
$ i=0; while [ $i -lt 2 ]; do echo $i; i=$((i+1)); done
0
1
$ if [ -f nofile ]; then echo yes; else echo no; fi
no
`,
  },
  {
    name: 'files: mkdir -p, cd, pwd, touch, ls, rm, globs',
    expected: `$ mkdir -p a/b/c && cd a/b && pwd
/home/learner/a/b
$ cd -
/home/learner
$ touch x.yaml y.yaml; ls *.yaml
x.yaml
y.yaml
$ rm x.yaml; ls
a
y.yaml
$ rm nothere
rm: cannot remove 'nothere': No such file or directory
$ mkdir a
mkdir: cannot create directory ‘a’: File exists
$ cd nowhere
bash: cd: nowhere: No such file or directory
`,
  },
  {
    name: 'text filters',
    expected: `$ printf 'b\\na\\nc\\na\\n' | sort | uniq -c
      2 a
      1 b
      1 c
$ printf '3 x\\n10 y\\n2 z\\n' | sort -n -r
10 y
3 x
2 z
$ printf '3 x\\n10 y\\n2 z\\n' | sort -k2 -r
2 z
10 y
3 x
$ printf 'a:b:c\\n' | cut -d: -f2,3
b:c
$ echo hello | base64; echo aGVsbG8K | base64 -d
aGVsbG8K
hello
$ echo Hello | grep -i hello; echo Hello | grep -v Hello; echo $?
Hello
1
$ printf 'ab\\nabc\\nx\\n' | grep -c -E '^ab'
2
$ printf 'a b\\nab c\\n' | grep -w ab
ab c
$ seq 1 5 | head -n 2; seq 1 5 | tail -n 2
1
2
4
5
$ printf 'one two\\nthree\\n' | wc -l -w
      2       3
$ echo 'a b c' | awk '{print $2, $NF}'
b c
$ echo 'a:b:c' | awk -F: '{print $1 $3}'
ac
$ echo hi | tee t.txt; cat t.txt
hi
hi
`,
  },
  {
    name: 'jq',
    expected: `$ echo '{"metadata":{"name":"x"}}' | jq .metadata.name
"x"
$ echo '{"metadata":{"name":"x"}}' | jq -r .metadata.name
x
$ echo '{"items":[{"a":1},{"a":2}]}' | jq '.items[].a'
1
2
`,
  },
  {
    name: 'aliases, history, type',
    expected: `$ alias k=kubectl
$ alias
alias k='kubectl'
$ type k
k is aliased to \`kubectl'
$ unalias nope
bash: unalias: nope: not found
$ history 2
    4  unalias nope
    5  history 2
`,
  },
  {
    name: 'bash errors',
    expected: `$ foo
bash: foo: command not found
$ echo $?
127
$ echo hi | | cat
bash: syntax error near unexpected token \`|'
$ echo $?
2
$ | cat
bash: syntax error near unexpected token \`|'
$ ./run.sh
bash: ./run.sh: No such file or directory
$ echo 'abc
bash: unexpected EOF while looking for matching \`''
`,
  },
  {
    name: 'kubectl with an alias, pipes, -f from the filesystem and from stdin',
    expected: `$ alias k=kubectl
$ k get nodes
NAME       STATUS   ROLES           AGE   VERSION
minikube   Ready    control-plane   30s   v1.32.0
$ kubectl get ns -o json | jq -r '.items[].metadata.name'
default
kube-node-lease
kube-public
kube-system
$ kubectl get ns --no-headers | wc -l
4
`,
  },
  {
    name: 'minikube',
    expected: `$ minikube status
minikube
type: Control Plane
host: Running
kubelet: Running
apiserver: Running
kubeconfig: Configured

$ minikube ip
192.168.49.2
$ minikube addons enable metrics-server
💡  metrics-server is an addon maintained by Kubernetes. For any concerns contact minikube on GitHub.
You can view the list of minikube maintainers at: https://github.com/kubernetes/minikube/blob/master/OWNERS
    ▪ Using image registry.k8s.io/metrics-server/metrics-server:v0.7.2
🌟  The 'metrics-server' addon is enabled
$ minikube addons list | grep metrics
| metrics-server              | minikube | enabled ✅ | Kubernetes                     |
$ minikube service nope --url

❌  Exiting due to SVC_NOT_FOUND: Service 'nope' was not found in 'default' namespace.
You may select another namespace by using 'minikube service nope -n <namespace>'. Or list out all the services using 'minikube service list'

$ minikube dashboard --url 2>/dev/null
http://127.0.0.1:36143/api/v1/namespaces/kubernetes-dashboard/services/http:kubernetes-dashboard:/proxy/
`,
  },
  {
    name: 'curl and wget from the host',
    expected: `$ curl http://nosuch.example/
curl: (6) Could not resolve host: nosuch.example
$ echo $?
6
$ curl -s 192.168.49.2:31999; echo $?
7
$ curl localhost:8080
curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server
$ wget -qO- http://192.168.49.2:31999/; echo $?
4
`,
  },
];

describe('shell transcripts', () => {
  it.each(CASES)('$name', async ({ expected }) => {
    expect(await transcript(inputOf(expected))).toBe(expected);
  });
});

describe('shell and cluster', () => {
  it('sleep advances the virtual clock', async () => {
    const shell = newShell();
    const before = shell.backend.now();
    await transcript('sleep 10\nsleep 1m', shell);
    expect(shell.backend.now() - before).toBe(70_000);
  });

  it('a port-forward in the background makes curl localhost reach the pod until killed', async () => {
    const shell = newShell();
    const out = await transcript(
      [
        'kubectl run web --image=nginx',
        'sleep 30',
        'kubectl port-forward pod/web 8080:80 &',
        'sleep 1',
        'curl -s localhost:8080 | grep title',
        'jobs',
        'kill %1',
        'sleep 1',
        'curl -s localhost:8080; echo $?',
      ].join('\n'),
      shell,
    );
    expect(out).toContain('$ kubectl port-forward pod/web 8080:80 &\n[1] 4000\n');
    expect(out).toContain('Forwarding from 127.0.0.1:8080 -> 80\n');
    expect(out).toContain(
      '$ curl -s localhost:8080 | grep title\n<title>Welcome to nginx!</title>\n',
    );
    expect(out).toContain('$ jobs\n[1]+  Running\n');
    expect(out).toMatch(/\$ curl -s localhost:8080; echo \$\?\n7\n$/);
  });

  it('kubectl exec of a command that takes time runs the cluster forward until it ends', async () => {
    const shell = newShell();
    await transcript('kubectl run bb --image=busybox -- sleep 3600\nsleep 30', shell);
    const before = shell.backend.now();
    const out = await transcript(
      [
        'kubectl exec bb -- sleep 2; echo slept $?',
        'kubectl create deployment web --image=nginx',
        'kubectl expose deployment web --port=80',
        'sleep 30',
        'kubectl exec bb -- wget -qO- http://web | grep title',
      ].join('\n'),
      shell,
    );
    expect(out).toContain('$ kubectl exec bb -- sleep 2; echo slept $?\nslept 0\n');
    expect(out).toMatch(/grep title\n<title>Welcome to nginx!<\/title>\n$/);
    expect(shell.backend.now() - before).toBeGreaterThanOrEqual(32_000);
  });

  it('watch re-runs with its header and lets time pass between runs', async () => {
    const shell = newShell({ watchLimit: 2 });
    const before = shell.backend.now();
    const out = await transcript('watch -n1 echo hi', shell);
    expect(out).toBe(
      '$ watch -n1 echo hi\nEvery 1.0s: echo hi\n\nhi\n\nEvery 1.0s: echo hi\n\nhi\n',
    );
    expect(shell.backend.now() - before).toBe(1000);
  });

  it('watch stops on interrupt', async () => {
    const shell = newShell({ interactive: true, wait: () => new Promise((r) => setTimeout(r, 1)) });
    const ctl = new AbortController();
    let out = '';
    const done = shell.run(
      'watch -n1 kubectl get ns',
      { out: (t) => (out += t), err: (t) => (out += t) },
      ctl.signal,
    );
    await new Promise((r) => setTimeout(r, 20));
    ctl.abort();
    expect(await done).toBe(130);
    expect(out).toContain('Every 1.0s: kubectl get ns');
  });

  it('applies a manifest from a here-doc piped to kubectl apply -f -, and reads -f files', async () => {
    const out = await transcript(
      [
        'cat <<EOF | kubectl create -f -',
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: from-stdin',
        'EOF',
        'kubectl get configmap from-stdin -o jsonpath={.metadata.name}; echo',
      ].join('\n'),
    );
    expect(out).toContain('from-stdin\n');
  });

  it('minikube node add creates a Ready worker node and status lists it', async () => {
    const { createCluster } = await import('../../src/cluster/cluster');
    const shell = newShell({}, createCluster());
    const out = await transcript(
      'minikube node add\nsleep 5\nkubectl get nodes -o name\nminikube status',
      shell,
    );
    expect(out).toContain('🏄  Successfully added m02 to minikube!\n');
    expect(out).toContain('node/minikube\nnode/minikube-m02\n');
    expect(out).toContain('minikube-m02\ntype: Worker\nhost: Running\nkubelet: Running\n');
  });

  it('minikube stop makes kubectl fail to connect until start', async () => {
    const out = await transcript(
      'minikube stop\nkubectl get pods\nminikube status; echo $?\nminikube start > /dev/null\nkubectl get ns default --no-headers | wc -l',
    );
    expect(out).toContain(
      'The connection to the server 192.168.49.2:8443 was refused - did you specify the right host or port?\n',
    );
    expect(out).toContain('host: Stopped\n');
    expect(out).toContain('\n7\n');
    expect(out.endsWith('1\n')).toBe(true);
  });

  it('the filesystem tells listeners about changes', async () => {
    const shell = newShell();
    const seen: string[] = [];
    shell.vfs.onChange((c) => seen.push(`${c.type} ${c.path}`));
    await transcript('mkdir -p k8s\necho x > k8s/a.yaml\nrm -r k8s', shell);
    expect(seen).toEqual([
      'mkdir /home/learner/k8s',
      'write /home/learner/k8s/a.yaml',
      'write /home/learner/k8s/a.yaml',
      'remove /home/learner/k8s',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { runScript } from './testkit';

const cases: {
  name: string;
  script: string;
  stdout: string;
  stderr?: string;
  code: number;
  files?: Record<string, string>;
}[] = [
  // ---- network (formats as busybox wget/nslookup and curl 8 print them) ----
  {
    name: 'wget -qO- prints the body',
    script: 'wget -qO- http://web/',
    stdout: 'hello from web/\n',
    code: 0,
  },
  {
    name: 'wget -O- without -q reports progress on stderr',
    script: 'wget -O- web',
    stdout: 'hello from web/\n',
    stderr:
      'Connecting to web (10.96.1.2:80)\nwriting to stdout\n-                    100% |********************************|    16  0:00:00 ETA\nwritten to stdout\n',
    code: 0,
  },
  {
    name: 'wget saves index.html',
    script: 'wget -q http://web:80/ && cat index.html',
    stdout: 'hello from web/\n',
    code: 0,
  },
  {
    name: 'wget of an unknown host',
    script: 'wget -q -O- http://nope/',
    stdout: '',
    stderr: "wget: bad address 'nope'\n",
    code: 1,
  },
  {
    name: 'wget refused',
    script: 'wget -O- -q api',
    stdout: '',
    stderr: "wget: can't connect to remote host (10.96.1.3): Connection refused\n",
    code: 1,
  },
  {
    name: 'wget 404',
    script: 'wget -q -O- web/missing',
    stdout: '',
    stderr: 'wget: server returned error: HTTP/1.1 404 Not Found\n',
    code: 1,
  },
  {
    name: 'wget --spider',
    script: 'wget -q --spider http://web/ && echo up',
    stdout: 'up\n',
    code: 0,
  },
  {
    name: 'wget -T waits the timeout on a dropped connection',
    script: 'wget -q -T 3 -O- slow; echo "rc=$? at $(date +%T)"',
    stdout: 'rc=1 at 05:33:03\n',
    stderr: 'wget: download timed out\n',
    code: 0,
  },
  {
    name: 'curl -s',
    script: 'curl -s web:80/x',
    stdout: 'hello from web/x\n',
    code: 0,
  },
  {
    name: "curl -s -o /dev/null -w '%{http_code}'",
    script: "curl -s -o /dev/null -w '%{http_code}\\n' http://web/missing",
    stdout: '404\n',
    code: 0,
  },
  {
    name: 'curl -I',
    script: 'curl -sI http://web/',
    stdout: 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 16\r\n\r\n',
    code: 0,
  },
  {
    name: 'curl of an unknown host',
    script: 'curl http://nope/',
    stdout: '',
    stderr: 'curl: (6) Could not resolve host: nope\n',
    code: 6,
  },
  {
    name: 'curl -s hides errors, -sS shows them',
    script: 'curl -s http://api/; echo $?; curl -sS http://api/',
    stdout: '7\n',
    stderr: "curl: (7) Failed to connect to api port 80 after 0 ms: Couldn't connect to server\n",
    code: 7,
  },
  {
    name: 'curl -m times out',
    script: 'curl -s -S -m 2 http://slow/',
    stdout: '',
    stderr: 'curl: (28) Connection timed out after 2001 milliseconds\n',
    code: 28,
  },
  {
    name: 'curl -f on 404',
    script: 'curl -sf http://web/missing; echo $?',
    stdout: '22\n',
    code: 0,
  },
  {
    name: 'nslookup',
    script: 'nslookup web',
    stdout:
      'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: 10.96.1.2\n',
    code: 0,
  },
  {
    name: 'nslookup of an unknown name',
    script: 'nslookup nope',
    stdout:
      "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find nope: NXDOMAIN\n\n",
    code: 1,
  },
  {
    name: 'nslookup reads the nameserver from /etc/resolv.conf',
    script: 'nslookup web | head -2',
    files: { '/etc/resolv.conf': 'search default.svc.cluster.local\nnameserver 10.96.0.53\n' },
    stdout: 'Server:\t\t10.96.0.53\nAddress:\t10.96.0.53:53\n',
    code: 0,
  },
  {
    name: 'ping -c 2 replies once a second',
    script: 'ping -c 2 web | sed "s/time=.*/time=T/; s/max = .*/max = T/"; date +%T',
    stdout:
      'PING web (10.96.1.2): 56 data bytes\n64 bytes from 10.96.1.2: seq=0 ttl=64 time=T\n64 bytes from 10.96.1.2: seq=1 ttl=64 time=T\n\n--- web ping statistics ---\n2 packets transmitted, 2 packets received, 0% packet loss\nround-trip min/avg/max = T\n05:33:01\n',
    code: 0,
  },
  {
    name: 'ping of an unknown host',
    script: 'ping -c 1 nope',
    stdout: '',
    stderr: "ping: bad address 'nope'\n",
    code: 1,
  },
  {
    name: 'nc -z',
    script: 'nc -z web 80 && echo open; nc -z api 80 || echo closed',
    stdout: 'open\nclosed\n',
    code: 0,
  },
  // ---- system ----
  {
    name: 'date default format',
    script: 'date',
    stdout: 'Sun Nov 22 05:33:00 UTC 2026\n',
    code: 0,
  },
  {
    name: 'date +FORMAT',
    script: "date '+%Y-%m-%d %H:%M:%S %s %T %a %b %j %e'",
    stdout: '2026-11-22 05:33:00 1795325580 05:33:00 Sun Nov 326 22\n',
    code: 0,
  },
  {
    name: 'date -d @0 -u',
    script: 'date -u -d @0',
    stdout: 'Thu Jan  1 00:00:00 UTC 1970\n',
    code: 0,
  },
  {
    name: 'hostname and hostname -i',
    script: 'hostname; hostname -i',
    stdout: 'box\n10.244.0.7\n',
    code: 0,
  },
  {
    name: 'whoami and id',
    script: 'whoami; id',
    stdout: 'root\nuid=0(root) gid=0(root) groups=0(root),10(wheel)\n',
    code: 0,
  },
  { name: 'printenv', script: 'printenv HOSTNAME HOME', stdout: 'box\n/root\n', code: 0 },
  { name: 'env VAR=x cmd', script: 'env FOO=bar printenv FOO', stdout: 'bar\n', code: 0 },
  {
    name: 'VAR=x prefix reaches env',
    script: 'FOO=1 env | grep FOO; env | grep -c FOO',
    stdout: 'FOO=1\n0\n',
    code: 1,
  },
  {
    name: 'sleep of a bad number',
    script: 'sleep abc',
    stdout: '',
    stderr: "sleep: invalid number 'abc'\n",
    code: 1,
  },
  {
    name: 'kill of a missing pid',
    script: 'kill 999',
    stdout: '',
    stderr: "sh: can't kill pid 999: No such process\n",
    code: 1,
  },
  // ---- busybox ash extensions scripts in the wild use ----
  {
    name: 'substrings and pattern replacement (checked against busybox)',
    script: 'x=abcdef; echo ${x:1:3} ${x:2} ${x: -2}; p=a-b-c; echo ${p/-/+} ${p//-/+}',
    stdout: 'bcd cdef ef\na+b-c a+b+c\n',
    code: 0,
  },
  {
    name: '$RANDOM is a number below 32768',
    script: 'r=$RANDOM; [ $r -ge 0 ] && [ $r -lt 32768 ] && echo ok',
    stdout: 'ok\n',
    code: 0,
  },
  {
    name: '[[ ]] with == patterns',
    script: 'x=5; [[ $x -eq 5 ]] && echo five; [[ abc == a* ]] && echo glob',
    stdout: 'five\nglob\n',
    code: 0,
  },
  {
    name: 'the liveness-probe classic',
    script: 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; cat /tmp/healthy',
    stdout: '',
    stderr: "cat: can't open '/tmp/healthy': No such file or directory\n",
    code: 1,
  },
  {
    name: 'the init-container classic waits for a Service name',
    script:
      'until nslookup web.default.svc.cluster.local > /dev/null; do echo waiting; sleep 2; done; echo ready',
    stdout: 'ready\n',
    code: 0,
  },
  {
    name: 'kill $$ with a trap',
    script: 'trap "echo caught; exit 4" TERM; kill $$; echo not here',
    stdout: 'caught\n',
    code: 4,
  },
  // ---- robustness ----
  {
    name: 'endless recursion stops with an error instead of overflowing the stack',
    script: 'f() { f; }; f; echo after',
    stdout: '',
    stderr: 'sh: function nesting too deep\n',
    code: 2,
  },
  {
    name: 'recursion 150 deep works',
    script: 'g() { [ $1 -gt 0 ] && g $(($1-1)); echo -n .; }; g 150 | wc -c',
    stdout: '151\n',
    code: 0,
  },
  {
    name: 'sleep 0 in a loop takes no time and does not stall the clock',
    script: 'i=0; while [ $i -lt 500 ]; do sleep 0; i=$((i+1)); done; echo $i',
    stdout: '500\n',
    code: 0,
  },
  {
    name: 'exec 2>&1 redirects the rest of the script',
    script: 'exec 2>&1; ls /nope; echo next',
    stdout: 'ls: /nope: No such file or directory\nnext\n',
    code: 0,
  },
  {
    name: 'exec cmd replaces the shell',
    script: 'echo start; exec echo replaced; echo never',
    stdout: 'start\nreplaced\n',
    code: 0,
  },
  // ---- files ----
  {
    name: 'ls a directory of mounted files',
    script: 'ls /etc/config; ls -l /etc/config/app.conf',
    files: { '/etc/config/app.conf': 'x=1\n', '/etc/config/log.conf': 'y\n' },
    stdout:
      'app.conf\nlog.conf\n-rw-r--r--    1 root     root             4 Nov 22 05:33 /etc/config/app.conf\n',
    code: 0,
  },
  {
    name: 'ls of a missing path',
    script: 'ls /nope',
    stdout: '',
    stderr: 'ls: /nope: No such file or directory\n',
    code: 1,
  },
  {
    name: 'mkdir -p, touch, ls, rm -r',
    script:
      'mkdir -p /data/a/b && touch /data/a/b/f && ls /data/a && ls /data/a/b && rm -r /data && ls /data',
    stdout: 'b\nf\n',
    stderr: 'ls: /data: No such file or directory\n',
    code: 1,
  },
  {
    name: 'mkdir without -p under a missing parent',
    script: 'mkdir /x/y',
    stdout: '',
    stderr: "mkdir: can't create directory '/x/y': No such file or directory\n",
    code: 1,
  },
  {
    name: 'cd and relative paths',
    script: 'mkdir /work; cd /work && echo hi > f && cat /work/f && pwd',
    stdout: 'hi\n/work\n',
    code: 0,
  },
  {
    name: 'globs match container files',
    script: 'for f in /etc/config/*.conf; do echo $f; done; echo /etc/config/*.none',
    files: { '/etc/config/app.conf': '', '/etc/config/log.conf': '', '/etc/config/x.txt': '' },
    stdout: '/etc/config/app.conf\n/etc/config/log.conf\n/etc/config/*.none\n',
    code: 0,
  },
  {
    name: 'writing to a missing directory',
    script: 'echo x > /nope/file',
    stdout: '',
    stderr: "sh: can't create /nope/file: nonexistent directory\n",
    code: 1,
  },
  {
    name: 'echo to /proc/1/fd/1 reaches the container log',
    script: 'echo logged > /proc/1/fd/1',
    stdout: 'logged\n',
    code: 0,
  },
  {
    name: 'tail -f follows a file',
    script:
      '(for i in 1 2 3; do echo "line $i" >> /tmp/log; sleep 1; done) & sleep 0.5; timeout=1; tail -f /tmp/log & sleep 4; kill $!',
    stdout: 'line 1\nline 2\nline 3\n',
    code: 0,
  },
];

describe('applets', () => {
  it.each(cases)('$name', ({ script, stdout, stderr, code, files }) => {
    const r = runScript(script, { files });
    expect({ stdout: r.stdout, stderr: r.stderr, code: r.code }).toEqual({
      stdout,
      stderr: stderr ?? '',
      code,
    });
  });
});

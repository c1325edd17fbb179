import { describe, expect, it } from 'vitest';
import { run, spawn } from './index';
import { harness } from './testkit';

function start(argv: string[], stdin?: string) {
  const h = harness();
  const exits: number[] = [];
  const proc = spawn(argv, h.host, (c) => exits.push(c), stdin);
  return { h, proc, exits };
}

describe('sh on the virtual clock', () => {
  it('the counter loop prints one line per virtual second with the virtual date', () => {
    const { h, proc } = start([
      'sh',
      '-c',
      'i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done',
    ]);
    h.clock.tick(0);
    expect(h.stdout()).toBe('0: Sun Nov 22 05:33:00 UTC 2026\n');
    h.clock.tick(4000);
    expect(h.stdout().split('\n').filter(Boolean)).toEqual([
      '0: Sun Nov 22 05:33:00 UTC 2026',
      '1: Sun Nov 22 05:33:01 UTC 2026',
      '2: Sun Nov 22 05:33:02 UTC 2026',
      '3: Sun Nov 22 05:33:03 UTC 2026',
      '4: Sun Nov 22 05:33:04 UTC 2026',
    ]);
    expect(proc.exited).toBe(false);
    expect(proc.cpuMillis()).toBe(0);
  });

  it.each([
    { name: 'after 10 s', seconds: 10 },
    { name: 'after 60 s', seconds: 60 },
  ])('the counter loop has printed N+1 lines $name (line 0 at start)', ({ seconds }) => {
    const { h } = start([
      '/bin/sh',
      '-c',
      'i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done',
    ]);
    h.clock.tick(seconds * 1000);
    const lines = h.stdout().split('\n').filter(Boolean);
    expect(lines).toHaveLength(seconds + 1);
    expect(lines[seconds]).toMatch(new RegExp(`^${seconds}: Sun Nov 22 05:3[34]:`));
  });

  it('sleep 5; echo done prints only after 5 virtual seconds', () => {
    const { h, exits } = start(['sh', '-c', 'sleep 5; echo done']);
    h.clock.tick(4999);
    expect(h.stdout()).toBe('');
    h.clock.tick(1);
    expect(h.stdout()).toBe('done\n');
    h.clock.tick(0);
    expect(exits).toEqual([0]);
  });

  it('fractional sleeps add up on the virtual clock', () => {
    const { h } = start(['sh', '-c', 'sleep 0.5; echo a; sleep 1.5; echo b; date +%T']);
    h.clock.tick(499);
    expect(h.stdout()).toBe('');
    h.clock.tick(1);
    expect(h.stdout()).toBe('a\n');
    h.clock.tick(1500);
    expect(h.stdout()).toBe('a\nb\n05:33:02\n');
  });

  it('onExit is called once, on the clock, not during spawn', () => {
    const { h, exits } = start(['echo', 'hi']);
    expect(exits).toEqual([]);
    expect(h.stdout()).toBe('');
    h.clock.runAll();
    expect(h.stdout()).toBe('hi\n');
    expect(exits).toEqual([0]);
  });

  it.each([
    { name: 'echo', argv: ['echo', 'hi', 'there'], stdout: 'hi there\n', code: 0 },
    {
      name: 'env',
      argv: ['env'],
      stdout:
        'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME=box\nHOME=/root\n',
      code: 0,
    },
    { name: 'unknown command', argv: ['nginx'], stdout: '', code: 127 },
    { name: '/bin/echo', argv: ['/bin/echo', 'x'], stdout: 'x\n', code: 0 },
    {
      name: 'sh -c with $0 and args',
      argv: ['sh', '-c', 'echo $0 $1 $$', 'me', 'arg'],
      stdout: 'me arg 1\n',
      code: 0,
    },
    { name: 'bash -c', argv: ['bash', '-c', 'echo ok; exit 4'], stdout: 'ok\n', code: 4 },
    { name: 'false', argv: ['false'], stdout: '', code: 1 },
  ])('argv $name', ({ argv, stdout, code }) => {
    const { h, exits } = start(argv);
    h.clock.runAll();
    expect(h.stdout()).toBe(stdout);
    expect(exits).toEqual([code]);
  });

  it('an unknown command says "sh: foo: not found" as busybox does', () => {
    const { h } = start(['sh', '-c', 'foo']);
    h.clock.runAll();
    expect(h.stderr()).toBe('sh: foo: not found\n');
  });

  it('sleep 3600 as the container command sleeps an hour', () => {
    const { h, exits } = start(['sleep', '3600']);
    h.clock.tick(3_599_999);
    expect(exits).toEqual([]);
    h.clock.tick(1);
    expect(exits).toEqual([0]);
  });

  it('starts in the directory PWD names (workingDir)', () => {
    const h = harness({ '/app/data.txt': 'x\n' });
    h.host.env = { ...h.host.env, PWD: '/app' };
    const exits: number[] = [];
    spawn(['sh', '-c', 'pwd; cat data.txt'], h.host, (c) => exits.push(c));
    h.clock.runAll();
    expect(h.stdout()).toBe('/app\nx\n');
    expect(exits).toEqual([0]);
  });

  it('stdin feeds cat and read', () => {
    const { h, exits } = start(
      ['sh', '-c', 'read first; echo "first=$first"; cat'],
      'one\ntwo\nthree\n',
    );
    h.clock.runAll();
    expect(h.stdout()).toBe('first=one\ntwo\nthree\n');
    expect(exits).toEqual([0]);
  });

  it('sh with no -c reads its script from stdin (kubectl exec -i pod -- sh)', () => {
    const { h, exits } = start(['sh'], 'echo from stdin\nexit 3\n');
    h.clock.runAll();
    expect(h.stdout()).toBe('from stdin\n');
    expect(exits).toEqual([3]);
  });

  it('sh script.sh runs a file of the container', () => {
    const h = harness({ '/scripts/run.sh': '#!/bin/sh\necho "script $1"\n' });
    const exits: number[] = [];
    spawn(['sh', '/scripts/run.sh', 'arg'], h.host, (c) => exits.push(c));
    h.clock.runAll();
    expect(h.stdout()).toBe('script arg\n');
    expect(exits).toEqual([0]);
  });
});

describe('signals', () => {
  it("trap 'echo bye; exit 0' TERM handles TERM: the sleep is cut short and the handler runs", () => {
    const { h, proc, exits } = start([
      'sh',
      '-c',
      "trap 'echo bye; exit 0' TERM; echo up; while true; do sleep 10; done",
    ]);
    h.clock.tick(3000);
    proc.signal('TERM');
    h.clock.tick(0);
    expect(h.stdout()).toBe('up\nbye\n');
    expect(exits).toEqual([0]);
    expect(proc.exited).toBe(true);
  });

  it('a trap that does not exit lets the script go on', () => {
    const { h, proc, exits } = start([
      'sh',
      '-c',
      "trap 'echo got TERM' TERM; sleep 5; echo after; sleep 100",
    ]);
    h.clock.tick(1000);
    proc.signal('TERM');
    h.clock.tick(0);
    expect(h.stdout()).toBe('got TERM\nafter\n');
    expect(exits).toEqual([]);
    proc.signal('KILL');
    h.clock.tick(0);
    expect(exits).toEqual([137]);
  });

  it.each([
    { name: 'TERM without a trap exits 143', sig: 'TERM' as const, code: 143 },
    { name: 'INT without a trap exits 130', sig: 'INT' as const, code: 130 },
    { name: 'KILL exits 137', sig: 'KILL' as const, code: 137 },
  ])('$name', ({ sig, code }) => {
    const { h, proc, exits } = start(['sh', '-c', 'while true; do sleep 1; done']);
    h.clock.tick(2500);
    proc.signal(sig);
    expect(proc.exited).toBe(true);
    h.clock.tick(0);
    expect(exits).toEqual([code]);
    h.clock.tick(10_000);
    expect(exits).toEqual([code]);
  });

  it('KILL ignores a TERM trap', () => {
    const { h, proc, exits } = start(['sh', '-c', "trap 'echo no' TERM INT; sleep 100"]);
    h.clock.tick(10);
    proc.signal('KILL');
    h.clock.tick(0);
    expect(exits).toEqual([137]);
    expect(h.stdout()).toBe('');
  });

  it("trap '' TERM ignores TERM", () => {
    const { h, proc, exits } = start(['sh', '-c', "trap '' TERM; sleep 3; echo still here"]);
    h.clock.tick(1000);
    proc.signal('TERM');
    h.clock.tick(2000);
    expect(h.stdout()).toBe('still here\n');
    expect(exits).toEqual([0]);
  });

  it('an EXIT trap runs when a trapped TERM handler exits', () => {
    const { h, proc, exits } = start([
      'sh',
      '-c',
      "trap 'echo cleanup' EXIT; trap 'exit 5' TERM; sleep 100",
    ]);
    h.clock.tick(10);
    proc.signal('TERM');
    h.clock.tick(0);
    expect(h.stdout()).toBe('cleanup\n');
    expect(exits).toEqual([5]);
  });
});

describe('busy programs', () => {
  it('while :; do :; done does not hang: it burns 1000 millicores and KILL ends it with 137', () => {
    const { h, proc, exits } = start(['sh', '-c', 'while :; do :; done']);
    h.clock.tick(1000);
    expect(proc.cpuMillis()).toBe(1000);
    expect(proc.exited).toBe(false);
    proc.signal('KILL');
    h.clock.tick(0);
    expect(exits).toEqual([137]);
    expect(proc.cpuMillis()).toBe(0);
    expect(h.clock.pending()).toBe(0);
  });

  it('yes does not hang: its output is cut into slices', () => {
    const { h, proc } = start(['yes']);
    h.clock.tick(50);
    expect(proc.cpuMillis()).toBe(1000);
    const lines = h.stdout().split('\n').length;
    expect(lines).toBeGreaterThan(100);
    proc.signal('KILL');
  });

  it('yes | head -n 2 ends (the pipe breaks)', () => {
    const { h, exits } = start(['sh', '-c', 'yes | head -n 2; echo end']);
    h.clock.tick(1000);
    expect(h.stdout()).toBe('y\ny\nend\n');
    expect(exits).toEqual([0]);
  });

  it('a sleeping process reports ~0 millicores', () => {
    const { h, proc } = start(['sh', '-c', 'sleep 100']);
    h.clock.tick(1000);
    expect(proc.cpuMillis()).toBe(0);
  });

  it('a long computation finishes over several slices and then is idle', () => {
    const { h, proc, exits } = start([
      'sh',
      '-c',
      'i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; echo $i; sleep 100',
    ]);
    h.clock.tick(10);
    expect(proc.cpuMillis()).toBe(1000);
    h.clock.tick(60_000);
    expect(h.stdout()).toBe('20000\n');
    expect(proc.cpuMillis()).toBe(0);
    expect(exits).toEqual([]);
  });

  it('is deterministic: the same program and clock give the same output', () => {
    const outputs = [0, 1].map(() => {
      const { h } = start([
        'sh',
        '-c',
        'for i in 1 2 3; do (sleep $i; echo bg$i) & done; ping -c 2 web; wait; echo all',
      ]);
      h.clock.tick(10_000);
      return h.stdout();
    });
    expect(outputs[0]).toBe(outputs[1]);
    expect(outputs[0]).toContain('bg3\nall\n');
  });
});

describe('jobs', () => {
  it('& runs a job concurrently; wait waits for it', () => {
    const { h, exits } = start(['sh', '-c', '(sleep 2; echo job) & echo main; wait; echo waited']);
    h.clock.tick(0);
    expect(h.stdout()).toBe('main\n');
    h.clock.tick(2000);
    expect(h.stdout()).toBe('main\njob\nwaited\n');
    expect(exits).toEqual([0]);
  });

  it('wait $! gives the job status', () => {
    const { h, exits } = start(['sh', '-c', 'sh -c "sleep 1; exit 3" & wait $!; echo "status $?"']);
    h.clock.tick(1000);
    expect(h.stdout()).toBe('status 3\n');
    expect(exits).toEqual([0]);
  });

  it('kill ends a background job; sleep 3600 & wait is interrupted by a trapped TERM', () => {
    const { h, proc, exits } = start([
      'sh',
      '-c',
      "trap 'echo term; kill $pid; exit 0' TERM; sleep 3600 & pid=$!; wait",
    ]);
    h.clock.tick(5000);
    proc.signal('TERM');
    h.clock.tick(0);
    expect(h.stdout()).toBe('term\n');
    expect(exits).toEqual([0]);
  });

  it('a background loop and the main loop interleave on the clock', () => {
    const { h } = start([
      'sh',
      '-c',
      'while true; do echo a; sleep 2; done & while true; do echo b; sleep 3; done',
    ]);
    h.clock.tick(6000);
    expect(h.stdout()).toBe('b\na\na\nb\na\nb\na\n');
  });

  it('a pipeline streams: a filter prints while the producer still runs', () => {
    const { h } = start([
      'sh',
      '-c',
      'i=0; while true; do echo "line $i"; i=$((i+1)); sleep 1; done | grep --line-buffered line | sed "s/line/L/"',
    ]);
    h.clock.tick(2000);
    expect(h.stdout()).toBe('L 0\nL 1\nL 2\n');
  });

  it('ps lists the processes', () => {
    const { h } = start(['sh', '-c', 'sleep 100 & ps']);
    h.clock.tick(0);
    expect(h.stdout()).toBe(
      'PID   USER     TIME  COMMAND\n    1 root      0:00 sh -c sleep 100 & ps\n    2 root      0:00 sleep 100\n',
    );
  });
});

describe('run (exec probes and kubectl exec)', () => {
  it('collects stdout, stderr and the exit code', () => {
    const h = harness({ '/tmp/healthy': 'ok\n' });
    const results: unknown[] = [];
    run(['sh', '-c', 'cat /tmp/healthy; echo oops >&2; exit 2'], h.host, (r) => results.push(r));
    h.clock.runAll();
    expect(results).toEqual([{ stdout: 'ok\n', stderr: 'oops\n', exitCode: 2 }]);
  });

  it('cat of a missing file fails the probe', () => {
    const h = harness();
    const results: unknown[] = [];
    run(['cat', '/tmp/healthy'], h.host, (r) => results.push(r));
    h.clock.runAll();
    expect(results).toEqual([
      {
        stdout: '',
        stderr: "cat: can't open '/tmp/healthy': No such file or directory\n",
        exitCode: 1,
      },
    ]);
  });

  it('a command that sleeps reports when it ends', () => {
    const h = harness();
    const results: { exitCode: number }[] = [];
    run(['sh', '-c', 'sleep 2; echo late'], h.host, (r) => results.push(r));
    h.clock.tick(1999);
    expect(results).toEqual([]);
    h.clock.tick(1);
    expect(results).toEqual([{ stdout: 'late\n', stderr: '', exitCode: 0 }]);
  });
});

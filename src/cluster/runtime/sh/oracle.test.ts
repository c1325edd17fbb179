/**
 * Compares the interpreter with the real busybox sh (Debian's busybox, with every busybox applet
 * first in PATH so `cat`, `sort`, `sed`... are busybox's own, as in the busybox image). These
 * tests fail, never skip, when busybox is missing: install it (`apt-get install busybox`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from './testkit';
import { SCRIPT_CASES } from './testdata/scripts';

const BUSYBOX = ['/usr/bin/busybox', '/bin/busybox'].find(
  (p) => spawnSync(p, ['true']).status === 0,
);
let bin = '';

beforeAll(() => {
  if (!BUSYBOX)
    throw new Error(
      'busybox is not installed: the oracle tests need /usr/bin/busybox (apt-get install busybox)',
    );
  bin = mkdtempSync(join(tmpdir(), 'busybox-bin-'));
  const applets = execFileSync(BUSYBOX, ['--list'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  for (const a of applets) symlinkSync(BUSYBOX, join(bin, a));
});

afterAll(() => {
  if (bin) rmSync(bin, { recursive: true, force: true });
});

function busybox(script: string): { stdout: string; stderr: string; code: number | null } {
  const r = spawnSync(BUSYBOX!, ['sh', '-c', script], {
    env: { PATH: bin, HOME: '/root' },
    cwd: '/',
    encoding: 'utf8',
    timeout: 10_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

/** Scripts checked only against the live oracle. */
const ORACLE_ONLY: { name: string; script: string }[] = [
  {
    name: 'arithmetic precedence and bases',
    script: 'echo $((1+2*3-4/2)) $((2**8)) $((0x7f)) $((077)) $(( (5>3) + (2<=1) ))',
  },
  { name: 'nested quoting', script: `x='a "b" c'; echo "$x" '$x' "'$x'"` },
  {
    name: 'here-doc with expansions',
    script: 'n=3\ncat <<EOF\nn=$n sum=$((n+1)) cmd=$(echo ok)\nEOF',
  },
  {
    name: 'case with several patterns',
    script:
      'for w in apple Banana 42 ""; do case $w in [a-z]*) echo lower;; [A-Z]*) echo upper;; [0-9]*) echo digit;; *) echo other;; esac; done',
  },
  {
    name: 'function recursion',
    script:
      'fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(($1-1))) )); fi; }; fact 6',
  },
  {
    name: 'pipeline of text tools',
    script:
      "printf 'b 2\\na 1\\nc 3\\na 1\\n' | sort | uniq | cut -d' ' -f1 | tr a-z A-Z | sed 's/^/-/'",
  },
  {
    name: 'grep options',
    script:
      "printf 'Alpha\\nbeta\\nGamma\\n' | grep -i -v a; printf 'x1\\ny2\\n' | grep -E -c '[0-9]'",
  },
  {
    name: 'redirections and fds',
    script: 'echo out; echo err 1>&2; { echo a; echo b >&2; } 2>&1 | wc -l',
  },
  {
    name: 'while read with IFS',
    script: 'printf \'a:1\\nb:2\\n\' | while IFS=: read k v; do echo "$v$k"; done',
  },
  {
    name: 'positional parameters',
    script: 'set -- one "two three" four; echo $#; for a; do echo "[$a]"; done; shift 2; echo "$@"',
  },
  {
    name: 'exit status of pipelines and !',
    script: 'false | true; echo $?; true | false; echo $?; ! true | false; echo $?',
  },
  {
    name: 'string operations',
    script: 'f=archive.tar.gz; echo ${f%%.*} ${f#*.} ${#f} ${f:-x} ${g:-y}',
  },
  { name: 'printf formats', script: "printf '%5s|%-5s|%05.1f|%x|%c\\n' a b 3.14159 4095 zulu" },
  { name: 'seq and expr', script: 'seq -s: 1 4; expr 7 \\* 6; expr length hello; expr 9 / 2' },
  {
    name: 'test operators',
    script: '[ 3 -gt 2 ] && [ abc \\< abd ] && [ -n x ] && [ ! -f /nonexistent ] && echo all',
  },
];

describe('busybox sh oracle', () => {
  it.each(ORACLE_ONLY)('$name', ({ script }) => {
    const want = busybox(script);
    const got = runScript(script);
    expect({ stdout: got.stdout, stderr: got.stderr, code: got.code }).toEqual(want);
  });

  it('the recorded script cases are still what busybox prints', () => {
    const drift = SCRIPT_CASES.filter((c) => {
      const b = busybox(c.script);
      return b.stdout !== c.stdout || b.stderr !== c.stderr || b.code !== c.code;
    }).map((c) => c.name);
    expect(drift).toEqual([]);
  });
});

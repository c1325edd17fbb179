/** The line editor fed key data as xterm delivers it: the line, the cursor and the output. */
import { describe, expect, it } from 'vitest';
import { LineEditor } from '../../src/shell/LineEditor';
import type { LineEditorHost } from '../../src/shell/LineEditor';
import { newShell } from './helpers';

const LEFT = '\x1b[D';
const RIGHT = '\x1b[C';
const UP = '\x1b[A';
const DOWN = '\x1b[B';
const HOME = '\x1b[H';
const END = '\x1b[F';
const DEL = '\x1b[3~';
const BS = '\x7f';

const parserShell = newShell();

/** A host that records what it was asked to run. */
function fakeHost(history: string[] = []) {
  const ran: string[] = [];
  const host: LineEditorHost = {
    history,
    addHistory: (l) => history.push(l),
    needsMore: (t) => parserShell.needsMore(t),
    run: async (t, io) => {
      ran.push(t);
      io.out(`ran ${t.split('\n').length} line(s)\n`);
      return 0;
    },
    complete: async (line) => {
      const word = line.split(' ').pop() ?? '';
      const all = ['delete', 'describe', 'get', 'logs'];
      return { from: line.length - word.length, candidates: all.filter((c) => c.startsWith(word)) };
    },
  };
  return { host, ran };
}

function editor(host: LineEditorHost) {
  let out = '';
  const ed = new LineEditor(host, { write: (d) => (out += d) });
  ed.start();
  return { ed, output: () => out, clear: () => (out = '') };
}

describe('LineEditor editing keys', () => {
  it.each([
    { name: 'insert', keys: ['abc'], line: 'abc', cursor: 3 },
    { name: 'backspace', keys: ['abc', BS], line: 'ab', cursor: 2 },
    { name: 'left then insert', keys: ['ac', LEFT, 'b'], line: 'abc', cursor: 2 },
    { name: 'delete under the cursor', keys: ['abc', LEFT, LEFT, DEL], line: 'ac', cursor: 1 },
    { name: 'home and end', keys: ['abc', HOME, 'x', END, 'y'], line: 'xabcy', cursor: 5 },
    { name: 'right stops at the end', keys: ['ab', RIGHT, RIGHT], line: 'ab', cursor: 2 },
    { name: 'Ctrl-A / Ctrl-E', keys: ['bc', '\x01', 'a', '\x05', 'd'], line: 'abcd', cursor: 4 },
    {
      name: 'Ctrl-U kills to the start',
      keys: ['abc def', LEFT, LEFT, '\x15'],
      line: 'ef',
      cursor: 0,
    },
    {
      name: 'Ctrl-K kills to the end',
      keys: ['abc def', HOME, RIGHT, '\x0b'],
      line: 'a',
      cursor: 1,
    },
    {
      name: 'Ctrl-W kills a word back',
      keys: ['kubectl get pods', '\x17'],
      line: 'kubectl get ',
      cursor: 12,
    },
  ])('$name', async ({ keys, line, cursor }) => {
    const { ed } = editor(fakeHost().host);
    for (const k of keys) await ed.feed(k);
    expect(ed.line).toBe(line);
    expect(ed.cursor).toBe(cursor);
  });

  it('writes the prompt, echoes typing, and redraws after a move', async () => {
    const { ed, output } = editor(fakeHost().host);
    await ed.feed('ab');
    expect(output()).toBe('$ ab');
    await ed.feed(LEFT);
    expect(output()).toBe('$ ab\r$ ab\x1b[K\r\x1b[3C');
  });

  it('Ctrl-L clears the screen and keeps the line', async () => {
    const { ed, output, clear } = editor(fakeHost().host);
    await ed.feed('abc');
    clear();
    await ed.feed('\x0c');
    expect(output()).toBe('\x1b[H\x1b[2J\r$ abc\x1b[K\r\x1b[5C');
    expect(ed.line).toBe('abc');
  });
});

describe('LineEditor running commands', () => {
  it('Enter runs the line, output gets CRLF, then a new prompt', async () => {
    const { host, ran } = fakeHost();
    const { ed, output } = editor(host);
    await ed.feed('echo hi\r');
    expect(ran).toEqual(['echo hi']);
    expect(output()).toBe('$ echo hi\r\nran 1 line(s)\r\n$ ');
    expect(host.history).toEqual(['echo hi']);
  });

  it('unfinished input continues on a "> " line', async () => {
    const { host, ran } = fakeHost();
    const { ed, output } = editor(host);
    await ed.feed('cat <<EOF\r');
    expect(output()).toBe('$ cat <<EOF\r\n> ');
    await ed.feed('x\rEOF\r');
    expect(ran).toEqual(['cat <<EOF\nx\nEOF']);
  });

  it('a paste of several lines runs each', async () => {
    const { host, ran } = fakeHost();
    const { ed } = editor(host);
    await ed.feed('\x1b[200~echo a\recho b\r\x1b[201~');
    await ed.idle();
    expect(ran).toEqual(['echo a', 'echo b']);
  });

  it('↑ and ↓ walk the history and come back to the draft', async () => {
    const { host } = fakeHost(['one', 'two']);
    const { ed } = editor(host);
    await ed.feed('dr');
    await ed.feed(UP);
    expect(ed.line).toBe('two');
    await ed.feed(UP);
    await ed.feed(UP);
    expect(ed.line).toBe('one');
    await ed.feed(DOWN);
    expect(ed.line).toBe('two');
    await ed.feed(DOWN);
    expect(ed.line).toBe('dr');
  });

  it('Ctrl-R finds the latest match, again for older, Enter runs it', async () => {
    const { host, ran } = fakeHost(['kubectl get pods', 'echo x', 'kubectl get nodes']);
    const { ed, output } = editor(host);
    await ed.feed('\x12');
    await ed.feed('kub');
    expect(output()).toContain("(reverse-i-search)`kub': kubectl get nodes");
    await ed.feed('\x12');
    expect(output()).toContain("(reverse-i-search)`kub': kubectl get pods");
    await ed.feed('\r');
    expect(ran).toEqual(['kubectl get pods']);
  });

  it('Ctrl-R then an arrow key takes the match into the line', async () => {
    const { host } = fakeHost(['kubectl get pods']);
    const { ed } = editor(host);
    await ed.feed('\x12pods');
    await ed.feed(LEFT);
    expect(ed.line).toBe('kubectl get pods');
    expect(ed.cursor).toBe(15);
  });

  it('Ctrl-C at the prompt abandons the line', async () => {
    const { host, ran } = fakeHost();
    const { ed, output } = editor(host);
    await ed.feed('abc\x03');
    expect(ed.line).toBe('');
    expect(output()).toBe('$ abc^C\r\n$ ');
    expect(ran).toEqual([]);
  });

  it('Ctrl-C interrupts a running command through its signal; typeahead waits', async () => {
    let signal: AbortSignal | undefined;
    const ran: string[] = [];
    const host: LineEditorHost = {
      history: [],
      addHistory: () => {},
      needsMore: () => false,
      run: (t, _io, s) => {
        ran.push(t);
        if (t !== 'watch') return Promise.resolve(0);
        signal = s;
        return new Promise((resolve) => s.addEventListener('abort', () => resolve(130)));
      },
    };
    const { ed, output } = editor(host);
    const running = ed.feed('watch\r');
    await new Promise((r) => setTimeout(r, 5));
    expect(ed.isRunning).toBe(true);
    void ed.feed('next\r');
    void ed.feed('\x03');
    await running;
    await ed.idle();
    expect(signal?.aborted).toBe(true);
    expect(ran).toEqual(['watch', 'next']);
    expect(output()).toContain('^C\r\n$ next\r\n$ ');
  });
});

describe('LineEditor Tab completion', () => {
  it('completes a single candidate with a space', async () => {
    const { ed } = editor(fakeHost().host);
    await ed.feed('kubectl ge\t');
    expect(ed.line).toBe('kubectl get ');
  });

  it('inserts the common prefix, then lists on a second Tab', async () => {
    const { ed, output } = editor(fakeHost().host);
    await ed.feed('kubectl d');
    await ed.feed('\t');
    expect(ed.line).toBe('kubectl de');
    await ed.feed('\t');
    await ed.feed('\t');
    expect(output()).toContain('\r\ndelete    describe\r\n\r$ kubectl de');
  });

  it('with a shell: kubectl commands, resource types, object names, containers, files', async () => {
    const shell = newShell();
    shell.vfs.writeFile('deploy.yaml', '');
    const cases: [string, string[]][] = [
      ['kubectl ap', ['api-resources', 'api-versions', 'apply']],
      ['kubectl get deploym', ['deployment', 'deployments']],
      ['kubectl get ns kube-n', ['kube-node-lease']],
      ['kubectl -n kube-system logs etcd', ['etcd-minikube']],
      ['kubectl -n kube-system logs etcd-minikube -c ', ['etcd']],
      ['kubectl apply -f dep', ['deploy.yaml']],
      ['kubectl get pods --all-n', ['--all-namespaces']],
      ['mini', ['minikube']],
      ['minikube add', ['addons']],
    ];
    for (const [line, want] of cases) {
      const c = await shell.complete(line, line.length);
      expect([line, c.candidates]).toEqual([line, want]);
    }
    shell.aliases.set('k', 'kubectl');
    expect((await shell.complete('k get no', 8)).candidates).toEqual(['no', 'node', 'nodes']);
  });
});

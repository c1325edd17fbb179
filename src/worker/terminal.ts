/**
 * The terminal session the Worker runs behind xterm: key data in, ANSI text out.
 *
 * `createLineSession` is a small line editor that runs `kubectl …` lines in-process; it stands
 * in until the shell of src/shell (pipes, redirects, history search, completion) takes its place
 * behind the same `TerminalSession` interface.
 */
import { runKubectl } from '../kubectl';
import type { KubeConfig, Transport } from '../kubectl';
import { Discovery } from '../kubectl/discovery';
import { minikubeConfig } from '../kubectl/kubeconfig';

/** A terminal session: fed xterm's key data; writes its output through the `write` it was made with. */
export interface TerminalSession {
  /** Writes the greeting and the first prompt. */
  start(): void;
  /** Key data as xterm's onData delivers it (typed text, pasted text, escape sequences). */
  input(data: string): void;
  resize(cols: number, rows: number): void;
}

export interface SessionOptions {
  transport: Transport;
  /** Receives terminal output, ANSI escapes included, with `\r\n` line ends. */
  write(text: string): void;
}

export const PROMPT = '\x1b[1;32mlearner@playground\x1b[0m:\x1b[1;34m~\x1b[0m$ ';

const GREETING =
  'Kubernetes v1.32 playground: a whole cluster in this tab.\r\n' +
  "Try \x1b[1mkubectl get nodes\x1b[0m or \x1b[1mkubectl get pods -A\x1b[0m. Type 'help' for more.\r\n\r\n";

const HELP =
  'Commands:\r\n' +
  '  kubectl ARGS...   the kubectl of this cluster (alias: k)\r\n' +
  '  clear             clear the screen\r\n' +
  '  help              this text\r\n' +
  'Keys: Left/Right, Home/End, Up/Down (history), Ctrl-A/E/U/K/W/L, Ctrl-C (interrupt).\r\n';

/** Splits a command line into words: whitespace separates; '…', "…" and \\ quote. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && /["\\$`]/.test(line[i + 1] ?? '')) word += line[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

const toCrlf = (s: string) => s.replace(/\r?\n/g, '\r\n');

/** Printable width of a string (no escapes inside the line buffer; one cell per code point). */
const width = (s: string) => [...s].length;

export function createLineSession(opts: SessionOptions): TerminalSession {
  const { write, transport } = opts;
  const kubeconfig: KubeConfig = minikubeConfig('https://192.168.49.2:8443');
  const discovery = new Discovery(transport);
  const history: string[] = [];
  let historyIndex = 0;
  let line = '';
  let cursor = 0;
  /** Set while a command runs; keys typed meanwhile wait in `typeahead`. */
  let running: AbortController | undefined;
  let typeahead = '';

  const redraw = () => {
    const after = [...line].slice(cursor).join('');
    write(`\r\x1b[K${PROMPT}${line}` + (after ? `\x1b[${width(after)}D` : ''));
  };

  const setLine = (text: string) => {
    line = text;
    cursor = width(text);
    redraw();
  };

  const chars = () => [...line];

  const run = async (text: string) => {
    const words = splitWords(text);
    if (words.length === 0) return;
    const [cmd, ...args] = words;
    if (cmd === 'clear') {
      write('\x1b[H\x1b[2J');
      return;
    }
    if (cmd === 'help') {
      write(HELP);
      return;
    }
    if (cmd !== 'kubectl' && cmd !== 'k') {
      write(`sh: ${toCrlf(cmd)}: not found\r\n`);
      return;
    }
    running = new AbortController();
    try {
      await runKubectl(args, {
        transport,
        kubeconfig,
        discovery,
        signal: running.signal,
        stdout: (t) => write(toCrlf(t)),
        stderr: (t) => write(toCrlf(t)),
      });
    } catch (e) {
      write(toCrlf(`error: ${e instanceof Error ? e.message : String(e)}\n`));
    }
  };

  const enter = async () => {
    const text = line;
    write('\r\n');
    line = '';
    cursor = 0;
    if (text.trim() && history[history.length - 1] !== text) history.push(text);
    historyIndex = history.length;
    await run(text);
    running = undefined;
    write(PROMPT);
    if (typeahead) {
      const pending = typeahead;
      typeahead = '';
      session.input(pending);
    }
  };

  const edit = (data: string): void => {
    for (let i = 0; i < data.length; i++) {
      if (running) {
        // Ctrl-C interrupts the command; everything else waits for the next prompt.
        if (data[i] === '\x03') {
          running.abort();
          write('^C\r\n');
        } else typeahead += data[i];
        continue;
      }
      const rest = data.slice(i);
      // Escape sequences are what the terminal sends for arrows, Home, End and Delete.
      // eslint-disable-next-line no-control-regex
      const esc = /^\x1b(?:\[[0-9;]*[A-Za-z~]|O[A-Za-z])/.exec(rest);
      if (esc) {
        i += esc[0].length - 1;
        escape(esc[0]);
        continue;
      }
      const c = String.fromCodePoint(data.codePointAt(i)!);
      i += c.length - 1;
      if (c === '\r' || c === '\n') {
        if (c === '\r' && data[i + 1] === '\n') i++;
        typeahead = data.slice(i + 1);
        void enter();
        return;
      }
      control(c);
    }
  };

  const escape = (seq: string) => {
    const cs = chars();
    switch (seq) {
      case '\x1b[D':
      case '\x1bOD':
        if (cursor > 0) cursor--;
        break;
      case '\x1b[C':
      case '\x1bOC':
        if (cursor < cs.length) cursor++;
        break;
      case '\x1b[H':
      case '\x1bOH':
      case '\x1b[1~':
        cursor = 0;
        break;
      case '\x1b[F':
      case '\x1bOF':
      case '\x1b[4~':
        cursor = cs.length;
        break;
      case '\x1b[3~':
        cs.splice(cursor, 1);
        line = cs.join('');
        break;
      case '\x1b[A':
      case '\x1bOA':
        if (historyIndex > 0) setLine(history[--historyIndex]);
        return;
      case '\x1b[B':
      case '\x1bOB':
        if (historyIndex < history.length) {
          historyIndex++;
          setLine(history[historyIndex] ?? '');
        }
        return;
      default:
        return;
    }
    redraw();
  };

  const control = (c: string) => {
    const cs = chars();
    switch (c) {
      case '\x7f':
      case '\b':
        if (cursor === 0) return;
        cs.splice(--cursor, 1);
        break;
      case '\x03':
        write('^C\r\n');
        line = '';
        cursor = 0;
        historyIndex = history.length;
        write(PROMPT);
        return;
      case '\x01':
        cursor = 0;
        break;
      case '\x05':
        cursor = cs.length;
        break;
      case '\x15':
        cs.splice(0, cursor);
        cursor = 0;
        break;
      case '\x0b':
        cs.splice(cursor);
        break;
      case '\x17': {
        let start = cursor;
        while (start > 0 && cs[start - 1] === ' ') start--;
        while (start > 0 && cs[start - 1] !== ' ') start--;
        cs.splice(start, cursor - start);
        cursor = start;
        break;
      }
      case '\x0c':
        write('\x1b[H\x1b[2J');
        break;
      case '\t':
        return;
      default:
        // Other control characters are ignored; text is inserted at the cursor.
        if (c < ' ') return;
        cs.splice(cursor++, 0, c);
        if (cursor === cs.length) {
          // Typing at the end echoes the character alone, so long lines wrap as in any terminal.
          line = cs.join('');
          write(c);
          return;
        }
    }
    line = cs.join('');
    redraw();
  };

  const session: TerminalSession = {
    start() {
      write(GREETING + PROMPT);
    },
    input(data) {
      edit(data);
    },
    resize() {
      // This line editor redraws only the current line; it needs no width.
    },
  };
  return session;
}

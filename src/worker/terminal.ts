/**
 * The terminal session the Worker runs behind xterm: key data in, ANSI text out. It is the
 * shell of src/shell (its language, commands, history and completion) driven by its line
 * editor.
 */
import { LineEditor } from '../shell/LineEditor';
import { Shell } from '../shell/Shell';
import type { ShellBackend } from '../shell/backend';

/** A terminal session: fed xterm's key data; writes its output through the `write` it was made with. */
export interface TerminalSession {
  /** Writes the greeting and the first prompt. */
  start(): void;
  /** Key data as xterm's onData delivers it (typed text, pasted text, escape sequences). */
  input(data: string): void;
  resize(cols: number, rows: number): void;
  /**
   * Runs a command line as if typed at the prompt (after whatever runs now; the line being
   * edited is cleared first). Resolves with its exit status.
   */
  run(command: string): Promise<number>;
  /** The shell behind the terminal, when it is ours: its files are shared with the page. */
  readonly shell?: Shell;
}

export interface SessionOptions {
  backend: ShellBackend;
  /** Receives terminal output, ANSI escapes included, with `\r\n` line ends. */
  write(text: string): void;
  /** Resolves once `ms` of virtual time has passed for `sleep` and `watch` (or at once). */
  wait(ms: number, signal: AbortSignal): Promise<void>;
}

/** Plain text: the line editor measures the prompt to wrap long lines. */
export const PROMPT = '$ ';

const GREETING =
  'Kubernetes v1.32 playground: a whole cluster in this tab.\r\n' +
  'Try \x1b[1mkubectl get nodes\x1b[0m, or \x1b[1mkubectl create deployment web --image=nginx\x1b[0m ' +
  'and press play.\r\n\r\n';

export function createShellSession(opts: SessionOptions): TerminalSession {
  const shell = new Shell({ backend: opts.backend, wait: opts.wait, interactive: true });
  const editor = new LineEditor(shell, { write: opts.write, prompt: PROMPT });
  return {
    start() {
      opts.write(GREETING);
      editor.start();
    },
    input(data) {
      editor.feed(data).catch((e: unknown) => {
        opts.write(`\r\nbash: ${e instanceof Error ? e.message : String(e)}\r\n${PROMPT}`);
      });
    },
    resize(cols) {
      editor.cols = cols;
    },
    async run(command) {
      // Ctrl-E, Ctrl-U: to the end of the line and clear it, then the command and Enter.
      await editor.feed(`\x05\x15${command.replace(/\r?\n/g, '\r')}\r`);
      await editor.idle();
      return shell.status;
    },
    shell,
  };
}

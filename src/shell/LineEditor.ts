/**
 * A readline-like line editor, independent of xterm: `feed(data)` takes key data as xterm's
 * `onData` delivers it, and everything to show goes out as ANSI text through `write`.
 *
 * Editing: insert, Backspace, Delete, ← → Home End, Ctrl-A/E/B/F/U/K/W/L/D, ↑ ↓ history,
 * Ctrl-R reverse search, Tab completion (Tab Tab lists), Ctrl-C (interrupts a running command
 * through its AbortSignal, or abandons the line). Unfinished input (open quote, trailing `|` or
 * `\`, here-document) continues on a `> ` line. Keys typed while a command runs wait their turn.
 */
import type { Completion } from './complete';

/** What the editor drives: usually a Shell. */
export interface LineEditorHost {
  readonly history: string[];
  addHistory(line: string): void;
  needsMore(text: string): boolean;
  run(
    text: string,
    io: { out: (t: string) => void; err: (t: string) => void },
    signal: AbortSignal,
  ): Promise<number>;
  complete?(line: string, cursor: number): Promise<Completion>;
}

export interface LineEditorOptions {
  write: (data: string) => void;
  prompt?: string;
  continuationPrompt?: string;
  /** Terminal width, for redrawing lines that wrap. */
  cols?: number;
}

const KEYS: [string, string][] = [
  ['\x1b[200~', 'paste-start'],
  ['\x1b[201~', 'paste-end'],
  ['\x1b[1;5D', 'word-left'],
  ['\x1b[1;5C', 'word-right'],
  ['\x1b[3~', 'delete'],
  ['\x1b[1~', 'home'],
  ['\x1b[4~', 'end'],
  ['\x1b[7~', 'home'],
  ['\x1b[8~', 'end'],
  ['\x1b[A', 'up'],
  ['\x1b[B', 'down'],
  ['\x1b[C', 'right'],
  ['\x1b[D', 'left'],
  ['\x1b[H', 'home'],
  ['\x1b[F', 'end'],
  ['\x1bOA', 'up'],
  ['\x1bOB', 'down'],
  ['\x1bOC', 'right'],
  ['\x1bOD', 'left'],
  ['\x1bOH', 'home'],
  ['\x1bOF', 'end'],
  ['\x1bb', 'word-left'],
  ['\x1bf', 'word-right'],
  ['\x1b\x7f', 'kill-word-back'],
];

const CTRL: Record<string, string> = {
  '\x01': 'home',
  '\x02': 'left',
  '\x03': 'interrupt',
  '\x04': 'eof',
  '\x05': 'end',
  '\x06': 'right',
  '\x07': 'cancel',
  '\x08': 'backspace',
  '\x09': 'tab',
  '\x0b': 'kill-end',
  '\x0c': 'clear',
  '\x0d': 'enter',
  '\x0a': 'enter',
  '\x0e': 'down',
  '\x10': 'up',
  '\x12': 'search',
  '\x15': 'kill-start',
  '\x17': 'kill-word-back',
  '\x7f': 'backspace',
};

type Key = { kind: 'text'; text: string } | { kind: 'key'; name: string };

/** Splits key data into keys and runs of text. */
export function parseKeys(data: string): Key[] {
  const keys: Key[] = [];
  let i = 0;
  let pasting = false;
  while (i < data.length) {
    const seq = KEYS.find(([s]) => data.startsWith(s, i));
    if (seq) {
      i += seq[0].length;
      if (seq[1] === 'paste-start') pasting = true;
      else if (seq[1] === 'paste-end') pasting = false;
      else keys.push({ kind: 'key', name: seq[1] });
      continue;
    }
    const c = data[i];
    if (c === '\x1b') {
      // An unknown escape sequence: skip it whole.
      const m = /^(\[[0-9;]*[~A-Za-z]|O[A-Za-z]|.)?/.exec(data.slice(i + 1));
      i += 1 + (m?.[1]?.length ?? 0);
      if (!m?.[1]) keys.push({ kind: 'key', name: 'escape' });
      continue;
    }
    if (c === '\r' && data[i + 1] === '\n') i++;
    const name = CTRL[c];
    if (name && !(pasting && c === '\t')) {
      keys.push({ kind: 'key', name });
      i++;
      continue;
    }
    if (c < ' ' && c !== '\t') {
      i++;
      continue;
    }
    const last = keys[keys.length - 1];
    if (last && last.kind === 'text') last.text += c;
    else keys.push({ kind: 'text', text: c });
    i++;
  }
  return keys;
}

export class LineEditor {
  /** The line being edited, and the cursor in it. */
  line = '';
  cursor = 0;
  /** Lines already entered of an unfinished command. */
  private pending: string[] = [];
  private historyIndex = -1;
  private draft = '';
  private search: { query: string; index: number } | undefined;
  private running: AbortController | undefined;
  private queue: Key[] = [];
  private lastWasTab = false;
  private busy: Promise<void> = Promise.resolve();
  private cursorRow = 0;
  private readonly prompt: string;
  private readonly continuationPrompt: string;
  cols: number;

  constructor(
    private readonly host: LineEditorHost,
    private readonly opts: LineEditorOptions,
  ) {
    this.prompt = opts.prompt ?? '$ ';
    this.continuationPrompt = opts.continuationPrompt ?? '> ';
    this.cols = opts.cols ?? 80;
  }

  /** Writes the first prompt. */
  start(): void {
    this.write(this.prompt);
    this.cursorRow = 0;
  }

  /** True while a command runs. */
  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** Key data from the terminal. The returned promise settles once it has been handled. */
  feed(data: string): Promise<void> {
    const keys = parseKeys(data);
    if (this.running) {
      // Ctrl-C reaches the running command at once; other keys wait for the prompt.
      for (const k of keys) {
        if (k.kind === 'key' && k.name === 'interrupt' && this.running) this.running.abort();
        else this.queue.push(k);
      }
      return this.busy;
    }
    this.queue.push(...keys);
    // After any drain still under way (a Tab completion awaiting the cluster, say), so the
    // returned promise settles only once these keys, and what they ran, are done.
    this.busy = this.busy.then(() => this.drain());
    return this.busy;
  }

  /** Resolves once no command is running and every key has been handled. */
  idle(): Promise<void> {
    return this.busy;
  }

  private async drain(): Promise<void> {
    while (this.queue.length && !this.running) {
      const k = this.queue.shift()!;
      await this.handle(k);
    }
  }

  private write(s: string): void {
    this.opts.write(s);
  }

  private get currentPrompt(): string {
    return this.pending.length ? this.continuationPrompt : this.prompt;
  }

  private async handle(k: Key): Promise<void> {
    const wasTab = this.lastWasTab;
    this.lastWasTab = k.kind === 'key' && k.name === 'tab';
    if (this.search) return this.handleSearch(k);
    if (k.kind === 'text') {
      // Pasted text with several lines arrives as text and `enter` keys; tabs are kept.
      this.insert(k.text);
      return;
    }
    switch (k.name) {
      case 'enter':
        return this.enter();
      case 'backspace':
        if (this.cursor > 0) {
          this.line = this.line.slice(0, this.cursor - 1) + this.line.slice(this.cursor);
          this.cursor--;
          this.redraw();
        }
        return;
      case 'delete':
        if (this.cursor < this.line.length) {
          this.line = this.line.slice(0, this.cursor) + this.line.slice(this.cursor + 1);
          this.redraw();
        }
        return;
      case 'eof':
        if (this.line === '' && this.pending.length) {
          // Ctrl-D in an unfinished command: bash gives up on it with its EOF error.
          const text = this.pending.join('\n');
          this.pending = [];
          this.write('\r\n');
          await this.execute(text);
        } else if (this.cursor < this.line.length) {
          this.line = this.line.slice(0, this.cursor) + this.line.slice(this.cursor + 1);
          this.redraw();
        }
        return;
      case 'left':
        if (this.cursor > 0) this.moveTo(this.cursor - 1);
        return;
      case 'right':
        if (this.cursor < this.line.length) this.moveTo(this.cursor + 1);
        return;
      case 'home':
        this.moveTo(0);
        return;
      case 'end':
        this.moveTo(this.line.length);
        return;
      case 'word-left':
        this.moveTo(wordStart(this.line, this.cursor));
        return;
      case 'word-right': {
        const m = /^\s*\S*/.exec(this.line.slice(this.cursor));
        this.moveTo(this.cursor + (m ? m[0].length : 0));
        return;
      }
      case 'kill-start':
        this.line = this.line.slice(this.cursor);
        this.cursor = 0;
        this.redraw();
        return;
      case 'kill-end':
        this.line = this.line.slice(0, this.cursor);
        this.redraw();
        return;
      case 'kill-word-back': {
        const start = wordStart(this.line, this.cursor);
        this.line = this.line.slice(0, start) + this.line.slice(this.cursor);
        this.cursor = start;
        this.redraw();
        return;
      }
      case 'clear':
        this.write('\x1b[H\x1b[2J');
        this.cursorRow = 0;
        this.redraw();
        return;
      case 'up':
        return this.historyMove(-1);
      case 'down':
        return this.historyMove(1);
      case 'search':
        this.search = { query: '', index: this.host.history.length };
        this.drawSearch(undefined);
        return;
      case 'interrupt':
        this.write('^C\r\n');
        this.line = '';
        this.cursor = 0;
        this.pending = [];
        this.historyIndex = -1;
        this.cursorRow = 0;
        this.write(this.prompt);
        return;
      case 'tab':
        return this.tab(wasTab);
    }
  }

  private insert(text: string): void {
    this.line = this.line.slice(0, this.cursor) + text + this.line.slice(this.cursor);
    this.cursor += text.length;
    if (this.cursor === this.line.length && !this.wraps()) {
      // Typing at the end: echo the text only.
      this.write(text);
      this.cursorRow = Math.floor((this.currentPrompt.length + this.cursor) / this.cols);
    } else this.redraw();
  }

  private wraps(): boolean {
    return this.currentPrompt.length + this.line.length >= this.cols;
  }

  private moveTo(pos: number): void {
    this.cursor = pos;
    this.redraw();
  }

  /** Redraws the prompt and line and puts the cursor in place (lines may wrap). */
  private redraw(): void {
    const prompt = this.currentPrompt;
    let s = '';
    if (this.cursorRow > 0) s += `\x1b[${this.cursorRow}A`;
    s += '\r' + prompt + this.line + '\x1b[K';
    const endCol = prompt.length + this.line.length;
    const curCol = prompt.length + this.cursor;
    const endRow = Math.floor(endCol / this.cols);
    const curRow = Math.floor(curCol / this.cols);
    if (endRow > 0 && endCol % this.cols === 0) s += '\r\n';
    if (endRow > curRow) s += `\x1b[${endRow - curRow}A`;
    s += '\r';
    if (curCol % this.cols) s += `\x1b[${curCol % this.cols}C`;
    this.write(s);
    this.cursorRow = curRow;
  }

  private async enter(): Promise<void> {
    this.moveEndSilently();
    this.write('\r\n');
    const text = [...this.pending, this.line].join('\n');
    this.line = '';
    this.cursor = 0;
    this.cursorRow = 0;
    this.historyIndex = -1;
    if (this.host.needsMore(text)) {
      this.pending = text.split('\n');
      this.write(this.continuationPrompt);
      return;
    }
    this.pending = [];
    await this.execute(text);
  }

  private moveEndSilently(): void {
    if (this.cursor !== this.line.length) {
      this.cursor = this.line.length;
      this.redraw();
    }
  }

  private async execute(text: string): Promise<void> {
    if (text.trim()) {
      this.host.addHistory(text);
      this.running = new AbortController();
      const toTerminal = (t: string) => this.write(t.replace(/\r?\n/g, '\r\n'));
      try {
        await this.host.run(text, { out: toTerminal, err: toTerminal }, this.running.signal);
      } catch (e) {
        toTerminal(`bash: ${e instanceof Error ? e.message : String(e)}\n`);
      }
      if (this.running.signal.aborted) this.write('^C\r\n');
      this.running = undefined;
    }
    this.write(this.prompt);
    this.cursorRow = 0;
    // Keys typed while the command ran are handled now.
    await this.drain();
  }

  private historyMove(delta: number): void {
    const h = this.host.history;
    if (h.length === 0) return;
    let i = this.historyIndex;
    if (i === -1) {
      if (delta > 0) return;
      this.draft = this.line;
      i = h.length;
    }
    i += delta;
    if (i < 0) return;
    if (i >= h.length) {
      this.historyIndex = -1;
      this.line = this.draft;
    } else {
      this.historyIndex = i;
      this.line = h[i];
    }
    this.cursor = this.line.length;
    this.redraw();
  }

  private findMatch(query: string, before: number): number {
    const h = this.host.history;
    for (let i = Math.min(before, h.length) - 1; i >= 0; i--) if (h[i].includes(query)) return i;
    return -1;
  }

  private drawSearch(match: string | undefined, failed = false): void {
    const q = this.search!.query;
    const label = failed ? `(failed reverse-i-search)\`${q}': ` : `(reverse-i-search)\`${q}': `;
    const shown = match ?? '';
    const pos = match !== undefined && q ? match.indexOf(q) : 0;
    this.write('\r' + label + shown + '\x1b[K\r' + `\x1b[${label.length + Math.max(pos, 0)}C`);
  }

  private async handleSearch(k: Key): Promise<void> {
    const s = this.search!;
    const h = this.host.history;
    const current = s.index < h.length ? h[s.index] : undefined;
    if (k.kind === 'text') {
      s.query += k.text;
      const i = this.findMatch(s.query, current?.includes(s.query) ? s.index + 1 : s.index + 1);
      if (i >= 0) s.index = i;
      this.drawSearch(i >= 0 ? h[i] : current, i < 0);
      return;
    }
    switch (k.name) {
      case 'search': {
        const i = this.findMatch(s.query, s.index);
        if (i >= 0) s.index = i;
        this.drawSearch(i >= 0 ? h[i] : current, i < 0);
        return;
      }
      case 'backspace': {
        s.query = s.query.slice(0, -1);
        const i = this.findMatch(s.query, h.length);
        s.index = i >= 0 ? i : h.length;
        this.drawSearch(i >= 0 ? h[i] : undefined);
        return;
      }
      case 'interrupt':
      case 'cancel':
        this.search = undefined;
        this.line = '';
        this.cursor = 0;
        this.write('\r\x1b[K' + this.currentPrompt);
        return;
      case 'enter':
        this.search = undefined;
        this.line = current ?? '';
        this.cursor = this.line.length;
        this.redraw();
        return this.enter();
      default:
        // Any other key takes the match into the line for editing, then acts on it.
        this.search = undefined;
        this.line = current ?? '';
        this.cursor = this.line.length;
        this.redraw();
        if (k.name !== 'escape') return this.handle(k);
    }
  }

  private async tab(second: boolean): Promise<void> {
    if (!this.host.complete) return;
    const before = [...this.pending, this.line.slice(0, this.cursor)].join('\n');
    const offset = before.length - this.cursor;
    const { from, candidates } = await this.host.complete(before, before.length);
    const start = from - offset;
    const word = this.line.slice(start, this.cursor);
    if (candidates.length === 0) return;
    if (candidates.length === 1) {
      const c = candidates[0];
      const suffix = /[/=]$/.test(c) ? '' : ' ';
      this.replaceWord(start, c + suffix);
      return;
    }
    const common = commonPrefix(candidates);
    if (common.length > word.length) {
      this.replaceWord(start, common);
      return;
    }
    if (!second) {
      this.write('\x07');
      return;
    }
    // Tab Tab: list the candidates in columns, then the prompt and line again.
    const width = Math.max(...candidates.map((c) => c.length)) + 2;
    const perRow = Math.max(1, Math.floor(this.cols / width));
    const rows = Math.ceil(candidates.length / perRow);
    let text = '\r\n';
    for (let r = 0; r < rows; r++) {
      let row = '';
      for (let c = 0; c < perRow; c++) {
        const item = candidates[c * rows + r];
        if (item !== undefined) row += item.padEnd(width);
      }
      text += row.trimEnd() + '\r\n';
    }
    this.write(text);
    this.cursorRow = 0;
    this.redraw();
  }

  private replaceWord(start: number, text: string): void {
    this.line = this.line.slice(0, start) + text + this.line.slice(this.cursor);
    this.cursor = start + text.length;
    this.redraw();
  }
}

function wordStart(line: string, cursor: number): number {
  let i = cursor;
  while (i > 0 && /\s/.test(line[i - 1])) i--;
  while (i > 0 && !/\s/.test(line[i - 1])) i--;
  return i;
}

function commonPrefix(items: string[]): string {
  let p = items[0];
  for (const s of items) while (!s.startsWith(p)) p = p.slice(0, -1);
  return p;
}

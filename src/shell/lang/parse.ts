/**
 * A hand-written lexer and recursive-descent parser for the shell language a course uses:
 * words and quotes, `$VAR` `${VAR}` `$(...)` `$((...))`, `&&` `||` `;` `&` `|`, redirections,
 * here-documents, `for`/`while`/`until`/`if`, `{ }` and `( )`, comments and `\` continuations.
 *
 * Input that stops in the middle (an open quote, a trailing `|`, an unfinished here-document)
 * throws `Incomplete`, so the line editor can ask for more with `> `; anything else that cannot
 * parse throws `ShellSyntaxError` with bash's wording.
 */
import type {
  AndOr,
  Command,
  List,
  Pipeline,
  Redirect,
  SimpleCommand,
  Word,
  WordPart,
} from './ast';

/** The input ends before the command does. `matching` is the quote or bracket still open. */
export class Incomplete extends Error {
  constructor(readonly matching?: string) {
    super(
      matching
        ? `unexpected EOF while looking for matching \`${matching}'`
        : 'syntax error: unexpected end of file',
    );
  }
}

/** bash's `syntax error near unexpected token `X'`. */
export class ShellSyntaxError extends Error {
  constructor(readonly token: string) {
    super(`syntax error near unexpected token \`${token}'`);
  }
}

type Token =
  | { t: 'word'; word: Word }
  | { t: 'op'; v: string }
  | { t: 'redir'; fd: number | undefined; op: Redirect['op'] }
  | { t: 'nl' }
  | { t: 'eof' };

const META = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED_END = new Set(['then', 'elif', 'else', 'fi', 'do', 'done', '}', 'in']);

interface PendingHeredoc {
  delim: string;
  strip: boolean;
  redirect: Redirect;
}

export interface ParseOptions {
  /** The input is all there is: a here-document may end at end of input (bash warns). */
  atEof?: boolean;
}

export interface ParseResult {
  list: List;
  warnings: string[];
}

export function parse(src: string, opts: ParseOptions = {}): ParseResult {
  const p = new Parser(src, opts);
  const list = p.program();
  return { list, warnings: p.warnings };
}

/** Parses the text of a single word (such as `${x:-text}`'s `text`); no operators. */
export function parseWordText(src: string, quoted: boolean): Word {
  const p = new Parser(src, {});
  return p.wordOfText(quoted);
}

class Parser {
  private i = 0;
  private peeked?: Token;
  private pending: PendingHeredoc[] = [];
  readonly warnings: string[] = [];

  constructor(
    private readonly src: string,
    private readonly opts: ParseOptions,
  ) {}

  // ---- grammar ----

  program(): List {
    this.skipNewlines();
    const list = this.list();
    const t = this.peek();
    if (t.t !== 'eof') throw new ShellSyntaxError(tokenText(t));
    if (this.pending.length) this.readHeredocs();
    return list;
  }

  private list(): List {
    const items: AndOr[] = [];
    for (;;) {
      const t = this.peek();
      if (t.t === 'eof' || (t.t === 'op' && t.v === ')') || this.isReservedEnd(t)) break;
      const ao = this.andOr();
      items.push(ao);
      const sep = this.peek();
      if (sep.t === 'op' && (sep.v === ';' || sep.v === '&')) {
        this.take();
        if (sep.v === '&') ao.background = true;
        this.skipNewlines();
      } else if (sep.t === 'nl') {
        this.skipNewlines();
      } else break;
    }
    return items;
  }

  private andOr(): AndOr {
    const first = this.pipeline();
    const rest: AndOr['rest'] = [];
    for (;;) {
      const t = this.peek();
      if (t.t === 'op' && (t.v === '&&' || t.v === '||')) {
        this.take();
        this.skipNewlines();
        rest.push({ op: t.v, pipeline: this.pipeline() });
      } else break;
    }
    return { first, rest, background: false };
  }

  private pipeline(): Pipeline {
    let bang = false;
    const t = this.peek();
    if (t.t === 'word' && isLiteral(t.word, '!')) {
      this.take();
      bang = true;
    }
    const commands: Command[] = [this.command()];
    for (;;) {
      const n = this.peek();
      if (n.t === 'op' && n.v === '|') {
        this.take();
        this.skipNewlines();
        commands.push(this.command());
      } else break;
    }
    return { bang, commands };
  }

  private command(): Command {
    const t = this.peek();
    if (t.t === 'eof') throw new Incomplete();
    if (t.t === 'word') {
      const kw = literalOf(t.word);
      if (kw === 'for') return this.withRedirects(this.forCommand());
      if (kw === 'while' || kw === 'until') return this.withRedirects(this.whileCommand(kw));
      if (kw === 'if') return this.withRedirects(this.ifCommand());
      if (kw === '{') {
        this.take();
        const body = this.list();
        this.expectWord('}');
        return this.withRedirects({ type: 'group', subshell: false, body, redirects: [] });
      }
      if (kw !== undefined && RESERVED_END.has(kw) && kw !== 'in') throw new ShellSyntaxError(kw);
    }
    if (t.t === 'op' && t.v === '(') {
      this.take();
      this.skipNewlines();
      const body = this.list();
      const c = this.peek();
      if (c.t === 'eof') throw new Incomplete();
      if (!(c.t === 'op' && c.v === ')')) throw new ShellSyntaxError(tokenText(c));
      this.take();
      return this.withRedirects({ type: 'group', subshell: true, body, redirects: [] });
    }
    return this.simple();
  }

  private withRedirects<C extends Command>(c: C): C {
    for (;;) {
      const t = this.peek();
      if (t.t !== 'redir') return c;
      this.take();
      c.redirects.push(this.redirect(t));
    }
  }

  private simple(): SimpleCommand {
    const cmd: SimpleCommand = { type: 'simple', assigns: [], words: [], redirects: [] };
    for (;;) {
      const t = this.peek();
      if (t.t === 'redir') {
        this.take();
        cmd.redirects.push(this.redirect(t));
      } else if (t.t === 'word') {
        const assign = cmd.words.length === 0 ? assignmentOf(t.word) : undefined;
        this.take();
        if (assign) cmd.assigns.push(assign);
        else cmd.words.push(t.word);
      } else break;
    }
    if (!cmd.words.length && !cmd.assigns.length && !cmd.redirects.length) {
      const t = this.peek();
      if (t.t === 'eof') throw new Incomplete();
      throw new ShellSyntaxError(tokenText(t));
    }
    return cmd;
  }

  private redirect(t: { fd: number | undefined; op: Redirect['op'] }): Redirect {
    const target = this.peek();
    if (target.t === 'eof') throw new Incomplete();
    if (target.t !== 'word') throw new ShellSyntaxError(tokenText(target));
    this.take();
    const fd = t.fd ?? (t.op.startsWith('<') ? 0 : 1);
    const r: Redirect = { fd, op: t.op, target: target.word };
    if (t.op === '<<' || t.op === '<<-') {
      const quoted = target.word.parts.some((p) => p.k === 'lit' && p.q);
      const delim = target.word.parts.map((p) => (p.k === 'lit' ? p.v : '')).join('');
      r.heredoc = { body: '', quoted };
      this.pending.push({ delim, strip: t.op === '<<-', redirect: r });
    }
    return r;
  }

  private forCommand(): Command {
    this.take();
    const n = this.peek();
    if (n.t === 'eof') throw new Incomplete();
    const name = n.t === 'word' ? literalOf(n.word) : undefined;
    if (!name || !NAME_RE.test(name)) throw new ShellSyntaxError(tokenText(n));
    this.take();
    let items: Word[] | undefined;
    this.skipNewlines();
    const t = this.peek();
    if (t.t === 'word' && literalOf(t.word) === 'in') {
      this.take();
      items = [];
      for (;;) {
        const w = this.peek();
        if (w.t !== 'word') break;
        this.take();
        items.push(w.word);
      }
      const sep = this.peek();
      if (sep.t === 'eof') throw new Incomplete();
      if (!(sep.t === 'nl' || (sep.t === 'op' && sep.v === ';')))
        throw new ShellSyntaxError(tokenText(sep));
      this.take();
    } else if (t.t === 'op' && t.v === ';') this.take();
    this.skipNewlines();
    this.expectWord('do');
    const body = this.list();
    this.expectWord('done');
    return { type: 'for', name, items, body, redirects: [] };
  }

  private whileCommand(kw: string): Command {
    this.take();
    const cond = this.list();
    this.expectWord('do');
    const body = this.list();
    this.expectWord('done');
    return { type: 'while', until: kw === 'until', cond, body, redirects: [] };
  }

  private ifCommand(): Command {
    this.take();
    const branches: { cond: List; body: List }[] = [];
    let orElse: List | undefined;
    const cond = this.list();
    this.expectWord('then');
    branches.push({ cond, body: this.list() });
    for (;;) {
      const t = this.peek();
      const kw = t.t === 'word' ? literalOf(t.word) : undefined;
      if (kw === 'elif') {
        this.take();
        const c = this.list();
        this.expectWord('then');
        branches.push({ cond: c, body: this.list() });
      } else if (kw === 'else') {
        this.take();
        orElse = this.list();
      } else break;
    }
    this.expectWord('fi');
    return { type: 'if', branches, orElse, redirects: [] };
  }

  private expectWord(kw: string): void {
    const t = this.peek();
    if (t.t === 'eof') throw new Incomplete();
    if (t.t === 'word' && literalOf(t.word) === kw) {
      this.take();
      return;
    }
    throw new ShellSyntaxError(tokenText(t));
  }

  private isReservedEnd(t: Token): boolean {
    if (t.t !== 'word') return false;
    const kw = literalOf(t.word);
    return kw !== undefined && RESERVED_END.has(kw) && kw !== 'in';
  }

  private skipNewlines(): void {
    while (this.peek().t === 'nl') this.take();
  }

  private peek(): Token {
    this.peeked ??= this.lex();
    return this.peeked;
  }

  private take(): Token {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }

  // ---- lexer ----

  private lex(): Token {
    const s = this.src;
    for (;;) {
      const c = s[this.i];
      if (c === ' ' || c === '\t') this.i++;
      else if (c === '\\' && s[this.i + 1] === '\n') this.i += 2;
      else if (c === '\\' && this.i + 1 === s.length) throw new Incomplete();
      else if (c === '#') {
        while (this.i < s.length && s[this.i] !== '\n') this.i++;
      } else break;
    }
    if (this.i >= s.length) {
      if (this.pending.length) {
        if (!this.opts.atEof) throw new Incomplete();
        this.readHeredocs();
      }
      return { t: 'eof' };
    }
    const c = s[this.i];
    if (c === '\n') {
      this.i++;
      if (this.pending.length) this.readHeredocs();
      return { t: 'nl' };
    }
    const three = s.slice(this.i, this.i + 3);
    const two = s.slice(this.i, this.i + 2);
    for (const op of ['<<<', '<<-', '&>>'] as const) {
      if (three === op) {
        this.i += 3;
        return { t: 'redir', fd: undefined, op };
      }
    }
    for (const op of ['&&', '||', ';;']) {
      if (two === op) {
        this.i += 2;
        return { t: 'op', v: op };
      }
    }
    for (const op of ['>>', '>&', '<&', '<<', '&>'] as const) {
      if (two === op) {
        this.i += 2;
        return { t: 'redir', fd: undefined, op };
      }
    }
    if (two === '>|') {
      this.i += 2;
      return { t: 'redir', fd: undefined, op: '>' };
    }
    if (c === '>' || c === '<') {
      this.i++;
      return { t: 'redir', fd: undefined, op: c };
    }
    if (';&|()'.includes(c)) {
      this.i++;
      return { t: 'op', v: c };
    }
    // A number right before < or > names the file descriptor.
    const fd = /^(\d+)(>>|>&|<&|<<-|<<<|<<|>|<)/.exec(s.slice(this.i, this.i + 8));
    if (fd) {
      this.i += fd[0].length;
      return { t: 'redir', fd: Number(fd[1]), op: fd[2] as Redirect['op'] };
    }
    return { t: 'word', word: this.word(false) };
  }

  /** Reads one word up to an unquoted metacharacter (or, for `inText`, to the end). */
  private word(inText: boolean, quotedText = false): Word {
    const s = this.src;
    const start = this.i;
    const parts: WordPart[] = [];
    const lit = (v: string, q: boolean) => {
      const last = parts[parts.length - 1];
      if (last && last.k === 'lit' && last.q === q) last.v += v;
      else parts.push({ k: 'lit', v, q });
    };
    if (!quotedText && s[this.i] === '~') {
      const m = /^~([A-Za-z0-9_.-]*)(?=\/|$|[\s;&|<>()])/.exec(s.slice(this.i));
      if (m) {
        parts.push({ k: 'tilde', user: m[1] });
        this.i += m[0].length;
      }
    }
    while (this.i < s.length) {
      const c = s[this.i];
      if (!inText && META.has(c)) break;
      if (c === '\\') {
        if (this.i + 1 >= s.length) {
          if (inText) {
            lit('\\', quotedText);
            this.i++;
            break;
          }
          throw new Incomplete();
        }
        const n = s[this.i + 1];
        this.i += 2;
        if (n === '\n') continue;
        if (quotedText && !'$`"\\'.includes(n)) lit('\\' + n, true);
        else lit(n, true);
      } else if (c === "'" && !quotedText) {
        const end = s.indexOf("'", this.i + 1);
        if (end < 0) throw new Incomplete("'");
        lit(s.slice(this.i + 1, end), true);
        if (end === this.i + 1) parts.push({ k: 'lit', v: '', q: true });
        this.i = end + 1;
      } else if (c === '"' && !quotedText) {
        this.i++;
        const before = parts.length;
        this.doubleQuoted(parts, lit);
        if (parts.length === before) parts.push({ k: 'lit', v: '', q: true });
      } else if (c === '$') {
        this.dollar(parts, lit, quotedText);
      } else if (c === '`') {
        const end = this.findBackquote(this.i + 1);
        parts.push({
          k: 'cmd',
          src: s.slice(this.i + 1, end).replace(/\\([$`\\])/g, '$1'),
          q: quotedText,
        });
        this.i = end + 1;
      } else {
        lit(c, quotedText);
        this.i++;
      }
    }
    return { parts, raw: s.slice(start, this.i) };
  }

  wordOfText(quoted: boolean): Word {
    return this.word(true, quoted);
  }

  private doubleQuoted(parts: WordPart[], lit: (v: string, q: boolean) => void): void {
    const s = this.src;
    for (;;) {
      if (this.i >= s.length) throw new Incomplete('"');
      const c = s[this.i];
      if (c === '"') {
        this.i++;
        return;
      }
      if (c === '\\') {
        const n = s[this.i + 1];
        if (n === undefined) throw new Incomplete('"');
        this.i += 2;
        if (n === '\n') continue;
        lit('$`"\\'.includes(n) ? n : '\\' + n, true);
      } else if (c === '$') this.dollar(parts, lit, true);
      else if (c === '`') {
        const end = this.findBackquote(this.i + 1);
        parts.push({ k: 'cmd', src: s.slice(this.i + 1, end), q: true });
        this.i = end + 1;
      } else {
        lit(c, true);
        this.i++;
      }
    }
  }

  private dollar(parts: WordPart[], lit: (v: string, q: boolean) => void, q: boolean): void {
    const s = this.src;
    const n = s[this.i + 1];
    if (n === '(' && s[this.i + 2] === '(') {
      const end = this.findClose(this.i + 3, '(', ')');
      if (s[end + 1] === ')') {
        parts.push({ k: 'arith', src: s.slice(this.i + 3, end), q });
        this.i = end + 2;
        return;
      }
    }
    if (n === '(') {
      const end = this.findClose(this.i + 2, '(', ')');
      parts.push({ k: 'cmd', src: s.slice(this.i + 2, end), q });
      this.i = end + 1;
      return;
    }
    if (n === '{') {
      const end = this.findClose(this.i + 2, '{', '}');
      const body = s.slice(this.i + 2, end);
      this.i = end + 1;
      parts.push(paramExpansion(body, q));
      return;
    }
    const m = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9?#$!@*-])/.exec(s.slice(this.i + 1));
    if (m) {
      parts.push({ k: 'param', name: m[0], q });
      this.i += 1 + m[0].length;
      return;
    }
    lit('$', q);
    this.i++;
  }

  /** The index of the bracket that closes one opened just before `from`, skipping quotes. */
  private findClose(from: number, open: string, close: string): number {
    const s = this.src;
    let depth = 1;
    for (let i = from; i < s.length; i++) {
      const c = s[i];
      if (c === '\\') i++;
      else if (c === "'") {
        const e = s.indexOf("'", i + 1);
        if (e < 0) throw new Incomplete("'");
        i = e;
      } else if (c === '"') {
        i++;
        while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
        if (i >= s.length) throw new Incomplete('"');
      } else if (c === open) depth++;
      else if (c === close && --depth === 0) return i;
    }
    throw new Incomplete(close);
  }

  private findBackquote(from: number): number {
    const s = this.src;
    for (let i = from; i < s.length; i++) {
      if (s[i] === '\\') i++;
      else if (s[i] === '`') return i;
    }
    throw new Incomplete('`');
  }

  private readHeredocs(): void {
    const s = this.src;
    for (const h of this.pending) {
      const lines: string[] = [];
      let done = false;
      while (this.i < s.length) {
        let end = s.indexOf('\n', this.i);
        if (end < 0) end = s.length;
        let line = s.slice(this.i, end);
        this.i = Math.min(end + 1, s.length);
        if (h.strip) line = line.replace(/^\t+/, '');
        if (line === h.delim) {
          done = true;
          break;
        }
        lines.push(line);
      }
      if (!done) {
        if (!this.opts.atEof) throw new Incomplete();
        this.warnings.push(
          `warning: here-document delimited by end-of-file (wanted \`${h.delim}')`,
        );
      }
      h.redirect.heredoc!.body = lines.map((l) => l + '\n').join('');
    }
    this.pending = [];
  }
}

function paramExpansion(body: string, q: boolean): WordPart {
  if (/^#[A-Za-z_][A-Za-z0-9_]*$|^#[0-9?#@*]$/.test(body)) {
    return { k: 'param', name: body.slice(1), q, op: 'length' };
  }
  const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?#$!@*-])(.*)$/s.exec(body);
  if (!m) return { k: 'param', name: '', q, op: 'bad:' + body };
  const [, name, rest] = m;
  if (rest === '') return { k: 'param', name, q };
  const op = /^(:-|:=|:\+|:\?|-|=|\+|\?|##|#|%%|%|\/\/|\/)/.exec(rest);
  if (!op) return { k: 'param', name, q, op: 'bad:' + body };
  return { k: 'param', name, q, op: op[1], arg: parseWordText(rest.slice(op[1].length), q) };
}

function literalOf(w: Word): string | undefined {
  if (w.parts.length !== 1) return undefined;
  const p = w.parts[0];
  return p.k === 'lit' && !p.q ? p.v : undefined;
}

function isLiteral(w: Word, v: string): boolean {
  return literalOf(w) === v;
}

function assignmentOf(w: Word): SimpleCommand['assigns'][number] | undefined {
  const first = w.parts[0];
  if (!first || first.k !== 'lit' || first.q) return undefined;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/.exec(first.v);
  if (!m) return undefined;
  const rest: WordPart[] = [{ ...first, v: first.v.slice(m[0].length) }, ...w.parts.slice(1)];
  return {
    name: m[1],
    append: m[2] === '+',
    value: { parts: rest, raw: w.raw.slice(m[0].length) },
  };
}

function tokenText(t: Token): string {
  switch (t.t) {
    case 'word':
      return t.word.raw;
    case 'op':
      return t.v;
    case 'redir':
      return (t.fd ?? '') + t.op;
    case 'nl':
      return 'newline';
    case 'eof':
      return 'EOF';
  }
}

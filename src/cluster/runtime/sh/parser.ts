/**
 * A hand-written lexer and recursive-descent parser for the POSIX sh subset (as dash and
 * busybox ash read it). Lexing is done on demand by the parser, because what a character means
 * depends on where it stands: `$(` starts a nested command list, `}` ends a `${...}`, a newline
 * starts pending here-document bodies.
 */
import type {
  Assign,
  AndOr,
  Case,
  Command,
  For,
  If,
  List,
  Loop,
  Pipeline,
  Redir,
  RedirOp,
  SimpleCommand,
  Word,
  WordPart,
} from './ast';

/** A syntax error, with the message busybox sh prints after "sh: ". */
export class ParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParseError';
  }
}

type Token =
  | { t: 'word'; w: Word }
  | { t: 'op'; v: string }
  | { t: 'io'; fd: number }
  | { t: 'nl' }
  | { t: 'eof' };

const OPS = [
  '&&',
  '||',
  ';;',
  '<<-',
  '<<',
  '>>',
  '>&',
  '<&',
  '<>',
  '>|',
  ';',
  '&',
  '|',
  '(',
  ')',
  '<',
  '>',
];
const REDIR_OPS = new Set(['<<-', '<<', '>>', '>&', '<&', '<>', '>|', '<', '>']);
const META = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);
const SPECIAL_PARAMS = new Set(['?', '$', '#', '@', '*', '!', '-', '0']);
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses a whole script. Throws ParseError. */
export function parse(src: string): List {
  return new Parser(src).parseProgram();
}

/**
 * Parses text in which only `$`, backquotes and backslash are special: here-document bodies and
 * the inside of `$((...))`.
 */
export function parseExpandable(text: string): Word {
  const p = new Parser(text);
  const parts: WordPart[] = [];
  p.readDoubleQuoted(parts, null, true);
  return { parts, raw: text };
}

/** True when the word is plain unquoted text equal to `s` (reserved words, `in`, `esac`). */
function isLiteral(w: Word, s: string): boolean {
  return w.raw === s && w.parts.every((p) => p.k === 'lit' && !p.quoted);
}

function describe(tok: Token): string {
  switch (tok.t) {
    case 'eof':
      return 'end of file';
    case 'nl':
      return 'newline';
    case 'op':
      return `"${tok.v}"`;
    case 'io':
      return `"${tok.fd}"`;
    case 'word':
      return `"${tok.w.raw}"`;
  }
}

class Parser {
  private pos = 0;
  private peeked: Token | undefined;
  private pendingHeredocs: { redir: Redir; delim: string; strip: boolean }[] = [];

  constructor(private readonly src: string) {}

  parseProgram(): List {
    const list = this.parseList([]);
    const tok = this.peek();
    if (tok.t !== 'eof') throw this.unexpected(tok);
    return list;
  }

  // ---- tokens -------------------------------------------------------------------------------

  private peek(): Token {
    if (!this.peeked) this.peeked = this.lex();
    return this.peeked;
  }

  private next(): Token {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }

  private unexpected(tok: Token, expecting?: string): ParseError {
    const exp = expecting ? ` (expecting "${expecting}")` : '';
    return new ParseError(`syntax error: unexpected ${describe(tok)}${exp}`);
  }

  private isReserved(tok: Token, ...words: string[]): boolean {
    return tok.t === 'word' && words.some((w) => isLiteral(tok.w, w));
  }

  private expectReserved(word: string): void {
    const tok = this.next();
    if (!this.isReserved(tok, word)) throw this.unexpected(tok, word);
  }

  private skipNewlines(): void {
    while (this.peek().t === 'nl') this.next();
  }

  private lex(): Token {
    const s = this.src;
    for (;;) {
      const c = s[this.pos];
      if (c === ' ' || c === '\t') this.pos++;
      else if (c === '\\' && s[this.pos + 1] === '\n') this.pos += 2;
      else if (c === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else break;
    }
    if (this.pos >= s.length) return { t: 'eof' };
    const c = s[this.pos];
    if (c === '\n') {
      this.pos++;
      this.readHeredocBodies();
      return { t: 'nl' };
    }
    for (const op of OPS) {
      if (s.startsWith(op, this.pos)) {
        this.pos += op.length;
        return { t: 'op', v: op };
      }
    }
    // An all-digit word directly before < or > names a file descriptor.
    const m = /^[0-9]+(?=[<>])/.exec(s.slice(this.pos, this.pos + 12));
    if (m) {
      this.pos += m[0].length;
      return { t: 'io', fd: Number(m[0]) };
    }
    return { t: 'word', w: this.readWord() };
  }

  private readHeredocBodies(): void {
    const pending = this.pendingHeredocs;
    this.pendingHeredocs = [];
    for (const h of pending) {
      const lines: string[] = [];
      let found = false;
      while (this.pos < this.src.length) {
        let end = this.src.indexOf('\n', this.pos);
        if (end < 0) end = this.src.length;
        let line = this.src.slice(this.pos, end);
        this.pos = Math.min(end + 1, this.src.length);
        if (h.strip) line = line.replace(/^\t+/, '');
        if (line === h.delim) {
          found = true;
          break;
        }
        lines.push(line);
      }
      // dash and busybox accept a here-document ended by end of file.
      void found;
      h.redir.heredoc!.body = lines.length ? lines.join('\n') + '\n' : '';
    }
  }

  // ---- words --------------------------------------------------------------------------------

  private readWord(): Word {
    const s = this.src;
    const start = this.pos;
    const parts: WordPart[] = [];
    if (
      s[this.pos] === '~' &&
      (this.pos + 1 >= s.length || s[this.pos + 1] === '/' || META.has(s[this.pos + 1]))
    ) {
      this.pos++;
      parts.push({ k: 'param', name: 'HOME', quoted: true });
    }
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (META.has(c)) break;
      if (c === '\\') {
        if (s[this.pos + 1] === '\n') {
          this.pos += 2;
          continue;
        }
        if (this.pos + 1 < s.length) pushLit(parts, s[this.pos + 1], true);
        this.pos += 2;
      } else if (c === "'") {
        const end = s.indexOf("'", this.pos + 1);
        if (end < 0) throw new ParseError('syntax error: unterminated quoted string');
        pushLit(parts, s.slice(this.pos + 1, end), true);
        this.pos = end + 1;
      } else if (c === '"') {
        this.pos++;
        const before = parts.length;
        this.readDoubleQuoted(parts, '"', false);
        // "" is an empty field, not nothing.
        if (parts.length === before) pushLit(parts, '', true);
      } else if (c === '$') {
        this.readDollar(parts, false);
      } else if (c === '`') {
        this.readBackquote(parts, false);
      } else {
        pushLit(parts, c, false);
        this.pos++;
      }
    }
    return { parts, raw: s.slice(start, this.pos) };
  }

  /**
   * Reads up to the closing `end` character (or to the end of text when `end` is null), with
   * double-quote rules: only `$`, backquote and backslash before `$ \` " newline` are special.
   */
  readDoubleQuoted(parts: WordPart[], end: string | null, heredoc: boolean): void {
    const s = this.src;
    for (;;) {
      if (this.pos >= s.length) {
        if (end === null) return;
        throw new ParseError('syntax error: unterminated quoted string');
      }
      const c = s[this.pos];
      if (c === end) {
        this.pos++;
        return;
      }
      if (c === '\\') {
        const n = s[this.pos + 1];
        if (n === '\n') this.pos += 2;
        else if (n === '$' || n === '`' || n === '\\' || (n === '"' && !heredoc)) {
          pushLit(parts, n, true);
          this.pos += 2;
        } else {
          pushLit(parts, '\\', true);
          this.pos++;
        }
      } else if (c === '$') this.readDollar(parts, true);
      else if (c === '`') this.readBackquote(parts, true);
      else {
        pushLit(parts, c, true);
        this.pos++;
      }
    }
  }

  private readDollar(parts: WordPart[], quoted: boolean): void {
    const s = this.src;
    const n = s[this.pos + 1];
    if (n === '(' && s[this.pos + 2] === '(') {
      const start = this.pos + 3;
      let depth = 0;
      let i = start;
      for (; i < s.length; i++) {
        if (s[i] === '(') depth++;
        else if (s[i] === ')') {
          if (depth === 0) break;
          depth--;
        }
      }
      if (i < s.length && s[i + 1] === ')') {
        parts.push({ k: 'arith', expr: parseExpandable(s.slice(start, i)), quoted });
        this.pos = i + 2;
        return;
      }
      // Not arithmetic after all: a command substitution that starts with a subshell.
    }
    if (n === '(') {
      this.pos += 2;
      const saved = this.peeked;
      this.peeked = undefined;
      const body = this.parseList([]);
      const tok = this.next();
      if (!(tok.t === 'op' && tok.v === ')')) throw this.unexpected(tok, ')');
      this.peeked = saved;
      parts.push({ k: 'cmdsub', body, quoted });
      return;
    }
    if (n === '{') {
      this.pos += 2;
      this.readBraceParam(parts, quoted);
      return;
    }
    if (n !== undefined && (SPECIAL_PARAMS.has(n) || /[0-9]/.test(n))) {
      parts.push({ k: 'param', name: n, quoted });
      this.pos += 2;
      return;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(this.pos + 1, this.pos + 257));
    if (m) {
      parts.push({ k: 'param', name: m[0], quoted });
      this.pos += 1 + m[0].length;
      return;
    }
    pushLit(parts, '$', quoted);
    this.pos++;
  }

  private readBraceParam(parts: WordPart[], quoted: boolean): void {
    const s = this.src;
    let length = false;
    if (s[this.pos] === '#' && s[this.pos + 1] !== '}') {
      length = true;
      this.pos++;
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#@*!\-0])/.exec(
      s.slice(this.pos, this.pos + 257),
    );
    if (!m) throw new ParseError('syntax error: bad substitution');
    const name = m[0];
    this.pos += name.length;
    if (length) {
      if (s[this.pos] !== '}') throw new ParseError('syntax error: bad substitution');
      this.pos++;
      parts.push({ k: 'param', name, length: true, quoted });
      return;
    }
    if (s[this.pos] === '}') {
      this.pos++;
      parts.push({ k: 'param', name, quoted });
      return;
    }
    // POSIX operators, then busybox's bash-compatible ${x:off:len} and ${x/pat/rep}.
    const opm = /^(:[-=+?]|[-=+?]|##|#|%%|%|:|\/\/|\/)/.exec(s.slice(this.pos, this.pos + 2));
    if (!opm) {
      if (this.pos >= s.length) throw new ParseError("syntax error: missing '}'");
      throw new ParseError('syntax error: bad substitution');
    }
    this.pos += opm[0].length;
    const argParts: WordPart[] = [];
    const start = this.pos;
    for (;;) {
      if (this.pos >= s.length) throw new ParseError("syntax error: missing '}'");
      const c = s[this.pos];
      if (c === '}') break;
      if (c === '\\') {
        if (this.pos + 1 < s.length) pushLit(argParts, s[this.pos + 1], true);
        this.pos += 2;
      } else if (c === "'" && !quoted) {
        const end = s.indexOf("'", this.pos + 1);
        if (end < 0) throw new ParseError('syntax error: unterminated quoted string');
        pushLit(argParts, s.slice(this.pos + 1, end), true);
        this.pos = end + 1;
      } else if (c === '"') {
        this.pos++;
        const before = argParts.length;
        this.readDoubleQuoted(argParts, '"', false);
        if (argParts.length === before) pushLit(argParts, '', true);
      } else if (c === '$') this.readDollar(argParts, quoted);
      else if (c === '`') this.readBackquote(argParts, quoted);
      else {
        pushLit(argParts, c, quoted);
        this.pos++;
      }
    }
    const raw = s.slice(start, this.pos);
    this.pos++;
    parts.push({ k: 'param', name, op: opm[0], arg: { parts: argParts, raw }, quoted });
  }

  private readBackquote(parts: WordPart[], quoted: boolean): void {
    const s = this.src;
    let i = this.pos + 1;
    let text = '';
    for (;;) {
      if (i >= s.length) throw new ParseError('syntax error: unterminated quoted string');
      const c = s[i];
      if (c === '`') break;
      if (c === '\\' && (s[i + 1] === '`' || s[i + 1] === '$' || s[i + 1] === '\\')) {
        text += s[i + 1];
        i += 2;
      } else {
        text += c;
        i++;
      }
    }
    this.pos = i + 1;
    parts.push({ k: 'cmdsub', body: new Parser(text).parseProgram(), quoted });
  }

  // ---- grammar ------------------------------------------------------------------------------

  /**
   * A sequence of and-or lists separated by `;`, `&` or newlines, up to (not including) one of
   * the `stop` reserved words, `)`, `;;` or end of file.
   */
  private parseList(stop: string[]): List {
    const list: List = { type: 'list', items: [] };
    for (;;) {
      this.skipNewlines();
      const tok = this.peek();
      if (tok.t === 'eof') break;
      if (tok.t === 'op' && (tok.v === ')' || tok.v === ';;')) break;
      if (tok.t === 'word' && stop.some((w) => isLiteral(tok.w, w))) break;
      const node = this.parseAndOr();
      const sep = this.peek();
      if (sep.t === 'op' && (sep.v === ';' || sep.v === '&')) {
        this.next();
        list.items.push({ node, bg: sep.v === '&' });
      } else {
        list.items.push({ node, bg: false });
        if (
          sep.t !== 'nl' &&
          sep.t !== 'eof' &&
          !(sep.t === 'op' && (sep.v === ')' || sep.v === ';;'))
        ) {
          if (!(sep.t === 'word' && stop.some((w) => isLiteral(sep.w, w))))
            throw this.unexpected(sep);
        }
      }
    }
    return list;
  }

  /** A compound list that must not be empty, ended by `end` (which is consumed). */
  private parseBody(end: string, ...alsoStop: string[]): List {
    const list = this.parseList([end, ...alsoStop]);
    const tok = this.peek();
    if (!list.items.length) throw this.unexpected(tok, tok.t === 'eof' ? end : undefined);
    if (tok.t === 'eof') throw this.unexpected(tok, end);
    return list;
  }

  private parseAndOr(): AndOr {
    const node: AndOr = { type: 'andor', first: this.parsePipeline(), rest: [] };
    for (;;) {
      const tok = this.peek();
      if (tok.t === 'op' && (tok.v === '&&' || tok.v === '||')) {
        this.next();
        this.skipNewlines();
        node.rest.push({ op: tok.v, pipeline: this.parsePipeline() });
      } else return node;
    }
  }

  private parsePipeline(): Pipeline {
    let bang = false;
    if (this.isReserved(this.peek(), '!')) {
      this.next();
      bang = true;
    }
    const cmds: Command[] = [this.parseCommand()];
    for (;;) {
      const tok = this.peek();
      if (tok.t === 'op' && tok.v === '|') {
        this.next();
        this.skipNewlines();
        cmds.push(this.parseCommand());
      } else return { type: 'pipeline', bang, cmds };
    }
  }

  private parseCommand(): Command {
    const tok = this.peek();
    if (tok.t === 'op' && tok.v === '(') {
      this.next();
      const body = this.parseList([]);
      const close = this.next();
      if (!(close.t === 'op' && close.v === ')')) throw this.unexpected(close, ')');
      if (!body.items.length) throw this.unexpected(close);
      return { type: 'group', subshell: true, body, redirs: this.parseRedirs() };
    }
    if (tok.t === 'word') {
      const w = tok.w;
      if (isLiteral(w, '{')) {
        this.next();
        const body = this.parseBody('}');
        this.expectReserved('}');
        return { type: 'group', subshell: false, body, redirs: this.parseRedirs() };
      }
      if (isLiteral(w, 'if')) return this.parseIf();
      if (isLiteral(w, 'while') || isLiteral(w, 'until')) return this.parseLoop();
      if (isLiteral(w, 'for')) return this.parseFor();
      if (isLiteral(w, 'case')) return this.parseCase();
      for (const r of ['then', 'elif', 'else', 'fi', 'do', 'done', 'esac', '}', 'in']) {
        if (isLiteral(w, r)) throw this.unexpected(tok);
      }
    }
    if (tok.t === 'eof' || tok.t === 'nl' || (tok.t === 'op' && !REDIR_OPS.has(tok.v))) {
      throw this.unexpected(tok);
    }
    return this.parseSimple();
  }

  private parseRedirs(): Redir[] {
    const redirs: Redir[] = [];
    for (;;) {
      const tok = this.peek();
      if (tok.t === 'io' || (tok.t === 'op' && REDIR_OPS.has(tok.v)))
        redirs.push(this.parseRedir());
      else return redirs;
    }
  }

  private parseRedir(): Redir {
    let tok = this.next();
    let fd: number | undefined;
    if (tok.t === 'io') {
      fd = tok.fd;
      tok = this.next();
    }
    if (tok.t !== 'op' || !REDIR_OPS.has(tok.v)) throw this.unexpected(tok);
    const op = tok.v as RedirOp;
    const target = this.next();
    if (target.t !== 'word') throw this.unexpected(target);
    const redir: Redir = { fd: fd ?? (op[0] === '<' ? 0 : 1), op, target: target.w };
    if (op === '<<' || op === '<<-') {
      const quotedDelim = target.w.parts.some((p) => p.k !== 'lit' || p.quoted);
      const delim = target.w.parts.map((p) => (p.k === 'lit' ? p.v : '')).join('');
      redir.heredoc = { body: '', expand: !quotedDelim };
      this.pendingHeredocs.push({ redir, delim, strip: op === '<<-' });
    }
    return redir;
  }

  private parseSimple(): Command {
    const cmd: SimpleCommand = { type: 'simple', assigns: [], words: [], redirs: [], line: 0 };
    for (;;) {
      const tok = this.peek();
      if (tok.t === 'io' || (tok.t === 'op' && REDIR_OPS.has(tok.v))) {
        cmd.redirs.push(this.parseRedir());
        continue;
      }
      if (tok.t !== 'word') break;
      this.next();
      const w = tok.w;
      if (!cmd.words.length) {
        const a = asAssignment(w);
        if (a) {
          cmd.assigns.push(a);
          continue;
        }
      }
      cmd.words.push(w);
      if (cmd.words.length === 1 && !cmd.assigns.length && !cmd.redirs.length) {
        const open = this.peek();
        if (open.t === 'op' && open.v === '(') return this.parseFunction(w);
      }
    }
    if (!cmd.words.length && !cmd.assigns.length && !cmd.redirs.length)
      throw this.unexpected(this.peek());
    return cmd;
  }

  private parseFunction(name: Word): Command {
    this.next();
    const close = this.next();
    if (!(close.t === 'op' && close.v === ')')) throw this.unexpected(close, ')');
    if (!NAME_RE.test(name.raw)) throw new ParseError(`syntax error: bad function name`);
    this.skipNewlines();
    const body = this.parseCommand();
    return { type: 'func', name: name.raw, body };
  }

  private parseIf(): If {
    this.next();
    const node: If = { type: 'if', clauses: [], redirs: [] };
    for (;;) {
      const cond = this.parseBody('then');
      this.expectReserved('then');
      const body = this.parseBody('fi', 'elif', 'else');
      node.clauses.push({ cond, body });
      const tok = this.next();
      if (this.isReserved(tok, 'elif')) continue;
      if (this.isReserved(tok, 'else')) {
        node.elseBody = this.parseBody('fi');
        this.expectReserved('fi');
      } else if (!this.isReserved(tok, 'fi')) throw this.unexpected(tok, 'fi');
      node.redirs = this.parseRedirs();
      return node;
    }
  }

  private parseLoop(): Loop {
    const kw = this.next();
    const until = kw.t === 'word' && kw.w.raw === 'until';
    const cond = this.parseBody('do');
    this.expectReserved('do');
    const body = this.parseBody('done');
    this.expectReserved('done');
    return { type: 'loop', until, cond, body, redirs: this.parseRedirs() };
  }

  private parseFor(): For {
    this.next();
    const nameTok = this.next();
    if (nameTok.t !== 'word' || !NAME_RE.test(nameTok.w.raw))
      throw new ParseError('syntax error: bad for loop variable');
    const node: For = {
      type: 'for',
      name: nameTok.w.raw,
      body: { type: 'list', items: [] },
      redirs: [],
    };
    this.skipNewlines();
    let tok = this.peek();
    if (this.isReserved(tok, 'in')) {
      this.next();
      node.words = [];
      for (;;) {
        tok = this.peek();
        if (tok.t !== 'word') break;
        this.next();
        node.words.push(tok.w);
      }
      tok = this.next();
      if (!(tok.t === 'nl' || (tok.t === 'op' && tok.v === ';'))) throw this.unexpected(tok, 'do');
    } else if (tok.t === 'op' && tok.v === ';') this.next();
    this.skipNewlines();
    this.expectReserved('do');
    node.body = this.parseBody('done');
    this.expectReserved('done');
    node.redirs = this.parseRedirs();
    return node;
  }

  private parseCase(): Case {
    this.next();
    const wordTok = this.next();
    if (wordTok.t !== 'word') throw this.unexpected(wordTok);
    this.skipNewlines();
    this.expectReserved('in');
    const node: Case = { type: 'case', word: wordTok.w, items: [], redirs: [] };
    for (;;) {
      this.skipNewlines();
      let tok = this.next();
      if (this.isReserved(tok, 'esac')) break;
      if (tok.t === 'op' && tok.v === '(') tok = this.next();
      const patterns: Word[] = [];
      for (;;) {
        if (tok.t !== 'word') throw this.unexpected(tok, ')');
        patterns.push(tok.w);
        tok = this.next();
        if (tok.t === 'op' && tok.v === '|') {
          tok = this.next();
          continue;
        }
        if (tok.t === 'op' && tok.v === ')') break;
        throw this.unexpected(tok, ')');
      }
      const body = this.parseList(['esac']);
      node.items.push({ patterns, body });
      tok = this.peek();
      if (tok.t === 'op' && tok.v === ';;') {
        this.next();
        continue;
      }
      this.skipNewlines();
      tok = this.next();
      if (this.isReserved(tok, 'esac')) break;
      throw this.unexpected(tok, tok.t === 'eof' ? ')' : 'esac');
    }
    node.redirs = this.parseRedirs();
    return node;
  }
}

function pushLit(parts: WordPart[], v: string, quoted: boolean): void {
  const last = parts[parts.length - 1];
  if (last && last.k === 'lit' && last.quoted === quoted && v !== '') last.v += v;
  else parts.push({ k: 'lit', v, quoted });
}

function asAssignment(w: Word): Assign | undefined {
  const first = w.parts[0];
  if (!first || first.k !== 'lit' || first.quoted) return undefined;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.v);
  if (!m) return undefined;
  const rest = first.v.slice(m[0].length);
  const parts: WordPart[] = rest ? [{ k: 'lit', v: rest, quoted: false }] : [];
  parts.push(...w.parts.slice(1));
  return { name: m[1], value: { parts, raw: w.raw.slice(m[0].length) } };
}

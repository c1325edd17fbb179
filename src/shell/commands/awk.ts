/**
 * A small awk: rules `pattern { print ... }` with BEGIN/END, `-F`, fields `$N` `$NF`
 * `$(NF-1)` `$0`, NR, NF, strings, numbers, variables, `+= ++`, comparisons, `~ /re/`, `&&` `||` `!`,
 * concatenation, and `print`/`printf` — what one-liners over kubectl output use.
 */
import type { Cmd } from './types';
import { lines } from './types';

type Tok = { t: 'num' | 'str' | 're' | 'id' | 'op' | 'field'; v: string };

class AwkError extends Error {}

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const prevAllowsRe = () => {
    const p = toks[toks.length - 1];
    return !p || (p.t === 'op' && !([')', ']'] as string[]).includes(p.v));
  };
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c) && c !== '\n') {
      i++;
      continue;
    }
    if (c === '\n' || c === ';') {
      toks.push({ t: 'op', v: ';' });
      i++;
      continue;
    }
    if (c === '"') {
      let s = '';
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\') {
          const n = src[++i];
          s += { n: '\n', t: '\t', '"': '"', '\\': '\\' }[n] ?? '\\' + n;
        } else s += src[i];
        i++;
      }
      i++;
      toks.push({ t: 'str', v: s });
      continue;
    }
    if (c === '/' && prevAllowsRe()) {
      let s = '';
      i++;
      while (i < src.length && src[i] !== '/') {
        if (src[i] === '\\' && src[i + 1] === '/') i++;
        s += src[i++];
      }
      i++;
      toks.push({ t: 're', v: s });
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      toks.push({ t: 'num', v: num[0] });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) {
      toks.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    const op = /^(\+\+|--|\+=|-=|==|!=|<=|>=|&&|\|\||!~|[-+*/%<>!~=(){},$])/.exec(src.slice(i));
    if (!op) throw new AwkError(`syntax error at source line 1 near ${c}`);
    toks.push({ t: 'op', v: op[0] });
    i += op[0].length;
  }
  return toks;
}

interface Env {
  fields: string[];
  line: string;
  NR: number;
  vars: Map<string, string | number>;
  out: string[];
  ofs: string;
}

type Expr = (e: Env) => string | number;
type Stmt = (e: Env) => void;
interface Rule {
  kind: 'begin' | 'end' | 'main';
  pattern?: Expr;
  body?: Stmt[];
}

const num = (v: string | number) => (typeof v === 'number' ? v : parseFloat(v) || 0);
const str = (v: string | number) => (typeof v === 'number' ? fmtNum(v) : v);
function fmtNum(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(6)));
}
const looksNumeric = (v: string | number) =>
  typeof v === 'number' || /^\s*-?\d+(\.\d+)?\s*$/.test(v);

class AwkParser {
  private i = 0;
  constructor(private toks: Tok[]) {}

  program(): Rule[] {
    const rules: Rule[] = [];
    this.skipSemis();
    while (this.i < this.toks.length) {
      const t = this.peek();
      if (t?.t === 'id' && (t.v === 'BEGIN' || t.v === 'END')) {
        this.i++;
        rules.push({ kind: t.v === 'BEGIN' ? 'begin' : 'end', body: this.block() });
      } else if (t?.t === 'op' && t.v === '{') rules.push({ kind: 'main', body: this.block() });
      else {
        const pattern = this.expr();
        const body = this.peek()?.v === '{' ? this.block() : undefined;
        rules.push({ kind: 'main', pattern, body });
      }
      this.skipSemis();
    }
    return rules;
  }

  private skipSemis() {
    while (this.peek()?.v === ';' && this.peek()?.t === 'op') this.i++;
  }
  private peek(): Tok | undefined {
    return this.toks[this.i];
  }
  private eat(v: string): void {
    if (this.peek()?.v !== v) throw new AwkError(`syntax error at source line 1`);
    this.i++;
  }

  private block(): Stmt[] {
    this.eat('{');
    const stmts: Stmt[] = [];
    this.skipSemis();
    while (this.peek() && this.peek()!.v !== '}') {
      stmts.push(this.statement());
      this.skipSemis();
    }
    this.eat('}');
    return stmts;
  }

  private statement(): Stmt {
    const t = this.peek()!;
    if (t.t === 'id' && (t.v === 'print' || t.v === 'printf')) {
      this.i++;
      const args: Expr[] = [];
      while (this.peek() && !(this.peek()!.t === 'op' && [';', '}'].includes(this.peek()!.v))) {
        args.push(this.expr());
        if (this.peek()?.v === ',') this.i++;
      }
      if (t.v === 'print') {
        return (e) => {
          const vals = args.length ? args.map((a) => str(a(e))) : [e.line];
          e.out.push(vals.join(e.ofs) + '\n');
        };
      }
      return (e) => {
        const [fmt, ...rest] = args.map((a) => a(e));
        let k = 0;
        e.out.push(
          str(fmt ?? '').replace(/%([-0-9.]*)([sdif%])/g, (_m, w: string, c: string) => {
            if (c === '%') return '%';
            const v = rest[k++] ?? '';
            const s = c === 's' ? str(v) : String(Math.trunc(num(v)));
            const width = parseInt(w, 10);
            return width ? (w.startsWith('-') ? s.padEnd(-width) : s.padStart(width)) : s;
          }),
        );
      };
    }
    const x = this.expr();
    return (e) => void x(e);
  }

  expr(): Expr {
    return this.assignment();
  }

  private assignment(): Expr {
    const t = this.peek();
    const n = this.toks[this.i + 1];
    if (t?.t === 'id' && n?.t === 'op' && ['=', '+=', '-='].includes(n.v)) {
      this.i += 2;
      const rhs = this.assignment();
      return (e) => {
        const v = rhs(e);
        const cur = e.vars.get(t.v) ?? 0;
        const next = n.v === '=' ? v : num(cur) + (n.v === '+=' ? num(v) : -num(v));
        e.vars.set(t.v, next);
        return next;
      };
    }
    if (t?.t === 'id' && n?.t === 'op' && (n.v === '++' || n.v === '--')) {
      this.i += 2;
      return (e) => {
        const cur = num(e.vars.get(t.v) ?? 0);
        e.vars.set(t.v, cur + (n.v === '++' ? 1 : -1));
        return cur;
      };
    }
    return this.or();
  }

  private or(): Expr {
    let a = this.and();
    while (this.peek()?.v === '||') {
      this.i++;
      const l = a;
      const r = this.and();
      a = (e) => (truthy(l(e)) || truthy(r(e)) ? 1 : 0);
    }
    return a;
  }

  private and(): Expr {
    let a = this.match();
    while (this.peek()?.v === '&&') {
      this.i++;
      const l = a;
      const r = this.match();
      a = (e) => (truthy(l(e)) && truthy(r(e)) ? 1 : 0);
    }
    return a;
  }

  private match(): Expr {
    const a = this.compare();
    const op = this.peek();
    if (op?.t === 'op' && (op.v === '~' || op.v === '!~')) {
      this.i++;
      const r = this.peek()!;
      let re: Expr;
      if (r.t === 're') {
        this.i++;
        re = () => r.v;
      } else re = this.compare();
      return (e) => (new RegExp(str(re(e))).test(str(a(e))) === (op.v === '~') ? 1 : 0);
    }
    return a;
  }

  private compare(): Expr {
    const a = this.concat();
    const op = this.peek();
    if (op?.t === 'op' && ['==', '!=', '<', '>', '<=', '>='].includes(op.v)) {
      this.i++;
      const b = this.concat();
      return (e) => {
        const x = a(e);
        const y = b(e);
        const c =
          looksNumeric(x) && looksNumeric(y)
            ? num(x) - num(y)
            : str(x) < str(y)
              ? -1
              : str(x) > str(y)
                ? 1
                : 0;
        const r = {
          '==': c === 0,
          '!=': c !== 0,
          '<': c < 0,
          '>': c > 0,
          '<=': c <= 0,
          '>=': c >= 0,
        }[op.v];
        return r ? 1 : 0;
      };
    }
    return a;
  }

  private concat(): Expr {
    let a = this.additive();
    for (;;) {
      const t = this.peek();
      const starts =
        t &&
        (t.t === 'num' ||
          t.t === 'str' ||
          (t.t === 'id' && !['print', 'printf'].includes(t.v)) ||
          (t.t === 'op' && (t.v === '$' || t.v === '(' || t.v === '!')));
      if (!starts) return a;
      const l = a;
      const r = this.additive();
      a = (e) => str(l(e)) + str(r(e));
    }
  }

  private additive(): Expr {
    let a = this.term();
    while (this.peek()?.t === 'op' && ['+', '-'].includes(this.peek()!.v)) {
      const op = this.toks[this.i++].v;
      const l = a;
      const r = this.term();
      a = (e) => (op === '+' ? num(l(e)) + num(r(e)) : num(l(e)) - num(r(e)));
    }
    return a;
  }

  private term(): Expr {
    let a = this.unary();
    while (this.peek()?.t === 'op' && ['*', '/', '%'].includes(this.peek()!.v)) {
      const op = this.toks[this.i++].v;
      const l = a;
      const r = this.unary();
      a = (e) => {
        const x = num(l(e));
        const y = num(r(e));
        if (op !== '*' && y === 0) throw new AwkError('division by zero');
        return op === '*' ? x * y : op === '/' ? x / y : x % y;
      };
    }
    return a;
  }

  private unary(): Expr {
    const t = this.peek();
    if (t?.t === 'op' && t.v === '!') {
      this.i++;
      const x = this.unary();
      return (e) => (truthy(x(e)) ? 0 : 1);
    }
    if (t?.t === 'op' && t.v === '-') {
      this.i++;
      const x = this.unary();
      return (e) => -num(x(e));
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.toks[this.i++];
    if (!t) throw new AwkError('syntax error at source line 1');
    if (t.t === 'num') return () => Number(t.v);
    if (t.t === 'str') return () => t.v;
    if (t.t === 're') return (e) => (new RegExp(t.v).test(e.line) ? 1 : 0);
    if (t.t === 'op' && t.v === '(') {
      const x = this.expr();
      this.eat(')');
      return x;
    }
    if (t.t === 'op' && t.v === '$') {
      const idx = this.primary();
      return (e) => {
        const n = Math.trunc(num(idx(e)));
        return n === 0 ? e.line : (e.fields[n - 1] ?? '');
      };
    }
    if (t.t === 'id') {
      if (t.v === 'NR') return (e) => e.NR;
      if (t.v === 'NF') return (e) => e.fields.length;
      if (t.v === 'length') {
        if (this.peek()?.v === '(') {
          this.i++;
          const x = this.peek()?.v === ')' ? undefined : this.expr();
          this.eat(')');
          return (e) => str(x ? x(e) : e.line).length;
        }
        return (e) => e.line.length;
      }
      if (t.v === 'toupper' || t.v === 'tolower') {
        this.eat('(');
        const x = this.expr();
        this.eat(')');
        return (e) => (t.v === 'toupper' ? str(x(e)).toUpperCase() : str(x(e)).toLowerCase());
      }
      return (e) => e.vars.get(t.v) ?? '';
    }
    throw new AwkError(`syntax error at source line 1`);
  }
}

function truthy(v: string | number): boolean {
  return typeof v === 'number' ? v !== 0 : v !== '';
}

export const awk: Cmd = (ctx) => {
  const args = ctx.argv.slice(1);
  let fs: string | undefined;
  const vars = new Map<string, string | number>();
  while (args.length && args[0].startsWith('-') && args[0] !== '-') {
    const a = args.shift()!;
    if (a.startsWith('-F')) fs = a.length > 2 ? a.slice(2) : args.shift();
    else if (a === '-v') {
      const kv = args.shift() ?? '';
      const eq = kv.indexOf('=');
      vars.set(kv.slice(0, eq), kv.slice(eq + 1));
    }
  }
  const src = args.shift();
  if (src === undefined) {
    ctx.err('usage: awk [-F fs][-v var=value][prog | -f progfile][file ...]\n');
    return 2;
  }
  let rules: Rule[];
  try {
    rules = new AwkParser(tokenize(src)).program();
  } catch (e) {
    ctx.err(`awk: ${e instanceof Error ? e.message : String(e)}\n awk: ${src}\n`);
    return 2;
  }
  let input = ctx.stdin;
  if (args.length) {
    try {
      input = args.map((f) => ctx.session.vfs.readFile(f)).join('');
    } catch (e) {
      ctx.err(`awk: cannot open "${args[0]}" (${e instanceof Error ? e.message : String(e)})\n`);
      return 2;
    }
  }
  const split = (l: string) =>
    fs === undefined || fs === ' '
      ? l
          .trim()
          .split(/[ \t]+/)
          .filter(Boolean)
      : fs.length === 1
        ? l.split(fs === 't' ? '\t' : fs)
        : l.split(new RegExp(fs));
  const env: Env = { fields: [], line: '', NR: 0, vars, out: [], ofs: ' ' };
  try {
    for (const r of rules) if (r.kind === 'begin') r.body!.forEach((s) => s(env));
    for (const l of lines(input)) {
      env.NR++;
      env.line = l;
      env.fields = split(l);
      for (const r of rules) {
        if (r.kind !== 'main') continue;
        if (r.pattern && !truthy(r.pattern(env))) continue;
        if (r.body) r.body.forEach((s) => s(env));
        else env.out.push(l + '\n');
      }
    }
    for (const r of rules) if (r.kind === 'end') r.body!.forEach((s) => s(env));
  } catch (e) {
    ctx.out(env.out.join(''));
    ctx.err(`awk: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  ctx.out(env.out.join(''));
  return 0;
};

/**
 * Shell arithmetic `$((...))` on 64-bit signed integers, as busybox ash computes it: C operators
 * with C precedence, assignment forms, `++`/`--`, and names that read shell variables.
 */

/** An arithmetic error, with the message busybox prints after "sh: ". */
export class ArithError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArithError';
  }
}

export interface ArithVars {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

type Expr =
  | { k: 'num'; v: bigint }
  | { k: 'var'; name: string }
  | { k: 'un'; op: string; e: Expr }
  | { k: 'bin'; op: string; l: Expr; r: Expr }
  | { k: 'assign'; op: string; name: string; e: Expr }
  | { k: 'incdec'; op: '++' | '--'; prefix: boolean; name: string }
  | { k: 'cond'; c: Expr; t: Expr; f: Expr };

const wrap = (v: bigint): bigint => BigInt.asIntN(64, v);

const BIN_PREC: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '|': 3,
  '^': 4,
  '&': 5,
  '==': 6,
  '!=': 6,
  '<': 7,
  '<=': 7,
  '>': 7,
  '>=': 7,
  '<<': 8,
  '>>': 8,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '%': 10,
  '**': 11,
};
const ASSIGN_OPS = ['<<=', '>>=', '+=', '-=', '*=', '/=', '%=', '&=', '^=', '|=', '='];
const TOKEN_RE =
  /\s*(0[xX][0-9a-fA-F]+|[0-9]+|[A-Za-z_][A-Za-z0-9_]*|<<=|>>=|\*\*|\+\+|--|\|\||&&|==|!=|<=|>=|<<|>>|[-+*/%&^|]=|[-+*/%<>=!~&^|?:(),])/y;

function tokenize(s: string): string[] {
  const out: string[] = [];
  TOKEN_RE.lastIndex = 0;
  let pos = 0;
  for (;;) {
    while (pos < s.length && /\s/.test(s[pos])) pos++;
    if (pos >= s.length) return out;
    TOKEN_RE.lastIndex = pos;
    const m = TOKEN_RE.exec(s);
    if (!m) throw new ArithError('arithmetic syntax error');
    out.push(m[1]);
    pos = TOKEN_RE.lastIndex;
  }
}

function parseNumber(t: string): bigint | undefined {
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return wrap(BigInt(t));
  if (/^0[0-7]+$/.test(t)) return wrap(BigInt('0o' + t.slice(1)));
  if (/^0[0-9]+$/.test(t)) return undefined;
  if (/^[0-9]+$/.test(t)) return wrap(BigInt(t));
  return undefined;
}

class ArithParser {
  private i = 0;
  constructor(private readonly toks: string[]) {}

  parseAll(): Expr | undefined {
    if (!this.toks.length) return undefined;
    const e = this.comma();
    if (this.i < this.toks.length) throw new ArithError('arithmetic syntax error');
    return e;
  }

  private peek(): string | undefined {
    return this.toks[this.i];
  }

  private take(t: string): boolean {
    if (this.toks[this.i] === t) {
      this.i++;
      return true;
    }
    return false;
  }

  private comma(): Expr {
    let e = this.assign();
    while (this.take(',')) e = { k: 'bin', op: ',', l: e, r: this.assign() };
    return e;
  }

  private assign(): Expr {
    const t = this.peek();
    const op = this.toks[this.i + 1];
    if (t && /^[A-Za-z_]/.test(t) && op && ASSIGN_OPS.includes(op)) {
      this.i += 2;
      return { k: 'assign', op, name: t, e: this.assign() };
    }
    return this.cond();
  }

  private cond(): Expr {
    const c = this.binary(1);
    if (!this.take('?')) return c;
    const t = this.comma();
    if (!this.take(':')) throw new ArithError('arithmetic syntax error');
    const f = this.assign();
    return { k: 'cond', c, t, f };
  }

  private binary(minPrec: number): Expr {
    let l = this.unary();
    for (;;) {
      const op = this.peek();
      const prec = op !== undefined ? BIN_PREC[op] : undefined;
      if (prec === undefined || prec < minPrec) return l;
      this.i++;
      // `**` groups to the right, the others to the left.
      const r = this.binary(op === '**' ? prec : prec + 1);
      l = { k: 'bin', op: op!, l, r };
    }
  }

  private unary(): Expr {
    const t = this.peek();
    if (t === '++' || t === '--') {
      this.i++;
      const name = this.peek();
      if (!name || !/^[A-Za-z_]/.test(name)) throw new ArithError('arithmetic syntax error');
      this.i++;
      return { k: 'incdec', op: t, prefix: true, name };
    }
    if (t === '-' || t === '+' || t === '!' || t === '~') {
      this.i++;
      return { k: 'un', op: t, e: this.unary() };
    }
    return this.postfix();
  }

  private postfix(): Expr {
    const t = this.peek();
    if (t === undefined) throw new ArithError('arithmetic syntax error');
    this.i++;
    if (t === '(') {
      const e = this.comma();
      if (!this.take(')')) throw new ArithError('arithmetic syntax error');
      return e;
    }
    const n = parseNumber(t);
    if (n !== undefined) return { k: 'num', v: n };
    if (/^[0-9]/.test(t)) throw new ArithError('arithmetic syntax error');
    if (/^[A-Za-z_]/.test(t)) {
      const p = this.peek();
      if (p === '++' || p === '--') {
        this.i++;
        return { k: 'incdec', op: p, prefix: false, name: t };
      }
      return { k: 'var', name: t };
    }
    throw new ArithError('arithmetic syntax error');
  }
}

/** Evaluates an (already expanded) arithmetic expression; the empty expression is 0. */
export function evalArith(text: string, vars: ArithVars, depth = 0): bigint {
  let e = parsed.get(text);
  if (e === undefined) {
    e = new ArithParser(tokenize(text)).parseAll() ?? null;
    if (parsed.size > 1000) parsed.clear();
    parsed.set(text, e);
  }
  return e ? evaluate(e, vars, depth) : 0n;
}

/** Parsed expressions by text: loops evaluate the same `i+1` again and again. */
const parsed = new Map<string, Expr | null>();

function readVar(name: string, vars: ArithVars, depth: number): bigint {
  const raw = vars.get(name) ?? '';
  if (
    /^-?[0-9]{1,15}$/.test(raw) &&
    (raw.length < 2 || raw[raw.length > 1 && raw[0] === '-' ? 1 : 0] !== '0')
  ) {
    return BigInt(raw);
  }
  const v = raw.trim();
  if (v === '') return 0n;
  const sign = v.startsWith('-') ? -1n : 1n;
  const n = parseNumber(v.replace(/^[-+]/, ''));
  if (n !== undefined) return wrap(sign * n);
  // A variable holding an expression is evaluated in turn, as ash does.
  if (depth > 32) throw new ArithError('expression recursion loop detected');
  return evalArith(v, vars, depth + 1);
}

function evaluate(e: Expr, vars: ArithVars, depth: number): bigint {
  switch (e.k) {
    case 'num':
      return e.v;
    case 'var':
      return readVar(e.name, vars, depth);
    case 'un': {
      const v = evaluate(e.e, vars, depth);
      if (e.op === '-') return wrap(-v);
      if (e.op === '+') return v;
      if (e.op === '!') return v === 0n ? 1n : 0n;
      return wrap(~v);
    }
    case 'incdec': {
      const old = readVar(e.name, vars, depth);
      const nv = wrap(e.op === '++' ? old + 1n : old - 1n);
      vars.set(e.name, nv.toString());
      return e.prefix ? nv : old;
    }
    case 'assign': {
      let v = evaluate(e.e, vars, depth);
      if (e.op !== '=') v = binop(e.op.slice(0, -1), readVar(e.name, vars, depth), v);
      vars.set(e.name, v.toString());
      return v;
    }
    case 'cond':
      return evaluate(e.c, vars, depth) !== 0n
        ? evaluate(e.t, vars, depth)
        : evaluate(e.f, vars, depth);
    case 'bin': {
      if (e.op === '&&') {
        return evaluate(e.l, vars, depth) !== 0n && evaluate(e.r, vars, depth) !== 0n ? 1n : 0n;
      }
      if (e.op === '||') {
        return evaluate(e.l, vars, depth) !== 0n || evaluate(e.r, vars, depth) !== 0n ? 1n : 0n;
      }
      const l = evaluate(e.l, vars, depth);
      const r = evaluate(e.r, vars, depth);
      return binop(e.op, l, r);
    }
  }
}

function binop(op: string, l: bigint, r: bigint): bigint {
  const b = (x: boolean): bigint => (x ? 1n : 0n);
  switch (op) {
    case ',':
      return r;
    case '+':
      return wrap(l + r);
    case '-':
      return wrap(l - r);
    case '*':
      return wrap(l * r);
    case '/':
      if (r === 0n) throw new ArithError('divide by zero');
      return wrap(l / r);
    case '%':
      if (r === 0n) throw new ArithError('divide by zero');
      return wrap(l % r);
    case '**':
      if (r < 0n) throw new ArithError('exponent less than 0');
      return wrap(
        l ** (r > 64n && (l === 0n || l === 1n || l === -1n) ? (r % 2n) + 2n : r > 64n ? 64n : r),
      );
    case '<<':
      return wrap(l << (r & 63n));
    case '>>':
      return wrap(l >> (r & 63n));
    case '&':
      return l & r;
    case '|':
      return l | r;
    case '^':
      return l ^ r;
    case '==':
      return b(l === r);
    case '!=':
      return b(l !== r);
    case '<':
      return b(l < r);
    case '<=':
      return b(l <= r);
    case '>':
      return b(l > r);
    case '>=':
      return b(l >= r);
  }
  throw new ArithError('arithmetic syntax error');
}

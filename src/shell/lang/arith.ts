/** `$((...))`: integer arithmetic over shell variables (+ - * / % **, comparisons, && ||, !). */

export class ArithError extends Error {}

export function evalArith(src: string, get: (name: string) => string): number {
  const toks = src.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|\*\*|[<>=!]=|&&|\|\||[-+*/%()<>!]|\S/g) ?? [];
  let i = 0;
  const peek = () => toks[i];
  const value = (name: string): number => {
    const v = get(name).trim();
    if (v === '') return 0;
    if (/^-?\d+$/.test(v)) return Number(v);
    if (/^[A-Za-z_]\w*$/.test(v)) return value(v);
    throw new ArithError(`${v}: syntax error: operand expected (error token is "${v}")`);
  };
  const levels: string[][] = [
    ['||'],
    ['&&'],
    ['==', '!='],
    ['<', '>', '<=', '>='],
    ['+', '-'],
    ['*', '/', '%'],
  ];
  const apply = (op: string, a: number, b: number): number => {
    switch (op) {
      case '||':
        return a || b ? 1 : 0;
      case '&&':
        return a && b ? 1 : 0;
      case '==':
        return a === b ? 1 : 0;
      case '!=':
        return a !== b ? 1 : 0;
      case '<':
        return a < b ? 1 : 0;
      case '>':
        return a > b ? 1 : 0;
      case '<=':
        return a <= b ? 1 : 0;
      case '>=':
        return a >= b ? 1 : 0;
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
      case '%':
        if (b === 0) throw new ArithError('division by 0 (error token is "0")');
        return op === '/' ? Math.trunc(a / b) : a % b;
    }
    return 0;
  };
  const binary = (level: number): number => {
    if (level === levels.length) return power();
    let a = binary(level + 1);
    while (levels[level].includes(peek())) {
      const op = toks[i++];
      a = apply(op, a, binary(level + 1));
    }
    return a;
  };
  const power = (): number => {
    const a = unary();
    if (peek() === '**') {
      i++;
      return a ** power();
    }
    return a;
  };
  const unary = (): number => {
    const t = toks[i++];
    if (t === undefined) throw new ArithError('syntax error: operand expected');
    if (t === '-') return -unary();
    if (t === '+') return unary();
    if (t === '!') return unary() ? 0 : 1;
    if (t === '(') {
      const v = binary(0);
      if (toks[i++] !== ')') throw new ArithError("syntax error: missing `)'");
      return v;
    }
    if (/^\d+$/.test(t)) return Number(t);
    if (/^[A-Za-z_]/.test(t)) return value(t);
    throw new ArithError(`syntax error: operand expected (error token is "${t}")`);
  };
  if (toks.length === 0) return 0;
  const v = binary(0);
  if (i < toks.length) {
    const rest = toks.slice(i).join(' ');
    throw new ArithError(`syntax error in expression (error token is "${rest}")`);
  }
  return v;
}

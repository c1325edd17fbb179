/**
 * Shell patterns (`case`, `${x#pat}`, pathname expansion). A pattern string here marks quoted
 * characters with a backslash, so `"*"` matches only a star.
 */

/** Escapes text so that it matches itself as a pattern. */
export function escapePattern(text: string): string {
  return text.replace(/[\\*?[\]]/g, '\\$&');
}

/** True when the pattern has an unescaped `*`, `?` or `[`. */
export function hasGlob(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

/** Removes the escaping backslashes of a pattern, giving the text it stands for. */
export function unescapePattern(pattern: string): string {
  return pattern.replace(/\\(.)/gs, '$1');
}

const cache = new Map<string, RegExp>();

/** Translates a shell pattern to an anchored RegExp; `pathname` keeps `*` and `?` from matching `/`. */
export function patternToRegExp(pattern: string, pathname = false): RegExp {
  const key = (pathname ? 'p' : 'w') + pattern;
  const hit = cache.get(key);
  if (hit) return hit;
  let re = '^';
  const any = pathname ? '[^/]' : '[\\s\\S]';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      re += escapeRe(pattern[++i]);
    } else if (c === '*') re += any + '*';
    else if (c === '?') re += any;
    else if (c === '[') {
      const end = findClassEnd(pattern, i);
      if (end < 0) re += '\\[';
      else {
        let body = pattern.slice(i + 1, end);
        let neg = false;
        if (body[0] === '!' || body[0] === '^') {
          neg = true;
          body = body.slice(1);
        }
        body = body.replace(/\[:(\w+):\]/g, (_m, cls: string) => CLASSES[cls] ?? '');
        body = body.replace(/\\(.)/g, (_m, ch: string) => '\\' + ch).replace(/([\]^])/g, '\\$1');
        re += `[${neg ? '^' : ''}${body}]`;
        i = end;
      }
    } else re += escapeRe(c);
  }
  re += '$';
  let out: RegExp;
  try {
    out = new RegExp(re);
  } catch {
    out = new RegExp('^' + escapeRe(unescapePattern(pattern)) + '$');
  }
  if (cache.size > 500) cache.clear();
  cache.set(key, out);
  return out;
}

const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  xdigit: '0-9a-fA-F',
  punct: '!-\\/:-@\\[-`{-~',
};

function findClassEnd(p: string, start: number): number {
  let i = start + 1;
  if (p[i] === '!' || p[i] === '^') i++;
  if (p[i] === ']') i++;
  for (; i < p.length; i++) {
    if (p[i] === '[' && p[i + 1] === ':') {
      const close = p.indexOf(':]', i + 2);
      if (close > 0) i = close + 1;
    } else if (p[i] === ']') return i;
  }
  return -1;
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export function matchPattern(pattern: string, text: string): boolean {
  return patternToRegExp(pattern).test(text);
}

/**
 * YAML as kubectl prints it: sigs.k8s.io/yaml, that is go-yaml v2 marshalling the JSON form.
 * Map keys in go-yaml's natural order, sequences not indented under their key, strings plain
 * when they read back as strings, single-quoted when plain is not allowed, double-quoted when
 * they would read as another type (`"1"`, `"true"`, timestamps) or hold special characters,
 * literal blocks (`|`, `|-`) for multi-line text, and long lines folded at column 80.
 */

const BEST_WIDTH = 80;

/** go-yaml v2's keyList.Less: letters before digits, digit runs compared as numbers. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  const isLetter = (c: string) => /\p{L}/u.test(c);
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

export function sortYamlKeys(keys: string[]): string[] {
  return [...keys].sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0));
}

const RESERVED = new Set([
  '',
  '~',
  'null',
  'Null',
  'NULL',
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
  'on',
  'On',
  'ON',
  'off',
  'Off',
  'OFF',
  '.inf',
  '.Inf',
  '.INF',
  '+.inf',
  '+.Inf',
  '+.INF',
  '-.inf',
  '-.Inf',
  '-.INF',
  '.nan',
  '.NaN',
  '.NAN',
  '<<',
]);

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

function goParseInt(s: string): boolean {
  // strconv.ParseInt / ParseUint with base 0.
  return /^[-+]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]*|[1-9][0-9]*)$/.test(s);
}

function isTimestamp(s: string): boolean {
  return (
    /^\d{4}-\d\d?-\d\d?$/.test(s) ||
    /^\d{4}-\d\d?-\d\d?([Tt]|\s+)\d\d?:\d\d:\d\d(\.\d*)?(\s*(Z|[-+]\d\d?(:\d\d)?))?$/.test(s)
  );
}

/** True when go-yaml would read the plain text back as something other than a string. */
function resolvesToNonString(s: string): boolean {
  if (RESERVED.has(s)) return true;
  const c = s[0];
  if (c === '+' || c === '-' || c === '.' || (c >= '0' && c <= '9')) {
    if (isTimestamp(s)) return true;
    const plain = s.replace(/_/g, '');
    if (goParseInt(plain)) return true;
    if (YAML_FLOAT.test(plain)) return true;
    if (/^-?0b[01]+$/.test(plain)) return true;
  }
  // Base 60 floats such as 1:20 are quoted too.
  return /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s);
}

interface Analysis {
  multiline: boolean;
  plain: boolean;
  single: boolean;
  block: boolean;
}

function isPrintable(ch: number): boolean {
  return (
    ch === 0x0a ||
    (ch >= 0x20 && ch <= 0x7e) ||
    ch === 0x85 ||
    (ch >= 0xa0 && ch <= 0xd7ff) ||
    (ch >= 0xe000 && ch <= 0xfffd && ch !== 0xfeff) ||
    (ch >= 0x10000 && ch <= 0x10ffff)
  );
}

/** go-yaml's yaml_emitter_analyze_scalar, for block context. */
function analyze(s: string): Analysis {
  if (s === '') return { multiline: false, plain: false, single: true, block: false };
  const chars = [...s];
  let blockIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  if (s.startsWith('---') || s.startsWith('...')) blockIndicators = true;
  let precededByWs = true;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const next = chars[i + 1];
    const followedByWs = next === undefined || next === ' ' || next === '\t' || next === '\n';
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true;
      if ((c === '?' || c === ':') && followedByWs) blockIndicators = true;
      if (c === '-' && followedByWs) blockIndicators = true;
    } else {
      if (c === ':' && followedByWs) blockIndicators = true;
      if (c === '#' && precededByWs) blockIndicators = true;
    }
    const code = c.codePointAt(0) ?? 0;
    if (!isPrintable(code)) special = true;
    if (c === '\n') lineBreaks = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (c === '\n') {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevBreak = true;
      prevSpace = false;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = c === ' ' || c === '\t' || c === '\n';
  }
  let plain = !blockIndicators;
  let single = true;
  let block = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) plain = false;
  if (trailingSpace) block = false;
  if (breakSpace) {
    plain = false;
    single = false;
  }
  if (spaceBreak || special) {
    plain = false;
    single = false;
    block = false;
  }
  if (lineBreaks) plain = false;
  return { multiline: lineBreaks, plain, single, block };
}

function doubleQuoted(s: string, indent: number, column: number): string {
  let out = '"';
  let col = column + 1;
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const code = c.codePointAt(0) ?? 0;
    let piece: string;
    if (c === ' ') {
      // Fold long lines at a space, as go-yaml does (an escaped line break keeps the text).
      if (col > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
        out += '\\\n' + ' '.repeat(indent);
        col = indent;
        if (chars[i + 1] === ' ') {
          out += '\\';
          col++;
        }
      }
      piece = ' ';
    } else if (!isPrintable(code) || c === '"' || c === '\\' || code === 0xfeff) {
      const esc: Record<string, string> = {
        '\0': '0',
        '\x07': 'a',
        '\b': 'b',
        '\t': 't',
        '\n': 'n',
        '\x0b': 'v',
        '\f': 'f',
        '\r': 'r',
        '\x1b': 'e',
        '"': '"',
        '\\': '\\',
        '\x85': 'N',
        '\xa0': '_',
        '\u2028': 'L',
        '\u2029': 'P',
      };
      if (esc[c]) piece = '\\' + esc[c];
      else if (code <= 0xff) piece = '\\x' + code.toString(16).toUpperCase().padStart(2, '0');
      else if (code <= 0xffff) piece = '\\u' + code.toString(16).toUpperCase().padStart(4, '0');
      else piece = '\\U' + code.toString(16).toUpperCase().padStart(8, '0');
    } else piece = c;
    out += piece;
    col += [...piece].length;
  }
  return out + '"';
}

function foldSpaces(s: string, indent: number, column: number, quote: string): string {
  // Plain and single-quoted scalars break at a single space once past the width.
  const chars = [...s];
  let out = quote;
  let col = column + quote.length;
  let prevSpace = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === ' ') {
      if (
        !prevSpace &&
        col > BEST_WIDTH &&
        i !== 0 &&
        i !== chars.length - 1 &&
        chars[i + 1] !== ' '
      ) {
        out += '\n' + ' '.repeat(indent);
        col = indent;
      } else {
        out += c;
        col++;
      }
      prevSpace = true;
      continue;
    }
    prevSpace = false;
    const piece = quote === "'" && c === "'" ? "''" : c;
    out += piece;
    col += piece.length;
  }
  return out + quote;
}

function literal(s: string, indent: number): string {
  let chomp = '';
  if (!s.endsWith('\n')) chomp = '-';
  else if (s === '\n' || s.endsWith('\n\n')) chomp = '+';
  const indicator = s.startsWith(' ') || s.startsWith('\n') ? '2' : '';
  const body = s.endsWith('\n') ? s.slice(0, -1) : s;
  const lines = body.split('\n').map((l) => (l === '' ? '' : ' '.repeat(indent) + l));
  return `|${indicator}${chomp}\n` + lines.join('\n');
}

/**
 * A string scalar at `column`, continuation lines at `indent`; `key` scalars cannot be blocks.
 */
export function yamlString(s: string, indent: number, column: number, key = false): string {
  const a = analyze(s);
  // The encoder asks for a style (literal for multi-line text, plain when the text reads back
  // as a string, double quotes otherwise); the emitter falls back when the text forbids it.
  let style: 'plain' | 'single' | 'double' | 'literal' = a.multiline
    ? 'literal'
    : resolvesToNonString(s)
      ? 'double'
      : 'plain';
  if (style === 'plain' && !a.plain) style = 'single';
  if (style === 'single' && !a.single) style = 'double';
  if (style === 'literal' && (!a.block || key)) style = 'double';
  switch (style) {
    case 'literal':
      return literal(s, indent);
    case 'plain':
      return foldSpaces(s, indent, column, '');
    case 'single':
      return foldSpaces(s, indent, column, "'");
    default:
      return doubleQuoted(s, indent, column);
  }
}

/** Go's strconv.FormatFloat(f, 'g', -1, 64), as go-yaml prints floats. */
export function goFloat(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  if (Number.isInteger(f) && Math.abs(f) < 1e21) return String(f);
  const exp = Math.floor(Math.log10(Math.abs(f)));
  if (exp < -4 || exp >= 21) {
    const [m, e] = f.toExponential().split('e');
    const n = Number(e);
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return String(f);
}

function scalar(v: unknown, indent: number, column: number): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return goFloat(v);
  return yamlString(String(v), indent, column);
}

function isEmptyCollection(v: unknown): string | undefined {
  if (Array.isArray(v) && v.length === 0) return '[]';
  if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) return '{}';
  return undefined;
}

function emit(v: unknown, indent: number, out: string[]): void {
  if (Array.isArray(v)) {
    for (const item of v) {
      const empty = isEmptyCollection(item);
      if (empty) out.push(`${' '.repeat(indent)}- ${empty}`);
      else if (item && typeof item === 'object') {
        const lines: string[] = [];
        emit(item, indent + 2, lines);
        lines[0] = `${' '.repeat(indent)}- ${lines[0].slice(indent + 2)}`;
        out.push(...lines);
      } else out.push(`${' '.repeat(indent)}- ${scalar(item, indent + 2, indent + 2)}`);
    }
    return;
  }
  const obj = v as Record<string, unknown>;
  for (const k of sortYamlKeys(Object.keys(obj))) {
    const val = obj[k];
    const key = yamlString(k, indent, indent, true);
    const prefix = `${' '.repeat(indent)}${key}:`;
    const empty = isEmptyCollection(val);
    if (empty) out.push(`${prefix} ${empty}`);
    else if (Array.isArray(val)) {
      out.push(prefix);
      emit(val, indent, out);
    } else if (val && typeof val === 'object') {
      out.push(prefix);
      emit(val, indent + 2, out);
    } else out.push(`${prefix} ${scalar(val, indent + 2, prefix.length + 1)}`);
  }
}

/** The YAML document for a JSON value, ending with a newline. */
export function toYaml(v: unknown): string {
  const empty = isEmptyCollection(v);
  if (empty) return empty + '\n';
  if (v === null || typeof v !== 'object') return scalar(v, 0, 0) + '\n';
  const out: string[] = [];
  emit(v, 0, out);
  return out.join('\n') + '\n';
}

/**
 * GNU `diff -u` between two texts: Myers' shortest edit script, then hunks with three lines of
 * context, as `kubectl diff` shows through its default `diff -u -N`.
 */

type Op = { kind: ' ' | '-' | '+'; line: string };

/** Myers' O(ND) diff of two line arrays; deletions come before insertions in each change. */
function editScript(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const v = new Map<number, number>([[1, 0]]);
  const trace: Map<number, number>[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(new Map(v));
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && (v.get(k - 1) ?? 0) < (v.get(k + 1) ?? 0))
          ? (v.get(k + 1) ?? 0)
          : (v.get(k - 1) ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v.set(k, x);
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d];
    const k = x - y;
    const prevK =
      k === -d || (k !== d && (vd.get(k - 1) ?? 0) < (vd.get(k + 1) ?? 0)) ? k + 1 : k - 1;
    const prevX = vd.get(prevK) ?? 0;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[x - 1] });
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: '+', line: b[y - 1] });
      else ops.push({ kind: '-', line: a[x - 1] });
    }
    x = prevX;
    y = prevY;
  }
  ops.reverse();
  // Within each run of changes, GNU diff lists the deletions first.
  const out: Op[] = [];
  for (let i = 0; i < ops.length;) {
    if (ops[i].kind === ' ') {
      out.push(ops[i++]);
      continue;
    }
    const del: Op[] = [];
    const add: Op[] = [];
    while (i < ops.length && ops[i].kind !== ' ') (ops[i].kind === '-' ? del : add).push(ops[i++]);
    out.push(...del, ...add);
  }
  return out;
}

function lines(text: string): string[] {
  if (text === '') return [];
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}

/** The hunks of `diff -u` (without the --- and +++ header); '' when the texts are the same. */
export function unifiedHunks(a: string, b: string, context = 3): string {
  const ops = editScript(lines(a), lines(b));
  if (!ops.some((o) => o.kind !== ' ')) return '';
  let out = '';
  let i = 0;
  // Line numbers (1-based) in a and b before each op.
  const posA: number[] = [];
  const posB: number[] = [];
  let la = 1;
  let lb = 1;
  for (const o of ops) {
    posA.push(la);
    posB.push(lb);
    if (o.kind !== '+') la++;
    if (o.kind !== '-') lb++;
  }
  while (i < ops.length) {
    while (i < ops.length && ops[i].kind === ' ') i++;
    if (i >= ops.length) break;
    const start = Math.max(0, i - context);
    let end = i;
    // Extend while the next change is within 2*context lines of unchanged text.
    for (;;) {
      while (end < ops.length && ops[end].kind !== ' ') end++;
      let j = end;
      while (j < ops.length && ops[j].kind === ' ') j++;
      if (j < ops.length && j - end <= 2 * context) {
        end = j;
        continue;
      }
      end = Math.min(ops.length, end + context);
      break;
    }
    const hunk = ops.slice(start, end);
    const countA = hunk.filter((o) => o.kind !== '+').length;
    const countB = hunk.filter((o) => o.kind !== '-').length;
    const startA = countA === 0 ? posA[start] - 1 : posA[start];
    const startB = countB === 0 ? posB[start] - 1 : posB[start];
    out += `@@ -${countA === 1 ? startA : `${startA},${countA}`} +${countB === 1 ? startB : `${startB},${countB}`} @@\n`;
    for (const o of hunk) out += `${o.kind}${o.line}\n`;
    i = end;
  }
  return out;
}

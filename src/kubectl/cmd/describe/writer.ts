/**
 * describe's output machinery (k8s.io/kubectl/pkg/describe): a PrefixWriter that indents by
 * levels of two spaces, over Go's text/tabwriter as tabbedString sets it up (minwidth 0,
 * tabwidth 8, padding 2, padchar ' ', no flags). `flush()` ends a tab block, as DescribeEvents
 * does before the events table, so the events align on their own.
 */

/**
 * Go's tabwriter: tab-terminated cells are padded to the widest cell of their column block plus
 * the padding; a column block is a run of consecutive lines that have that column. The text
 * after a line's last tab is not aligned. An all-empty column still takes the padding, as
 * without DiscardEmptyColumns.
 */
export function goTabwrite(text: string, padding = 2, minWidth = 0): string {
  if (text === '') return '';
  const lines = text.split('\n');
  const trailing = lines[lines.length - 1] === '' ? lines.pop() : undefined;
  const cells = lines.map((l) => l.split('\t'));
  const widths: number[][] = cells.map((c) => new Array(Math.max(0, c.length - 1)).fill(0));
  const width = (s: string) => [...s].length;
  const maxCols = Math.max(0, ...cells.map((c) => c.length - 1));
  for (let col = 0; col < maxCols; col++) {
    let start = 0;
    while (start < cells.length) {
      if (cells[start].length - 1 <= col) {
        start++;
        continue;
      }
      let end = start;
      let w = minWidth;
      while (end < cells.length && cells[end].length - 1 > col) {
        w = Math.max(w, width(cells[end][col]) + padding);
        end++;
      }
      for (let i = start; i < end; i++) widths[i][col] = w;
      start = end;
    }
  }
  const out = cells.map((c, i) =>
    c
      .map((cell, j) =>
        j < c.length - 1 ? cell + ' '.repeat(Math.max(0, widths[i][j] - width(cell))) : cell,
      )
      .join(''),
  );
  return out.join('\n') + (trailing !== undefined ? '\n' : '');
}

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

/** Writes text at indentation levels; `text()` returns everything written, aligned. */
export class PrefixWriter {
  private done = '';
  private pending = '';

  /** Writes `s` after `level` times two spaces (no newline is added). */
  write(level: number, s: string): void {
    this.pending += '  '.repeat(level) + s;
  }

  /** fmt.Sprintln of one value: the value and a newline, with no indentation. */
  writeLine(s = ''): void {
    this.pending += s + '\n';
  }

  /** Ends the current tab block. */
  flush(): void {
    this.done += goTabwrite(this.pending);
    this.pending = '';
  }

  text(): string {
    this.flush();
    return this.done;
  }
}

/** A writer that adds `indent` levels to every write (NewNestedPrefixWriter). */
export class NestedPrefixWriter extends PrefixWriter {
  constructor(
    private readonly inner: PrefixWriter,
    private readonly indent: number,
  ) {
    super();
  }

  override write(level: number, s: string): void {
    this.inner.write(level + this.indent, s);
  }

  override writeLine(s = ''): void {
    this.inner.write(this.indent, s + '\n');
  }

  override flush(): void {
    this.inner.flush();
  }
}

/**
 * Go's text/tabwriter as kubectl configures it (minwidth 6, tabwidth 4, padding 3, padchar ' ',
 * no flags): tab-terminated cells are padded to the widest cell of their column block, the last
 * cell of a line is not. A column block is a run of consecutive lines that have that column.
 */
export function tabwrite(text: string, padding = 3, minWidth = 6): string {
  const lines = text.split('\n');
  const trailing = lines[lines.length - 1] === '' ? lines.pop() : undefined;
  const cells = lines.map((l) => l.split('\t'));
  const widths: number[][] = cells.map((c) => new Array(Math.max(0, c.length - 1)).fill(0));
  const width = (s: string) => [...s].length;
  // For each column, find blocks of consecutive lines having a terminated cell there.
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
      // Go's tabwriter: a column of empty cells in the whole block takes no width.
      const allEmpty = cells.slice(start, end).every((c) => c[col] === '');
      for (let i = start; i < end; i++) widths[i][col] = allEmpty ? 0 : w;
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

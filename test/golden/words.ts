/** Splits a command line as a POSIX shell would for the golden cases: quotes and backslashes. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let cur: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      cur = (cur ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (ch === '"') {
      let j = i + 1;
      let s = '';
      while (line[j] !== '"') {
        if (line[j] === '\\' && '"\\$`'.includes(line[j + 1])) j++;
        s += line[j++];
      }
      cur = (cur ?? '') + s;
      i = j;
    } else if (ch === ' ') {
      if (cur !== undefined) words.push(cur);
      cur = undefined;
    } else cur = (cur ?? '') + ch;
  }
  if (cur !== undefined) words.push(cur);
  return words;
}

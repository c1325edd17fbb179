/**
 * go-yaml's wording and line of a YAML syntax error, from the errors of the `yaml` package, as
 * kubectl prints them for `apply -f`, `create -f` and a failed `edit` save.
 */
import type { YAMLError } from 'yaml';

/** A line that ends one document of a stream (apimachinery's YAMLReader: `---`, then only
 *  blanks or a comment). */
const SEPARATOR = /^---[ \t]*(#.*)?$/;

/**
 * `yaml: line N: …` for the first of `errors` in `text`, or undefined when there is none.
 * go-yaml counts lines from the start of the document's chunk (kubectl reads a stream one
 * `---`-separated chunk at a time). A scanner error ("mapping values are not allowed") names
 * the 1-based line of the offending colon, which the `yaml` package reports one line early, at
 * the start of the value it belongs to; a parser error ("did not find expected key") names the
 * 0-based line of the offending token, so the line above it.
 */
export function goYamlError(text: string, errors: readonly YAMLError[]): string | undefined {
  const e = errors[0];
  if (!e) return undefined;
  const at = e.linePos?.[0]?.line ?? 1;
  const lines = text.split('\n');
  let start = 0;
  for (let i = 0; i < at - 1 && i < lines.length; i++) if (SEPARATOR.test(lines[i])) start = i + 1;
  const line = at - start;
  if (e.code === 'BAD_INDENT') return `yaml: line ${line - 1}: did not find expected key`;
  const colon = line + (e.code === 'BLOCK_AS_IMPLICIT_KEY' ? 1 : 0);
  return `yaml: line ${colon}: mapping values are not allowed in this context`;
}

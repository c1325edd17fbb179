/** Command output as text in a <pre> (never HTML), with stderr marked as an error. */
import type { ExecOutput } from './useExec';

export function OutputText({ output, label }: { output: ExecOutput; label: string }) {
  if (output.loading) return <p className="inspector-loading">Loading…</p>;
  return (
    <pre
      className="inspector-output"
      aria-label={label}
      data-testid="inspector-output"
      tabIndex={0}
    >
      {output.stdout}
      {output.stderr && <span className="inspector-stderr">{output.stderr}</span>}
    </pre>
  );
}

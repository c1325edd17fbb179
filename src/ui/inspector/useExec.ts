/**
 * Runs a command in the Worker's terminal-less shell (`exec`) and keeps its output, running it
 * again whenever `version` changes. An answer older than the one shown is dropped.
 */
import { useEffect, useRef, useState } from 'react';
import { useWorker } from '../bridge/WorkerContext';

export interface ExecOutput {
  stdout: string;
  stderr: string;
  /** Nothing has come back yet for this command. */
  loading: boolean;
}

export function useExec(command: string | null, version: unknown): ExecOutput {
  const client = useWorker();
  const [out, setOut] = useState<ExecOutput & { command: string | null }>({
    command: null,
    stdout: '',
    stderr: '',
    loading: true,
  });
  const seq = useRef(0);
  /** The newest run whose answer is shown: older answers arriving late are dropped. */
  const shown = useRef(0);
  const current = useRef(command);
  current.current = command;

  useEffect(() => {
    if (!command) return;
    const mine = ++seq.current;
    // A newer run's answer replaces an older one, but a run is never dropped just because
    // another started (following logs re-runs faster than answers may come).
    const show = (n: number, o: ExecOutput & { command: string }) => {
      if (n <= shown.current || o.command !== current.current) return;
      shown.current = n;
      setOut(o);
    };
    client.request('exec', { command }).then(
      (r) => show(mine, { command, stdout: r.stdout, stderr: r.stderr, loading: false }),
      (e: unknown) => show(mine, { command, stdout: '', stderr: String(e), loading: false }),
    );
  }, [client, command, version]);

  // Output of another command is not shown while this one's first answer is on its way.
  if (out.command !== command) return { stdout: '', stderr: '', loading: true };
  return out;
}

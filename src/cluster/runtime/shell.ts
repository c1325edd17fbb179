/**
 * The kubelet's door to the POSIX sh interpreter (src/cluster/runtime/sh): shell images run
 * their command through `spawnShell`, and `kubectl exec` / exec probes through `runShell`.
 */
export { run as runShell, spawn as spawnShell } from './sh';
export type { ShellHost, ShellProcess } from './sh';

/** What `runShell` reports when the command ends. */
export interface ShellResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

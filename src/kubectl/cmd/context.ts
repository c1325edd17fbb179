/** What every command is handed: parsed flags, the session's kubeconfig, output and the API. */
import type { Discovery } from '../discovery';
import type { Flags } from '../flags/parser';
import type { KubeConfig } from '../kubeconfig';
import type { Transport } from '../transport';

export interface CommandContext {
  flags: Flags;
  /** Positional arguments after the command path. */
  args: string[];
  transport: Transport;
  discovery: Discovery;
  kubeconfig: KubeConfig;
  /** The namespace in effect: `-n`, else the context's, else "default". */
  namespace: string;
  /** True when `-n`/`--namespace` was given. */
  explicitNamespace: boolean;
  out(text: string): void;
  err(text: string): void;
  signal?: AbortSignal;
}

/** What a shell process sees of its container: the contract the kubelet fills in. */
import type { VirtualClock } from '../../clock/VirtualClock';
import type { Random } from '../../clock/Random';
import type { ContainerFS, NetworkClient } from '../types';

export interface ShellHost {
  clock: VirtualClock;
  random: Random;
  /** DNS and HTTP as the cluster network provides them: for wget, curl, nslookup. */
  network: NetworkClient;
  /** The container's files, by absolute path. */
  fs: ContainerFS;
  hostname: string;
  podIP: string;
  /** The container's environment (PATH, HOSTNAME, KUBERNETES_SERVICE_HOST, …). */
  env: Record<string, string>;
  /** Output as written (may hold several lines or a partial line). */
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface ShellProcess {
  /** TERM: runs a `trap '...' TERM` handler if any, else exits 143; KILL: exits 137 at once; INT: 130. */
  signal(sig: 'TERM' | 'KILL' | 'INT'): void;
  readonly exited: boolean;
  /** Busy-ness for metrics: millicores the process is burning now (1000 while spinning without sleep, ~0 while sleeping). */
  cpuMillis(): number;
}

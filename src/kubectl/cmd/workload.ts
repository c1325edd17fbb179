/**
 * Dispatch of the commands that work with running pods and nodes: logs, exec, attach,
 * port-forward, cordon, uncordon, drain, taint, wait and top, and what they need from their
 * caller beyond the command context (WorkloadIO).
 */
import { cmdError } from '../errors';
import type { CommandContext } from './context';
import { runAttach, runExec } from './exec';
import { runLogs } from './logs';
import { runCordon, runDrain } from './nodes';
import { runPortForward } from './portforward';
import { runTaint } from './taint';
import { runTop } from './top';
import { runWait } from './wait';

export const WORKLOAD_COMMANDS = [
  'logs',
  'exec',
  'attach',
  'port-forward',
  'cordon',
  'uncordon',
  'drain',
  'taint',
  'wait',
  'top',
];

/** The pod a port-forward reaches, as `io.portForward` receives it. */
export interface PortForwardTarget {
  namespace: string;
  name: string;
  /** status.podIP when the pod has one. */
  podIP?: string;
}

/** One `LOCAL:REMOTE` pair of `kubectl port-forward`. */
export interface PortPair {
  local: number;
  remote: number;
}

/** What these commands need from their caller beyond the context. */
export interface WorkloadIO {
  /** Everything the user typed for the command's stdin (`exec -i`, `attach -i`, `run -i`). */
  stdin?: string;
  /** The client's clock in ms (`top`'s pod ages); Date.now by default. */
  now?: () => number;
  /**
   * Waits `ms` of the cluster's time: drain's retries and waits for deletion, `wait`'s polls and
   * timeouts, `run --attach` waiting for its pod. An in-process caller whose clock moves only on
   * command advances the virtual clock here; the default waits wall-clock time.
   */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Registers a port-forward (`kubectl port-forward`): from then on the caller (the shell's
   * `curl localhost:PORT`) sends connections to local ports to the pod's ports through the
   * cluster network. Returns the function that removes the forward; kubectl calls it when the
   * command ends (its AbortSignal fires). Without it, port-forward reports that it cannot listen.
   */
  portForward?: (pod: PortForwardTarget, ports: PortPair[]) => (() => void) | void;
}

/** The command path of `top` ("top pod", "top node") from the words after it. */
export function topPath(words: string[]): string {
  const sub = words[1];
  if (sub === 'pod' || sub === 'pods' || sub === 'po') return 'top pod';
  if (sub === 'node' || sub === 'nodes' || sub === 'no') return 'top node';
  return 'top';
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

export async function runWorkload(
  path: string,
  c: CommandContext,
  io: WorkloadIO,
): Promise<number> {
  const sleep = io.sleep ?? ((ms: number) => defaultSleep(ms, c.signal));
  switch (path.split(' ')[0]) {
    case 'logs':
      return runLogs(c);
    case 'exec':
      return runExec(c, io);
    case 'attach':
      return runAttach(c, io);
    case 'port-forward':
      return runPortForward(c, io);
    case 'cordon':
      return runCordon(c, true);
    case 'uncordon':
      return runCordon(c, false);
    case 'drain':
      return runDrain(c, sleep);
    case 'taint':
      return runTaint(c);
    case 'wait':
      return runWait(c, sleep);
    case 'top':
      return runTop(path, c, io.now);
  }
  throw cmdError(`"kubectl ${path}" is not available in this playground yet`);
}

/** `kubectl`: the playground's own kubectl, over the session's transport, files and kubeconfig. */
import { runKubectl } from '../../kubectl';
import { Discovery } from '../../kubectl/discovery';
import type { Cmd } from './types';

export const kubectl: Cmd = ({ argv, stdin, out, err, signal, env, session }) =>
  runKubectl(argv.slice(1), {
    transport: session.transport,
    stdout: out,
    stderr: err,
    stdin,
    signal,
    env,
    files: session.vfs.asRecord(),
    kubeconfig: session.kubeconfig,
    // The cluster's clock, not the machine's: ages (`top`'s "metrics not available yet").
    now: () => session.backend.now(),
    // While the cluster is down, a failed discovery must not stay cached for the session.
    discovery: session.stopped ? new Discovery(session.transport) : session.discovery,
    // The cluster's time, as `sleep` lets it pass: drain's retries, wait's polls, a running exec.
    sleep: async (ms) => {
      await session.sleep(ms, signal);
    },
    edit: session.backend.edit
      ? (text) => session.backend.edit!('kubectl-edit', text, signal)
      : undefined,
    // A forward makes localhost:LOCAL reach the pod, for curl and wget in this shell.
    portForward: (pod, ports) => {
      if (!pod.podIP) return;
      for (const p of ports) session.forwards.set(p.local, { ip: pod.podIP, port: p.remote });
      return () => {
        for (const p of ports) session.forwards.delete(p.local);
      };
    },
  });

/** `kubectl`: the playground's own kubectl, over the session's transport, files and kubeconfig. */
import { runKubectl } from '../../kubectl';
import { Discovery } from '../../kubectl/discovery';
import type { Vfs } from '../vfs';
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
    keepEdit: (text) => keepEdit(session.vfs, text),
    // A forward makes localhost:LOCAL reach the pod, for curl and wget in this shell.
    portForward: (pod, ports) => {
      if (!pod.podIP) return;
      for (const p of ports) session.forwards.set(p.local, { ip: pod.podIP, port: p.remote });
      return () => {
        for (const p of ports) session.forwards.delete(p.local);
      };
    },
  });

/**
 * Where `kubectl edit` keeps a file it could not save: /tmp/kubectl-edit-N.yaml as kubectl's
 * temporary files are named, N from the text (FNV-1a) so a session replays the same way.
 */
function keepEdit(vfs: Vfs, text: string): string | undefined {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  for (let n = h; ; n = (n + 1) >>> 0) {
    const path = `/tmp/kubectl-edit-${n}.yaml`;
    if (vfs.exists(path)) continue;
    try {
      vfs.writeFile(path, text);
      return path;
    } catch {
      return undefined;
    }
  }
}

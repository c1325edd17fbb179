/**
 * `kubectl port-forward` (k8s.io/kubectl/pkg/cmd/portforward), in-process: the forward is handed
 * to the caller's `io.portForward`, which routes connections to the local ports into the pod;
 * the command then runs until it is interrupted, as the real one does.
 */
import { KubectlError } from '../errors';
import type { CommandContext } from './context';
import type { Pod } from './pods';
import { podForArg } from './pods';
import type { PortPair, WorkloadIO } from './workload';

function usage(msg: string): KubectlError {
  return new KubectlError(`error: ${msg}\nSee 'kubectl port-forward -h' for help and examples`);
}

/** A remote port by number or by the name of a container port. */
function remotePort(pod: Pod, text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  for (const ctr of pod.spec.containers as { ports?: { name?: string; containerPort: number }[] }[])
    for (const p of ctr.ports ?? []) if (p.name === text) return p.containerPort;
  throw new KubectlError(`error: Pod '${pod.metadata.name}' does not have a named port '${text}'`);
}

export async function runPortForward(c: CommandContext, io: WorkloadIO): Promise<number> {
  if (c.args.length < 2) throw usage('TYPE/NAME and list of ports are required for port-forward');
  const pod = await podForArg(c, c.args[0], false);
  const phase = pod.status?.phase;
  if (phase !== 'Running')
    throw new KubectlError(
      `error: unable to forward port because pod is not running. Current status=${phase ?? 'Unknown'}`,
    );
  const ports: PortPair[] = [];
  for (const spec of c.args.slice(1)) {
    const [l, r] = spec.includes(':') ? spec.split(':') : [spec, spec];
    const remote = remotePort(pod, r);
    const local = l === '' ? remote : Number(l);
    if (!Number.isInteger(local) || local < 0 || local > 65535)
      throw new KubectlError(
        `error: Error parsing local port '${l}': strconv.ParseUint: parsing "${l}": invalid syntax`,
      );
    ports.push({ local, remote });
  }
  if (!io.portForward)
    throw new KubectlError(
      'error: unable to listen on any of the requested ports: [' +
        ports.map((p) => `{${p.local} ${p.remote}}`).join(' ') +
        ']',
    );
  const stop = io.portForward(
    { namespace: pod.metadata.namespace, name: pod.metadata.name, podIP: pod.status?.podIP },
    ports,
  );
  for (const p of ports) {
    c.out(`Forwarding from 127.0.0.1:${p.local} -> ${p.remote}\n`);
    c.out(`Forwarding from [::1]:${p.local} -> ${p.remote}\n`);
  }
  if (c.signal) {
    const signal = c.signal;
    await new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      signal.addEventListener('abort', () => resolve());
    });
    if (stop) stop();
  }
  return 0;
}

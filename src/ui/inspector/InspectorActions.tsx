/**
 * What the learner can do to the selected object. Everything kubectl can do runs in the
 * terminal (`terminal.run`), so the learner sees the command and its output; stopping a kubelet
 * has no kubectl or minikube command and goes to the Worker directly.
 */
import { useState } from 'react';
import type { ObjectEntry } from '../../worker/protocol';
import { useWorker } from '../bridge/WorkerContext';
import { useKubeletStore } from './kubeletStore';
import { SCALABLE } from './kubectlNames';
import type { KubectlTarget } from './kubectlNames';

export function InspectorActions({ entry, target }: { entry: ObjectEntry; target: KubectlTarget }) {
  const client = useWorker();
  const run = (command: string) => {
    void client.request('terminal.run', { command }).catch(() => undefined);
  };
  const [confirming, setConfirming] = useState(false);
  const spec = (entry.object.spec ?? {}) as { replicas?: number; unschedulable?: boolean };
  const [replicas, setReplicas] = useState(String(spec.replicas ?? 1));
  // Scaled elsewhere (the terminal, an HPA): show the object's new count.
  const [seenReplicas, setSeenReplicas] = useState(spec.replicas);
  if (seenReplicas !== spec.replicas) {
    setSeenReplicas(spec.replicas);
    setReplicas(String(spec.replicas ?? 1));
  }
  const [error, setError] = useState('');
  const stopped = useKubeletStore((s) => !!s.stopped[target.name]);
  const setRunning = useKubeletStore((s) => s.setRunning);
  const isNode = entry.resource === 'nodes';

  const kubelet = (stop: boolean) => {
    setError('');
    client
      .request(stop ? 'node.stopKubelet' : 'node.startKubelet', { node: target.name })
      .then((r) => setRunning(r.node, r.running))
      .catch((e: unknown) => setError(String(e)));
  };

  return (
    <div className="inspector-actions" role="group" aria-label="Actions">
      <button
        type="button"
        onClick={() => run(`kubectl edit ${target.ref}${target.nsFlag}`)}
        title={`kubectl edit ${target.ref}${target.nsFlag}`}
      >
        Edit
      </button>
      {SCALABLE.has(entry.resource) && (
        <form
          className="inspector-scale"
          onSubmit={(e) => {
            e.preventDefault();
            const n = Number(replicas);
            if (!Number.isInteger(n) || n < 0) {
              setError('replicas must be a whole number, 0 or more');
              return;
            }
            setError('');
            run(`kubectl scale ${target.ref} --replicas=${n}${target.nsFlag}`);
          }}
        >
          <label>
            replicas{' '}
            <input
              type="number"
              min={0}
              value={replicas}
              onChange={(e) => setReplicas(e.target.value)}
              aria-label="Replicas"
            />
          </label>
          <button type="submit">Scale</button>
        </form>
      )}
      {isNode && (
        <>
          {spec.unschedulable ? (
            <button type="button" onClick={() => run(`kubectl uncordon ${target.name}`)}>
              Uncordon
            </button>
          ) : (
            <button type="button" onClick={() => run(`kubectl cordon ${target.name}`)}>
              Cordon
            </button>
          )}
          <button
            type="button"
            onClick={() =>
              run(`kubectl drain ${target.name} --ignore-daemonsets --delete-emptydir-data`)
            }
          >
            Drain
          </button>
          <button
            type="button"
            onClick={() => kubelet(!stopped)}
            title={
              stopped
                ? 'Start the kubelet again: the node reports and turns Ready'
                : 'Stop the kubelet: no heartbeats; NotReady after 40 s, pods evicted after 300 s'
            }
          >
            {stopped ? 'Start kubelet' : 'Stop kubelet'}
          </button>
        </>
      )}
      {confirming ? (
        <span className="inspector-confirm" role="group" aria-label="Confirm delete">
          Delete {target.ref}?{' '}
          <button
            type="button"
            className="danger"
            onClick={() => {
              setConfirming(false);
              run(`kubectl delete ${target.kind} ${target.name}${target.nsFlag}`);
            }}
          >
            Yes, delete
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </span>
      ) : (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Delete
        </button>
      )}
      {error && (
        <p className="inspector-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

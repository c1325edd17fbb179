/**
 * A pod's logs, following: `kubectl logs --tail=500` runs again as the virtual clock moves (at
 * most every `FOLLOW_MS` of wall time) and when the pod changes. The view stays at the bottom
 * unless the learner has scrolled up.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { KubeObject } from '../../cluster/api/types';
import { useClockStore } from '../stores/clockStore';
import type { KubectlTarget } from './kubectlNames';
import { useExec } from './useExec';

const FOLLOW_MS = 300;

interface PodSpec {
  containers?: { name: string }[];
  initContainers?: { name: string }[];
}

/** A counter that moves as the clock does, at most once per `FOLLOW_MS`. */
function useClockTicks(): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = useClockStore.subscribe((s, prev) => {
      if (timer || s.clock?.nowMs === prev.clock?.nowMs) return;
      timer = setTimeout(
        () => {
          timer = undefined;
          last = performance.now();
          setTick((t) => t + 1);
        },
        Math.max(0, last + FOLLOW_MS - performance.now()),
      );
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, []);
  return tick;
}

export function LogsView({ target, pod }: { target: KubectlTarget; pod: KubeObject }) {
  const spec = (pod.spec ?? {}) as PodSpec;
  const containers = (spec.containers ?? []).map((c) => c.name);
  const inits = (spec.initContainers ?? []).map((c) => c.name);
  const [chosen, setChosen] = useState('');
  const container = [...containers, ...inits].includes(chosen) ? chosen : (containers[0] ?? '');
  const tick = useClockTicks();
  const command = `kubectl logs ${target.name}${target.nsFlag}${container ? ` -c ${container}` : ''} --tail=500`;
  const out = useExec(command, `${pod.metadata.resourceVersion} ${tick}`);

  const pre = useRef<HTMLPreElement>(null);
  const atBottom = useRef(true);
  useLayoutEffect(() => {
    const el = pre.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [out.stdout, out.stderr]);

  return (
    <div className="inspector-logs">
      {containers.length + inits.length > 1 && (
        <label className="inspector-container">
          container{' '}
          <select value={container} onChange={(e) => setChosen(e.target.value)}>
            {containers.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
            {inits.map((c) => (
              <option key={c} value={c}>
                {c} (init)
              </option>
            ))}
          </select>
        </label>
      )}
      <pre
        ref={pre}
        className="inspector-output"
        aria-label="Logs"
        data-testid="inspector-logs"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 8;
        }}
      >
        {out.stdout}
        {out.stderr && <span className="inspector-stderr">{out.stderr}</span>}
      </pre>
    </div>
  );
}

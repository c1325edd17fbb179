/**
 * The time bar: play or pause the virtual clock, choose its speed, step to the next event or
 * skip ahead, and read the virtual time.
 */
import { useState } from 'react';
import { SPEEDS } from '../../worker/protocol';
import type { ClockState, RequestMap, RequestMethod } from '../../worker/protocol';
import { useClockStore } from '../stores/clockStore';
import { useWorker } from '../bridge/WorkerContext';
import { clockTime, elapsed } from './formatClock';

export function TimeControls() {
  const client = useWorker();
  const clock = useClockStore((s) => s.clock);
  const setClock = useClockStore((s) => s.setClock);
  const [error, setError] = useState<string | null>(null);

  const send = <M extends RequestMethod>(method: M, params: RequestMap[M]['params']) => {
    client.request(method, params).then(
      (c) => {
        setError(null);
        setClock(c as ClockState);
      },
      (e: Error) => setError(e.message),
    );
  };

  const paused = clock?.paused ?? true;
  return (
    <div className="time-controls" role="toolbar" aria-label="Virtual clock">
      <button
        type="button"
        className="play"
        data-testid="play-pause"
        aria-label={paused ? 'Play' : 'Pause'}
        title={paused ? 'Let virtual time run' : 'Stop virtual time'}
        disabled={!clock}
        onClick={() => send('setPaused', { paused: !paused })}
      >
        {paused ? '▶' : '❚❚'}
      </button>
      <div className="speeds" role="group" aria-label="Speed">
        {SPEEDS.map((speed) => (
          <button
            key={speed}
            type="button"
            aria-pressed={clock?.speed === speed}
            title={`${speed} virtual second${speed === 1 ? '' : 's'} per second`}
            disabled={!clock}
            onClick={() => send('setSpeed', { speed })}
          >
            {speed}×
          </button>
        ))}
      </div>
      <button
        type="button"
        title="Run to the next scheduled event"
        disabled={!clock || clock.nextEventMs === null}
        onClick={() => send('step', {})}
      >
        Step
      </button>
      <button
        type="button"
        title="Run one virtual minute at once"
        disabled={!clock}
        onClick={() => send('advance', { ms: 60_000 })}
      >
        +1m
      </button>
      <div className="clock" aria-live="off">
        {clock ? (
          <>
            <time data-testid="clock" dateTime={new Date(clock.nowMs).toISOString()}>
              {clockTime(clock.nowMs)}
            </time>
            <span className="elapsed" data-testid="elapsed">
              {elapsed(clock.elapsedMs)}
            </span>
            <span className={paused ? 'state paused' : 'state running'}>
              {paused ? 'paused' : `${clock.speed}×`}
            </span>
          </>
        ) : (
          <span>starting the cluster…</span>
        )}
      </div>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

import { describe, expect, it } from 'vitest';
import { ClockDriver, MAX_TICK_WALL_MS, TICK_MS } from './ClockDriver';

/** A cluster that records how far it was advanced, and a wall clock moved by hand. */
function setup(speed: 1 | 2 | 60 = 1) {
  let virtual = 0;
  const advances: number[] = [];
  let wallNow = 0;
  let timer: (() => void) | undefined;
  const driver = new ClockDriver({
    cluster: {
      advance(ms) {
        advances.push(ms);
        virtual += ms;
      },
      clock: { now: () => virtual, nextAt: () => virtual + 5_000 },
    },
    wall: {
      now: () => wallNow,
      schedule(fn) {
        timer = fn;
        return () => (timer = undefined);
      },
    },
    startMs: 0,
    speed,
    onChange() {},
    onFault() {},
  });
  /** Moves wall time by `ms` and fires the pending tick, if any. */
  const tick = (ms: number) => {
    wallNow += ms;
    const fn = timer;
    timer = undefined;
    fn?.();
  };
  return { driver, advances, tick, virtual: () => virtual };
}

describe('ClockDriver', () => {
  it('advances the cluster by whole milliseconds, carrying the fractions of wall time', () => {
    const { advances, tick, virtual } = setup(1);
    for (let i = 0; i < 30; i++) tick(16.7);
    expect(advances.every(Number.isInteger)).toBe(true);
    // 501 ms of wall time, give or take the rounding of the sums of floating-point times.
    expect(virtual()).toBeGreaterThanOrEqual(500);
    expect(virtual()).toBeLessThanOrEqual(501);
  });

  it('runs at the chosen speed and not at all while paused', () => {
    const { driver, tick, virtual } = setup(60);
    tick(TICK_MS);
    expect(virtual()).toBe(60 * TICK_MS);
    driver.setPaused(true);
    tick(1_000);
    expect(virtual()).toBe(60 * TICK_MS);
    driver.setPaused(false);
    tick(TICK_MS);
    expect(virtual()).toBe(2 * 60 * TICK_MS);
  });

  it('falls behind rather than catching up after a long stall', () => {
    const { tick, virtual } = setup(1);
    tick(10_000);
    expect(virtual()).toBe(MAX_TICK_WALL_MS);
  });

  it('steps to the next event', () => {
    const { driver, virtual } = setup(1);
    driver.setPaused(true);
    driver.step();
    expect(virtual()).toBe(5_000);
  });
});

// @ts-check

/** Nanoseconds the virtual clock advances on every read (1 ms); also its reported resolution. */
export const VIRTUAL_CLOCK_STEP_NS = 1_000_000n;

/**
 * The sandbox's only clock. It starts at 0 (1970-01-01T00:00:00Z for the
 * realtime clock) and advances by {@link VIRTUAL_CLOCK_STEP_NS} after every
 * read, whichever clock id is read (realtime, monotonic, process or thread CPU
 * time all share it). A sleep (`poll_oneoff` on a clock) jumps it forward.
 * The app therefore sees time pass, but only as a function of its own calls.
 *
 * @example
 * import { createVirtualClock } from './virtualClock.js'
 * const clock = createVirtualClock()
 * clock.read() // 0n, then 1_000_000n, 2_000_000n, ...
 */
export function createVirtualClock() {
  let now = 0n;
  return {
    /** Returns the current time, then advances by one step. */
    read() {
      const time = now;
      now += VIRTUAL_CLOCK_STEP_NS;
      return time;
    },
    /** The time the next read will return. */
    peek() {
      return now;
    },
    /** @param {bigint} time moves the clock forward to `time` (never backwards). */
    advanceTo(time) {
      if (time > now) now = time;
    },
  };
}

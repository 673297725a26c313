// @ts-check
import { ERRNO } from './wasiErrno.js';
import { VIRTUAL_CLOCK_STEP_NS } from './virtualClock.js';

const CLOCK_IDS = 4; // realtime, monotonic, process_cputime_id, thread_cputime_id
const SUBSCRIPTION_BYTES = 48;
const EVENT_BYTES = 32;
const SUBSCRIPTION_CLOCK_ABSTIME = 1;

/**
 * @internal WASI clock imports backed by the virtual clock instead of the host:
 * `clock_time_get`, `clock_res_get` and `poll_oneoff`. `poll_oneoff` never
 * blocks: every subscription fires at once (files are always ready) and the
 * clock jumps to the latest clock deadline among them.
 *
 * @param {{ clock: ReturnType<typeof import('./virtualClock.js').createVirtualClock>, view: () => DataView }} options
 */
export function createVirtualTimeImports({ clock, view }) {
  return {
    /** @param {number} id @param {bigint} _precision @param {number} timePtr */
    clock_time_get(id, _precision, timePtr) {
      if (id >= CLOCK_IDS) return ERRNO.INVAL;
      view().setBigUint64(timePtr, clock.read(), true);
      return ERRNO.SUCCESS;
    },
    /** @param {number} id @param {number} resolutionPtr */
    clock_res_get(id, resolutionPtr) {
      if (id >= CLOCK_IDS) return ERRNO.INVAL;
      view().setBigUint64(resolutionPtr, VIRTUAL_CLOCK_STEP_NS, true);
      return ERRNO.SUCCESS;
    },
    /** @param {number} inPtr @param {number} outPtr @param {number} count @param {number} eventCountPtr */
    poll_oneoff(inPtr, outPtr, count, eventCountPtr) {
      if (count === 0) return ERRNO.INVAL;
      const memory = view();
      const start = clock.peek();
      let deadline = start;
      for (let i = 0; i < count; i++) {
        const sub = inPtr + i * SUBSCRIPTION_BYTES;
        const tag = memory.getUint8(sub + 8);
        if (tag > 2) return ERRNO.INVAL;
        if (tag === 0) {
          const timeout = memory.getBigUint64(sub + 24, true);
          const absolute = (memory.getUint16(sub + 40, true) & SUBSCRIPTION_CLOCK_ABSTIME) !== 0;
          const at = absolute ? timeout : start + timeout;
          if (at > deadline) deadline = at;
        }
        const event = outPtr + i * EVENT_BYTES;
        for (let b = 0; b < EVENT_BYTES; b += 8) memory.setBigUint64(event + b, 0n, true);
        memory.setBigUint64(event, memory.getBigUint64(sub, true), true); // userdata
        memory.setUint8(event + 10, tag);
      }
      clock.advanceTo(deadline);
      memory.setUint32(eventCountPtr, count, true);
      return ERRNO.SUCCESS;
    },
  };
}

import type { HostMemory } from './hostMemory.ts';
import { ERRNO } from './errno.ts';

/** Nanoseconds per read, as the sandbox's VIRTUAL_CLOCK_STEP_NS (1 ms). */
export const CLOCK_STEP_NS = 1_000_000n;
const CLOCK_IDS = 4;

/** The sandbox's virtual clock (virtualClock.js): starts at 0, advances one step per read, jumps on a sleep. */
export class VirtualClock {
  now = 0n;
  read(): bigint {
    const time = this.now;
    this.now += CLOCK_STEP_NS;
    return time;
  }
}

type Call = (mem: HostMemory, arg: (k: number) => number) => number;

/** clock_time_get, clock_res_get and poll_oneoff (the worker's sandbox runs these too, decision 025): nothing blocks, every subscription fires. */
export function virtualTimeCalls(clock: VirtualClock): Record<string, Call> {
  return {
    clock_time_get(mem, arg) {
      if (arg(0) >= CLOCK_IDS) return ERRNO.INVAL;
      mem.setU64(arg(2), clock.read());
      return ERRNO.SUCCESS;
    },
    clock_res_get(mem, arg) {
      if (arg(0) >= CLOCK_IDS) return ERRNO.INVAL;
      mem.setU64(arg(1), CLOCK_STEP_NS);
      return ERRNO.SUCCESS;
    },
    poll_oneoff(mem, arg) {
      const [inPtr, outPtr, count] = [arg(0), arg(1), arg(2)];
      if (count === 0) return ERRNO.INVAL;
      const start = clock.now;
      let deadline = start;
      mem.check(inPtr, count * 48);
      mem.check(outPtr, count * 32);
      const view = mem.m.view;
      for (let i = 0; i < count; i++) {
        const sub = inPtr + i * 48;
        const tag = view.getUint8(sub + 8);
        if (tag > 2) return ERRNO.INVAL;
        if (tag === 0) {
          const timeout = view.getBigUint64(sub + 24, true);
          const at = (view.getUint16(sub + 40, true) & 1) !== 0 ? timeout : start + timeout;
          if (at > deadline) deadline = at;
        }
        const event = outPtr + i * 32;
        for (let b = 0; b < 32; b += 8) mem.setU64(event + b, 0n);
        mem.setU64(event, view.getBigUint64(sub, true));
        mem.setU8(event + 10, tag);
      }
      if (deadline > clock.now) clock.now = deadline;
      mem.setU32(arg(3), count);
      return ERRNO.SUCCESS;
    },
  };
}

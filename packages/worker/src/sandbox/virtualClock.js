// @ts-check
/**
 * Nanoseconds the sandbox's virtual clock advances on every read (1 ms); also its reported
 * resolution. The clock is the provable machine's (`VirtualClock` of @proofgrid/machine, which the
 * sandbox runs since decision 025): it starts at 0 (1970-01-01T00:00:00Z for the realtime clock),
 * advances by this step after every read of any clock id, and a sleep (`poll_oneoff` on a clock)
 * jumps it forward. The app sees time pass, but only as a function of its own calls.
 */
export { CLOCK_STEP_NS as VIRTUAL_CLOCK_STEP_NS } from '@proofgrid/machine';

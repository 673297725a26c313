/**
 * The worker's provable-run parts other services reuse (`@proofgrid/worker/trace`): the scheduler defends its
 * replicated batches with them (decision 030 point 4) instead of a copy. A trace thread per run (`openTrace`, bounded
 * by `traceBoundsOf` of the task's limits), the defender's side of a game played from that thread (`defendGame`), and
 * a client whose transactions go through a caller's serial queue (`serialClient`).
 */
export { type TraceHandle, openTrace, traceBoundsOf } from './optimistic/traceHost.ts';
export { type DefenceResult, defendGame } from './optimistic/defendGame.ts';
export type { MachineRequest } from './optimistic/traceProtocol.ts';
export { type TxQueue, serialClient } from './txQueue.ts';

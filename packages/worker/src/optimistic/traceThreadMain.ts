import { parentPort, workerData } from 'node:worker_threads';
import { Trace, bindingArguments, decideMove, machineImageOf } from '@proofgrid/disputes';
import type { MachineRequest, TraceReady, TraceReply, TraceRequest } from './traceProtocol.ts';

/** STATUS_CODE.running of the machine's state fields. */
const RUNNING = 0;

/** The run this thread holds (one thread, one run), built on the first request: its roots are kept for the next. */
let trace: Trace | undefined;
const traceOf = () => {
  trace ??= new Trace(workerData as MachineRequest);
  return trace;
};

parentPort?.on('message', (message: TraceRequest) => {
  parentPort?.postMessage(handle(message));
});
parentPort?.postMessage({ ready: true } satisfies TraceReady);

function handle(message: TraceRequest): TraceReply {
  const { id } = message;
  try {
    const t = traceOf();
    if (message.type === 'move') return { id, ok: true, type: 'move', move: decideMove(message.segment, t) };
    if (message.type === 'image') return { id, ok: true, type: 'image', image: machineImageOf(t.request.module) };
    if (message.type === 'start') return { id, ok: true, type: 'start', reveal: bindingArguments(t, 'start') };
    // The step budget first: the state after `maxSteps` steps (or the halt, if it comes first) must not be running.
    const at = t.reveal(BigInt(message.maxSteps));
    if (at.state.status === RUNNING)
      return {
        id,
        ok: false,
        error: {
          code: 'AnswerStepBudget',
          message: `the app did not halt within ${message.maxSteps} steps of the provable machine`,
          details: { maxSteps: message.maxSteps },
        },
      };
    const claim = t.end();
    return { id, ok: true, type: 'end', claim, output: t.output() };
  } catch (err) {
    const e = err as { code?: unknown; message?: string; details?: unknown };
    return {
      id,
      ok: false,
      error: { code: typeof e.code === 'string' ? e.code : 'Internal', message: String(e.message ?? err), details: e.details },
    };
  }
}

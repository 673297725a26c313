import { Worker } from 'node:worker_threads';
import type { Move, RevealArgument, Segment, TraceOutput } from '@proofgrid/disputes';
import { ProofgridError } from '@proofgrid/sdk/errors';
import type { Claim, MachineRequest, TraceReady, TraceReply, TraceRequest } from './traceProtocol.ts';

const THREAD_URL = new URL('./traceThread.js', import.meta.url);

/**
 * Steps of the provable machine a lease allows per millisecond of its `limits.timeoutMs`: the interpreter's speed
 * without hashing (about 10^8 steps/s, packages/disputes' Trace), so an app that fits the sandbox's time limit fits
 * this budget too. A step count is the same on every machine: every honest worker refuses the same runs (decision 012).
 */
export const STEPS_PER_MS = 100_000;
/**
 * The wall-clock bound of one call into a trace thread, per millisecond of `limits.timeoutMs`: the reference
 * interpreter with hashing is about 10x slower than V8 (decision 022), with headroom for a loaded machine.
 */
export const WALL_FACTOR = 20;

/** The bounds of the provable run of a lease's task, from its limits. */
export function traceBoundsOf(limits: { timeoutMs: number }): { maxSteps: number; wallMs: number } {
  return { maxSteps: limits.timeoutMs * STEPS_PER_MS, wallMs: limits.timeoutMs * WALL_FACTOR };
}

export type TraceHandle = {
  /** Runs to the halt within the step budget: the claim and the output (`AnswerStepBudget`, `AnswerTimeout`). */
  end(): Promise<{ claim: Claim; output: TraceOutput }>;
  /** The defender's move against the opponent's last vector, computed in the thread (replays included). */
  move(segment: Segment): Promise<Move>;
  /** The start state's pre-images (`bindingArguments(trace, 'start')`), what `proveStart` reveals; no run needed. */
  start(): Promise<RevealArgument>;
  /** The module's machine image (`machineImageOf`, decision 027). */
  image(): Promise<`0x${string}`>;
  /** Ends the thread (and the run it holds). */
  close(): Promise<void>;
};

/**
 * A run of the provable machine in its own thread (traceThreadMain.ts): the main thread only posts requests and
 * awaits replies, so heartbeats and the chain go on while the interpreter runs or replays. Each call is bounded by
 * `wallMs`; past it the thread is terminated and the call fails with `AnswerTimeout` (the handle is then dead: a new
 * one replays from step 0). The thread is `unref`ed while idle.
 * @example
 * const run = openTrace(request, traceBoundsOf(lease.limits));
 * const { claim, output } = await run.end();
 */
export function openTrace(request: MachineRequest, bounds: { maxSteps: number; wallMs: number }): TraceHandle {
  const worker = new Worker(THREAD_URL, { execArgv: ['--disable-warning=ExperimentalWarning'], workerData: request });
  worker.unref();
  let nextId = 1;
  let dead: Error | undefined;
  const pending = new Map<number, { resolve(reply: TraceReply): void; reject(err: Error): void; timer: NodeJS.Timeout }>();
  const failAll = (err: Error) => {
    dead ??= err;
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      pending.delete(id);
      p.reject(err);
    }
    worker.unref();
  };
  worker.on('message', (reply: TraceReply | TraceReady) => {
    if ('ready' in reply) return;
    const p = pending.get(reply.id);
    if (!p) return;
    clearTimeout(p.timer);
    pending.delete(reply.id);
    if (pending.size === 0) worker.unref();
    p.resolve(reply);
  });
  worker.on('error', (err) => failAll(new ProofgridError(`the trace thread failed: ${err.message}`, { code: 'Internal', cause: err })));
  worker.on('exit', (code) => failAll(new ProofgridError(`the trace thread exited (code ${code})`, { code: 'Internal' })));

  function call(message: TraceRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never): Promise<TraceReply> {
    if (dead) return Promise.reject(dead);
    const id = nextId++;
    worker.ref();
    return new Promise<TraceReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        const err = new ProofgridError(`the provable run took longer than ${bounds.wallMs} ms: its thread was terminated`, {
          code: 'AnswerTimeout',
          details: { wallMs: bounds.wallMs },
        });
        failAll(err);
        void worker.terminate();
      }, bounds.wallMs);
      pending.set(id, { resolve, reject, timer });
      worker.postMessage({ ...message, id } as TraceRequest);
    }).then((reply) => {
      if (reply.ok) return reply;
      throw new ProofgridError(reply.error.message, { code: reply.error.code, details: reply.error.details as Record<string, unknown> });
    });
  }

  return {
    async end() {
      const r = await call({ type: 'end', maxSteps: bounds.maxSteps });
      if (r.ok && r.type === 'end') return { claim: r.claim, output: r.output };
      throw new Error('a trace thread answered another request');
    },
    async move(segment) {
      const r = await call({ type: 'move', segment });
      if (r.ok && r.type === 'move') return r.move;
      throw new Error('a trace thread answered another request');
    },
    async start() {
      const r = await call({ type: 'start' });
      if (r.ok && r.type === 'start') return r.reveal;
      throw new Error('a trace thread answered another request');
    },
    async image() {
      const r = await call({ type: 'image' });
      if (r.ok && r.type === 'image') return r.image;
      throw new Error('a trace thread answered another request');
    },
    async close() {
      dead ??= new ProofgridError('the trace was closed', { code: 'Internal' });
      await worker.terminate();
    },
  };
}

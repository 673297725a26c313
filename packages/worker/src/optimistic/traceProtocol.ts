import type { Move, RevealArgument, Segment, Trace, TraceOutput } from '@proofgrid/disputes';

/** What a run of the provable machine is made of (module, args, files, seed, env, limits). */
export type MachineRequest = ConstructorParameters<typeof Trace>[0];

/**
 * @internal The messages between the worker's main thread and a trace thread (traceHost.ts, traceThreadMain.ts).
 * A thread holds one run of the provable machine (`Trace` of @proofgrid/disputes); every replay of it happens there,
 * so the main thread (heartbeats, the lease loop, the chain) never waits on the interpreter. The run's request is the
 * thread's `workerData`.
 */
export type TraceRequest =
  /** Runs to the halt within `maxSteps` steps: the claim and the output. */
  | { id: number; type: 'end'; maxSteps: number }
  /** The defender's move against the opponent's last vector (`decideMove` over the trace). */
  | { id: number; type: 'move'; segment: Segment }
  /** The start state's pre-images (`bindingArguments(trace, 'start')`): what `proveStart` reveals (decision 027). */
  | { id: number; type: 'start' }
  /** The module's machine image (`machineImageOf`), checked against the one its owner registered. */
  | { id: number; type: 'image' };

export type Claim = { startRoot: `0x${string}`; steps: bigint; endRoot: `0x${string}` };

export type TraceReply =
  | { id: number; ok: true; type: 'end'; claim: Claim; output: TraceOutput }
  | { id: number; ok: true; type: 'move'; move: Move }
  | { id: number; ok: true; type: 'start'; reveal: RevealArgument }
  | { id: number; ok: true; type: 'image'; image: `0x${string}` }
  | { id: number; ok: false; error: { code: string; message: string; details?: unknown } };

export type TraceReady = { ready: true };

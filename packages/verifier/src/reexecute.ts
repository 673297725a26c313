// A task's honest run on the provable machine: its inputs as a worker gets them (taskInputsOf, every blob checked
// against its sha256), the claim (startRoot, steps, endRoot) and the Trace a game is played with.
import { Trace } from '@proofgrid/disputes';
import { type DealKey, getApp, ProofgridError, type ProvableClaim, type TaskInputs, taskInputsOf } from '@proofgrid/sdk';
import type { ProofgridClient } from '@proofgrid/sdk';
import type { Hex } from 'viem';

/** The verifier's own run of a task. */
export type HonestRun = {
  claim: ProvableClaim;
  /** The run's output commitment (decision 027); undefined for a run that trapped (it has no output). */
  outputDigest?: Hex;
  trace: Trace;
};

/** A task the verifier cannot re-execute (a confidential dataset, a module the machine refuses, a missing blob). */
export class UnverifiableTaskError extends ProofgridError {
  override name = 'UnverifiableTaskError';
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'VerifierTaskUnverifiable', cause });
  }
}

/** Fetches blobs by sha256 from a content store (`GET <url>/v1/blobs/<hash>`), or from the app's http(s) uri. */
export function blobFetcher(blobsUrl: string) {
  return async (hash: Hex, uri?: string): Promise<Uint8Array> => {
    const res = await fetch(`${blobsUrl}/v1/blobs/${hash.toLowerCase()}`);
    if (res.ok) return new Uint8Array(await res.arrayBuffer());
    if (uri && /^https?:\/\//.test(uri)) {
      const alt = await fetch(uri);
      if (alt.ok) return new Uint8Array(await alt.arrayBuffer());
    }
    throw new UnverifiableTaskError(`the content store ${blobsUrl} has no blob ${hash} (HTTP ${res.status})`);
  };
}

/** The most steps a re-execution runs before the task is called unverifiable (about 2 minutes at 10^8 steps/s). */
export const DEFAULT_MAX_STEPS = 10_000_000_000;

/**
 * The verifier's own run of a task from its inputs: the claim, the output commitment and the trace a game is played
 * with. A run that has not halted after `maxSteps` steps (an endless loop, a task too long for this verifier) is
 * `VerifierTaskUnverifiable`: the verifier does not hang on it.
 */
export function honestRunOf(inputs: TaskInputs, maxSteps = DEFAULT_MAX_STEPS): HonestRun {
  let trace: Trace;
  try {
    trace = new Trace({
      module: inputs.module,
      args: inputs.args,
      files: inputs.files,
      seed: inputs.seed,
      env: inputs.env,
      limits: { memoryMb: inputs.limits.memoryMb, maxOutputBytes: inputs.limits.maxOutputBytes },
    });
  } catch (err) {
    throw new UnverifiableTaskError(`task ${inputs.index} cannot be run on the provable machine: ${(err as Error).message}`, err);
  }
  let halted: boolean;
  try {
    halted = trace.oneStep(BigInt(maxSteps)).kind === 'halted';
  } catch {
    halted = false; // still running at maxSteps, on a step the prover cannot prove: not halted either way
  }
  if (!halted) throw new UnverifiableTaskError(`task ${inputs.index} runs past ${maxSteps} steps (--max-steps): not re-executed`);
  const { startRoot, steps, endRoot } = trace.end();
  let outputDigest: Hex | undefined;
  try {
    outputDigest = trace.output().commitment;
  } catch {
    outputDigest = undefined; // a run that did not exit has no output (a trap): the claim alone is compared
  }
  return { claim: { startRoot, steps, endRoot }, outputDigest, trace };
}

/** Keeps the last few honest runs in memory: a game asks the same task's trace for every move. */
export function createReexecutor(o: {
  client: ProofgridClient;
  fetchBlob: ReturnType<typeof blobFetcher>;
  keep?: number;
  maxSteps?: number;
}) {
  const runs = new Map<Hex, HonestRun>();
  const keep = o.keep ?? 8;

  async function run(taskId: Hex, key: DealKey, dealId: Hex, params: string, index: number): Promise<HonestRun> {
    const known = runs.get(taskId);
    if (known) return known;
    if (key.dataset !== 0n) throw new UnverifiableTaskError('the task reads a confidential dataset only the deal’s workers can open');
    const app = await getApp(o.client, { app: key.app });
    let inputs: TaskInputs;
    try {
      inputs = await taskInputsOf(
        {
          dealId,
          params,
          moduleHash: app.moduleHash as Hex,
          appMemoryMb: Number(app.maxMemoryMb),
          categoryMaxSeconds: Number(key.timeRef),
        },
        index,
        (hash) => o.fetchBlob(hash, hash.toLowerCase() === (app.moduleHash as string).toLowerCase() ? app.uri : undefined),
      );
    } catch (err) {
      if (err instanceof UnverifiableTaskError) throw err;
      throw new UnverifiableTaskError(`task ${index}'s inputs cannot be rebuilt: ${(err as Error).message}`, err);
    }
    const result = honestRunOf(inputs, o.maxSteps);
    if (runs.size >= keep) runs.delete(runs.keys().next().value as Hex);
    runs.set(taskId, result);
    return result;
  }
  return { run, forget: (taskId: Hex) => runs.delete(taskId) };
}
export type Reexecutor = ReturnType<typeof createReexecutor>;

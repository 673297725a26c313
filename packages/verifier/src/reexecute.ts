// A task's honest run on the provable machine: its inputs as a worker gets them (taskInputsOf, every blob checked
// against its sha256), the claim (startRoot, steps, endRoot) and the Trace a game is played with.
import { Trace } from '@proofgrid/disputes';
import { type DealKey, getApp, ProofgridError, type ProvableClaim, taskInputsOf } from '@proofgrid/sdk';
import type { ProofgridClient } from '@proofgrid/sdk';
import type { Hex } from 'viem';

/** The verifier's own run of a task. */
export type HonestRun = {
  claim: ProvableClaim;
  /** The run's output commitment, when the disputes package computes one (decision 027); else undefined. */
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

/** Keeps the last few honest runs in memory: a game asks the same task's trace for every move. */
export function createReexecutor(o: { client: ProofgridClient; fetchBlob: ReturnType<typeof blobFetcher>; keep?: number }) {
  const runs = new Map<Hex, HonestRun>();
  const keep = o.keep ?? 8;

  async function run(taskId: Hex, key: DealKey, dealId: Hex, params: string, index: number): Promise<HonestRun> {
    const known = runs.get(taskId);
    if (known) return known;
    if (key.dataset !== 0n) throw new UnverifiableTaskError('the task reads a confidential dataset only the deal’s workers can open');
    const app = await getApp(o.client, { app: key.app });
    let trace: Trace;
    try {
      const inputs = await taskInputsOf(
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
      trace = new Trace({
        module: inputs.module,
        args: inputs.args,
        files: inputs.files,
        seed: inputs.seed,
        env: inputs.env,
        limits: { memoryMb: inputs.limits.memoryMb, maxOutputBytes: inputs.limits.maxOutputBytes },
      });
    } catch (err) {
      if (err instanceof UnverifiableTaskError) throw err;
      throw new UnverifiableTaskError(`task ${index} cannot be re-executed: ${(err as Error).message}`, err);
    }
    const { startRoot, steps, endRoot } = trace.end();
    const output = (trace as unknown as { output?: () => { commitment: Hex } }).output;
    let outputDigest: Hex | undefined;
    try {
      outputDigest = typeof output === 'function' ? output.call(trace).commitment : undefined;
    } catch {
      outputDigest = undefined;
    }
    const result: HonestRun = { claim: { startRoot, steps, endRoot }, outputDigest, trace };
    if (runs.size >= keep) runs.delete(runs.keys().next().value as Hex);
    runs.set(taskId, result);
    return result;
  }
  return { run, forget: (taskId: Hex) => runs.delete(taskId) };
}
export type Reexecutor = ReturnType<typeof createReexecutor>;

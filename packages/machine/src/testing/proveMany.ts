// Test helper: proves many steps on chain at once (eth_calls in flight together), each from its pre-state root.
import type { Hex } from 'viem';
import { run } from '../exec/execute.ts';
import { toHex } from '../state/merkle.ts';
import { type Commitment, hashFields } from '../state/stateHash.ts';
import { proveStep, type StepProof } from '../state/stepProof.ts';
import type { deployProver } from './onchainProver.ts';

type Prover = Awaited<ReturnType<typeof deployProver>>;
/** A step to prove: its pre-state root, its proof, the interpreter's post-state root. */
export type ProvenStep = { root: Uint8Array; proof: StepProof; post: Hex };

/** The on-chain post-state root of each step, in order; `concurrency` eth_calls in flight. */
export async function proveMany(prover: Prover, steps: ProvenStep[], concurrency = 16): Promise<Hex[]> {
  const posts: Hex[] = new Array(steps.length);
  let next = 0;
  const worker = async () => {
    while (next < steps.length) {
      const i = next++;
      posts[i] = await prover.step(steps[i]!.root, steps[i]!.proof);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return posts;
}

/**
 * Runs a committed session to its end, `chunk` steps at a time: records each step's pre-state root, proof and
 * post-state root (a step's post-state root is the hash of the next proof's state fields: one commitment per step),
 * then hands the chunk to `check` (which proves it) before recording the next, so a long run is never held whole.
 * Returns the number of steps.
 */
export async function proveRun(
  commitment: Commitment,
  check: (steps: ProvenStep[], first: number) => Promise<void>,
  chunk = 2000,
  maxSteps = 10_000_000,
): Promise<number> {
  const m = commitment.session.machine;
  let done = 0;
  let proof = proveStep(commitment);
  let root = hashFields(proof.state);
  while (m.status === 'running') {
    const steps: ProvenStep[] = [];
    while (m.status === 'running' && steps.length < chunk) {
      if (done + steps.length >= maxSteps) throw new Error(`run longer than ${maxSteps} steps`);
      run(m, 1);
      const next = m.status === 'running' ? proveStep(commitment) : undefined;
      const post = next ? hashFields(next.state) : commitment.root();
      steps.push({ root, proof, post: toHex(post) });
      root = post;
      if (next) proof = next;
    }
    await check(steps, done);
    done += steps.length;
  }
  return done;
}

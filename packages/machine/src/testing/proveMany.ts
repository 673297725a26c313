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
 * Runs a committed session to its end, recording every step's pre-state root, proof and post-state root (a step's
 * post-state root is the hash of the next proof's state fields: one commitment per step).
 */
export function recordRun(commitment: Commitment, maxSteps = 1_000_000): ProvenStep[] {
  const m = commitment.session.machine;
  const steps: ProvenStep[] = [];
  while (m.status === 'running') {
    if (steps.length >= maxSteps) throw new Error(`run longer than ${maxSteps} steps`);
    const proof = proveStep(commitment);
    const root = hashFields(proof.state);
    if (steps.length > 0) steps[steps.length - 1]!.post = toHex(root);
    run(m, 1);
    steps.push({ root, proof, post: '0x' });
  }
  if (steps.length > 0) steps[steps.length - 1]!.post = toHex(commitment.root());
  return steps;
}

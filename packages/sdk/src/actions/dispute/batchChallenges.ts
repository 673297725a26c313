import type { Hex } from 'viem';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import { ProofgridError } from '../../errors/ProofgridError.ts';
import type { DealKey } from '../../types/ids.ts';
import { batchIdOf, dealIdOf } from '../../utils/ids.ts';
import { type ProvableClaim, provableDigestOf } from '../../utils/provableDigest.ts';
import { buildResultTree } from '../../utils/resultTree.ts';
import { getBatch } from '../batch/getBatch.ts';
import { sendHubTransaction } from '../sendHubTransaction.ts';

export type ChallengeBatchParameters = {
  key: DealKey;
  /** The batch: tasks [first, first + count). */
  first: number;
  count: number;
  /** The challenged task (first <= index < first + count). */
  index: number;
  /** The task's output digest and the run's claim, as the batch's workers committed to them. */
  outputDigest: Hex;
  claim: ProvableClaim;
} & (
  | {
      /** Every task's agreed digest in the batch, in task order (`provableDigestOf` of each): the proof is built from them. */
      digests: readonly Hex[];
      proof?: undefined;
    }
  | {
      /** The Merkle proof of task `index`'s digest under the batch's root, if already known. */ proof: readonly Hex[];
      digests?: undefined;
    }
);

/**
 * The Merkle proof that task `index`'s provable digest (decision 022 point 3) is in the batch's agreed root, from
 * the batch's per-task digests (`buildResultTree`). Throws `BatchResultProofInvalid` when the digests do not build
 * `root` (the agreed root, when given) or do not hold the claim's digest at `index`.
 */
export function batchChallengeProof(p: {
  first: number;
  index: number;
  outputDigest: Hex;
  claim: ProvableClaim;
  digests: readonly Hex[];
  root?: Hex;
}) {
  const digest = provableDigestOf(p.outputDigest, p.claim);
  const tree = buildResultTree(p.first, p.digests);
  const at = p.digests[p.index - p.first];
  if (at?.toLowerCase() !== digest.toLowerCase() || (p.root && tree.root.toLowerCase() !== p.root.toLowerCase())) {
    throw new ProofgridError(
      `the batch's digests do not place digest ${digest} at index ${p.index} under the batch root ${p.root ?? tree.root}`,
      { code: 'BatchResultProofInvalid', kind: 'user', details: { index: p.index, digest, root: p.root ?? tree.root, built: tree.root } },
    );
  }
  return { digest, root: tree.root, proof: tree.proof(p.index) };
}

/**
 * Challenges task `index` of the finalized replicated batch [first, first + count) inside its rollback window
 * (decision 026 point 5): locks the hub's dispute deposit and opens a game where the caller challenges and the deal's
 * scheduler defends. With `digests`, the proof is built with the SDK's result tree and checked against the batch's
 * agreed root before anything is sent.
 * @example
 * import { challengeBatch } from '@proofgrid/sdk';
 * await challengeBatch(verifier, { key, first: 0, count: 4, index: 2, outputDigest, claim, digests });
 */
export async function challengeBatch(client: ProofgridClient, p: ChallengeBatchParameters) {
  let proof = p.proof;
  if (!proof) {
    const { resultRoot } = await getBatch(client, { batchId: batchIdOf(dealIdOf(p.key), p.first, p.count) });
    ({ proof } = batchChallengeProof({ ...p, digests: p.digests!, root: resultRoot }));
  }
  return sendHubTransaction(client, {
    functionName: 'challengeBatch',
    args: [p.key, p.first, p.count, p.index, p.outputDigest, p.claim, [...proof]],
  });
}

/**
 * Reads the game of a batch challenge once it is over: a won challenge overturns the batch (the agreed group's
 * stakes to the challenger), a lost one pays the challenger's deposit to the pool owner. Anyone may call it.
 */
export async function resolveBatchChallenge(
  client: ProofgridClient,
  { key, first, count, challenge }: { key: DealKey; first: number; count: number; challenge: bigint },
) {
  return sendHubTransaction(client, { functionName: 'resolveBatchChallenge', args: [key, first, count, challenge] });
}

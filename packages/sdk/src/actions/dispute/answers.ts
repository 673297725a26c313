import type { Hex } from 'viem';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import type { DealKey } from '../../types/ids.ts';
import type { ProvableClaim } from '../../utils/provableDigest.ts';
import { sendHubTransaction } from '../sendHubTransaction.ts';

export type AnswerTaskParameters = { key: DealKey; index: number; outputDigest: Hex; claim: ProvableClaim; authorization: Hex };

/**
 * Optimistic deals (decision 026): answers task `index` with the output's digest and the run's claim,
 * locking the hub's dispute deposit. `authorization` is the scheduler's, over batch [index, index + 1).
 * @example
 * import { answerTask } from '@proofgrid/sdk';
 * await answerTask(worker, { key, index: 0, outputDigest, claim, authorization });
 */
export async function answerTask(client: ProofgridClient, { key, index, outputDigest, claim, authorization }: AnswerTaskParameters) {
  return sendHubTransaction(client, { functionName: 'answer', args: [key, index, outputDigest, claim, authorization] });
}

export type ChallengeTaskParameters = { key: DealKey; index: number; outputDigest: Hex; claim: ProvableClaim };

/**
 * Challenges an optimistic answer inside its window, repeating its output digest and claim (from its
 * `TaskAnswered` event); locks the answer's deposit and opens a dispute game where the caller challenges.
 */
export async function challengeTask(client: ProofgridClient, { key, index, outputDigest, claim }: ChallengeTaskParameters) {
  return sendHubTransaction(client, { functionName: 'challenge', args: [key, index, outputDigest, claim] });
}

/** Reads a challenge's finished game and moves the loser's deposit to the winner (anyone may call). */
export async function resolveChallenge(
  client: ProofgridClient,
  { key, index, challenge }: { key: DealKey; index: number; challenge: bigint },
) {
  return sendHubTransaction(client, { functionName: 'resolveChallenge', args: [key, index, challenge] });
}

/** Pays a soft- or firm-resolved answer, or refunds the requester of an overturned one (anyone may call). */
export async function finalizeAnswer(client: ProofgridClient, { key, index }: { key: DealKey; index: number }) {
  return sendHubTransaction(client, { functionName: 'finalizeAnswer', args: [key, index] });
}

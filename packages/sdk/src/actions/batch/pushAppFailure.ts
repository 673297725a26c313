import type { Hex } from 'viem';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import type { DealKey } from '../../types/ids.ts';
import { sendHubTransaction } from '../sendHubTransaction.ts';
import type { Usage } from './reveal.ts';

export type PushAppFailureParameters = {
  key: DealKey;
  first: number;
  count: number;
  exitCode: number;
  outputDigest: Hex;
  usage: Usage;
  authorization: Hex;
};

/**
 * Trust <= 1: pushes the app's deterministic failure as the batch's result (root
 * failureDigest({ exitCode, outputDigest })) and finalizes it in one transaction, marked failed by
 * the app and paid as a pushed result.
 * @example
 * import { pushAppFailure } from '@proofgrid/sdk';
 * await pushAppFailure(worker, { key, first: 0, count: 1, exitCode: 134, outputDigest, usage, authorization });
 */
export async function pushAppFailure(
  client: ProofgridClient,
  { key, first, count, exitCode, outputDigest, usage, authorization }: PushAppFailureParameters,
) {
  return sendHubTransaction(client, {
    functionName: 'pushAppFailure',
    args: [key, first, count, exitCode, outputDigest, usage, authorization],
  });
}

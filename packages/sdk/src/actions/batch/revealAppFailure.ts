import type { Hex } from 'viem';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import type { DealKey } from '../../types/ids.ts';
import { sendHubTransaction } from '../sendHubTransaction.ts';
import type { Usage } from './reveal.ts';

export type RevealAppFailureParameters = {
  key: DealKey;
  first: number;
  count: number;
  exitCode: number;
  outputDigest: Hex;
  salt: Hex;
  usage: Usage;
};

/**
 * Reveals a committed failure of the app: the worker contributed failureDigest({ exitCode, outputDigest })
 * as its root (resultHashOf / resultSealOf over it, same salt). Marks the batch failed by the app;
 * it then finalizes and settles as any result (paid as a success, the pool's stake released).
 * @example
 * import { revealAppFailure } from '@proofgrid/sdk';
 * await revealAppFailure(worker, { key, first, count, exitCode: 134, outputDigest, salt, usage });
 */
export async function revealAppFailure(
  client: ProofgridClient,
  { key, first, count, exitCode, outputDigest, salt, usage }: RevealAppFailureParameters,
) {
  return sendHubTransaction(client, { functionName: 'revealAppFailure', args: [key, first, count, exitCode, outputDigest, salt, usage] });
}

import type { Hex } from 'viem';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import type { DealKey } from '../../types/ids.ts';
import { sendHubTransaction } from '../sendHubTransaction.ts';

export type DeliverCallbackParameters = { key: DealKey; first: number; count: number; index: number; digest: Hex; proof: Hex[] };

/**
 * Delivers one task's result digest of a finalized multi-task batch to the deal's callback
 * contract, proven against the batch root (P7); a single-task batch is delivered at finalize.
 * @example
 * import { deliverCallback } from '@proofgrid/sdk';
 * await deliverCallback(client, { key, first: 0, count: 4, index: 2, digest, proof: tree.proof(2) });
 */
export async function deliverCallback(client: ProofgridClient, { key, first, count, index, digest, proof }: DeliverCallbackParameters) {
  return sendHubTransaction(client, { functionName: 'deliverCallback', args: [key, first, count, index, digest, proof] as never });
}

import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import type { DealKey } from '../../types/ids.ts';
import { sendHubTransaction } from '../sendHubTransaction.ts';

export type ClaimParameters = { key: DealKey; first: number; count: number };

/**
 * After the deal's deadline: refunds the requester for every unsettled task of the range and
 * seizes the pool's stake for them (P5).
 * @example
 * import { claim } from '@proofgrid/sdk';
 * await claim(client, { key, first: 0, count: key.volume });
 */
export async function claim(client: ProofgridClient, { key, first, count }: ClaimParameters) {
  return sendHubTransaction(client, { functionName: 'claim', args: [key, first, count] });
}

import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import type { DealKey } from '../../types/ids.ts';
import { sendHubTransaction } from '../sendHubTransaction.ts';

export type FinalizeParameters = { key: DealKey; first: number; count: number };

/**
 * Finalizes a batch whose chosen contributors revealed (anyone may call it); settles it at once
 * when the hub's rollback window is 0.
 * @example
 * import { finalize } from '@proofgrid/sdk';
 * await finalize(client, { key, first: 0, count: 10 });
 */
export async function finalize(client: ProofgridClient, { key, first, count }: FinalizeParameters) {
  return sendHubTransaction(client, { functionName: 'finalize', args: [key, first, count] });
}

import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import type { DealKey } from '../../types/ids.ts';
import { sendHubTransaction } from '../sendHubTransaction.ts';

export type ReopenParameters = { key: DealKey; first: number; count: number };

/**
 * Reopens a batch whose reveal deadline passed with nobody revealing: the silent contributors are
 * rejected and contributions reopen. Refused once any root is revealed (`BatchRevealedCannotReopen`).
 * @example
 * import { reopen } from '@proofgrid/sdk';
 * await reopen(client, { key, first: 0, count: 1 });
 */
export async function reopen(client: ProofgridClient, { key, first, count }: ReopenParameters) {
  return sendHubTransaction(client, { functionName: 'reopen', args: [key, first, count] });
}

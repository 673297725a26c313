import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import type { DealKey } from '../../types/ids.ts';
import { sendHubTransaction } from '../sendHubTransaction.ts';

export type SettleParameters = { key: DealKey; batches: { first: number; count: number }[] };

/**
 * Settles finalized batches whose rollback window has passed, many in one transaction (P6):
 * credits the app, dataset and pool owners and the workers. Anyone may call it.
 * @example
 * import { settle } from '@proofgrid/sdk';
 * await settle(client, { key, batches: [{ first: 0, count: 250 }, { first: 250, count: 250 }] });
 */
export async function settle(client: ProofgridClient, { key, batches }: SettleParameters) {
  return sendHubTransaction(client, { functionName: 'settle', args: [key, batches.map((b) => b.first), batches.map((b) => b.count)] });
}

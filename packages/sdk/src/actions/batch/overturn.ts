import type { Hex } from 'viem';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import type { DealKey } from '../../types/ids.ts';
import { sendHubTransaction } from '../sendHubTransaction.ts';

export type OverturnParameters = { key: DealKey; first: number; count: number; evidence: Hex };

/**
 * The spot-checker's hook (P6): overturns a finalized batch inside its rollback window; the
 * requester is refunded and the contributors' stakes are seized. Only the hub's checker may call it.
 * @example
 * import { overturn } from '@proofgrid/sdk';
 * await overturn(checker, { key, first: 0, count: 10, evidence: keccak256(toHex('recomputed result differs')) });
 */
export async function overturn(client: ProofgridClient, { key, first, count, evidence }: OverturnParameters) {
  return sendHubTransaction(client, { functionName: 'overturn', args: [key, first, count, evidence] });
}

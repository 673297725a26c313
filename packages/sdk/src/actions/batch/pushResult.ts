import type { Hex } from 'viem';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import type { DealKey } from '../../types/ids.ts';
import { sendHubTransaction } from '../sendHubTransaction.ts';
import type { Usage } from './reveal.ts';

export type PushResultParameters = { key: DealKey; first: number; count: number; root: Hex; usage: Usage; authorization: Hex };

/**
 * Trust <= 1: pushes a batch's result root and finalizes it in one transaction.
 * @example
 * import { pushResult } from '@proofgrid/sdk';
 * await pushResult(worker, { key, first: 0, count: 250, root, usage, authorization });
 */
export async function pushResult(client: ProofgridClient, { key, first, count, root, usage, authorization }: PushResultParameters) {
  return sendHubTransaction(client, { functionName: 'pushResult', args: [key, first, count, root, usage, authorization] });
}

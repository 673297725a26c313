import type { Hex } from 'viem';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import type { DealKey } from '../../types/ids.ts';
import { sendHubTransaction } from '../sendHubTransaction.ts';

export type Usage = { maxRunTimeMs: number; memoryPeakKb: number };
export type RevealParameters = { key: DealKey; first: number; count: number; root: Hex; salt: Hex; usage: Usage };

/**
 * Reveals a committed batch root with its salt and the usage report (M6).
 * @example
 * import { reveal } from '@proofgrid/sdk';
 * await reveal(worker, { key, first, count, root, salt, usage: { maxRunTimeMs: 12, memoryPeakKb: 2048 } });
 */
export async function reveal(client: ProofgridClient, { key, first, count, root, salt, usage }: RevealParameters) {
  return sendHubTransaction(client, { functionName: 'reveal', args: [key, first, count, root, salt, usage] });
}

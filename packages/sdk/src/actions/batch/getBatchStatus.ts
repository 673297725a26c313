import { hubAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import type { DealKey } from '../../types/ids.ts';

/** The names of Solidity's `BatchStatus`, by value (stored statuses, then the derived ones). */
export const BATCH_STATUS = [
  'None',
  'Active',
  'Revealing',
  'Finalized',
  'Settled',
  'Overturned',
  'Claimed',
  'Claimable',
  'Settleable',
] as const;
export type BatchStatusName = (typeof BATCH_STATUS)[number];

export type GetBatchStatusParameters = { key: DealKey; first: number; count: number };

/**
 * A batch's status as the hub derives it now (`Claimable` past the deal deadline, `Settleable`
 * once the rollback window has passed).
 * @example
 * import { getBatchStatus } from '@proofgrid/sdk';
 * if ((await getBatchStatus(client, { key, first: 0, count: 4 })) === 'Revealing') …
 */
export async function getBatchStatus(client: ProofgridClient, { key, first, count }: GetBatchStatusParameters): Promise<BatchStatusName> {
  const s = await client.public.readContract({
    address: client.deployment.hub,
    abi: hubAbi,
    functionName: 'batchStatus',
    args: [key as never, first, count],
  });
  return BATCH_STATUS[Number(s)] ?? 'None';
}

import type { ContractFunctionReturnType } from 'viem';
import { hubAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import type { BatchId } from '../../types/ids.ts';
import { BATCH_STATUS, type BatchStatusName } from './getBatchStatus.ts';

/** A batch as the hub stores it, with its stored status by name (see getBatchStatus for the derived ones). */
export type Batch = Omit<ContractFunctionReturnType<typeof hubAbi, 'view', 'batchOf'>, 'status'> & { status: BatchStatusName };

/**
 * A batch as stored: status, contributors, reveals, reveal deadline, finalization time, consensus and result root.
 * @example
 * import { getBatch } from '@proofgrid/sdk';
 * const { status, finalizedAt } = await getBatch(client, { batchId });
 */
export async function getBatch(client: ProofgridClient, { batchId }: { batchId: BatchId }): Promise<Batch> {
  const view = await client.public.readContract({ address: client.deployment.hub, abi: hubAbi, functionName: 'batchOf', args: [batchId] });
  return { ...view, status: BATCH_STATUS[view.status] ?? 'None' };
}

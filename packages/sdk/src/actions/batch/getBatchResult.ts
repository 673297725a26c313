import { type Hex, zeroHash } from 'viem';
import { hubAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import type { BatchId } from '../../types/ids.ts';
import { BATCH_STATUS, type BatchStatusName } from './getBatchStatus.ts';


/**
 * The result root agreed for a batch, or undefined when it is not finalized. A trust-1 batch
 * settled at once keeps no storage: its root is read from its `BatchFinalized` event.
 * @example
 * import { getBatchResult } from '@proofgrid/sdk';
 * const { root, status } = await getBatchResult(client, batchId);
 */
export async function getBatchResult(client: ProofgridClient, batchId: BatchId): Promise<{ root: Hex | undefined; status: BatchStatusName }> {
  const view = (await client.public.readContract({ address: client.deployment.hub, abi: hubAbi, functionName: 'batchOf', args: [batchId] })) as { status: number; resultRoot: Hex };
  const status = BATCH_STATUS[view.status] ?? 'None';
  if (view.resultRoot !== zeroHash && (status === 'Finalized' || status === 'Settled')) return { root: view.resultRoot, status };
  const logs = await client.public.getContractEvents({
    address: client.deployment.hub,
    abi: hubAbi,
    eventName: 'BatchFinalized',
    args: { batchId } as never,
    fromBlock: client.deployment.startBlock ?? 0n,
  });
  const last = logs.at(-1) as { args: { resultRoot: Hex } } | undefined;
  return { root: last?.args.resultRoot, status: last && status === 'None' ? 'Settled' : status };
}

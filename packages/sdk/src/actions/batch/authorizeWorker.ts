import type { Account, Address, Hex } from 'viem';
import type { DealKey } from '../../types/ids.ts';
import { authorizationMessageOf, batchIdOf, dealIdOf } from '../../utils/ids.ts';

export type AuthorizeWorkerParameters = { key: DealKey; first: number; count: number; worker: Address };

/**
 * The scheduler's EIP-191 signature letting `worker` contribute to a batch.
 * @example
 * import { authorizeWorker } from '@proofgrid/sdk';
 * const authorization = await authorizeWorker(schedulerAccount, { key, first, count, worker });
 */
export async function authorizeWorker(scheduler: Account, { key, first, count, worker }: AuthorizeWorkerParameters): Promise<Hex> {
  if (!scheduler.signMessage) throw new Error('authorizeWorker: the scheduler account cannot sign messages');
  const message = authorizationMessageOf(batchIdOf(dealIdOf(key), first, count), worker);
  return scheduler.signMessage({ message: { raw: message } });
}

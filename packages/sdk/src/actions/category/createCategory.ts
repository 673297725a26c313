import { parseEventLogs } from 'viem';
import { hubAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import { sendHubTransaction } from '../sendHubTransaction.ts';

export type CreateCategoryParameters = { name: string; maxRunTime: bigint };
export type CreateCategoryReturnType = { category: bigint };

/**
 * Creates a category (hub owner only): a class of work with a max run time per task.
 * @example
 * import { createCategory } from '@proofgrid/sdk';
 * const { category } = await createCategory(admin, { name: 'S', maxRunTime: 60n });
 */
export async function createCategory(
  client: ProofgridClient,
  { name, maxRunTime }: CreateCategoryParameters,
): Promise<CreateCategoryReturnType> {
  const receipt = await sendHubTransaction(client, { functionName: 'createCategory', args: [name, maxRunTime] });
  const [event] = parseEventLogs({ abi: hubAbi, logs: receipt.logs, eventName: 'CategoryCreated' });
  return { category: (event as { args: { category: bigint } }).args.category };
}

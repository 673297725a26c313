import { type Address, parseEventLogs } from 'viem';
import { workerpoolRegistryAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import { requireAccount, sendTransaction } from '../sendHubTransaction.ts';

export type Resources = { cpus: number; memoryMb: number; diskGb: number; gpus: number; tee: boolean; region: string };
export type CreateWorkerpoolParameters = {
  description: string;
  scheduler: Address;
  workerStakeRatio?: number;
  schedulerRewardRatio?: number;
  resources: Resources;
  owner?: Address;
};
export type CreateWorkerpoolReturnType = { workerpool: bigint };

/**
 * Registers a workerpool with its declared resources (public on chain) and scheduler key.
 * @example
 * import { createWorkerpool } from '@proofgrid/sdk';
 * const { workerpool } = await createWorkerpool(client, { description: 'pool', scheduler, resources });
 */
export async function createWorkerpool(
  client: ProofgridClient,
  { description, scheduler, workerStakeRatio = 30, schedulerRewardRatio = 10, resources, owner }: CreateWorkerpoolParameters,
): Promise<CreateWorkerpoolReturnType> {
  const { account } = requireAccount(client);
  const receipt = await sendTransaction(client, {
    address: client.deployment.workerpools,
    abi: workerpoolRegistryAbi,
    functionName: 'createWorkerpool',
    args: [owner ?? account.address, { description, scheduler, workerStakeRatio, schedulerRewardRatio, resources }],
  });
  const [event] = parseEventLogs({ abi: workerpoolRegistryAbi, logs: receipt.logs, eventName: 'WorkerpoolCreated' });
  return { workerpool: (event as { args: { id: bigint } }).args.id };
}

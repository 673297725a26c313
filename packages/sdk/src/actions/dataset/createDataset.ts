import { type Address, type Hex, parseEventLogs, zeroHash } from 'viem';
import { datasetRegistryAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import { requireAccount, sendTransaction } from '../sendHubTransaction.ts';

export type CreateDatasetParameters = { name: string; uri: string; contentHash: Hex; tag?: Hex; owner?: Address };
export type CreateDatasetReturnType = { dataset: bigint };

/**
 * Registers a dataset (its ciphertext's hash) and returns its id.
 * @example
 * import { createDataset } from '@proofgrid/sdk';
 * const { dataset } = await createDataset(client, { name: 'returns', uri, contentHash });
 */
export async function createDataset(
  client: ProofgridClient,
  { name, uri, contentHash, tag = zeroHash, owner }: CreateDatasetParameters,
): Promise<CreateDatasetReturnType> {
  const { account } = requireAccount(client);
  const receipt = await sendTransaction(client, {
    address: client.deployment.datasets,
    abi: datasetRegistryAbi,
    functionName: 'createDataset',
    args: [owner ?? account.address, { name, uri, contentHash, tag }],
  });
  const [event] = parseEventLogs({ abi: datasetRegistryAbi, logs: receipt.logs, eventName: 'DatasetCreated' });
  return { dataset: (event as { args: { id: bigint } }).args.id };
}

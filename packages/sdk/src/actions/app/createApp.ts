import { type Address, type Hex, parseEventLogs, zeroHash } from 'viem';
import { appRegistryAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import { requireAccount, sendTransaction } from '../sendHubTransaction.ts';

export type CreateAppParameters = {
  name: string;
  uri: string;
  /** sha256 of the .wasm module, 0x-prefixed. */
  moduleHash: Hex;
  tag?: Hex;
  maxMemoryMb?: number;
  category?: number;
  owner?: Address;
};
export type CreateAppReturnType = { app: bigint };

/**
 * Registers an app (an ERC-721 asset) and returns its id.
 * @example
 * import { createApp } from '@proofgrid/sdk';
 * const { app } = await createApp(client, { name: 'montecarlo', uri, moduleHash });
 */
export async function createApp(
  client: ProofgridClient,
  { name, uri, moduleHash, tag = zeroHash, maxMemoryMb = 64, category = 0, owner }: CreateAppParameters,
): Promise<CreateAppReturnType> {
  const { account } = requireAccount(client);
  const receipt = await sendTransaction(client, {
    address: client.deployment.apps,
    abi: appRegistryAbi,
    functionName: 'createApp',
    args: [owner ?? account.address, { name, uri, moduleHash, tag, maxMemoryMb, category }],
  });
  const [event] = parseEventLogs({ abi: appRegistryAbi, logs: receipt.logs, eventName: 'AppCreated' });
  return { app: (event as { args: { id: bigint } }).args.id };
}

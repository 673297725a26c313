import type { Hex } from 'viem';
import { hubAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import type { DealKey } from '../../types/ids.ts';

/**
 * Whether `key` is a deal this hub opened.
 * @example
 * import { dealExists } from '@proofgrid/sdk';
 * if (!(await dealExists(client, { key }))) throw …
 */
export async function dealExists(client: ProofgridClient, { key }: { key: DealKey }): Promise<boolean> {
  return client.public.readContract({ address: client.deployment.hub, abi: hubAbi, functionName: 'dealExists', args: [key as never] });
}

/**
 * Whether task `index` of the deal is settled on chain (paid, refunded or claimed).
 * @example
 * import { isTaskSettled } from '@proofgrid/sdk';
 * const paid = await isTaskSettled(client, { key: deal.key, index: 0 });
 */
export async function isTaskSettled(client: ProofgridClient, { key, index }: { key: DealKey; index: number }): Promise<boolean> {
  return client.public.readContract({
    address: client.deployment.hub,
    abi: hubAbi,
    functionName: 'isTaskSettled',
    args: [key as never, index],
  });
}

/**
 * The volume of an order already used by deals (its full volume once cancelled). For a request order
 * pass its `volume`: a request filled by a single deal is not written to the plain counter.
 * @example
 * import { getOrderConsumed } from '@proofgrid/sdk';
 * const used = await getOrderConsumed(client, { orderHash, volume: 8n }); // a request order of 8 tasks
 */
export async function getOrderConsumed(
  client: ProofgridClient,
  { orderHash, volume }: { orderHash: Hex; volume?: bigint },
): Promise<bigint> {
  const { hub } = client.deployment;
  return volume === undefined
    ? client.public.readContract({ address: hub, abi: hubAbi, functionName: 'consumedOf', args: [orderHash] })
    : client.public.readContract({ address: hub, abi: hubAbi, functionName: 'requestConsumedOf', args: [orderHash, volume] });
}

import type { BlockNumber, BlockTag, ContractEventArgs, ContractEventName, GetContractEventsReturnType } from 'viem';
import { hubAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';

export type HubEventName = ContractEventName<typeof hubAbi>;
export type GetHubEventsParameters<N extends HubEventName> = {
  eventName: N;
  /** Values of indexed arguments to filter on (a list matches any of its values). */
  args?: ContractEventArgs<typeof hubAbi, N>;
  /** Default: the deployment's start block. */
  fromBlock?: BlockNumber | BlockTag;
  /** Default: the latest block. */
  toBlock?: BlockNumber | BlockTag;
};
export type GetHubEventsReturnType<N extends HubEventName> = GetContractEventsReturnType<typeof hubAbi, N>;

/**
 * The hub's `eventName` logs, decoded and typed, in chain order (block number, then log index).
 * @example
 * import { getHubEvents } from '@proofgrid/sdk';
 * const [matched] = await getHubEvents(client, { eventName: 'DealMatched', args: { dealId } });
 * const deals = await getHubEvents(client, { eventName: 'DealMatched', args: { workerpool: 1n }, fromBlock, toBlock });
 */
export async function getHubEvents<const N extends HubEventName>(
  client: ProofgridClient,
  { eventName, args, fromBlock, toBlock }: GetHubEventsParameters<N>,
): Promise<GetHubEventsReturnType<N>> {
  return (await client.public.getContractEvents({
    address: client.deployment.hub,
    abi: hubAbi,
    eventName,
    args,
    fromBlock: fromBlock ?? client.deployment.startBlock ?? 0n,
    toBlock,
  } as never)) as GetHubEventsReturnType<N>;
}

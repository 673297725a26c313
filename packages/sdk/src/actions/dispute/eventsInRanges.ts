import type { Abi, Address, Hex } from 'viem';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';

/** Blocks per `eth_getLogs` call: public RPC providers refuse wider ranges (10,000 is the common cap). */
export const LOG_RANGE = 10_000n;

/** A decoded log as the dispute reads keep it. */
export type RawEvent = {
  eventName: string;
  args: Record<string, unknown>;
  blockNumber: bigint;
  transactionHash: Hex;
  logIndex: number;
};

export type EventsInRangesParameters = {
  address: Address;
  abi: Abi;
  eventNames: readonly string[];
  /** Values of indexed arguments to filter on (a list matches any of its values). */
  args?: Record<string, unknown>;
  fromBlock: bigint;
  /** Default: the latest block. */
  toBlock?: bigint;
  /** Blocks per call (default LOG_RANGE). */
  range?: bigint;
};

/**
 * Several events of one contract over `[fromBlock, toBlock]`, read in bounded block ranges (one `eth_getLogs`
 * per event and range) and returned in chain order (block number, then log index).
 */
export async function eventsInRanges(
  client: ProofgridClient,
  { address, abi, eventNames, args, fromBlock, toBlock, range = LOG_RANGE }: EventsInRangesParameters,
): Promise<RawEvent[]> {
  const last = toBlock ?? (await client.public.getBlockNumber({ cacheTime: 0 }));
  const out: RawEvent[] = [];
  for (let from = fromBlock; from <= last; from += range) {
    const to = from + range - 1n < last ? from + range - 1n : last;
    const logs = await Promise.all(
      eventNames.map(
        (eventName) =>
          client.public.getContractEvents({
            address,
            abi,
            eventName,
            args,
            fromBlock: from,
            toBlock: to,
            strict: true,
          } as never) as unknown as Promise<RawEvent[]>,
      ),
    );
    for (const l of logs.flat()) {
      const { eventName, args: a, blockNumber, transactionHash, logIndex } = l;
      out.push({ eventName, args: a, blockNumber, transactionHash, logIndex });
    }
  }
  return out.sort(byChainOrder);
}

/** Chain order: block number, then log index. */
export function byChainOrder(a: { blockNumber: bigint; logIndex: number }, b: { blockNumber: bigint; logIndex: number }) {
  return a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1;
}

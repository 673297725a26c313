import { type ProofgridClient, hubAbi } from '@proofgrid/sdk';
import { type Hex, type Log, type RpcLog, formatLog, getAbiItem, numberToHex, parseEventLogs, toEventSelector } from 'viem';

/** Blocks per `eth_getLogs` (nodes cap a query's range; one after a long outage is split). */
export const MAX_LOG_RANGE = 5_000n;
/** Past this many subjects, the query names none (every such event of the hub) and they are filtered here. */
const MAX_TOPICS = 500;

type EventName =
  | 'DisputeGameOpened'
  | 'ChallengeResolved'
  | 'AnswerResolved'
  | 'AnswerFinalized'
  | 'TaskAnswered'
  | 'TaskChallenged'
  | 'StartDemanded'
  | 'StartProven'
  | 'StartDemandExpired';

/**
 * The hub's events of the tasks one follows, block after block: each `next` reads the node's head (one
 * `eth_blockNumber`) and, when blocks came, one `eth_getLogs` per `MAX_LOG_RANGE` blocks over every event name at
 * once, with the subjects (the events' first indexed argument: a task id) as the topic filter. What it costs does not
 * grow with the number of subjects. The first call only sets the cursor at the head: what came before is the
 * caller's safety-net read.
 */
export function createHubLogCursor(client: ProofgridClient, events: readonly EventName[]) {
  const selectors = events.map((name) => toEventSelector(getAbiItem({ abi: hubAbi, name }) as never));
  let cursor: bigint | undefined;
  return {
    /** The last block read. */
    at: () => cursor,
    async next(subjects: readonly Hex[]): Promise<Log[]> {
      const head = BigInt(await client.public.request({ method: 'eth_blockNumber' }));
      if (cursor === undefined || head < cursor) {
        cursor = head;
        return [];
      }
      if (head === cursor || subjects.length === 0) {
        cursor = head;
        return [];
      }
      const wanted = new Set(subjects.map((s) => s.toLowerCase()));
      const topics = [selectors, subjects.length <= MAX_TOPICS ? [...wanted] : null];
      const found: Log[] = [];
      for (let from = cursor + 1n; from <= head; from += MAX_LOG_RANGE) {
        const to = from + MAX_LOG_RANGE - 1n < head ? from + MAX_LOG_RANGE - 1n : head;
        const logs = (await client.public.request({
          method: 'eth_getLogs',
          params: [{ address: client.deployment.hub, fromBlock: numberToHex(from), toBlock: numberToHex(to), topics } as never],
        })) as RpcLog[];
        for (const l of logs) if (wanted.has(String(l.topics[1]).toLowerCase())) found.push(formatLog(l));
        cursor = to;
      }
      return parseEventLogs({ abi: hubAbi, logs: found, eventName: [...events] }) as unknown as Log[];
    },
  };
}

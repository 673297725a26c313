import { type Hex, type RpcLog, getAbiItem, numberToHex, toEventSelector } from 'viem';
import { type TaskResolution, hubAbi, taskIdOf } from '@proofgrid/sdk';
import type { Ctx } from '../engine/context.ts';

/** Blocks per `eth_getLogs` (nodes cap a query's range; one after a long outage is split). */
const MAX_LOG_RANGE = 5_000n;
/** Past this many tasks, the query names none (every such event of the hub) and they are filtered here. */
const MAX_TOPICS = 500;
/** How often every answered task is read on its own (the safety net for a missed log). */
export const ANSWER_SAFETY_MS = 30_000;

/** The hub's events that move an answered task (their first indexed argument is the task id). */
const EVENTS = [
  'TaskChallenged',
  'DisputeGameOpened',
  'ChallengeResolved',
  'AnswerResolved',
  'AnswerFinalized',
  'StartDemanded',
  'StartProven',
  'StartDemandExpired',
  'ClaimRefuted',
] as const;

/**
 * The scheduler's watch over its answered optimistic tasks (decision 026), event-driven instead of reading every
 * answered task on each safety tick: each `pass` reads the node's head (one `eth_blockNumber`) and, when blocks came,
 * the head's timestamp (chain time: `evm_increaseTime` moves it) and one `eth_getLogs` for the hub's answer and dispute
 * events of every answered task at once. A task is synced (`sync`, the batch sync: resolution read, reducer, effects)
 * only when an event of it came, when it is disputed and blocks came (a game ends by a move or a timeout on the game's
 * contract, not the hub's), when its challenge window has passed by chain time (to finalize it), or when it is new to
 * the watch. Every `safetyMs` (and on the first pass) every answered task is synced on its own. What a pass costs does
 * not grow with the answers open (answerWatch.test.ts counts the RPC calls).
 */
export function createAnswerWatch(
  ctx: Pick<Ctx, 'store' | 'client'>,
  batches: { syncBatch(batchId: Hex): Promise<void>; resolutionOf(batchId: Hex): TaskResolution | undefined },
  o: { safetyMs?: number } = {},
) {
  const { store, client } = ctx;
  const selectors = EVENTS.map((name) => toEventSelector(getAbiItem({ abi: hubAbi, name }) as never));
  let cursor: bigint | undefined;
  let chainTime = 0;
  let safetyAt = Number.NEGATIVE_INFINITY;
  /** Tasks synced at least once by the watch (their window's end known from the resolution read). */
  const known = new Set<Hex>();

  const taskOf = (batchId: Hex): Hex | undefined => {
    const b = store.batches.get(batchId);
    return b ? taskIdOf(b.deal_id, b.first) : undefined;
  };

  /** The task ids of the hub's events on `tasks` in (cursor, head]. */
  async function eventsUpTo(head: bigint, tasks: Set<string>): Promise<Set<string>> {
    const moved = new Set<string>();
    const topics = [selectors, tasks.size <= MAX_TOPICS ? [...tasks] : null];
    for (let from = (cursor as bigint) + 1n; from <= head; from += MAX_LOG_RANGE) {
      const to = from + MAX_LOG_RANGE - 1n < head ? from + MAX_LOG_RANGE - 1n : head;
      const logs = (await client.public.request({
        method: 'eth_getLogs',
        params: [{ address: client.deployment.hub, fromBlock: numberToHex(from), toBlock: numberToHex(to), topics } as never],
      })) as RpcLog[];
      for (const l of logs) {
        const task = String(l.topics[1]).toLowerCase();
        if (tasks.has(task)) moved.add(task);
      }
      cursor = to;
    }
    return moved;
  }

  async function pass(): Promise<void> {
    const ids = store.batches.answered();
    const head = BigInt(await client.public.request({ method: 'eth_blockNumber' }));
    const fresh = cursor === undefined || head < cursor;
    const newBlocks = !fresh && head > (cursor as bigint);
    const byTask = new Map<string, Hex>();
    for (const id of ids) {
      const task = taskOf(id);
      if (task) byTask.set(task.toLowerCase(), id);
    }
    let moved = new Set<string>();
    if (newBlocks && byTask.size > 0) {
      chainTime = Number((await client.public.getBlock({ blockNumber: head })).timestamp);
      moved = await eventsUpTo(head, new Set(byTask.keys()));
    }
    cursor = head;
    const now = Math.max(Math.floor(Date.now() / 1000), chainTime);
    const all = fresh || Date.now() - safetyAt >= (o.safetyMs ?? ANSWER_SAFETY_MS);
    if (all) safetyAt = Date.now();
    for (const [task, id] of byTask) {
      const r = batches.resolutionOf(id);
      const due =
        all ||
        !known.has(id) ||
        moved.has(task) ||
        (newBlocks && (store.batches.get(id)?.answer === 'disputed' || r?.status === 'disputed')) ||
        // Past its window by chain time and not disputed (a disputed one waits for its game): payable, to finalize.
        (r !== undefined && r.status !== 'disputed' && r.windowEnd <= now);
      if (!due) continue;
      known.add(id);
      await batches.syncBatch(id);
    }
    const open = new Set(ids);
    for (const id of known) if (!open.has(id)) known.delete(id);
  }

  return { pass };
}

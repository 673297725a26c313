import { type Address, type Hex, zeroAddress } from 'viem';
import { hubAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import type { BatchId, DealId } from '../../types/ids.ts';
import { taskIdOf } from '../../utils/ids.ts';
import { getDeal } from './getDeal.ts';

/** Hub events that carry the deal id as an indexed topic. */
const DEAL_EVENTS = [
  'DealMatched',
  'BatchContributed',
  'BatchFinalized',
  'BatchOverturned',
  'BatchSettled',
  'TasksClaimed',
  'TaskAnswered',
  'AnswerFinalized',
] as const;
/** Hub events that carry only the batch id. */
const BATCH_EVENTS = ['BatchConsensusReached', 'BatchRevealed', 'ContributionJudged', 'BatchReopened', 'BatchChallenged'] as const;
/** Dispute events keyed by an answered task's id (decision 026). */
const TASK_EVENTS = ['TaskChallenged', 'AnswerResolved'] as const;
/** Dispute events keyed by their subject: a task id (an answer) or a batch id. */
const SUBJECT_EVENTS = ['DisputeGameOpened', 'ChallengeResolved'] as const;
/** Callbacks are looked up per task id only for deals up to this volume. */
const MAX_CALLBACK_TASKS = 2_000;

export type DealEventName =
  | (typeof DEAL_EVENTS)[number]
  | (typeof BATCH_EVENTS)[number]
  | (typeof TASK_EVENTS)[number]
  | (typeof SUBJECT_EVENTS)[number]
  | 'CallbackDelivered'
  | 'ReputationChanged';

export type DealEvent = {
  eventName: DealEventName;
  args: Record<string, unknown>;
  blockNumber: bigint;
  transactionHash: Hex;
  logIndex: number;
};

export type GetDealEventsParameters = {
  dealId: DealId;
  /** Batch ids known from elsewhere (e.g. the market); ids found in the logs are added. */
  batchIds?: readonly BatchId[];
};
export type GetDealEventsReturnType = DealEvent[];
export type GetDealEventsErrorType = 'DealUnknown';

/**
 * A deal's audit trail replayed from the chain logs alone, in chain order: the match, every
 * contribution, consensus, reveal, finalization, settlement (payout), judgement, claim, optimistic
 * answer, challenge, game opened and resolved (decision 026),
 * overturn, callback, and the reputation changes of its workers made by the deal's own
 * transactions. Throws `DealUnknown` when no deal has this id on the hub.
 * @example
 * import { getDealEvents } from '@proofgrid/sdk';
 * for (const e of await getDealEvents(client, { dealId })) console.log(e.blockNumber, e.eventName, e.args);
 */
export async function getDealEvents(
  client: ProofgridClient,
  { dealId, batchIds = [] }: GetDealEventsParameters,
): Promise<GetDealEventsReturnType> {
  const deal = await getDeal(client, { dealId });
  const fromBlock = deal.blockNumber;
  const query = (eventName: DealEventName, args: Record<string, unknown>) =>
    client.public.getContractEvents({
      address: client.deployment.hub,
      abi: hubAbi,
      eventName: eventName as never,
      args: args as never,
      fromBlock,
    }) as unknown as Promise<DealEvent[]>;

  const byDeal = (await Promise.all(DEAL_EVENTS.map((e) => query(e, { dealId })))).flat();
  const batches = new Set<Hex>(batchIds.map((b) => b.toLowerCase() as Hex));
  for (const e of byDeal) if (typeof e.args.batchId === 'string') batches.add(e.args.batchId.toLowerCase() as Hex);
  const byBatch = batches.size ? (await Promise.all(BATCH_EVENTS.map((e) => query(e, { batchId: [...batches] })))).flat() : [];
  // Optimistic answers and challenges (decision 026): by the answered tasks' ids, and by subject.
  const tasks = byDeal.filter((e) => e.eventName === 'TaskAnswered').map((e) => e.args.taskId as Hex);
  const byTask = tasks.length ? (await Promise.all(TASK_EVENTS.map((e) => query(e, { taskId: tasks })))).flat() : [];
  const subjects = [...tasks, ...batches];
  const bySubject = subjects.length ? (await Promise.all(SUBJECT_EVENTS.map((e) => query(e, { subject: subjects })))).flat() : [];

  const callbacks =
    deal.key.callback !== zeroAddress && deal.key.volume <= MAX_CALLBACK_TASKS
      ? await query('CallbackDelivered', { taskId: Array.from({ length: deal.key.volume }, (_, i) => taskIdOf(dealId, i)) })
      : [];

  // Reputation moves are keyed by worker only: keep those made by this deal's transactions.
  const own = [...byDeal, ...byBatch, ...byTask, ...bySubject];
  const workers = new Set<Address>(
    own.map((e) => (e.args.worker ?? e.args.pusher ?? e.args.answerer) as Address | undefined).filter((w): w is Address => !!w),
  );
  const txs = new Set(own.map((e) => e.transactionHash));
  const reputation = workers.size
    ? (await query('ReputationChanged', { worker: [...workers] })).filter((e) => txs.has(e.transactionHash))
    : [];

  const all = [...own, ...callbacks, ...reputation].map(({ eventName, args, blockNumber, transactionHash, logIndex }) => ({
    eventName,
    args,
    blockNumber,
    transactionHash,
    logIndex,
  }));
  return all.sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
}

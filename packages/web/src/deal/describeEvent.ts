import type { DealEvent } from '@proofgrid/sdk';
import { formatToken, short } from '../common/format.ts';
import { describeDisputeEntry } from './describeDispute.ts';

const DISPUTE_EVENTS = new Set([
  'TaskAnswered',
  'TaskChallenged',
  'BatchChallenged',
  'DisputeGameOpened',
  'ChallengeResolved',
  'AnswerResolved',
  'AnswerFinalized',
]);

/** One line of the audit trail: what happened, in words, from a hub event. */
export function describeEvent(e: DealEvent, symbol: string): { title: string; detail: string } {
  const a = e.args as Record<string, unknown>;
  const w = short(String(a.worker ?? ''), 4);
  const range = () => (Number(a.count) === 1 ? `task ${a.first}` : `tasks ${a.first}–${Number(a.first) + Number(a.count) - 1}`);
  switch (e.eventName) {
    case 'DealMatched': {
      const k = a.key as { volume: number; appPrice: bigint; datasetPrice: bigint; poolPrice: bigint; requester: string };
      const locked = (k.appPrice + k.datasetPrice + k.poolPrice) * BigInt(k.volume);
      return {
        title: 'Deal matched',
        detail: `orders matched on chain for ${k.volume} task(s); ${formatToken(locked, symbol)} locked from requester ${short(k.requester, 4)}`,
      };
    }
    case 'BatchContributed':
      return { title: 'Contribution', detail: `worker ${w} committed a result for ${range()} (weight ${a.weight})` };
    case 'BatchConsensusReached':
      return { title: 'Consensus reached', detail: `workers agree on result hash ${short(String(a.resultHash))}` };
    case 'BatchRevealed':
      return { title: 'Result revealed', detail: `worker ${w} revealed result root ${short(String(a.resultRoot))}` };
    case 'BatchFinalized':
      return { title: 'Result finalized', detail: `${range()} finalized with result root ${short(String(a.resultRoot))}` };
    case 'BatchSettled':
      return {
        title: 'Payout',
        detail: `app owner and pool paid; workers rewarded ${formatToken(BigInt(a.workerReward as bigint), symbol)} (${a.winners} right, ${a.losers} wrong)`,
      };
    case 'ContributionJudged':
      return {
        title: a.accurate ? 'Contribution accepted' : 'Contribution rejected',
        detail: `worker ${w} was ${a.accurate ? 'right' : 'wrong: its stake is seized'}`,
      };
    case 'ReputationChanged':
      return { title: 'Reputation', detail: `worker ${w} score is now ${a.score}` };
    case 'TasksClaimed':
      return { title: 'Claimed', detail: `${range()} claimed after the deadline; ${a.refundedTasks} refunded to the requester` };
    case 'BatchOverturned':
      return { title: 'Result overturned', detail: `checker ${short(String(a.checker), 4)} overturned the batch` };
    case 'BatchReopened':
      return { title: 'Batch reopened', detail: `${a.rejected} contribution(s) rejected` };
    case 'CallbackDelivered':
      return {
        title: 'Callback',
        detail: `digest ${short(String(a.digest))} delivered to ${short(String(a.callback), 4)} (${a.success ? 'ok' : 'failed'})`,
      };
    default:
      if (DISPUTE_EVENTS.has(e.eventName)) return describeDisputeEntry({ ...a, event: e.eventName } as never, symbol);
      return { title: e.eventName, detail: '' };
  }
}

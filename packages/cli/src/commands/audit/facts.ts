import type { DealEvent } from '@proofgrid/sdk';
import { short, tokens } from '../../format.ts';
import { DISPUTE_FACTS } from '../dispute/timeline.ts';

type Args = Record<string, unknown>;
const range = (a: Args) => (Number(a.count) === 1 ? `task ${a.first}` : `tasks ${a.first}-${Number(a.first) + Number(a.count) - 1}`);
const who = (a: unknown) => short(String(a), 12);

/** One event's facts, in words. */
const FACTS: Record<DealEvent['eventName'], (a: Args) => string> = {
  DealMatched: (a) => {
    const k = a.key as Args;
    return `requester ${who(k.requester)} bought ${k.volume} task${Number(k.volume) === 1 ? '' : 's'} of app ${k.app} on pool ${k.workerpool}, trust ${k.trust}; per task app ${tokens(k.appPrice as bigint)} + dataset ${tokens(k.datasetPrice as bigint)} + pool ${tokens(k.poolPrice as bigint)}; request ${short(String(k.requestHash), 12)}`;
  },
  BatchContributed: (a) =>
    `worker ${who(a.worker)} committed ${range(a)} (weight ${a.weight}), result hash ${short(String(a.resultHash), 12)}`,
  BatchConsensusReached: (a) =>
    `consensus on ${short(String(a.resultHash), 12)}, reveals due by ${new Date(Number(a.revealDeadline) * 1000).toISOString()}`,
  BatchRevealed: (a) => `worker ${who(a.worker)} revealed root ${short(String(a.resultRoot), 12)}`,
  BatchReopened: (a) => `reopened: ${a.rejected} contribution(s) rejected`,
  BatchFinalized: (a) => `${range(a)} final, result root ${short(String(a.resultRoot), 12)}`,
  BatchSettled: (a) => `paid: ${tokens(a.workerReward as bigint)} worker reward to ${a.winners} winner(s), ${a.losers} loser(s) slashed`,
  ContributionJudged: (a) => `worker ${who(a.worker)} judged ${a.accurate ? 'accurate' : 'WRONG (stake seized)'}`,
  TasksClaimed: (a) => `${range(a)} claimed after the deadline, ${a.refundedTasks} refunded`,
  BatchOverturned: (a) => `overturned by checker ${who(a.checker)}, evidence ${short(String(a.evidence), 12)}`,
  CallbackDelivered: (a) => `callback ${who(a.callback)} for task ${short(String(a.taskId), 12)}: ${a.success ? 'delivered' : 'reverted'}`,
  ReputationChanged: (a) => `worker ${who(a.worker)} score now ${a.score}`,
  ...DISPUTE_FACTS,
};

export function factsOf(e: DealEvent): string {
  const batch = typeof e.args.batchId === 'string' && e.eventName !== 'BatchContributed' ? `batch ${short(e.args.batchId, 10)}: ` : '';
  return batch + (FACTS[e.eventName]?.(e.args) ?? JSON.stringify(e.args, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}

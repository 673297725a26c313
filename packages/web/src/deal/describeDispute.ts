import type { DisputeTimelineEntry } from '@proofgrid/sdk';
import { formatToken, short } from '../common/format.ts';

type Entry = DisputeTimelineEntry;

/** Seconds for people: 1 h 0 min, 59 min 58 s, 12 s. */
export const duration = (s: bigint) =>
  s >= 3600n ? `${s / 3600n} h ${(s % 3600n) / 60n} min` : s >= 60n ? `${s / 60n} min ${s % 60n} s` : `${s} s`;

/** One entry in words: a title and a detail line. */
export function describeDisputeEntry(e: Entry, symbol: string): { title: string; detail: string } {
  switch (e.event) {
    case 'TaskAnswered':
      return {
        title: 'Answered',
        detail: `worker ${short(e.answerer, 4)} answered with a claim over ${e.claim.steps} steps and a ${formatToken(e.deposit, symbol)} deposit`,
      };
    case 'TaskChallenged':
      return { title: 'Challenged', detail: `${short(e.challenger, 4)} challenged the answer (challenge ${e.challenge})` };
    case 'BatchChallenged':
      return {
        title: 'Challenged',
        detail: `${short(e.challenger, 4)} challenged task ${e.index} of the batch (challenge ${e.challenge})`,
      };
    case 'DisputeGameOpened':
      return { title: 'Deposits locked', detail: `${formatToken(e.deposit, symbol)} by each side for game ${e.gameId}` };
    case 'GameOpened':
      return {
        title: 'Game opened',
        detail: `defender ${short(e.defender, 4)} vs challenger ${short(e.challenger, 4)}, ${e.claim.steps} steps, ${duration(e.clock)} per side`,
      };
    case 'Bisected':
      return {
        title: `${e.side === 'challenger' ? 'Challenger' : 'Defender'} bisected`,
        detail: `${short(e.mover, 4)} disputed part ${e.part ?? '?'}${e.parts ? ` of ${e.parts}` : ''}: steps ${e.start}–${e.start + e.length} in ${e.roots.length - 1} parts`,
      };
    case 'OneStepProven':
      return {
        title: `${e.side === 'challenger' ? 'Challenger' : 'Defender'} proved one step`,
        detail: `${short(e.mover, 4)} ${e.proof === 'halted' ? 'showed the halted state before' : 'had the contract execute'} step ${e.stepIndex + 1n}: ${short(e.postRoot, 4)}, not ${short(e.refutedRoot, 4)}`,
      };
    case 'GameEnded':
      return {
        title: 'Game over',
        detail: `the ${e.winner} won${e.byTimeout ? ' on time (the other side ran out of clock)' : ''}`,
      };
    case 'ChallengeResolved':
      return {
        title: 'Deposits moved',
        detail: `${e.challengerWon ? 'the challenger won' : 'the defender won'}: ${formatToken(e.amount, symbol)} to ${short(e.paidTo, 4)}`,
      };
    case 'AnswerResolved':
      return { title: 'Resolved', detail: e.overturned ? 'the answer is overturned' : 'the answer stands' };
    case 'AnswerFinalized':
      return { title: 'Finalized', detail: e.overturned ? 'the requester was refunded' : 'the answer was paid' };
    case 'BatchOverturned':
      return { title: 'Batch overturned', detail: 'the requester is refunded, the agreed workers lose their stake' };
  }
}

import type { DealEvent } from '@proofgrid/sdk';
import type { Hex } from 'viem';
import { short, tokens } from '../../format.ts';
import { type Dispute, GAME_STATUSES, type GameMove, byChainOrder } from './disputes.ts';

/** One line of a task's dispute timeline: a hub event or a move of one of its games. */
export type TimelineEntry = { block: bigint; tx: Hex; logIndex: number; source: 'hub' | 'game'; event: string; facts: string };

type Args = Record<string, unknown>;
const who = (a: unknown) => short(String(a), 12);
const at = (s: unknown) => new Date(Number(s) * 1000).toISOString().replace('.000Z', 'Z');
const SIDES = ['challenger', 'defender'];

/** The hub's dispute events in words (also used by `audit`). */
export const DISPUTE_FACTS: Record<
  'TaskAnswered' | 'TaskChallenged' | 'BatchChallenged' | 'DisputeGameOpened' | 'ChallengeResolved' | 'AnswerResolved' | 'AnswerFinalized',
  (a: Args) => string
> = {
  TaskAnswered: (a) =>
    `worker ${who(a.answerer)} answered task ${a.index}: output ${short(String(a.outputDigest), 12)}, ${(a.claim as Args).steps} steps; deposit ${tokens(a.deposit as bigint)}, challenges until ${at(a.windowEnd)}`,
  TaskChallenged: (a) => `${who(a.challenger)} challenged the answer (challenge ${a.challenge})`,
  BatchChallenged: (a) =>
    `${who(a.challenger)} challenged task ${a.index} of batch ${short(String(a.batchId), 10)} (challenge ${a.challenge})`,
  DisputeGameOpened: (a) =>
    `challenge ${a.challenge}: game ${a.gameId} opened on ${who(a.game)}, ${tokens(a.deposit as bigint)} locked by each side`,
  ChallengeResolved: (a) =>
    `challenge ${a.challenge} resolved: ${a.challengerWon ? 'the challenger won' : 'the defender won'}, ${tokens(a.amount as bigint)} paid to ${who(a.paidTo)}`,
  AnswerResolved: (a) => (a.overturned ? 'games over: the answer is overturned' : 'games over: the answer stands'),
  AnswerFinalized: (a) => (a.overturned ? 'finalized: the requester was refunded' : 'finalized: the answer was paid'),
};

const GAME: Record<GameMove['event'], (a: Args) => string> = {
  GameOpened: (a) => `defender ${who(a.defender)} vs challenger ${who(a.challenger)} over ${a.steps} steps, ${a.clock} s per side`,
  Bisected: (a) =>
    `${SIDES[Number(a.side)]} ${who(a.mover)} bisected steps ${a.start}-${BigInt(a.start as bigint) + BigInt(a.length as bigint)} into ${(a.roots as unknown[]).length - 1} parts, ${a.clockLeft} s left`,
  OneStepProven: (a) =>
    `${SIDES[Number(a.side)]} ${who(a.mover)} proved step ${BigInt(a.stepIndex as bigint) + 1n}: ${short(String(a.postRoot), 12)}, not ${short(String(a.refutedRoot), 12)}`,
  GameEnded: (a) => `game over: ${GAME_STATUSES[Number(a.status)]}${a.byTimeout ? ' (by timeout)' : ''}`,
};

/** The hub events about task `index` (its answer, its challenges, batch challenges naming it) and its games' moves. */
export function timelineOf(events: DealEvent[], taskId: Hex, index: number, games: { dispute: Dispute; moves: GameMove[] }[]) {
  const subjects = new Set([taskId.toLowerCase(), ...games.map((g) => g.dispute.subject.toLowerCase())]);
  const challengeOfSubject = new Set(games.map((g) => `${g.dispute.subject.toLowerCase()}:${g.dispute.challenge}`));
  const mine = events.filter((e) => {
    const a = e.args;
    if (e.eventName === 'BatchChallenged') return Number(a.index) === index;
    if (e.eventName === 'DisputeGameOpened' || e.eventName === 'ChallengeResolved')
      return subjects.has(String(a.subject).toLowerCase()) && challengeOfSubject.has(`${String(a.subject).toLowerCase()}:${a.challenge}`);
    return e.eventName in DISPUTE_FACTS && String(a.taskId).toLowerCase() === taskId.toLowerCase();
  });
  const entries: TimelineEntry[] = [
    ...mine.map((e) => ({
      block: e.blockNumber,
      tx: e.transactionHash,
      logIndex: e.logIndex,
      source: 'hub' as const,
      event: e.eventName,
      facts: DISPUTE_FACTS[e.eventName as keyof typeof DISPUTE_FACTS](e.args),
    })),
    ...games.flatMap(({ dispute, moves }) =>
      moves.map((m) => ({
        block: m.blockNumber,
        tx: m.transactionHash,
        logIndex: m.logIndex,
        source: 'game' as const,
        event: m.event,
        facts: `game ${dispute.gameId}: ${GAME[m.event](m.args)}`,
      })),
    ),
  ];
  return entries.sort((a, b) =>
    byChainOrder({ blockNumber: a.block, logIndex: a.logIndex }, { blockNumber: b.block, logIndex: b.logIndex }),
  );
}

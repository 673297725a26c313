import type { DisputeTimelineEntry } from '@proofgrid/sdk';
import type { Address, Hex } from 'viem';
import { short, tokens } from '../../format.ts';

/** One line of a task's dispute timeline: a hub event or a move of one of its games. */
export type TimelineEntry = {
  block: bigint;
  time: string;
  tx: Hex;
  from: Address;
  gasUsed: bigint;
  logIndex: number;
  source: 'hub' | 'game';
  event: string;
  facts: string;
};

type Args = Record<string, unknown>;
const who = (a: unknown) => short(String(a), 12);
const at = (s: unknown) => new Date(Number(s) * 1000).toISOString().replace('.000Z', 'Z');

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

type GameEntry = Extract<DisputeTimelineEntry, { source: 'game' }>;
const clocks = (e: GameEntry) => `clocks: challenger ${e.clocks.challenger} s, defender ${e.clocks.defender} s`;

/** A game's move in words, from the SDK's typed timeline entry. */
function gameFacts(e: GameEntry): string {
  switch (e.event) {
    case 'GameOpened':
      return `defender ${who(e.defender)} vs challenger ${who(e.challenger)} over ${e.claim.steps} steps, ${e.clock} s per side`;
    case 'Bisected':
      return `${e.side} ${who(e.mover)} named part ${e.part ?? '?'}${e.parts ? ` of ${e.parts}` : ''} and bisected steps ${e.start}-${e.start + e.length} into ${e.roots.length - 1} parts; ${clocks(e)}`;
    case 'OneStepProven':
      return `${e.side} ${who(e.mover)} proved step ${e.stepIndex + 1n}${e.proof === 'halted' ? ' (halted state)' : ''}: ${short(e.postRoot, 12)}, not ${short(e.refutedRoot, 12)}; ${clocks(e)}`;
    case 'GameEnded':
      return `game over: ${e.status}${e.byTimeout ? ' (by timeout)' : ''}`;
  }
}

/** One line per entry of the SDK's dispute timeline: hub events and game moves, with time, sender and gas. */
export function timelineOf(entries: DisputeTimelineEntry[]): TimelineEntry[] {
  return entries.map((e) => ({
    block: e.blockNumber,
    time: at(e.timestamp),
    tx: e.transactionHash,
    from: e.from,
    gasUsed: e.gasUsed,
    logIndex: e.logIndex,
    source: e.source,
    event: e.event,
    facts:
      e.source === 'game'
        ? `game ${e.gameId}: ${gameFacts(e)}`
        : e.event === 'BatchOverturned'
          ? `batch ${short(e.batchId, 10)} overturned`
          : DISPUTE_FACTS[e.event](e as unknown as Args),
  }));
}

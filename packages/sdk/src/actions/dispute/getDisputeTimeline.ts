import { type Address, type Hex, getAddress } from 'viem';
import { disputeGameAbi, hubAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import type { BatchId, TaskId } from '../../types/ids.ts';
import { type RawEvent, byChainOrder, eventsInRanges } from './eventsInRanges.ts';
import { GAME_SIDES, GAME_STATUSES, type GameSide } from './getDisputeGame.ts';
import type { DisputeTimelineEntry, GameClocks, TimelineWhere } from './timelineTypes.ts';

export type GetDisputeTimelineParameters = ({ taskId: TaskId; batchId?: undefined } | { batchId: BatchId; taskId?: undefined }) & {
  /** Default: the deployment's start block. */
  fromBlock?: bigint;
  /** Default: the latest block. */
  toBlock?: bigint;
  /** Blocks per `eth_getLogs` call (default 10,000). */
  range?: bigint;
};

/** Hub events keyed by an optimistic task's id. */
const TASK_EVENTS = ['TaskAnswered', 'TaskChallenged', 'AnswerResolved', 'AnswerFinalized'] as const;
/** Hub events keyed by a replicated batch's id. */
const BATCH_EVENTS = ['BatchChallenged', 'BatchOverturned'] as const;
/** Hub events keyed by their subject (a task id or a batch id). */
const SUBJECT_EVENTS = ['DisputeGameOpened', 'ChallengeResolved'] as const;
const GAME_EVENTS = ['GameOpened', 'Bisected', 'OneStepProven', 'GameEnded'] as const;

type Tagged = RawEvent & { source: 'hub' | 'game'; game?: { address: Address; gameId: bigint; subject: Hex; challenge: number } };

/**
 * The whole story of a task's (optimistic answer) or a batch's (replicated, challenged in its rollback window)
 * disputes, in chain order: the hub's events (answer, challenges, games opened, challenges resolved, the answer
 * resolved and finalized, a batch overturned) and each game's (opened, every bisection with its mover and the part
 * it named, the one-step or halted-state proof, the end), each with its block, time, transaction, sender and gas, and
 * for game entries both clocks right after it. Logs are read in bounded block ranges.
 * @example
 * import { getDisputeTimeline, taskIdOf } from '@proofgrid/sdk';
 * for (const e of await getDisputeTimeline(client, { taskId: taskIdOf(dealId, 1) })) console.log(e.timestamp, e.event);
 */
export async function getDisputeTimeline(client: ProofgridClient, p: GetDisputeTimelineParameters): Promise<DisputeTimelineEntry[]> {
  const fromBlock = p.fromBlock ?? client.deployment.startBlock ?? 0n;
  const toBlock = p.toBlock ?? (await client.public.getBlockNumber({ cacheTime: 0 }));
  const hub = (eventNames: readonly string[], args: Record<string, unknown>) =>
    eventsInRanges(client, { address: client.deployment.hub, abi: hubAbi, eventNames, args, fromBlock, toBlock, range: p.range });
  const subject = (p.taskId ?? p.batchId) as Hex;
  const [own, bySubject] = await Promise.all([
    p.taskId ? hub(TASK_EVENTS, { taskId: p.taskId }) : hub(BATCH_EVENTS, { batchId: p.batchId }),
    hub(SUBJECT_EVENTS, { subject }),
  ]);
  const opened = bySubject.filter((e) => e.eventName === 'DisputeGameOpened');
  const games = await Promise.all(
    opened.map(async (o): Promise<Tagged[]> => {
      const address = o.args.game as Address;
      const gameId = BigInt(o.args.gameId as bigint);
      const moves = await eventsInRanges(client, {
        address,
        abi: disputeGameAbi,
        eventNames: GAME_EVENTS,
        args: { gameId },
        fromBlock: o.blockNumber,
        toBlock,
        range: p.range,
      });
      const game = { address, gameId, subject, challenge: Number(o.args.challenge) };
      return moves.map((m) => ({ ...m, source: 'game' as const, game }));
    }),
  );
  const all: Tagged[] = [...[...own, ...bySubject].map((e) => ({ ...e, source: 'hub' as const })), ...games.flat()].sort(byChainOrder);
  const where = await whereOf(client, all);
  const states = new Map<string, GameState>();
  return all.map((e) => toEntry(e, where(e), states));
}

/** Block times and transaction receipts, each fetched once. */
async function whereOf(client: ProofgridClient, events: RawEvent[]) {
  const blocks = new Map<bigint, number>();
  const receipts = new Map<Hex, { from: Address; gasUsed: bigint }>();
  await Promise.all([
    ...[...new Set(events.map((e) => e.blockNumber))].map(async (n) => {
      blocks.set(n, Number((await client.public.getBlock({ blockNumber: n })).timestamp));
    }),
    ...[...new Set(events.map((e) => e.transactionHash))].map(async (hash) => {
      const r = await client.public.getTransactionReceipt({ hash });
      receipts.set(hash, { from: getAddress(r.from), gasUsed: r.gasUsed });
    }),
  ]);
  return (e: RawEvent): TimelineWhere => ({
    blockNumber: e.blockNumber,
    timestamp: blocks.get(e.blockNumber)!,
    transactionHash: e.transactionHash,
    logIndex: e.logIndex,
    ...receipts.get(e.transactionHash)!,
  });
}

/** What a game's events imply as they are replayed: clocks, the last move's time, the last vector's shape. */
type GameState = { clocks: GameClocks; lastAt: number; turn: GameSide; prev?: { start: bigint; length: bigint; parts: number } };

/** Part `index` of a segment cut into `count` parts, as Segments.part computes it. */
function partOf(start: bigint, length: bigint, count: number, index: number) {
  const from = (length * BigInt(index)) / BigInt(count);
  const to = (length * BigInt(index + 1)) / BigInt(count);
  return { start: start + from, length: to - from };
}
function partNamed(prev: GameState['prev'], start: bigint, length: bigint): number | undefined {
  if (!prev) return undefined;
  for (let j = 0; j < prev.parts; j++) {
    const part = partOf(prev.start, prev.length, prev.parts, j);
    if (part.start === start && part.length === length) return j;
  }
  return undefined;
}

const other = (s: GameSide): GameSide => (s === 'challenger' ? 'defender' : 'challenger');

function toEntry(e: Tagged, where: TimelineWhere, states: Map<string, GameState>): DisputeTimelineEntry {
  const a = e.args;
  const n = (v: unknown) => Number(v);
  const b = (v: unknown) => BigInt(v as bigint);
  if (e.source === 'hub') {
    const base = { ...where, source: 'hub' as const };
    switch (e.eventName) {
      case 'TaskAnswered': {
        const c = a.claim as { startRoot: Hex; endRoot: Hex; steps: bigint };
        return {
          ...base,
          event: 'TaskAnswered',
          taskId: a.taskId as Hex,
          dealId: a.dealId as Hex,
          index: n(a.index),
          answerer: a.answerer as Address,
          digest: a.digest as Hex,
          outputDigest: a.outputDigest as Hex,
          claim: { startRoot: c.startRoot, endRoot: c.endRoot, steps: b(c.steps) },
          windowEnd: n(a.windowEnd),
          deposit: b(a.deposit),
        };
      }
      case 'TaskChallenged':
        return {
          ...base,
          event: 'TaskChallenged',
          taskId: a.taskId as Hex,
          challenger: a.challenger as Address,
          challenge: n(a.challenge),
        };
      case 'BatchChallenged':
        return {
          ...base,
          event: 'BatchChallenged',
          batchId: a.batchId as Hex,
          challenger: a.challenger as Address,
          challenge: n(a.challenge),
          index: n(a.index),
        };
      case 'DisputeGameOpened':
        return {
          ...base,
          event: 'DisputeGameOpened',
          subject: a.subject as Hex,
          challenge: n(a.challenge),
          challenger: a.challenger as Address,
          game: a.game as Address,
          gameId: b(a.gameId),
          deposit: b(a.deposit),
        };
      case 'ChallengeResolved':
        return {
          ...base,
          event: 'ChallengeResolved',
          subject: a.subject as Hex,
          challenge: n(a.challenge),
          challengerWon: Boolean(a.challengerWon),
          paidTo: a.paidTo as Address,
          amount: b(a.amount),
        };
      case 'AnswerResolved':
        return { ...base, event: 'AnswerResolved', taskId: a.taskId as Hex, overturned: Boolean(a.overturned) };
      case 'AnswerFinalized':
        return { ...base, event: 'AnswerFinalized', taskId: a.taskId as Hex, dealId: a.dealId as Hex, overturned: Boolean(a.overturned) };
      default:
        return {
          ...base,
          event: 'BatchOverturned',
          batchId: a.batchId as Hex,
          dealId: a.dealId as Hex,
          checker: a.checker as Address,
          evidence: a.evidence as Hex,
        };
    }
  }
  const g = e.game!;
  const key = `${g.address.toLowerCase()}:${g.gameId}`;
  const base = { ...where, source: 'game' as const, game: g.address, gameId: g.gameId, subject: g.subject, challenge: g.challenge };
  if (e.eventName === 'GameOpened') {
    const clock = b(a.clock);
    const steps = b(a.steps);
    const s: GameState = { clocks: { challenger: clock, defender: clock }, lastAt: where.timestamp, turn: 'challenger' };
    s.prev = { start: 0n, length: steps, parts: 1 };
    states.set(key, s);
    return {
      ...base,
      event: 'GameOpened',
      clocks: { ...s.clocks },
      opener: a.opener as Address,
      challenger: a.challenger as Address,
      defender: a.defender as Address,
      claim: { startRoot: a.startRoot as Hex, endRoot: a.endRoot as Hex, steps },
      clock,
    };
  }
  const s = states.get(key) ?? { clocks: { challenger: 0n, defender: 0n }, lastAt: where.timestamp, turn: 'challenger' as GameSide };
  states.set(key, s);
  const spent = BigInt(Math.max(0, where.timestamp - s.lastAt));
  if (e.eventName === 'GameEnded') {
    const status = GAME_STATUSES[n(a.status)] ?? 'none';
    const byTimeout = Boolean(a.byTimeout);
    if (byTimeout) s.clocks[s.turn] = 0n;
    return {
      ...base,
      event: 'GameEnded',
      clocks: { ...s.clocks },
      status,
      winner: status === 'challengerWon' ? 'challenger' : 'defender',
      byTimeout,
    };
  }
  const side = GAME_SIDES[n(a.side)] ?? 'challenger';
  s.lastAt = where.timestamp;
  s.turn = other(side);
  if (e.eventName === 'Bisected') {
    const start = b(a.start);
    const length = b(a.length);
    const roots = a.roots as Hex[];
    const part = partNamed(s.prev, start, length);
    const parts = s.prev?.parts;
    s.clocks[side] = b(a.clockLeft);
    s.prev = { start, length, parts: roots.length - 1 };
    return { ...base, event: 'Bisected', clocks: { ...s.clocks }, side, mover: a.mover as Address, part, parts, start, length, roots };
  }
  const stepIndex = b(a.stepIndex);
  s.clocks[side] = s.clocks[side] > spent ? s.clocks[side] - spent : 0n;
  const preRoot = a.preRoot as Hex;
  const postRoot = a.postRoot as Hex;
  return {
    ...base,
    event: 'OneStepProven',
    clocks: { ...s.clocks },
    side,
    mover: a.mover as Address,
    proof: preRoot === postRoot ? 'halted' : 'step',
    part: partNamed(s.prev, stepIndex, 1n),
    stepIndex,
    preRoot,
    postRoot,
    refutedRoot: a.refutedRoot as Hex,
  };
}

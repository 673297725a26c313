import {
  type DealEvent,
  type DisputeTimelineEntry,
  type DisputedTaskStatus,
  type GameStatusName,
  type ProofgridClient,
  type ResolutionName,
  getDealEvents,
  getDisputeGame,
  getDisputeTimeline,
  getTaskResolution,
  taskIdOf,
} from '@proofgrid/sdk';
import type { Address, Hex } from 'viem';

export type GameStatus = GameStatusName;

/** One challenge of a deal: of an optimistic answer (subject = the task id) or of a finalized batch (the batch id). */
export type Dispute = {
  subject: Hex;
  kind: 'answer' | 'batch';
  task: number;
  challenge: number;
  challenger: Address;
  game: Address;
  gameId: bigint;
  deposit: bigint;
  gameStatus: GameStatus;
  /** The hub moved the loser's deposit (resolveChallenge / resolveBatchChallenge). */
  resolved: boolean;
  challengerWon?: boolean;
  /** The answer's ECM state (challenges of answers only). */
  answerState?: ResolutionName;
  answerStatus?: DisputedTaskStatus;
  openedBlock: bigint;
  openedTx: Hex;
};

const lower = (h: unknown) => String(h).toLowerCase();

/**
 * The challenges of a deal, read from the chain only: the hub's dispute events (SDK `getDealEvents`,
 * which throws `DealUnknown` for an unknown deal), each game's status (SDK `getDisputeGame`), each answer's ECM state.
 */
export async function disputesOf(client: ProofgridClient, dealId: Hex): Promise<{ events: DealEvent[]; disputes: Dispute[] }> {
  const events = await getDealEvents(client, { dealId });
  const answered = new Map<string, number>();
  const batchTask = new Map<string, number>();
  const won = new Map<string, boolean>();
  for (const e of events) {
    const a = e.args;
    if (e.eventName === 'TaskAnswered') answered.set(lower(a.taskId), Number(a.index));
    if (e.eventName === 'BatchChallenged') batchTask.set(`${lower(a.batchId)}:${a.challenge}`, Number(a.index));
    if (e.eventName === 'ChallengeResolved') won.set(`${lower(a.subject)}:${a.challenge}`, Boolean(a.challengerWon));
  }
  const opened = events.filter((e) => e.eventName === 'DisputeGameOpened');
  const disputes = await Promise.all(
    opened.map(async (e): Promise<Dispute> => {
      const a = e.args;
      const id = `${lower(a.subject)}:${a.challenge}`;
      const kind = answered.has(lower(a.subject)) ? 'answer' : 'batch';
      const { status } = await getDisputeGame(client, { game: a.game as Address, gameId: a.gameId as bigint, fromBlock: e.blockNumber });
      return {
        subject: a.subject as Hex,
        kind,
        task: (kind === 'answer' ? answered.get(lower(a.subject)) : batchTask.get(id)) ?? -1,
        challenge: Number(a.challenge),
        challenger: a.challenger as Address,
        game: a.game as Address,
        gameId: a.gameId as bigint,
        deposit: BigInt(a.deposit as bigint),
        gameStatus: status,
        resolved: won.has(id),
        challengerWon: won.get(id),
        openedBlock: e.blockNumber,
        openedTx: e.transactionHash,
      };
    }),
  );
  const states = new Map(
    await Promise.all(
      [...new Set(disputes.filter((d) => d.kind === 'answer').map((d) => d.task))].map(
        async (i) => [i, await getTaskResolution(client, taskIdOf(dealId, i))] as const,
      ),
    ),
  );
  for (const d of disputes) {
    const r = d.kind === 'answer' ? states.get(d.task) : undefined;
    if (r) Object.assign(d, { answerState: r.state, answerStatus: r.status });
  }
  return { events, disputes };
}

/** One move of a game, from the SDK's dispute timeline (`args`: the typed entry). */
export type GameMove = {
  event: 'GameOpened' | 'Bisected' | 'OneStepProven' | 'GameEnded';
  args: DisputeTimelineEntry;
  blockNumber: bigint;
  timestamp: number;
  transactionHash: Hex;
  logIndex: number;
  gasUsed: bigint;
};

/**
 * The SDK's dispute timeline of task `index` (its optimistic answer) and of the batches whose challenges name it,
 * restricted to the challenges in `disputes`, with each dispute's game moves.
 */
export async function taskTimeline(client: ProofgridClient, dealId: Hex, index: number, disputes: Dispute[], fromBlock: bigint) {
  const taskId = taskIdOf(dealId, index);
  const batches = [...new Set(disputes.filter((d) => d.kind === 'batch').map((d) => d.subject))] as Hex[];
  const stories = await Promise.all([
    getDisputeTimeline(client, { taskId, fromBlock }),
    ...batches.map((batchId) => getDisputeTimeline(client, { batchId, fromBlock })),
  ]);
  const mine = new Set(disputes.map((d) => `${d.subject.toLowerCase()}:${d.challenge}`));
  const challengeOf = (e: DisputeTimelineEntry) =>
    e.source === 'game'
      ? `${e.subject.toLowerCase()}:${e.challenge}`
      : 'subject' in e
        ? `${e.subject.toLowerCase()}:${e.challenge}`
        : undefined;
  const timeline = stories.flat().filter((e) => {
    if (e.event === 'BatchChallenged') return e.index === index;
    if (e.event === 'BatchOverturned') return true;
    const id = challengeOf(e);
    return id === undefined || mine.has(id);
  });
  timeline.sort((a, b) => byChainOrder(a, b));
  const moves = (d: Dispute): GameMove[] =>
    timeline
      .filter((e) => e.source === 'game' && e.gameId === d.gameId && e.game.toLowerCase() === d.game.toLowerCase())
      .map((e) => ({
        event: e.event as GameMove['event'],
        args: e,
        blockNumber: e.blockNumber,
        timestamp: e.timestamp,
        transactionHash: e.transactionHash,
        logIndex: e.logIndex,
        gasUsed: e.gasUsed,
      }));
  return { timeline, moves };
}

export function byChainOrder(a: { blockNumber: bigint; logIndex: number }, b: { blockNumber: bigint; logIndex: number }) {
  return a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1;
}

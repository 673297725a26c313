import {
  type DealEvent,
  type DisputedTaskStatus,
  type ProofgridClient,
  type ResolutionName,
  disputeGameAbi,
  getDealEvents,
  getTaskResolution,
  taskIdOf,
} from '@proofgrid/sdk';
import type { Address, Hex } from 'viem';

/** The game's `IDisputeGame.Status`, in words. */
export const GAME_STATUSES = ['none', 'open', 'defenderWon', 'challengerWon'] as const;
export type GameStatus = (typeof GAME_STATUSES)[number];

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
 * which throws `DealUnknown` for an unknown deal), each game's status, each answer's ECM state.
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
      const status = (await client.public.readContract({
        address: a.game as Address,
        abi: disputeGameAbi,
        functionName: 'status',
        args: [a.gameId as bigint],
      })) as number;
      return {
        subject: a.subject as Hex,
        kind,
        task: (kind === 'answer' ? answered.get(lower(a.subject)) : batchTask.get(id)) ?? -1,
        challenge: Number(a.challenge),
        challenger: a.challenger as Address,
        game: a.game as Address,
        gameId: a.gameId as bigint,
        deposit: BigInt(a.deposit as bigint),
        gameStatus: GAME_STATUSES[status] ?? 'none',
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

/** One move of a game, from DisputeGame's events. */
export type GameMove = {
  event: 'GameOpened' | 'Bisected' | 'OneStepProven' | 'GameEnded';
  args: Record<string, unknown>;
  blockNumber: bigint;
  transactionHash: Hex;
  logIndex: number;
};

const GAME_EVENTS = ['GameOpened', 'Bisected', 'OneStepProven', 'GameEnded'] as const;

/** A game's events (opened, bisections, step proofs, end), in chain order. */
export async function gameMoves(client: ProofgridClient, d: Dispute): Promise<GameMove[]> {
  const logs = await Promise.all(
    GAME_EVENTS.map((eventName) =>
      client.public.getContractEvents({
        address: d.game,
        abi: disputeGameAbi,
        eventName,
        args: { gameId: d.gameId },
        fromBlock: d.openedBlock,
      } as never),
    ),
  );
  return (logs.flat() as unknown as (GameMove & { eventName: GameMove['event'] })[])
    .map(({ eventName, args, blockNumber, transactionHash, logIndex }) => ({
      event: eventName,
      args,
      blockNumber,
      transactionHash,
      logIndex,
    }))
    .sort(byChainOrder);
}

export function byChainOrder(a: { blockNumber: bigint; logIndex: number }, b: { blockNumber: bigint; logIndex: number }) {
  return a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1;
}

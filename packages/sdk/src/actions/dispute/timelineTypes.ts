import type { Address, Hex } from 'viem';
import type { BatchId, DealId, TaskId } from '../../types/ids.ts';
import type { ProvableClaim } from '../../utils/provableDigest.ts';
import type { GameSide, GameStatusName } from './getDisputeGame.ts';

/** Where an entry happened: the block, its time, the transaction, its sender and the gas it used. */
export type TimelineWhere = {
  blockNumber: bigint;
  /** Unix seconds of the block. */
  timestamp: number;
  transactionHash: Hex;
  logIndex: number;
  /** The account that sent the transaction. */
  from: Address;
  /** Gas used by the whole transaction. */
  gasUsed: bigint;
};

/** Seconds left on each side's clock right after a game entry. */
export type GameClocks = { challenger: bigint; defender: bigint };
type GameOf = { source: 'game'; game: Address; gameId: bigint; subject: Hex; challenge: number; clocks: GameClocks };
type HubOf = { source: 'hub' };

/** One entry of a task's or a batch's dispute story, hub events and game moves in one chain order. */
export type DisputeTimelineEntry = TimelineWhere &
  (
    | (HubOf & {
        event: 'TaskAnswered';
        taskId: TaskId;
        dealId: DealId;
        index: number;
        answerer: Address;
        digest: Hex;
        outputDigest: Hex;
        claim: ProvableClaim;
        windowEnd: number;
        deposit: bigint;
      })
    | (HubOf & { event: 'TaskChallenged'; taskId: TaskId; challenger: Address; challenge: number })
    | (HubOf & { event: 'BatchChallenged'; batchId: BatchId; challenger: Address; challenge: number; index: number })
    | (HubOf & {
        event: 'DisputeGameOpened';
        subject: Hex;
        challenge: number;
        challenger: Address;
        game: Address;
        gameId: bigint;
        deposit: bigint;
      })
    | (HubOf & { event: 'ChallengeResolved'; subject: Hex; challenge: number; challengerWon: boolean; paidTo: Address; amount: bigint })
    | (HubOf & { event: 'AnswerResolved'; taskId: TaskId; overturned: boolean })
    | (HubOf & { event: 'AnswerFinalized'; taskId: TaskId; dealId: DealId; overturned: boolean })
    | (HubOf & { event: 'BatchOverturned'; batchId: BatchId; dealId: DealId; checker: Address; evidence: Hex })
    | (GameOf & { event: 'GameOpened'; opener: Address; challenger: Address; defender: Address; claim: ProvableClaim; clock: bigint })
    | (GameOf & {
        event: 'Bisected';
        side: GameSide;
        mover: Address;
        /** The part of the opponent's last vector the mover named (undefined if that vector is not in the timeline). */
        part?: number;
        /** Parts of the opponent's last vector. */
        parts?: number;
        start: bigint;
        length: bigint;
        roots: Hex[];
      })
    | (GameOf & {
        event: 'OneStepProven';
        side: GameSide;
        mover: Address;
        /** `step`: OneStepProver executed the step; `halted`: a halted state shown from its fields, left unchanged. */
        proof: 'step' | 'halted';
        part?: number;
        stepIndex: bigint;
        preRoot: Hex;
        postRoot: Hex;
        refutedRoot: Hex;
      })
    | (GameOf & { event: 'GameEnded'; status: GameStatusName; winner: GameSide; byTimeout: boolean })
  );

export type DisputeTimelineEvent = DisputeTimelineEntry['event'];

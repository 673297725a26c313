import type { Address, Hex } from 'viem';
import {
  type DealKey,
  type TaskResolution,
  decodeError,
  disputeGameAbi,
  finalizeAnswer,
  getTaskResolution,
  hubAbi,
  resolveChallenge,
  taskIdOf,
} from '@proofgrid/sdk';
import type { Ctx } from '../engine/context.ts';
import { type AnswerEffect, type AnswerEvent, type AnswerState, reduceAnswer } from '../scheduling/answer.ts';
import type { BatchEvent } from '../scheduling/batch.ts';
import type { BatchRow, DealRow } from '../store/index.ts';

/** DisputeGame's status enum: 1 is Open. */
const GAME_OPEN = 1;

/**
 * The answer lifecycle against the chain (decision 026): `syncAnswer` reads an optimistic task's
 * resolution, feeds the answer reducer, and carries out its effects: `resolveChallenge` for every game
 * that ended, `finalizeAnswer` once the window passed with no open game (or a game overturned it), both
 * through the one serial queue; the task's batch follows (answered, then finalized or claimed).
 */
export function createAnswerSync(
  ctx: Ctx,
  batch: { raise: (batchId: Hex, event: BatchEvent) => Promise<boolean>; answeredRoot: (batchId: Hex) => Hex },
) {
  const { store, client, log, queue } = ctx;
  /** The last resolution read of each task still open (answerWatch.ts keeps its window's end from it). */
  const resolutions = new Map<Hex, TaskResolution>();

  /** The chain's clock: the wall clock, or the last block's when chain time ran ahead (evm_increaseTime). */
  async function chainNow(): Promise<number> {
    const block = await client.public.getBlock({ blockTag: 'latest' });
    return Math.max(Math.floor(Date.now() / 1000), Number(block.timestamp));
  }

  /** The event the chain's view of the task stands for (none while nobody answered). */
  function eventOf(r: TaskResolution, now: number): AnswerEvent | undefined {
    switch (r.status) {
      case 'pending':
        return undefined;
      case 'completed':
        return { type: 'finalized' };
      case 'refunded':
        return { type: 'refunded' };
      case 'payable':
        return { type: 'payable' };
      case 'disputed':
        return { type: 'challenged' };
      case 'answered':
        // Derived from the call's block time: an idle chain's last block may be older than the window's end.
        if (r.openGames === 0 && r.windowEnd <= now) return { type: 'payable' };
        return r.challenges > 0 && r.openGames === 0 && r.overturned ? { type: 'payable' } : { type: 'answered' };
    }
  }

  /** Moves one optimistic task along from what the chain says. */
  async function syncAnswer(b: BatchRow, deal: DealRow, key: DealKey): Promise<void> {
    const taskId = taskIdOf(deal.deal_id, b.first);
    const r = await getTaskResolution(client, taskId);
    if (r.status === 'completed' || r.status === 'refunded') resolutions.delete(b.batch_id);
    else resolutions.set(b.batch_id, r);
    const from: AnswerState = b.answer ?? 'unanswered';
    let event = eventOf(r, await chainNow());
    if (!event) return;
    // A game ended and resolved while the window is still open: the answer waits again.
    if (event.type === 'answered' && from === 'disputed') event = { type: 'upheld' };
    const step = reduceAnswer(from, event);
    if (!step.ok) return void log.debug({ batch: b.batch_id, from: step.from, event: step.event }, step.message);
    if (step.state !== from) {
      store.batches.setAnswer(b.batch_id, step.state, Date.now());
      b.answer = step.state;
      log.info({ dealId: deal.deal_id, index: b.first, answer: step.state }, 'optimistic task');
    } else store.batches.touch(b.batch_id, Date.now());
    for (const effect of step.effects) await run(b, key, taskId, effect);
  }

  async function run(b: BatchRow, key: DealKey, taskId: Hex, effect: AnswerEffect): Promise<void> {
    const index = b.first;
    switch (effect.type) {
      case 'batchAnswered':
        await batch.raise(b.batch_id, { type: 'answered' });
        return;
      case 'batchEnded':
        await batch.raise(b.batch_id, effect.paid ? { type: 'finalized', root: batch.answeredRoot(b.batch_id) } : { type: 'claimed' });
        return;
      case 'finalize':
        try {
          await queue.run(() => finalizeAnswer(client, { key, index }));
          log.info({ batch: b.batch_id, index }, 'answer finalized');
        } catch (err) {
          // DisputeUnexpectedState: not payable yet (the block's clock) or finalized by someone else; read again next time.
          log.debug({ batch: b.batch_id, code: decodeError(err).code }, 'finalizeAnswer refused; read again later');
        }
        return;
      case 'resolveEnded':
        return resolveEnded(b, key, taskId);
    }
  }

  /** Sends `resolveChallenge` for each unresolved challenge of the task whose game is over. */
  async function resolveEnded(b: BatchRow, key: DealKey, taskId: Hex): Promise<void> {
    const hub = client.deployment.hub;
    const count = await client.public.readContract({ address: hub, abi: hubAbi, functionName: 'challengeCount', args: [taskId] });
    for (let i = 0n; i < count; i++) {
      const c = (await client.public.readContract({ address: hub, abi: hubAbi, functionName: 'challengeOf', args: [taskId, i] })) as {
        game: Address;
        gameId: bigint;
        resolved: boolean;
      };
      if (c.resolved) continue;
      const game = (await client.public.readContract({ address: c.game, abi: disputeGameAbi, functionName: 'game', args: [c.gameId] })) as {
        status: number;
      };
      if (Number(game.status) === GAME_OPEN) continue;
      try {
        await queue.run(() => resolveChallenge(client, { key, index: b.first, challenge: i }));
        log.info({ batch: b.batch_id, index: b.first, challenge: Number(i) }, 'challenge resolved');
      } catch (err) {
        // The answerer (or anyone) may have resolved it first.
        log.debug({ batch: b.batch_id, challenge: Number(i), code: decodeError(err).code }, 'resolveChallenge refused');
      }
    }
  }

  return { syncAnswer, resolutionOf: (batchId: Hex) => resolutions.get(batchId) };
}

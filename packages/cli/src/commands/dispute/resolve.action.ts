import { hubAbi, resolveChallenge, taskIdOf } from '@proofgrid/sdk';
import { parseEventLogs } from 'viem';
import type { Context } from '../../context.ts';
import { parseUint, tokens } from '../../format.ts';
import { fields } from '../../output.ts';
import { resolveBatchTask } from './batchChallenge.ts';
import { dealTask } from './show.action.ts';

/** Reads a challenge's finished game and moves the loser's deposit to the winner (anyone may call). */
export default async function resolve(
  ctx: Context,
  dealIdText: string,
  indexText: string,
  challengeText: string,
  opts: { batch?: string } = {},
) {
  const challenge = parseUint(challengeText, 'challenge index');
  const client = await ctx.signer();
  const { dealId, index, key } = await dealTask(ctx, dealIdText, indexText);
  const receipt =
    opts.batch !== undefined
      ? (await resolveBatchTask(client, key, index, opts.batch, challenge)).receipt
      : await resolveChallenge(client, { key, index, challenge });
  const logs = parseEventLogs({ abi: hubAbi, logs: receipt.logs });
  const resolved = logs.find((l) => l.eventName === 'ChallengeResolved')?.args as
    | { challengerWon: boolean; paidTo: string; amount: bigint }
    | undefined;
  const answer = logs.find((l) => l.eventName === 'AnswerResolved')?.args as { overturned: boolean } | undefined;
  const overturnedBatch = logs.some((l) => l.eventName === 'BatchOverturned');
  ctx.out.result(
    {
      dealId,
      index,
      taskId: taskIdOf(dealId, index),
      challenge: Number(challenge),
      challengerWon: resolved?.challengerWon,
      paidTo: resolved?.paidTo,
      amount: resolved?.amount,
      batch: opts.batch,
      answerResolved: answer !== undefined,
      overturned: opts.batch !== undefined ? overturnedBatch : answer?.overturned,
      tx: receipt.transactionHash,
    },
    (d) =>
      fields([
        ['resolved', `challenge ${d.challenge} of task ${d.index}: ${d.challengerWon ? 'the challenger won' : 'the defender won'}`],
        ['paid', d.amount === undefined ? undefined : `${tokens(d.amount)} to ${d.paidTo}`],
        ['batch', d.batch === undefined ? undefined : d.overturned ? `${d.batch} overturned` : `${d.batch} stands`],
        [
          'answer',
          d.batch !== undefined
            ? undefined
            : d.answerResolved
              ? d.overturned
                ? 'overturned (all games over)'
                : 'stands (all games over)'
              : 'other games still open',
        ],
        ['tx', d.tx],
      ]),
  );
}

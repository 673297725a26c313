import { getBatchResult, isTaskSettled, taskIdOf } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { short } from '../../format.ts';
import { fields } from '../../output.ts';
import { workersOf } from '../deal/show.action.ts';
import { taskOf } from './taskOf.ts';

export default async function show(ctx: Context, dealIdText: string, indexText: string) {
  const { deal, task, batch } = await taskOf(ctx, dealIdText, indexText);
  const client = await ctx.client();
  const [chain, settled] = await Promise.all([
    getBatchResult(client, batch.batchId),
    isTaskSettled(client, { key: deal.key, index: task.index }),
  ]);
  const data = {
    dealId: deal.dealId,
    taskId: taskIdOf(deal.dealId, task.index),
    ...task,
    batch: {
      batchId: batch.batchId,
      first: batch.first,
      count: batch.count,
      status: batch.status,
      chainStatus: chain.status,
      root: chain.root,
    },
    settled,
  };
  ctx.out.result(data, (d) =>
    fields([
      ['deal', d.dealId],
      ['task', `${d.index} (${d.taskId})`],
      ['status', d.status],
      ['on chain', `batch ${d.batch.chainStatus}${d.settled ? ', task settled (paid)' : ''}`],
      ['batch', `${short(d.batch.batchId, 18)} tasks ${d.batch.first}-${d.batch.first + d.batch.count - 1}`],
      ['result root', d.batch.root],
      ['digest', d.digest],
      ['workers', workersOf(batch.workers as unknown[])],
      ['attempts', d.attempts],
      ['error', d.error],
    ]),
  );
}

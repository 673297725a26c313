import type { DealView, TaskView } from '@proofgrid/sdk/api';
import type { Context } from '../../context.ts';
import { UsageError } from '../../errors.ts';
import { parseBytes32, parseUint } from '../../format.ts';

/** The market's view of a deal and of its task `index` (checked against the deal's volume). */
export async function taskOf(
  ctx: Context,
  dealIdText: string,
  indexText: string,
): Promise<{ deal: DealView; task: TaskView; batch: DealView['batches'][number] }> {
  const dealId = parseBytes32(dealIdText, 'deal id');
  const index = Number(parseUint(indexText, 'task index'));
  const deal = await ctx.market().getDeal(dealId);
  if (index >= deal.key.volume)
    throw new UsageError(`deal ${dealId} has ${deal.key.volume} tasks (0 to ${deal.key.volume - 1}), not ${index}`, 'TaskOutOfRange', {
      dealId,
      index,
    });
  const task = deal.tasks.find((t) => t.index === index);
  const batch = deal.batches.find((b) => b.first <= index && index < b.first + b.count);
  if (!task || !batch) throw new UsageError(`task ${index} of deal ${dealId} is not scheduled yet`, 'TaskUnscheduled', { dealId, index });
  return { deal, task, batch };
}

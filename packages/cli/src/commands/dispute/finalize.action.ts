import { finalizeAnswer, getTaskResolution, taskIdOf } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { fields } from '../../output.ts';
import { dealTask } from './show.action.ts';

/** Pays a soft- or firm-resolved answer, or refunds the requester of an overturned one (anyone may call). */
export default async function finalize(ctx: Context, dealIdText: string, indexText: string) {
  const client = await ctx.signer();
  const { dealId, index, key } = await dealTask(ctx, dealIdText, indexText);
  const receipt = await finalizeAnswer(client, { key, index });
  const taskId = taskIdOf(dealId, index);
  const { state, status, overturned } = await getTaskResolution(client, taskId);
  ctx.out.result({ dealId, index, taskId, state, status, overturned, tx: receipt.transactionHash }, (d) =>
    fields([
      ['finalized', `task ${d.index}: ${d.overturned ? 'the requester was refunded' : 'the answer was paid'} (${d.state}, ${d.status})`],
      ['tx', d.tx],
    ]),
  );
}

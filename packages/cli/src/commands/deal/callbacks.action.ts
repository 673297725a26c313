import { deliverDealCallbacks } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { parseBytes32 } from '../../format.ts';
import { fields } from '../../output.ts';

/** `proofgrid deal callbacks <dealId>`: delivers the callbacks of the deal's multi-task batches (anyone may). */
export default async function callbacks(ctx: Context, dealIdText: string) {
  const dealId = parseBytes32(dealIdText, 'deal id');
  const r = await deliverDealCallbacks(await ctx.signer(), ctx.market(), dealId);
  ctx.out.result(r, (d) =>
    fields([
      ['deal', d.dealId],
      ['callback', d.callback],
      ['delivered', String(d.delivered)],
      ['already delivered', String(d.already)],
      ['failed', d.failed.length ? d.failed.map((f) => `task ${f.index} ${f.code}`).join(', ') : undefined],
    ]),
  );
}

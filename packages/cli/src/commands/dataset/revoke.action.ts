import { cancelOrder, signerOf } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { parseUint } from '../../format.ts';
import { openOffers } from '../../lib/orders.ts';
import { secretsClient } from '../../lib/secrets.ts';
import { fields } from '../../output.ts';

/** Revokes the key at the secret service (later tasks are refused) and cancels the open dataset orders on chain (no new deals). */
export default async function revoke(ctx: Context, datasetArg: string, opts: { secrets?: string; keepOrders?: boolean }) {
  const dataset = parseUint(datasetArg, 'dataset id');
  const client = await ctx.signer();
  await secretsClient(opts.secrets).revoke(signerOf(client as never), { dataset });
  const cancelled: string[] = [];
  if (!opts.keepOrders && ctx.hasMarket()) {
    for (const o of await openOffers(ctx.market(), 'dataset', { asset: dataset })) {
      if (o.signer.toLowerCase() !== client.account.address.toLowerCase()) continue;
      await cancelOrder(client, { kind: 'dataset', order: o.order });
      cancelled.push(o.hash);
    }
  }
  ctx.out.result({ dataset, revoked: true, cancelledOrders: cancelled }, (d) =>
    fields([
      ['dataset', d.dataset],
      ['key', 'revoked: the secret service refuses every later key request'],
      ['orders cancelled on chain', d.cancelledOrders.length ? d.cancelledOrders.join(', ') : 'none'],
    ]),
  );
}

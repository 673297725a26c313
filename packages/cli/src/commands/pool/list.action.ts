import type { MarketStatus } from '@proofgrid/sdk/api';
import type { Context } from '../../context.ts';
import { tokens } from '../../format.ts';
import { openOffers } from '../../lib/orders.ts';
import { assetCount, getWorkerpoolInfo } from '../../lib/registry.ts';
import { table } from '../../output.ts';

export default async function list(ctx: Context) {
  const client = await ctx.client();
  const n = await assetCount(client, 'workerpool');
  let status: MarketStatus | undefined;
  let offers: Awaited<ReturnType<typeof openOffers<'workerpool'>>> = [];
  if (ctx.hasMarket()) [status, offers] = await Promise.all([ctx.market().status(), openOffers(ctx.market(), 'workerpool')]);
  const pools = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const info = await getWorkerpoolInfo(client, BigInt(i + 1));
      const own = offers.filter((o) => o.order.workerpool === info.workerpool);
      const served = status !== undefined && String(status.workerpool) === String(info.workerpool);
      return {
        ...info,
        cheapestPrice: own[0]?.order.price,
        offers: own.length,
        market: served ? { url: ctx.market().url, workers: status!.workers, deals: status!.deals } : undefined,
      };
    }),
  );
  ctx.out.result(pools, (rows) =>
    rows.length === 0
      ? 'no workerpool is registered'
      : table(
          ['POOL', 'DESCRIPTION', 'FROM', 'OFFERS', 'SCHEDULER', 'MARKET'],
          rows.map((p) => [
            String(p.workerpool),
            p.description,
            p.cheapestPrice === undefined ? '-' : tokens(p.cheapestPrice),
            String(p.offers),
            p.scheduler,
            p.market ? `${p.market.url} (${p.market.workers.online} workers online)` : '-',
          ]),
        ),
  );
}

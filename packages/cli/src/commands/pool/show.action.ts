import type { Context } from '../../context.ts';
import { parseUint, short, tokens } from '../../format.ts';
import { openOffers } from '../../lib/orders.ts';
import { getCategories, getWorkerpoolInfo } from '../../lib/registry.ts';
import { fields, table } from '../../output.ts';

export default async function show(ctx: Context, id: string) {
  const client = await ctx.client();
  const pool = await getWorkerpoolInfo(client, parseUint(id, 'workerpool id'));
  const categories = await getCategories(client);
  const market = ctx.hasMarket() ? ctx.market() : undefined;
  const status = market ? await market.status() : undefined;
  const served = status !== undefined && String(status.workerpool) === String(pool.workerpool);
  const offers = market
    ? (await openOffers(market, 'workerpool', { asset: pool.workerpool })).map((o) => ({
        hash: o.hash,
        price: o.order.price,
        category: Number(o.order.category),
        trust: Number(o.order.trust),
        remaining: o.remaining,
      }))
    : [];
  const data = { ...pool, offers, market: served ? { url: market!.url, ...status } : undefined };
  ctx.out.result(data, (d) =>
    [
      fields([
        ['workerpool', d.workerpool],
        ['description', d.description],
        ['owner', d.owner],
        ['scheduler', d.scheduler],
        ['worker stake', `${d.workerStakeRatio}% of the task price`],
        ['scheduler reward', `${d.schedulerRewardRatio}% of the pool price`],
        [
          'resources',
          Object.entries(d.resources)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(' '),
        ],
        [
          'market',
          d.market
            ? `${d.market.url}: ${d.market.workers.online} workers online, ${d.market.deals.running} deals running, ${d.market.deals.completed} completed`
            : undefined,
        ],
      ]),
      d.offers.length
        ? `\n${table(
            ['ORDER', 'CATEGORY', 'PRICE', 'MAX TRUST', 'REMAINING'],
            d.offers.map((o) => [
              short(o.hash, 18),
              categories[o.category]?.name ?? String(o.category),
              tokens(o.price),
              String(o.trust),
              String(o.remaining),
            ]),
          )}`
        : '\nno open workerpool order',
    ].join('\n'),
  );
}

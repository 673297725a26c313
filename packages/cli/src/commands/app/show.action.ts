import type { Context } from '../../context.ts';
import { parseUint, short, tokens } from '../../format.ts';
import { openOffers } from '../../lib/orders.ts';
import { getAppInfo } from '../../lib/registry.ts';
import { fields, table } from '../../output.ts';

export default async function show(ctx: Context, id: string) {
  const app = await getAppInfo(await ctx.client(), parseUint(id, 'app id'));
  const orders = ctx.hasMarket()
    ? (await openOffers(ctx.market(), 'app', { asset: app.app })).map((o) => ({
        hash: o.hash,
        price: o.order.price,
        remaining: o.remaining,
      }))
    : [];
  ctx.out.result({ ...app, orders }, (d) =>
    [
      fields([
        ['app', d.app],
        ['name', d.name],
        ['owner', d.owner],
        ['uri', d.uri],
        ['module', d.moduleHash],
        ['memory', `${d.maxMemoryMb} MiB`],
        ['category', d.category],
      ]),
      d.orders.length
        ? `\n${table(
            ['ORDER', 'PRICE', 'REMAINING'],
            d.orders.map((o) => [short(o.hash, 18), tokens(o.price), String(o.remaining)]),
          )}`
        : '\nno open app order',
    ].join('\n'),
  );
}

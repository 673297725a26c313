import type { OrderEntry } from '@proofgrid/sdk/api';
import type { Context } from '../../context.ts';
import { tokens } from '../../format.ts';
import { openOffers } from '../../lib/orders.ts';
import { assetCount, getDatasetInfo } from '../../lib/registry.ts';
import { table } from '../../output.ts';

export default async function list(ctx: Context, opts: { all?: boolean }) {
  const client = await ctx.client();
  const offers = await openOffers(ctx.market(), 'dataset');
  const byDataset = new Map<bigint, OrderEntry<'dataset'>[]>();
  for (const o of offers) byDataset.set(o.order.dataset, [...(byDataset.get(o.order.dataset) ?? []), o]);
  const ids = opts.all
    ? Array.from({ length: await assetCount(client, 'dataset') }, (_, i) => BigInt(i + 1))
    : [...byDataset.keys()].sort((a, b) => Number(a - b));
  const datasets = await Promise.all(
    ids.map(async (id) => ({
      ...(await getDatasetInfo(client, id)),
      orders: (byDataset.get(id) ?? []).map((o) => ({ hash: o.hash, price: o.order.price, remaining: o.remaining })),
    })),
  );
  ctx.out.result(datasets, (rows) =>
    rows.length === 0
      ? 'no dataset has an open order on this market'
      : table(
          ['DATASET', 'NAME', 'PRICE', 'ORDERS', 'OWNER', 'CONTENT'],
          rows.map((d) => [
            String(d.dataset),
            d.name,
            d.orders[0] ? tokens(d.orders[0].price) : '-',
            String(d.orders.length),
            d.owner,
            d.contentHash.slice(0, 18),
          ]),
        ),
  );
}

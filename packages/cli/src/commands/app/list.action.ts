import type { OrderEntry } from '@proofgrid/sdk/api';
import type { Context } from '../../context.ts';
import { tokens } from '../../format.ts';
import { type AppInfo, assetCount, getAppInfo } from '../../lib/registry.ts';
import { openOffers } from '../../lib/orders.ts';
import { table } from '../../output.ts';

/** An app with its open offers, cheapest first. */
export type AppListing = AppInfo & { orders: { hash: string; price: bigint; remaining: bigint }[] };

export async function listApps(ctx: Context, { all = false } = {}): Promise<AppListing[]> {
  const client = await ctx.client();
  const offers = await openOffers(ctx.market(), 'app');
  const byApp = new Map<bigint, OrderEntry<'app'>[]>();
  for (const o of offers) byApp.set(o.order.app, [...(byApp.get(o.order.app) ?? []), o]);
  const ids = all
    ? Array.from({ length: await assetCount(client, 'app') }, (_, i) => BigInt(i + 1))
    : [...byApp.keys()].sort((a, b) => Number(a - b));
  return Promise.all(
    ids.map(async (id) => ({
      ...(await getAppInfo(client, id)),
      orders: (byApp.get(id) ?? []).map((o) => ({ hash: o.hash, price: o.order.price, remaining: o.remaining })),
    })),
  );
}

export default async function list(ctx: Context, opts: { all?: boolean }) {
  const apps = await listApps(ctx, { all: opts.all });
  ctx.out.result(apps, (rows) =>
    rows.length === 0
      ? 'no app has an open order on this market (publish one: proofgrid app publish <wasm> --name <n> --price <tokens>)'
      : table(
          ['APP', 'NAME', 'PRICE', 'ORDERS', 'OWNER', 'MODULE'],
          rows.map((a) => [
            String(a.app),
            a.name,
            a.orders[0] ? tokens(a.orders[0].price) : '-',
            String(a.orders.length),
            a.owner,
            a.moduleHash.slice(0, 18),
          ]),
        ),
  );
}

// Order-book lookups shared by several commands (cheapest open offer, offers per asset).
import type { MarketClient, OrderEntry } from '@proofgrid/sdk/api';

type Offer = 'app' | 'dataset' | 'workerpool';

/** Open offers of a kind, optionally for one asset, cheapest first. */
export async function openOffers<K extends Offer>(
  market: MarketClient,
  kind: K,
  filter: { asset?: bigint; category?: number } = {},
): Promise<OrderEntry<K>[]> {
  const orders = (await market.listOrders({
    kind,
    status: 'open',
    limit: 1000,
    ...(filter.asset !== undefined ? { [kind]: filter.asset } : {}),
    ...(filter.category !== undefined ? { category: filter.category } : {}),
  })) as OrderEntry<K>[];
  return orders
    .filter((o) => o.remaining > 0n)
    .sort((a, b) => (a.order.price < b.order.price ? -1 : a.order.price > b.order.price ? 1 : 0));
}

/** The asset id an offer is for. */
export function assetOf(o: OrderEntry): bigint {
  const order = o.order as unknown as Record<string, bigint>;
  return o.kind === 'request' ? order.app! : order[o.kind]!;
}

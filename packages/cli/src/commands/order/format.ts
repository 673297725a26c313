import type { OrderEntry } from '@proofgrid/sdk/api';
import { short, tokens, when } from '../../format.ts';
import { assetOf } from '../../lib/orders.ts';
import { fields, table } from '../../output.ts';

/** The price an order names: the asking price, or for a request the app's max price. */
function priceOf(o: OrderEntry): bigint {
  const order = o.order as unknown as Record<string, bigint>;
  return o.kind === 'request' ? order.appMaxPrice! + order.datasetMaxPrice! + order.workerpoolMaxPrice! : order.price!;
}

export function orderTable(orders: OrderEntry[]): string {
  if (orders.length === 0) return 'no order matches';
  return table(
    ['HASH', 'KIND', 'ASSET', 'PRICE', 'REMAINING', 'STATUS', 'SIGNER', 'CREATED'],
    orders.map((o) => [
      short(o.hash, 18),
      o.kind,
      `${o.kind === 'request' ? 'app ' : ''}${assetOf(o)}`,
      tokens(priceOf(o)),
      `${o.remaining}/${(o.order as { volume: bigint }).volume}`,
      o.status,
      short(o.signer, 12),
      when(o.createdAt),
    ]),
  );
}

export function orderFields(o: OrderEntry & { reason?: string }): string {
  const order = o.order as unknown as Record<string, unknown>;
  return fields([
    ['hash', o.hash],
    ['kind', o.kind],
    ['status', o.status],
    ['why not matched', o.reason],
    ['signer', o.signer],
    ['consumed', `${o.consumed} of ${String(order.volume)}`],
    ['created', when(o.createdAt)],
    ...Object.entries(order)
      .filter(([k]) => k !== 'signature')
      .map(([k, v]): [string, string] => [k, /price/i.test(k) ? tokens(v as bigint) : String(v)]),
  ]);
}

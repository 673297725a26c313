import type { Hex } from 'viem';
import type { OrderKind } from '@proofgrid/sdk';
import type { Db } from './schema.ts';
import type { MatchRow, OrderRow, OrderStatus } from './types.ts';

export type NewOrder = {
  hash: Hex;
  kind: OrderKind;
  body: string;
  signer: string;
  asset: string;
  app: string | null;
  dataset: string | null;
  workerpool: string | null;
  requester: string | null;
  category: number | null;
  trust: number | null;
  volume: string;
  consumed: string;
  expiry: number;
  created_at: number;
};

/** Columns the order list may filter on. */
export const ORDER_FILTERS = ['kind', 'app', 'dataset', 'workerpool', 'requester', 'category', 'status'] as const;
export type OrderFilter = Partial<Record<(typeof ORDER_FILTERS)[number], string | number>>;

export type Orders = ReturnType<typeof createOrders>;

/** The orders table and this scheduler's unconfirmed matches: statements compiled once. */
export function createOrders(db: Db) {
  const st = {
    get: db.prepare('select * from orders where hash = ?'),
    getOfKind: db.prepare('select * from orders where hash = ? and kind = ?'),
    insert: db.prepare(
      `insert into orders (hash, kind, body, signer, asset, app, dataset, workerpool, requester, category, trust, volume, consumed, expiry, status, created_at)
       values (:hash, :kind, :body, :signer, :asset, :app, :dataset, :workerpool, :requester, :category, :trust, :volume, :consumed, :expiry, 'open', :created_at)`,
    ),
    setStatus: db.prepare('update orders set status = ? where hash = ?'),
    setReason: db.prepare('update orders set reason = ? where hash = ?'),
    setConsumed: db.prepare('update orders set consumed = ?, status = ? where hash = ?'),
    openRequests: db.prepare(
      "select * from orders where kind = 'request' and status = 'open' and (workerpool = '0' or workerpool = ?) order by created_at limit 20",
    ),
    openOffers: db.prepare(
      "select * from orders where kind = ? and status = 'open' and asset = ? and signer is not null order by created_at",
    ),
    counts: db.prepare("select kind || ':' || status k, count(*) n from orders group by k"),
    matches: db.prepare('select * from matches'),
    addMatch: db.prepare('insert or ignore into matches (tx, request_hash, orders, created_at) values (?, ?, ?, ?)'),
    deleteMatch: db.prepare('delete from matches where tx = ?'),
  };
  return {
    get: (hash: string) => st.get.get(hash) as OrderRow | undefined,
    getOfKind: (hash: string, kind: OrderKind) => st.getOfKind.get(hash, kind) as OrderRow | undefined,
    insert: (o: NewOrder) => st.insert.run(o),
    setStatus: (hash: Hex, status: OrderStatus) => st.setStatus.run(status, hash),
    setReason: (hash: Hex, reason: string | null) => st.setReason.run(reason, hash),
    setConsumed: (hash: Hex, consumed: bigint, status: OrderStatus) => st.setConsumed.run(consumed.toString(), status, hash),
    openRequests: (workerpool: string) => st.openRequests.all(workerpool) as OrderRow[],
    /** Open offers of a kind for an asset, oldest first. */
    openOffers: (kind: Exclude<OrderKind, 'request'>, asset: string) => st.openOffers.all(kind, asset) as OrderRow[],
    /** Newest first; the filter's columns are from ORDER_FILTERS only. */
    list(filter: OrderFilter, limit: number) {
      const cols = ORDER_FILTERS.filter((c) => filter[c] !== undefined);
      const where = cols.length ? `where ${cols.map((c) => `${c} = ?`).join(' and ')}` : '';
      return db
        .prepare(`select * from orders ${where} order by created_at desc limit ?`)
        .all(...cols.map((c) => filter[c]), limit) as OrderRow[];
    },
    counts: () => Object.fromEntries((st.counts.all() as { k: string; n: number }[]).map((r) => [r.k, r.n])),
    matches: () => st.matches.all() as MatchRow[],
    addMatch: (tx: Hex, requestHash: Hex, orders: Hex[], now: number) => st.addMatch.run(tx, requestHash, JSON.stringify(orders), now),
    deleteMatch: (tx: Hex) => st.deleteMatch.run(tx),
  };
}

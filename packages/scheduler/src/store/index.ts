import { createBatches } from './batches.ts';
import { createDeals } from './deals.ts';
import { createLeases } from './leases.ts';
import { createOrders } from './orders.ts';
import type { Db } from './schema.ts';
import { createWorkers } from './workers.ts';

export { openDb, type Db } from './schema.ts';
export type * from './types.ts';
export type { NewOrder, OrderFilter } from './orders.ts';
export type { BatchSummary } from './batches.ts';
export type { LeaseSummary } from './leases.ts';
export { ORDER_FILTERS } from './orders.ts';

export type Store = ReturnType<typeof createStore>;

/** The scheduler's repositories over one database, and its key-value meta. */
export function createStore(db: Db) {
  const meta = {
    get: db.prepare('select v from meta where k = ?').pluck(),
    set: db.prepare('insert into meta (k, v) values (?, ?) on conflict(k) do update set v = excluded.v'),
  };
  return {
    db,
    deals: createDeals(db),
    batches: createBatches(db),
    leases: createLeases(db),
    orders: createOrders(db),
    workers: createWorkers(db),
    getMeta: (k: string) => meta.get.get(k) as string | undefined,
    setMeta: (k: string, v: string) => void meta.set.run(k, v),
    /** Runs `fn` in one SQLite transaction. */
    tx: <T>(fn: () => T): T => db.transaction(fn)(),
  };
}

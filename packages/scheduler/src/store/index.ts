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

/**
 * The writes that change what the market's views show (a request's status or reason, a deal, a
 * batch, a lease): `onChange` is called after each, so long polls on those views wake up.
 */
const VIEW_WRITES = {
  deals: ['insert', 'setStatus', 'setUnmatched'],
  batches: ['insert', 'update', 'setResult'],
  leases: ['grant', 'update'],
  orders: ['setStatus', 'setReason'],
} as const;

/** `repo` with each of `methods` calling `onChange` after it returns. */
function notifying<R extends object>(repo: R, methods: readonly string[], onChange: () => void): R {
  const out = { ...repo } as Record<string, unknown>;
  for (const m of methods) {
    const fn = out[m] as (...args: unknown[]) => unknown;
    out[m] = (...args: unknown[]) => {
      const r = fn(...args);
      onChange();
      return r;
    };
  }
  return out as R;
}

/** The scheduler's repositories over one database, and its key-value meta. */
export function createStore(db: Db, { onChange }: { onChange?: () => void } = {}) {
  const watch = <R extends object>(repo: R, methods: readonly string[]) => (onChange ? notifying(repo, methods, onChange) : repo);
  const meta = {
    get: db.prepare('select v from meta where k = ?').pluck(),
    set: db.prepare('insert into meta (k, v) values (?, ?) on conflict(k) do update set v = excluded.v'),
  };
  return {
    db,
    deals: watch(createDeals(db), VIEW_WRITES.deals),
    batches: watch(createBatches(db), VIEW_WRITES.batches),
    leases: watch(createLeases(db), VIEW_WRITES.leases),
    orders: watch(createOrders(db), VIEW_WRITES.orders),
    workers: createWorkers(db),
    getMeta: (k: string) => meta.get.get(k) as string | undefined,
    setMeta: (k: string, v: string) => void meta.set.run(k, v),
    /** Runs `fn` in one SQLite transaction. */
    tx: <T>(fn: () => T): T => db.transaction(fn)(),
  };
}

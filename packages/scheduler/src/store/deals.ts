import type { Address, Hex } from 'viem';
import type { Db } from './schema.ts';
import type { DealRow, DealStatus } from './types.ts';

export type NewDeal = Omit<DealRow, 'status' | 'unmatched'> & { status: DealStatus; unmatched: string | null };

export type Deals = ReturnType<typeof createDeals>;

/** The deals table: statements compiled once. */
export function createDeals(db: Db) {
  const st = {
    get: db.prepare('select * from deals where deal_id = ?'),
    exists: db.prepare('select 1 from deals where deal_id = ?').pluck(),
    insert: db.prepare(
      `insert into deals (deal_id, request_hash, requester, key, app_uri, module_hash, app_memory_mb, params, category_max_s, trust, volume, status, unmatched, match_tx, created_at)
       values (:deal_id, :request_hash, :requester, :key, :app_uri, :module_hash, :app_memory_mb, :params, :category_max_s, :trust, :volume, :status, :unmatched, :match_tx, :created_at)`,
    ),
    setStatus: db.prepare('update deals set status = ? where deal_id = ?'),
    setUnmatched: db.prepare('update deals set unmatched = ? where deal_id = ?'),
    running: db.prepare("select * from deals where status = 'running'"),
    list: db.prepare(
      'select deal_id, status, requester, volume, trust, created_at, unmatched from deals order by created_at desc limit 200',
    ),
    listOf: db.prepare(
      'select deal_id, status, requester, volume, trust, created_at, unmatched from deals where requester = ? order by created_at desc limit 200',
    ),
    ofRequest: db.prepare('select deal_id from deals where request_hash = ? order by created_at').pluck(),
    counts: db.prepare('select status k, count(*) n from deals group by status'),
  };
  return {
    get: (id: Hex) => st.get.get(id) as DealRow | undefined,
    exists: (id: Hex) => st.exists.get(id) !== undefined,
    insert: (d: NewDeal) => st.insert.run(d),
    setStatus: (id: Hex, status: DealStatus) => st.setStatus.run(status, id),
    setUnmatched: (id: Hex, why: string | null) => st.setUnmatched.run(why, id),
    running: () => st.running.all() as DealRow[],
    list: (requester?: Address) =>
      (requester ? st.listOf.all(requester) : st.list.all()) as Pick<
        DealRow,
        'deal_id' | 'status' | 'requester' | 'volume' | 'trust' | 'created_at' | 'unmatched'
      >[],
    ofRequest: (hash: Hex) => st.ofRequest.all(hash) as Hex[],
    counts: () =>
      Object.fromEntries((st.counts.all() as { k: string; n: number }[]).map((r) => [r.k, r.n])) as Partial<Record<DealStatus, number>>,
  };
}

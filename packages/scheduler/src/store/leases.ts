import type { Address, Hex } from 'viem';
import { ACTIVE_LEASE_STATES, LIVE_LEASE_STATES, UNVERIFIED_LEASE_STATES } from '../scheduling/lease.ts';
import type { Db } from './schema.ts';
import { inList } from './sql.ts';
import type { LeaseRow, LeaseStatus } from './types.ts';

const ACTIVE = `status in ${inList(ACTIVE_LEASE_STATES)}`;
const LIVE = `status in ${inList(LIVE_LEASE_STATES)}`;
const UNVERIFIED = `status in ${inList(UNVERIFIED_LEASE_STATES)}`;

/** What a lease's transition writes besides its status (undefined: left as it is). */
export type LeaseFields = { root?: Hex | null; digests?: string | null; error?: string | null; tx?: Hex | null; expiresAt?: number };

export type Leases = ReturnType<typeof createLeases>;
export type LeaseSummary = Pick<LeaseRow, 'lease_id' | 'batch_id' | 'worker' | 'status' | 'error'>;

/** The leases table: statements compiled once. */
export function createLeases(db: Db) {
  const st = {
    get: db.prepare('select * from leases where lease_id = ?'),
    statusOf: db.prepare('select status from leases where batch_id = ? and worker = ?').pluck(),
    ofBatch: db.prepare('select * from leases where batch_id = ?'),
    ofDeal: db.prepare(
      'select l.lease_id, l.batch_id, l.worker, l.status, l.error from leases l join batches b on b.batch_id = l.batch_id where b.deal_id = ?',
    ),
    activeIdsOf: db.prepare(`select lease_id from leases where worker = ? and ${ACTIVE}`).pluck(),
    activeCountOf: db.prepare(`select count(*) from leases where worker = ? and ${ACTIVE}`).pluck(),
    extend: db.prepare('update leases set expires_at = ? where lease_id = ?'),
    extendAllOf: db.prepare(`update leases set expires_at = ? where worker = ? and ${ACTIVE}`),
    grant: db
      .prepare(
        `insert into leases (batch_id, worker, status, expires_at, created_at) values (?, ?, 'active', ?, ?)
       on conflict(batch_id, worker) do update set status = 'active', expires_at = excluded.expires_at, error = null, tx = null
       returning lease_id`,
      )
      .pluck(),
    update: db.prepare(
      `update leases set status = :status, root = coalesce(:root, root), digests = coalesce(:digests, digests), error = iif(:setError, :error, error),
       tx = iif(:setTx, :tx, tx), expires_at = coalesce(:expiresAt, expires_at) where lease_id = :id`,
    ),
    expiredBy: db.prepare(`select * from leases where ${ACTIVE} and expires_at < ?`),
    unverified: db.prepare(`select * from leases where ${UNVERIFIED} order by expires_at`),
    forgedDealsOf: db
      .prepare(
        "select distinct b.deal_id from leases l join batches b on b.batch_id = l.batch_id where l.worker = ? and l.status = 'forged'",
      )
      .pluck(),
    liveOnBatch: db.prepare(`select 1 from leases where batch_id = ? and ${LIVE} limit 1`).pluck(),
    deterministicFailures: db.prepare("select count(*) from leases where batch_id = ? and status = 'failed' and error like 'D:%'").pluck(),
    busyWorkers: db.prepare(`select distinct worker from leases where ${ACTIVE}`).pluck(),
    liveDealsOf: db
      .prepare(`select distinct b.deal_id from leases l join batches b on b.batch_id = l.batch_id where l.worker = ? and l.${LIVE}`)
      .pluck(),
    hadWork: db
      .prepare('select 1 from leases l join batches b on b.batch_id = l.batch_id where b.deal_id = ? and l.worker = ? limit 1')
      .pluck(),
  };
  return {
    get: (id: number) => st.get.get(id) as LeaseRow | undefined,
    statusOf: (batchId: Hex, worker: Address) => st.statusOf.get(batchId, worker) as LeaseStatus | undefined,
    ofBatch: (batchId: Hex) => st.ofBatch.all(batchId) as LeaseRow[],
    /** A deal's leases, without their results. */
    ofDeal: (dealId: Hex) => st.ofDeal.all(dealId) as LeaseSummary[],
    activeIdsOf: (worker: Address) => st.activeIdsOf.all(worker) as number[],
    activeCountOf: (worker: Address) => st.activeCountOf.get(worker) as number,
    /** Extends one lease; 1 if it was extended. */
    extend: (id: number, until: number) => st.extend.run(until, id).changes,
    /** Extends every active lease of a worker; how many. */
    extendAllOf: (worker: Address, until: number) => st.extendAllOf.run(until, worker).changes,
    /** A new lease, or the worker's earlier lease of the batch granted again (same id, its root and digests kept). */
    grant: (batchId: Hex, worker: Address, expiresAt: number, now: number) => Number(st.grant.get(batchId, worker, expiresAt, now)),
    /** Writes a transition's new status and fields. */
    update(id: number, status: LeaseStatus, f: LeaseFields = {}) {
      st.update.run({
        id,
        status,
        root: f.root ?? null,
        digests: f.digests ?? null,
        setError: f.error === undefined ? 0 : 1,
        error: f.error ?? null,
        setTx: f.tx === undefined ? 0 : 1,
        tx: f.tx ?? null,
        expiresAt: f.expiresAt ?? null,
      });
    },
    expiredBy: (now: number) => st.expiredBy.all(now) as LeaseRow[],
    /** Leases whose reported transaction the chain did not show yet (decision 015), the oldest TTL first. */
    unverified: () => st.unverified.all() as LeaseRow[],
    /** The deals of which `worker` made a report the chain contradicted or never bore out: it gets no more of their leases. */
    forgedDealsOf: (worker: Address) => new Set(st.forgedDealsOf.all(worker) as string[]),
    hasLive: (batchId: Hex) => st.liveOnBatch.get(batchId) !== undefined,
    deterministicFailures: (batchId: Hex) => st.deterministicFailures.get(batchId) as number,
    busyWorkers: () => new Set(st.busyWorkers.all() as string[]),
    liveDealsOf: (worker: Address) => new Set(st.liveDealsOf.all(worker) as string[]),
    /** Whether `worker` was ever given a batch of the deal (whatever became of the lease). */
    hadWork: (dealId: Hex, worker: Address) => st.hadWork.get(dealId, worker) !== undefined,
  };
}

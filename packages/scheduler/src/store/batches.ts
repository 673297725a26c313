import type { Address, Hex } from 'viem';
import { LIVE_LEASE_STATES } from '../scheduling/lease.ts';
import type { AnswerState } from '../scheduling/answer.ts';
import type { Db } from './schema.ts';
import { inList } from './sql.ts';
import type { BatchRow, BatchStatus } from './types.ts';

const LIVE = `l.status in ${inList(LIVE_LEASE_STATES)}`;

export type Batches = ReturnType<typeof createBatches>;
export type BatchSummary = Pick<BatchRow, 'batch_id' | 'first' | 'count' | 'status' | 'replicas' | 'root' | 'answer'> & { agreed: 0 | 1 };

/** The batches table: statements compiled once. */
export function createBatches(db: Db) {
  const st = {
    get: db.prepare('select * from batches where batch_id = ?'),
    ofDeal: db.prepare(
      'select batch_id, first, count, status, replicas, root, answer, digests is not null as agreed from batches where deal_id = ? order by first',
    ),
    digestsOf: db.prepare('select digests from batches where batch_id = ?').pluck(),
    insert: db.prepare(
      "insert into batches (batch_id, deal_id, first, count, status, replicas, updated_at) values (?, ?, ?, ?, 'pending', ?, ?)",
    ),
    // Batches a worker may take: open, of a running deal, short of replicas, and not one this worker
    // holds, failed deterministically, was rejected on, or (replicated) already sent a transaction for; an
    // optimistic task goes to another worker than one whose escrow could not lock its deposit (AnswerDepositShort).
    candidates: db.prepare(
      `select b.* from batches b join deals d on d.deal_id = b.deal_id
       where b.status in ('pending', 'running') and d.status = 'running'
         and (select count(*) from leases l where l.batch_id = b.batch_id and ${LIVE}) < b.replicas
         and not exists (select 1 from leases l where l.batch_id = b.batch_id and l.worker = ? and (${LIVE} or (l.status = 'failed' and l.error like 'D:%')
              or (l.status = 'failed' and l.error like 'AnswerDepositShort%')
              or l.status = 'rejected' or (d.trust > 1 and l.tx is not null)))
       order by d.created_at, b.first limit 200`,
    ),
    update: db.prepare('update batches set status = ?, replicas = ?, updated_at = ? where batch_id = ?'),
    result: db.prepare('update batches set root = ?, digests = ? where batch_id = ?'),
    touch: db.prepare('update batches set updated_at = ? where batch_id = ?'),
    setAnswer: db.prepare('update batches set answer = ?, updated_at = ? where batch_id = ?'),
    answered: db.prepare("select batch_id from batches where status = 'answered' order by updated_at limit 500").pluck(),
    settled: db.prepare('update batches set settled = 1 where batch_id = ?'),
    countNotIn: db.prepare("select count(*) from batches where deal_id = ? and status not in ('finalized', 'claimed', 'failed')").pluck(),
    countEndedBadly: db.prepare("select count(*) from batches where deal_id = ? and status in ('claimed', 'failed')").pluck(),
    replicatedOpen: db
      .prepare(
        "select b.batch_id from batches b join deals d on d.deal_id = b.deal_id where b.status in ('running', 'revealing') and d.trust > 1",
      )
      .pluck(),
    idleSince: db.prepare("select batch_id from batches where status in ('pending', 'running', 'failed') and updated_at < ?").pluck(),
    toSettle: db.prepare(
      `select b.batch_id, b.first, b.count, d.key, d.deal_id from batches b join deals d on d.deal_id = b.deal_id
       where b.status = 'finalized' and b.settled = 0 and b.updated_at < ? order by b.updated_at limit 200`,
    ),
    taskCounts: db.prepare(
      "select case status when 'pending' then 'pending' when 'finalized' then 'finalized' when 'claimed' then 'claimed' else 'running' end k, sum(count) n from batches group by k",
    ),
  };
  return {
    get: (id: Hex) => st.get.get(id) as BatchRow | undefined,
    /** A deal's batches in task order, without their digests (`agreed`: 1 once they are known). */
    ofDeal: (dealId: Hex) => st.ofDeal.all(dealId) as BatchSummary[],
    digestsOf: (id: Hex) => st.digestsOf.get(id) as string | null,
    insert: (id: Hex, dealId: Hex, first: number, count: number, replicas: number, now: number) =>
      st.insert.run(id, dealId, first, count, replicas, now),
    candidatesFor: (worker: Address) => st.candidates.all(worker) as BatchRow[],
    /** Writes a transition's status and replicas. */
    update: (id: Hex, status: BatchStatus, replicas: number, now: number) => st.update.run(status, replicas, now, id),
    setResult: (id: Hex, root: Hex, digests: string | null) => st.result.run(root, digests, id),
    touch: (id: Hex, at: number) => st.touch.run(at, id),
    /** Writes an optimistic task's answer state (scheduling/answer.ts). */
    setAnswer: (id: Hex, answer: AnswerState, now: number) => st.setAnswer.run(answer, now, id),
    /** Optimistic tasks answered on chain and not yet paid or refunded. */
    answered: () => st.answered.all() as Hex[],
    markSettled: (id: Hex) => st.settled.run(id),
    /** Batches of the deal not yet ended (finalized, claimed or failed). */
    openCount: (dealId: Hex) => st.countNotIn.get(dealId) as number,
    /** Batches of the deal that ended claimed back or failed. */
    endedBadlyCount: (dealId: Hex) => st.countEndedBadly.get(dealId) as number,
    replicatedOpen: () => st.replicatedOpen.all() as Hex[],
    idleSince: (before: number) => st.idleSince.all(before) as Hex[],
    toSettle: (before: number) => st.toSettle.all(before) as { batch_id: Hex; first: number; count: number; key: string; deal_id: Hex }[],
    taskCounts: () => Object.fromEntries((st.taskCounts.all() as { k: string; n: number }[]).map((r) => [r.k, r.n])),
  };
}

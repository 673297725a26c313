import { authorizeWorker, taskLimitsOf, taskSpecOf } from '@proofgrid/sdk';
import { dealKeyFromWire, parseRequestParams, toWire, zTaskList } from '@proofgrid/sdk/api';
import type { LeaseWire, NextLease } from '@proofgrid/sdk/protocol';
import type { BatchSync } from '../chain/batchSync.ts';
import { type Ad, rank as compileRank, requirement } from '../matching/classad.ts';
import { reduceLease } from '../scheduling/lease.ts';
import type { BatchRow, DealRow, WorkerRow } from '../store/index.ts';
import type { Ctx } from './context.ts';
import type { WorkerDesk } from './workers.ts';

type Plan = { params: ReturnType<typeof parseRequestParams>; requirement: ReturnType<typeof requirement>; rank?: (ad: Ad) => number };
type NextLeaseWire = { lease: LeaseWire | null; reason?: string };

/** Lease hand-out: which batch a worker may run next, with everything it needs to run it. */
export function createLeasing(ctx: Ctx, desk: WorkerDesk, batches: BatchSync) {
  const { store, blobs, config, log, metrics } = ctx;

  /** A deal's parsed params, compiled requirement and rank: its terms never change, so once per deal. */
  const plans = new Map<string, Plan>();
  function planOf(deal: DealRow): Plan {
    let plan = plans.get(deal.deal_id);
    if (!plan) {
      const params = parseRequestParams(deal.params);
      const base = `memoryMb >= ${deal.app_memory_mb}`;
      plan = {
        params,
        requirement: requirement(params.requirements ? `${base} && (${params.requirements})` : base),
        rank: params.rank ? compileRank(params.rank) : undefined,
      };
      if (plans.size >= 1000) plans.delete(plans.keys().next().value as string);
      plans.set(deal.deal_id, plan);
    }
    return plan;
  }

  /** Parsed task lists, by content hash (immutable, so cached; a few recent ones). */
  const taskLists = new Map<string, ReturnType<typeof zTaskList.parse>['tasks']>();
  function taskList(hash: string) {
    let list = taskLists.get(hash);
    if (!list) {
      list = zTaskList.parse(JSON.parse(blobs.get(hash).toString('utf8'))).tasks;
      if (taskLists.size >= 16) taskLists.delete(taskLists.keys().next().value as string);
      taskLists.set(hash, list);
    }
    return list;
  }

  /** The lease's tasks: the SDK's `taskSpecOf`, the one derivation a verifier's `taskInputsOf` shares. */
  function tasksOf(deal: DealRow, first: number, count: number) {
    const { params } = planOf(deal);
    const list = params.tasks ? taskList(params.tasks) : undefined;
    return Array.from({ length: count }, (_, i) => taskSpecOf(deal.deal_id, params, list, first + i));
  }

  /** The batch a worker may run next (chosen and leased synchronously, so two requests never take the same slot). */
  function choose(worker: WorkerRow): { b: BatchRow; deal: DealRow } | { reason: string } {
    const ad = desk.adOf(worker);
    const candidates = store.batches.candidatesFor(worker.address);
    const deals = new Map<string, DealRow>();
    const fitting: { b: BatchRow; deal: DealRow; score: number }[] = [];
    // A bag is spread over the pool: a worker that already had work of a deal leaves the deal's next
    // batch to an online worker that holds no lease, never had work of this deal and can run it (it
    // takes it at its next poll). Deferring only to such newcomers cannot go round in a circle.
    let idle: WorkerRow[] | undefined;
    const idleWorkers = () => {
      if (!idle) {
        const busy = store.leases.busyWorkers();
        idle = desk.onlineWorkers().filter((w) => w.address !== worker.address && !busy.has(w.address));
      }
      return idle;
    };
    const worked = store.leases.liveDealsOf(worker.address);
    // A worker whose report on a deal's lease the chain contradicted (or never bore out) gets no more of that deal (decision 015).
    const refused = store.leases.forgedDealsOf(worker.address);
    for (const b of candidates) {
      if (refused.has(b.deal_id)) continue;
      const deal = deals.get(b.deal_id) ?? (store.deals.get(b.deal_id) as DealRow);
      deals.set(b.deal_id, deal);
      const plan = planOf(deal);
      if (!plan.requirement.test(ad)) continue;
      if (
        worked.has(b.deal_id) &&
        idleWorkers().some((w) => plan.requirement.test(desk.adOf(w)) && !store.leases.hadWork(b.deal_id, w.address))
      )
        continue;
      fitting.push({ b, deal, score: plan.rank?.(ad) ?? 0 });
      if (!plan.rank) break;
    }
    if (fitting.length === 0) {
      if (candidates.length && candidates.every((b) => refused.has(b.deal_id)))
        return { reason: 'the pending work is of deals this worker made a report on that the chain did not bear out' };
      return { reason: candidates.length ? 'no pending work fits this worker' : 'no pending work' };
    }
    fitting.sort((x, y) => y.score - x.score);
    return fitting[0] as { b: BatchRow; deal: DealRow };
  }

  /** Gives a worker the next batch it may run, or null with the reason. */
  async function nextLease(worker: WorkerRow): Promise<NextLeaseWire> {
    const now = Date.now();
    store.workers.touch(worker, now);
    const chosen = choose(worker);
    if ('reason' in chosen) return { lease: null, reason: chosen.reason };
    const { b, deal } = chosen;
    // A second lease of the same batch to the same worker keeps the root and digests it reported
    // last time: its push may have landed on chain while the answer was lost (then they are the
    // only record of the agreed digests, and the new run reports the same ones again).
    const granted = reduceLease(store.leases.statusOf(b.batch_id, worker.address) ?? 'none', { type: 'grant' });
    if (!granted.ok) throw new Error(`${granted.message} (batch ${b.batch_id}, worker ${worker.address})`);
    const leaseId = store.leases.grant(b.batch_id, worker.address, now + config.leaseTtlMs, now);
    await batches.raise(b.batch_id, { type: 'leased' });
    metrics.leases.inc();
    const key = dealKeyFromWire(JSON.parse(deal.key));
    const authorization = await authorizeWorker(config.scheduler, { key, first: b.first, count: b.count, worker: worker.address });
    log.debug({ leaseId, worker: worker.address, batch: b.batch_id, first: b.first, count: b.count }, 'lease granted');
    return {
      lease: {
        leaseId,
        dealId: deal.deal_id,
        batchId: b.batch_id,
        key: toWire(key) as LeaseWire['key'],
        first: b.first,
        count: b.count,
        trust: deal.trust,
        app: { uri: deal.app_uri, moduleHash: deal.module_hash, memoryMb: deal.app_memory_mb },
        limits: taskLimitsOf({
          appMemoryMb: deal.app_memory_mb,
          categoryMaxSeconds: deal.category_max_s,
          maxRunMs: planOf(deal).params.maxRunMs,
        }),
        tasks: tasksOf(deal, b.first, b.count),
        authorization,
        expiresAt: now + config.leaseTtlMs,
      },
    };
  }

  return { nextLease, planOf };
}
export type Leasing = ReturnType<typeof createLeasing>;
export type { NextLease };

import type { Address, Hex } from 'viem';
import { ServiceError } from '../errors.ts';
import type { BatchSummary, LeaseSummary, Store } from '../store/index.ts';
import { type StoredFailure, parseStoredResult } from '../store/results.ts';

const TASKS = '__tasks__';
const COMMA = Buffer.from(',');
import type { WorkerDesk } from './workers.ts';

/** Read-only views of the store for the HTTP API: deals, requests, workers, status. */
export function createViews(store: Store, desk: WorkerDesk) {
  /**
   * Each batch's tasks as JSON, reused while the batch and its leases are unchanged: a client
   * polling a 10,000-task deal every 20 ms would otherwise have the whole view rebuilt and
   * serialized (megabytes) on every poll.
   */
  const fragments = new Map<string, { sig: string; json: Buffer; failure?: StoredFailure }>();
  /** A batch's tasks as JSON, and the app's failure when the batch was agreed as failed by the app (decision 012). */
  function tasksJson(b: BatchSummary, ls: LeaseSummary[], status: string): { json: Buffer; failure?: StoredFailure } {
    // A batch's digests are written once, when it is finalized.
    const sig = `${status}|${b.answer}|${b.agreed}|${ls.map((l) => l.worker).join(',')}|${ls.find((l) => l.error)?.error ?? ''}`;
    const hit = fragments.get(b.batch_id);
    if (hit?.sig === sig) return hit;
    const stored = b.agreed ? store.batches.digestsOf(b.batch_id) : null;
    const { digests, failure, provable } = stored ? parseStoredResult(stored) : {};
    const error = failure
      ? `AppFailed: the app failed the batch with exit code ${failure.exitCode} (report ${failure.outputDigest})`
      : (ls.find((l) => l.error)?.error ?? undefined);
    const workers = ls.map((l) => l.worker);
    const tasks = Array.from({ length: b.count }, (_, i) => ({
      index: b.first + i,
      status,
      digest: digests?.[i],
      /** A provable batch's task (decision 030 point 6): `digest` is its leaf; its result blob's sha256 and the leaf's pre-image. */
      blob: provable?.[i]?.blob,
      leaf: provable?.[i] ? { outputDigest: provable[i].outputDigest, claim: provable[i].claim } : undefined,
      workers,
      attempts: ls.length,
      batchId: b.batch_id,
      /** An optimistic task's answer state (scheduling/answer.ts: answered, disputed, payable, finalized, refunded). */
      answer: b.answer ?? undefined,
      error,
    }));
    const fragment = { sig, json: Buffer.from(JSON.stringify(tasks).slice(1, -1)), failure };
    if (fragments.size >= 20_000) fragments.clear();
    fragments.set(b.batch_id, fragment);
    return fragment;
  }

  /**
   * A deal's view (`DealView` in the SDK), as JSON bytes. `withTasks: false` leaves the per-task list
   * empty (`DealSummary`): what a client polling for progress needs, without megabytes per poll.
   */
  function dealJson(dealId: string, { withTasks = true }: { withTasks?: boolean } = {}): Buffer {
    const d = store.deals.get(dealId.toLowerCase() as Hex);
    if (!d) throw new ServiceError('DealNotFound', `no deal ${dealId} in this pool`, 404, { dealId });
    const batches = store.batches.ofDeal(d.deal_id);
    const byBatch = new Map<string, LeaseSummary[]>();
    for (const l of store.leases.ofDeal(d.deal_id)) {
      const list = byBatch.get(l.batch_id);
      if (list) list.push(l);
      else byBatch.set(l.batch_id, [l]);
    }
    const parts: Buffer[] = [];
    const failures = new Map<string, StoredFailure>();
    const counts: Record<string, number> = {};
    for (const b of batches) {
      const ls = byBatch.get(b.batch_id) ?? [];
      const status =
        b.status === 'finalized' || b.status === 'claimed' || b.status === 'failed' || b.status === 'answered'
          ? b.status
          : ls.some((l) => l.status === 'contributed' || l.status === 'revealed') || b.status === 'revealing'
            ? 'contributed'
            : ls.some((l) => l.status === 'active' || l.status === 'reported' || l.status.endsWith('Unverified'))
              ? 'running'
              : 'pending';
      counts[status] = (counts[status] ?? 0) + b.count;
      if (!withTasks) {
        // Only a failure is an object; the digests of a batch that ran (an array) are not parsed here.
        const stored = b.agreed ? store.batches.digestsOf(b.batch_id) : null;
        const failure = stored?.startsWith('{') ? parseStoredResult(stored).failure : undefined;
        if (failure) failures.set(b.batch_id, failure);
        continue;
      }
      if (parts.length) parts.push(COMMA);
      const { json, failure } = tasksJson(b, ls, status);
      parts.push(json);
      if (failure) failures.set(b.batch_id, failure);
    }
    const key = JSON.parse(d.key);
    const view = {
      dealId: d.deal_id,
      key,
      status: d.status,
      app: { id: key.app, uri: d.app_uri, moduleHash: d.module_hash },
      params: d.params,
      tasks: TASKS,
      batches: batches.map((b) => ({
        batchId: b.batch_id,
        first: b.first,
        count: b.count,
        status: b.status,
        replicas: b.replicas,
        workers: (byBatch.get(b.batch_id) ?? []).map((l) => ({ address: l.worker, status: l.status })),
        root: b.root ?? undefined,
        answer: b.answer ?? undefined,
        /** Agreed as failed by the app: the exit code and the failure report's digest (fetchFailures reads it). */
        failure: failures.get(b.batch_id),
      })),
      counts,
      unmatched: d.unmatched ?? undefined,
      matchTx: d.match_tx,
      createdAt: d.created_at,
    };
    // The placeholder's quotes cannot occur unescaped inside a JSON string, so it is found once.
    const [head, tail] = JSON.stringify(view).split(`"tasks":"${TASKS}"`) as [string, string];
    return Buffer.concat([Buffer.from(`${head}"tasks":[`), ...parts, Buffer.from(`]${tail}`)]);
  }

  function requestStatus(hash: string) {
    const row = store.orders.getOfKind(hash.toLowerCase(), 'request');
    if (!row) throw new ServiceError('OrderNotFound', `no request order ${hash} in the book`, 404, { hash });
    const deals = store.deals.ofRequest(row.hash);
    return {
      hash: row.hash,
      status: deals.length && row.status === 'open' ? 'matched' : row.status,
      deals,
      reason: row.reason ?? undefined,
    };
  }

  const deals = (requester?: string) =>
    store.deals.list(requester?.toLowerCase() as Address | undefined).map((r) => ({
      dealId: r.deal_id,
      status: r.status,
      requester: r.requester,
      volume: r.volume,
      trust: r.trust,
      createdAt: r.created_at,
      unmatched: r.unmatched ?? undefined,
    }));

  const workers = () =>
    desk.workers().map((w) => ({
      address: w.address,
      name: w.name ?? undefined,
      resources: JSON.parse(w.resources),
      status: desk.online(w) ? 'online' : 'lost',
      lastSeen: w.last_seen,
      leases: store.leases.activeCountOf(w.address),
      done: w.done,
    }));

  /** The service's status; `online` is also the workers-online gauge. */
  function status(info: Record<string, unknown>, started: number) {
    const all = desk.workers();
    const online = all.filter(desk.online).length;
    const d = store.deals.counts();
    return {
      ...info,
      workers: { online, lost: all.length - online },
      deals: { running: d.running ?? 0, completed: d.completed ?? 0, failed: d.failed ?? 0 },
      tasks: store.batches.taskCounts(),
      orders: store.orders.counts(),
      uptimeS: Math.round((Date.now() - started) / 1000),
    };
  }

  return { dealJson, requestStatus, deals, workers, status };
}
export type Views = ReturnType<typeof createViews>;

import type { Address, Hex } from 'viem';
import { ServiceError } from '../errors.ts';
import type { Store } from '../store/index.ts';
import type { WorkerDesk } from './workers.ts';

/** Read-only views of the store for the HTTP API: deals, requests, workers, status. */
export function createViews(store: Store, desk: WorkerDesk) {
  function dealView(dealId: string) {
    const d = store.deals.get(dealId.toLowerCase() as Hex);
    if (!d) throw new ServiceError('DealNotFound', `no deal ${dealId} in this pool`, 404, { dealId });
    const batches = store.batches.ofDeal(d.deal_id);
    const leases = store.leases.ofDeal(d.deal_id);
    const tasks: unknown[] = [];
    const counts: Record<string, number> = {};
    for (const b of batches) {
      const ls = leases.filter((l) => l.batch_id === b.batch_id);
      const digests = b.digests ? (JSON.parse(b.digests) as Hex[]) : undefined;
      const status =
        b.status === 'finalized' || b.status === 'claimed' || b.status === 'failed'
          ? b.status
          : ls.some((l) => l.status === 'contributed' || l.status === 'revealed') || b.status === 'revealing'
            ? 'contributed'
            : ls.some((l) => l.status === 'active' || l.status === 'reported')
              ? 'running'
              : 'pending';
      for (let i = 0; i < b.count; i++) {
        counts[status] = (counts[status] ?? 0) + 1;
        tasks.push({
          index: b.first + i,
          status,
          digest: digests?.[i],
          workers: ls.map((l) => l.worker),
          attempts: ls.length,
          batchId: b.batch_id,
          error: ls.find((l) => l.error)?.error ?? undefined,
        });
      }
    }
    const key = JSON.parse(d.key);
    return {
      dealId: d.deal_id,
      key,
      status: d.status,
      app: { id: key.app, uri: d.app_uri, moduleHash: d.module_hash },
      params: d.params,
      tasks,
      batches: batches.map((b) => ({
        batchId: b.batch_id,
        first: b.first,
        count: b.count,
        status: b.status,
        replicas: b.replicas,
        workers: leases.filter((l) => l.batch_id === b.batch_id).map((l) => ({ address: l.worker, status: l.status })),
        root: b.root ?? undefined,
      })),
      counts,
      unmatched: d.unmatched ?? undefined,
      matchTx: d.match_tx,
      createdAt: d.created_at,
    };
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

  return { dealView, requestStatus, deals, workers, status };
}
export type Views = ReturnType<typeof createViews>;

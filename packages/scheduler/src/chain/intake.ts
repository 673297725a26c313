import { type Hex, type Log, parseEventLogs } from 'viem';
import { type DealKey, appRegistryAbi, batchIdOf, hubAbi } from '@proofgrid/sdk';
import { parseRequestParams, toWire } from '@proofgrid/sdk/api';
import type { Ctx } from '../engine/context.ts';
import { reduceDeal } from '../scheduling/deal.ts';
import type { DealStatus } from '../store/index.ts';

type DealMatched = { args: { dealId: Hex; key: DealKey; params: string }; transactionHash: Hex };
type AppInfo = { uri: string; moduleHash: Hex; maxMemoryMb: number };

/** Fresh workers (weight 2) needed to reach `trust` when they all agree: 2^n·T > (1+2^n)(T-1). */
export function initialReplicas(trust: number) {
  for (let n = 1; n <= 20; n++) {
    const g = 2 ** n;
    if (g * trust > (1 + g) * (trust - 1)) return n;
  }
  return 20;
}

export type Intake = ReturnType<typeof createIntake>;

/**
 * Deal intake (the SDK's hub ABI, no hand-written event): DealMatched logs of this pool, from a
 * match receipt or read from the chain once `confirmations` deep, become deals split into batches.
 */
export function createIntake(ctx: Ctx, refreshOrders: (hashes: Hex[]) => Promise<void>) {
  const { store, client, blobs, log, metrics, config } = ctx;
  const me = config.scheduler.address.toLowerCase();
  const apps = new Map<string, AppInfo>();

  async function appInfo(app: bigint): Promise<AppInfo> {
    const cached = apps.get(app.toString());
    if (cached) return cached;
    const a = await client.public.readContract({
      address: client.deployment.apps,
      abi: appRegistryAbi,
      functionName: 'appOf',
      args: [app],
    });
    const info = { uri: a.uri, moduleHash: a.moduleHash, maxMemoryMb: Number(a.maxMemoryMb) };
    apps.set(app.toString(), info);
    return info;
  }

  /** New DealMatched logs up to `confirmations` below the head; returns whether deals were taken in. */
  async function poll(): Promise<boolean> {
    const from = BigInt(store.getMeta('lastBlock') ?? String(client.deployment.startBlock ?? 0n));
    const head = await client.public.getBlockNumber();
    if (config.confirmations > 0) await checkMatches(head);
    const safe = head - BigInt(config.confirmations);
    if (safe < from) return false;
    const events = await client.public.getContractEvents({
      address: client.deployment.hub,
      abi: hubAbi,
      eventName: 'DealMatched',
      args: { workerpool: config.workerpool },
      fromBlock: from,
      toBlock: safe,
    });
    const n = await take(events as unknown as DealMatched[]);
    store.setMeta('lastBlock', (safe + 1n).toString());
    return n > 0;
  }

  /**
   * This scheduler's matches not yet `confirmations` deep: one whose transaction left the chain
   * (a reorg) reopens its orders as the chain now has them, so the request is matched again.
   */
  async function checkMatches(head: bigint) {
    for (const m of store.orders.matches()) {
      const receipt = await client.public
        .getTransactionReceipt({ hash: m.tx })
        .catch((err: unknown) => (isNotFound(err) ? null : Promise.reject(err)));
      if (receipt && receipt.blockNumber + BigInt(config.confirmations) > head) continue;
      if (!receipt) {
        log.warn({ tx: m.tx, request: m.request_hash }, 'a match left the chain (reorg): its orders are reopened');
        metrics.reorgedMatches.inc();
        await refreshOrders(JSON.parse(m.orders) as Hex[]);
      }
      store.orders.deleteMatch(m.tx);
    }
  }

  /** The deals of a match receipt's logs. */
  const fromReceipt = (logs: Log[]) => take(parseEventLogs({ abi: hubAbi, logs, eventName: 'DealMatched' }) as unknown as DealMatched[]);

  async function take(events: DealMatched[]): Promise<number> {
    let n = 0;
    for (const ev of events) {
      const { dealId, key, params } = ev.args;
      if (key.workerpool !== config.workerpool || key.scheduler.toLowerCase() !== me) continue;
      if (store.deals.exists(dealId)) continue;
      const app = await appInfo(key.app);
      const workers = Math.max(1, ctx.onlineWorkers().length);
      let unmatched: string | null = null;
      let wanted = 1;
      try {
        const p = parseRequestParams(params);
        wanted = p.replicas ?? 1;
        if (p.tasks && !blobs.has(p.tasks)) unmatched = `task list ${p.tasks} is not in this pool's content store`;
      } catch (e) {
        unmatched = `request params invalid: ${(e as Error).message}`;
      }
      const step = reduceDeal('none', { type: unmatched ? 'refuse' : 'intake' });
      if (!step.ok) throw new Error(step.message);
      const replicas = key.trust <= 1 ? 1 : Math.max(initialReplicas(key.trust), wanted);
      // Batches: enough to spread the bag over the online workers, each at most maxBatch tasks. An
      // optimistic deal's are one task each: each task is answered alone, authorized over [index, index + 1).
      const per =
        key.verification === 1
          ? 1
          : Math.max(
              1,
              Math.min(config.maxBatch, Math.ceil(key.volume / (key.trust <= 1 ? workers : Math.max(1, Math.floor(workers / replicas))))),
            );
      const now = Date.now();
      store.tx(() => {
        store.deals.insert({
          deal_id: dealId,
          request_hash: key.requestHash,
          requester: key.requester.toLowerCase() as Hex,
          key: JSON.stringify(toWire(key)),
          app_uri: app.uri,
          module_hash: app.moduleHash,
          app_memory_mb: app.maxMemoryMb,
          params,
          category_max_s: Number(key.timeRef),
          trust: key.trust,
          volume: key.volume,
          status: step.state as DealStatus,
          unmatched,
          match_tx: ev.transactionHash,
          created_at: now,
        });
        for (let first = 0; first < key.volume; first += per) {
          const count = Math.min(per, key.volume - first);
          store.batches.insert(batchIdOf(dealId, first, count), dealId, first, count, replicas, now);
        }
      });
      n++;
      log.info({ dealId, volume: key.volume, trust: key.trust, batchSize: per, replicas }, 'deal taken in');
    }
    if (n) ctx.kick();
    return n;
  }

  return { poll, fromReceipt, appInfo };
}

/** viem's answer for a transaction the node does not have (anymore). */
const isNotFound = (err: unknown) => (err as { name?: string }).name === 'TransactionReceiptNotFoundError';

import type { Hex, Log } from 'viem';
import { ContractRevertError, NO_DATASET_ORDER, decodeError, getOrderConsumed, matchOrders } from '@proofgrid/sdk';
import { orderFromWire } from '@proofgrid/sdk/api';
import type { Ctx } from '../engine/context.ts';
import type { OrderRow } from '../store/index.ts';
import { chooseOffers } from './select.ts';

export { fits } from './select.ts';

type Wire = Record<string, string>;

export type Matcher = ReturnType<typeof createMatcher>;

/**
 * Matching (M3): open request orders that fit this pool are matched on chain (through the serial
 * queue) with the best app, dataset and pool orders; a revert becomes the request's reason.
 * `onMatched` takes the receipt's deals in at once.
 */
export function createMatcher(ctx: Ctx, onMatched: (logs: Log[]) => Promise<unknown>) {
  const { store, client, log, metrics, config, queue } = ctx;
  const allowRequesters = config.allowRequesters?.map((a) => a.toLowerCase());
  const retryAt = new Map<string, number>();

  function setReason(hash: Hex, reason: string | null, retryMs: number) {
    store.orders.setReason(hash, reason);
    if (retryMs) retryAt.set(hash, Date.now() + retryMs);
    else retryAt.delete(hash);
  }

  async function refreshConsumed(o: OrderRow) {
    const body = JSON.parse(o.body) as Wire;
    const volume = BigInt(o.volume);
    const consumed = await getOrderConsumed(client, { orderHash: o.hash, volume: o.kind === 'request' ? volume : undefined });
    const expired = Number(body.expiry) !== 0 && Number(body.expiry) <= Date.now() / 1000;
    // A filled order whose fill a reorg undid is open again.
    const status = consumed >= volume ? 'filled' : expired ? 'expired' : o.status === 'filled' ? 'open' : o.status;
    store.orders.setConsumed(o.hash, consumed, status);
  }

  /** Reads the consumed volume of orders again (after a match, a failed match, a reorg). */
  async function refresh(hashes: Hex[]) {
    const rows = hashes.map((h) => store.orders.get(h)).filter((o): o is OrderRow => !!o);
    await Promise.all(rows.map(refreshConsumed));
  }

  async function matchRequests() {
    for (const req of store.orders.openRequests(config.workerpool.toString())) {
      if ((retryAt.get(req.hash) ?? 0) > Date.now()) continue;
      const r = JSON.parse(req.body) as Wire;
      if (Number(r.expiry) !== 0 && Number(r.expiry) <= Date.now() / 1000) {
        store.orders.setStatus(req.hash, 'expired');
        continue;
      }
      if (allowRequesters && !allowRequesters.includes((r.requester as string).toLowerCase())) {
        setReason(req.hash, `RequesterNotAllowed: this private pool does not serve ${r.requester}`, 60_000);
        continue;
      }
      // The cheapest fitting offers first, then the earliest (issue 19), unless the request asks otherwise.
      const choice = chooseOffers(
        r,
        {
          apps: store.orders.openOffers('app', r.app as string),
          datasets: r.dataset === '0' ? [] : store.orders.openOffers('dataset', r.dataset as string),
          pools: store.orders.openOffers('workerpool', config.workerpool.toString()),
        },
        config.workerpool.toString(),
      );
      if ('missing' in choice) {
        setReason(
          req.hash,
          `NoMatchingOrder: no open ${choice.missing} order fits this request (price, restrictions, category ${r.category}, trust ${r.trust}); proofgrid explain ${req.hash} says which clause fails`,
          1000,
        );
        continue;
      }
      const apps = [choice.app];
      const datasets = [choice.dataset];
      const pools = [choice.pool];
      const used = [apps[0], datasets[0], pools[0], req].filter((o): o is OrderRow => !!o);
      const order = (o: OrderRow | undefined) => (o ? orderFromWire(JSON.parse(o.body) as Record<string, unknown>) : undefined);
      try {
        const { receipt } = await queue.run(() =>
          matchOrders(client, {
            appOrder: order(apps[0]) as never,
            datasetOrder: (order(datasets[0]) ?? NO_DATASET_ORDER) as never,
            workerpoolOrder: order(pools[0]) as never,
            requestOrder: order(req) as never,
          }),
        );
        metrics.deals.inc();
        setReason(req.hash, null, 0);
        // The deal first (workers wait for it), then the orders' consumed volumes.
        if (config.confirmations === 0) await onMatched(receipt.logs as Log[]);
        else
          store.orders.addMatch(
            receipt.transactionHash,
            req.hash,
            used.map((o) => o.hash),
            Date.now(),
          );
        await Promise.all(used.map(refreshConsumed));
      } catch (err) {
        const e = decodeError(err);
        const user = e instanceof ContractRevertError;
        setReason(req.hash, `${e.code}: ${e.shortMessage}`, user ? 3000 : 1000);
        if (user && STALE_ORDER_CODES.has(e.code)) await Promise.all(used.map(refreshConsumed));
        log.info({ request: req.hash, code: e.code }, 'match failed');
      }
    }
  }

  return { matchRequests, refresh };
}

/**
 * Contract errors of a match that mean one of the orders is out of date in our book (consumed,
 * expired, or no longer fitting the request): the consumed volumes are read again from the chain.
 * A set of catalogue codes, not a pattern (the old regex anchored only its first alternative).
 */
export const STALE_ORDER_CODES: ReadonlySet<string> = new Set([
  'OrderFullyConsumed',
  'OrderExpired',
  'DealPriceTooHigh',
  'DealTrustTooHigh',
  'DealCategoryMismatch',
]);

import type { Hex, Log } from 'viem';
import { ContractRevertError, NO_DATASET_ORDER, decodeError, getOrderConsumed, matchOrders } from '@proofgrid/sdk';
import { orderFromWire } from '@proofgrid/sdk/api';
import type { Ctx } from '../engine/context.ts';
import type { OrderRow } from '../store/index.ts';

type Wire = Record<string, string>;

/** Off-chain pre-check of an offer against a request (the chain re-checks everything). */
export function fits(o: OrderRow, r: Wire, kind: 'app' | 'dataset' | 'workerpool'): boolean {
  const b = JSON.parse(o.body) as Wire;
  if (BigInt(o.volume) <= BigInt(o.consumed)) return false;
  if (Number(b.expiry) !== 0 && Number(b.expiry) <= Date.now() / 1000) return false;
  const zero = (v: string | undefined, want: string) =>
    v === undefined || v === '0' || v === '0x0000000000000000000000000000000000000000' || v.toLowerCase() === want.toLowerCase();
  if (!zero(b.requesterRestrict, r.requester as string)) return false;
  if (kind === 'app') return BigInt(b.price as string) <= BigInt(r.appMaxPrice as string) && zero(b.datasetRestrict, r.dataset as string);
  if (kind === 'dataset') return BigInt(b.price as string) <= BigInt(r.datasetMaxPrice as string) && zero(b.appRestrict, r.app as string);
  return (
    BigInt(b.price as string) <= BigInt(r.workerpoolMaxPrice as string) &&
    b.category === r.category &&
    BigInt(b.trust as string) >= BigInt(r.trust as string) &&
    zero(b.appRestrict, r.app as string) &&
    zero(b.datasetRestrict, r.dataset as string)
  );
}

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
      const apps = store.orders.openOffers('app', r.app as string).filter((o) => fits(o, r, 'app'));
      const datasets =
        r.dataset === '0' ? [undefined] : store.orders.openOffers('dataset', r.dataset as string).filter((o) => fits(o, r, 'dataset'));
      const pools = store.orders.openOffers('workerpool', config.workerpool.toString()).filter((o) => fits(o, r, 'workerpool'));
      const missing = !apps.length ? 'app' : !datasets.length ? 'dataset' : !pools.length ? 'workerpool' : undefined;
      if (missing) {
        setReason(
          req.hash,
          `NoMatchingOrder: no open ${missing} order fits this request (price, restrictions, category ${r.category}, trust ${r.trust})`,
          1000,
        );
        continue;
      }
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

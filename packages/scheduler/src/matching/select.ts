import type { OrderRow } from '../store/index.ts';

type Wire = Record<string, string>;

/**
 * How the matcher orders fitting offers (issue 19, X5): the cheapest first, then the earliest
 * published, then by hash (a total order: two schedulers with the same book pick the same offer).
 * `earliest` (a request's `orderRank: 'earliest'`) keeps publication order, today's first-fit.
 */
export type OfferRank = 'cheapest' | 'earliest';

const priceOf = (o: OrderRow) => BigInt((JSON.parse(o.body) as Wire).price ?? '0');

/** Compares two offers under a rank: negative when `a` goes first. */
export function compareOffers(a: OrderRow, b: OrderRow, by: OfferRank = 'cheapest'): number {
  if (by === 'cheapest') {
    const pa = priceOf(a);
    const pb = priceOf(b);
    if (pa !== pb) return pa < pb ? -1 : 1;
  }
  if (a.created_at !== b.created_at) return a.created_at - b.created_at;
  return a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0;
}

/** The fitting offers in the order the matcher tries them (a new array; the input is left as it is). */
export function rankOffers(offers: OrderRow[], by: OfferRank = 'cheapest'): OrderRow[] {
  return [...offers].sort((a, b) => compareOffers(a, b, by));
}

const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';
/** A restriction `v` (0 = anyone) allows `actual`. */
export const allows = (v: string | undefined, actual: string) =>
  v === undefined || v === '0' || v === ZERO_ADDRESS || v.toLowerCase() === actual.toLowerCase();

/**
 * Off-chain pre-check of an offer against a request (the chain re-checks everything); `pool` is
 * the workerpool the match would use (an app or dataset order restricted to another pool does not fit).
 */
export function fits(o: OrderRow, r: Wire, kind: 'app' | 'dataset' | 'workerpool', pool?: string): boolean {
  const b = JSON.parse(o.body) as Wire;
  if (BigInt(o.volume) <= BigInt(o.consumed)) return false;
  if (Number(b.expiry) !== 0 && Number(b.expiry) <= Date.now() / 1000) return false;
  if (!allows(b.requesterRestrict, r.requester as string)) return false;
  if (kind !== 'workerpool' && pool !== undefined && !allows(b.workerpoolRestrict, pool)) return false;
  if (kind === 'app') return BigInt(b.price as string) <= BigInt(r.appMaxPrice as string) && allows(b.datasetRestrict, r.dataset as string);
  if (kind === 'dataset') return BigInt(b.price as string) <= BigInt(r.datasetMaxPrice as string) && allows(b.appRestrict, r.app as string);
  return (
    BigInt(b.price as string) <= BigInt(r.workerpoolMaxPrice as string) &&
    b.category === r.category &&
    BigInt(b.trust as string) >= BigInt(r.trust as string) &&
    allows(b.appRestrict, r.app as string) &&
    allows(b.datasetRestrict, r.dataset as string)
  );
}

export type Offers = { apps: OrderRow[]; datasets: OrderRow[]; pools: OrderRow[] };
export type Choice = { app: OrderRow; dataset: OrderRow | undefined; pool: OrderRow } | { missing: 'app' | 'dataset' | 'workerpool' };

/**
 * The offers a request is matched with on `pool`: among those that fit, the best of each kind
 * under the request's rank (cheapest, then earliest, by default). `datasets` is ignored when the
 * request has no dataset.
 */
export function chooseOffers(r: Wire, offers: Offers, pool: string): Choice {
  const by = offerRankOf(r);
  const best = (rows: OrderRow[], kind: 'app' | 'dataset' | 'workerpool') =>
    rankOffers(
      rows.filter((o) => fits(o, r, kind, pool)),
      by,
    )[0];
  const app = best(offers.apps, 'app');
  if (!app) return { missing: 'app' };
  const dataset = r.dataset === '0' ? undefined : best(offers.datasets, 'dataset');
  if (r.dataset !== '0' && !dataset) return { missing: 'dataset' };
  const p = best(offers.pools, 'workerpool');
  if (!p) return { missing: 'workerpool' };
  return { app, dataset, pool: p };
}

/** The rank a request asks for in its params (`orderRank`), cheapest when it names none or cannot be read. */
export function offerRankOf(request: Wire): OfferRank {
  try {
    const params = request.params ? (JSON.parse(request.params) as { orderRank?: unknown }) : {};
    return params.orderRank === 'earliest' ? 'earliest' : 'cheapest';
  } catch {
    return 'cheapest';
  }
}

// The clauses of one candidate offer against a request, as matchOrders checks them (Deals.sol
// _checkTerms, _resolveParties, _checkSignatures), each with the requester's fix when there is one.
import type { ExplainFailure } from '@proofgrid/sdk';
import type { OrderRow } from '../store/index.ts';
import { allows } from './select.ts';

export type Wire = Record<string, string>;
type Kind = 'app' | 'dataset' | 'workerpool';

export type ClauseFacts = {
  /** Unix seconds. */
  now: number;
  /** Tag bits the match needs whatever the offers: the request's and the app's and dataset's registry tags. */
  baseTag: bigint;
  /** A workerpool's registry tag (offered with its orders' tags). */
  poolTag(pool: string): bigint;
  /** Whether a pool that could serve the request offers every bit of `tag`, and which pools exist. */
  poolOffers(tag: bigint, pool?: string): boolean;
  format(wei: bigint): string;
};

/** Tag bit numbers of a bitmask, lowest first. */
export function bitsOf(tag: bigint): number[] {
  const out: number[] = [];
  for (let i = 0; tag > 0n; i++, tag >>= 1n) if (tag & 1n) out.push(i);
  return out;
}

const MAX_PRICE: Record<Kind, string> = { app: 'appMaxPrice', dataset: 'datasetMaxPrice', workerpool: 'workerpoolMaxPrice' };

/** Every clause `o` fails against request `r` (empty: it fits). */
export function failuresOf(o: OrderRow, b: Wire, r: Wire, kind: Kind, f: ClauseFacts): ExplainFailure[] {
  const out: ExplainFailure[] = [];
  const fail = (clause: string, detail: string, fix?: string) => out.push(fix ? { clause, detail, fix } : { clause, detail });
  const remaining = BigInt(o.volume) - BigInt(o.consumed);
  if (remaining <= 0n) fail('volume', `used up (${o.consumed} of ${o.volume})`);
  const expiry = Number(b.expiry ?? 0);
  if (expiry !== 0 && expiry <= f.now) fail('expiry', `expired at ${new Date(expiry * 1000).toISOString()}`);
  const price = BigInt(b.price ?? '0');
  const max = BigInt(r[MAX_PRICE[kind]] ?? '0');
  if (price > max)
    fail('price', `${f.format(price)} > ${MAX_PRICE[kind]} ${f.format(max)}`, `raise ${MAX_PRICE[kind]} to ${f.format(price)}`);
  if (!allows(b.requesterRestrict, r.requester as string)) fail('requesterRestrict', `only for requester ${b.requesterRestrict}`);
  if (kind === 'app' && !allows(b.datasetRestrict, r.dataset as string))
    fail('datasetRestrict', `only with dataset ${b.datasetRestrict}`, `use dataset ${b.datasetRestrict}`);
  if (kind === 'dataset' && !allows(b.appRestrict, r.app as string)) fail('appRestrict', `only with app ${b.appRestrict}`);
  if (kind !== 'workerpool') {
    const restrict = b.workerpoolRestrict ?? '0';
    if (restrict !== '0') {
      if (r.workerpool !== '0' && r.workerpool !== restrict)
        fail('workerpoolRestrict', `only on workerpool ${restrict}, the request names ${r.workerpool}`, `name workerpool ${restrict}`);
      else if (!f.poolOffers(0n, restrict)) fail('workerpoolRestrict', `only on workerpool ${restrict}, which has no fitting order`);
    }
    const extra = BigInt(b.tag ?? '0') & ~f.baseTag;
    if (extra && !f.poolOffers(f.baseTag | extra)) fail('tag', `needs tag bits ${bitsOf(extra).join(', ')} that no fitting pool offers`);
    return out;
  }
  if (r.workerpool !== '0' && r.workerpool !== b.workerpool)
    fail('workerpool', `workerpool ${b.workerpool}, the request names ${r.workerpool}`, 'name workerpool 0 (any pool)');
  if (b.category !== r.category) fail('category', `category ${b.category}, the request asks ${r.category}`, `ask category ${b.category}`);
  if (BigInt(b.trust ?? '0') < BigInt(r.trust ?? '0'))
    fail('trust', `trust ${b.trust} < the request's ${r.trust}`, `lower trust to ${b.trust}`);
  if (!allows(b.appRestrict, r.app as string)) fail('appRestrict', `only for app ${b.appRestrict}`);
  if (!allows(b.datasetRestrict, r.dataset as string))
    fail('datasetRestrict', `only with dataset ${b.datasetRestrict}`, `use dataset ${b.datasetRestrict}`);
  const offered = BigInt(b.tag ?? '0') | f.poolTag(b.workerpool as string);
  const missing = f.baseTag & ~offered;
  if (missing) {
    const own = missing & BigInt(r.tag ?? '0');
    const bits = bitsOf(missing).join(', ');
    fail('tag', `lacks tag bits ${bits}`, own ? `drop tag bit${bitsOf(own).length > 1 ? 's' : ''} ${bitsOf(own).join(', ')}` : undefined);
  }
  return out;
}

import type { Hex } from 'viem';
import type { DealSummary, DealView, MarketClient } from '../api/createMarketClient.ts';
import { dealProgressKey, requestProgressKey } from '../api/progress.ts';
import { ProofgridError, retryOf } from '../errors/index.ts';
import type { DealId } from '../types/ids.ts';

/** How long one long poll of a market view is held (ms): short enough to re-check time limits and grace. */
const VIEW_WAIT_MS = 1_000;

/**
 * Waits until the request is matched into a deal; throws the matching error when it cannot be.
 * @example
 * const dealId = await waitForDeal(market, requestHash, { timeoutMs: 30_000 });
 */
export async function waitForDeal(
  market: MarketClient,
  requestHash: Hex,
  { timeoutMs = 60_000, pollMs = 100, graceMs = 3_000 } = {},
): Promise<DealId> {
  const started = Date.now();
  let last: string | undefined;
  let since: string | undefined;
  while (Date.now() - started < timeoutMs) {
    // A long poll: answered when the status differs from the one seen last (or after a second).
    const waitMs = Math.min(VIEW_WAIT_MS, timeoutMs - (Date.now() - started));
    const s = await market.requestStatus(requestHash, { since, waitMs });
    if (s.deals.length) return s.deals[0] as DealId;
    if (s.status === 'expired' || s.status === 'cancelled')
      throw new ProofgridError(`request ${requestHash} is ${s.status}`, {
        code: `Request${s.status[0]!.toUpperCase()}${s.status.slice(1)}`,
        kind: 'user',
      });
    last = s.reason;
    // A matching failure that will not heal by waiting (a catalogued code someone must fix, or final) gives the run up.
    const code = s.reason?.split(':')[0] ?? '';
    const retry = retryOf(code);
    if ((retry === 'after-fix' || retry === 'never') && Date.now() - started > Math.min(graceMs, timeoutMs / 2)) {
      throw new ProofgridError(`request not matched: ${s.reason}`, { code, kind: 'user', details: { requestHash } });
    }
    // Unchanged: the long poll timed out, or the market does not hold polls; wait before asking again.
    const key = requestProgressKey(s);
    if (key === since) await new Promise((r) => setTimeout(r, pollMs));
    since = key;
  }
  throw new ProofgridError(`request ${requestHash} not matched within ${timeoutMs} ms${last ? ` (last reason: ${last})` : ''}`, {
    code: 'MatchTimeout',
    kind: 'timeout',
    details: { requestHash },
  });
}

/**
 * Follows a deal until every task is finalized (or claimed); calls `onProgress` on each change.
 * Long-polls the deal's summary (no per-task list: the scheduler answers when it changes) and reads
 * the whole view once, at the end.
 */
export async function waitForDealEnd(
  market: MarketClient,
  dealId: Hex,
  { timeoutMs = 300_000, pollMs = 150, onProgress }: { timeoutMs?: number; pollMs?: number; onProgress?: (d: DealSummary) => void } = {},
): Promise<DealView> {
  const started = Date.now();
  let lastKey: string | undefined;
  while (Date.now() - started < timeoutMs) {
    // A long poll: answered when the summary differs from the one seen last (or after a second).
    const waitMs = Math.min(VIEW_WAIT_MS, timeoutMs - (Date.now() - started));
    const d = await market.getDealSummary(dealId, { since: lastKey, waitMs });
    const key = dealProgressKey(d);
    if (key !== lastKey) onProgress?.(d);
    if (d.status !== 'running') return market.getDeal(dealId);
    // Unchanged: the long poll timed out, or the market does not hold polls; wait before asking again.
    if (key === lastKey) await new Promise((r) => setTimeout(r, pollMs));
    lastKey = key;
  }
  throw new ProofgridError(`deal ${dealId} not finished within ${timeoutMs} ms`, {
    code: 'DealTimeout',
    kind: 'timeout',
    details: { dealId },
  });
}

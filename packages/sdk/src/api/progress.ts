/**
 * Long polls on the market's views (`GET /v1/requests/:hash`, `GET /v1/deals/:id?tasks=none`):
 * the client sends `since`, the progress key of the view it last saw, and `waitMs`; the scheduler
 * answers as soon as the view's key differs (or at `waitMs`). Both sides compute the key here.
 */

/** The longest a market view long poll is held open (ms); longer asks are cut to it. */
export const MAX_VIEW_WAIT_MS = 30_000;

/** What a request's status view changes with: its status, how many deals it has, why it is not matched. */
export function requestProgressKey(s: { status: string; deals: readonly unknown[]; reason?: string | null }): string {
  return `${s.status}|${s.deals.length}|${s.reason ?? ''}`;
}

/** What a deal's summary changes with: its status, the task counts by status, why no worker can take it. */
export function dealProgressKey(d: { status: string; counts: Record<string, number>; unmatched?: string | null }): string {
  const counts = Object.keys(d.counts)
    .sort()
    .map((k) => `${k}=${d.counts[k]}`)
    .join(',');
  return `${d.status}|${counts}|${d.unmatched ?? ''}`;
}

/** The query string of a long poll (empty without `since`: answered at once). */
export function viewWaitQuery(o: { since?: string; waitMs?: number } = {}): string {
  if (o.since === undefined) return '';
  const waitMs = Math.max(0, Math.min(MAX_VIEW_WAIT_MS, Math.floor(o.waitMs ?? 0)));
  return `waitMs=${waitMs}&since=${encodeURIComponent(o.since)}`;
}

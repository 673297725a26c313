import type { Hex } from 'viem';
import { jsonCaller } from '../api/jsonCaller.ts';
import type { MarketClient } from '../api/createMarketClient.ts';

/** The order kinds a request is matched with, the request itself, and the pool's workers. */
export type ExplainKind = 'app' | 'dataset' | 'workerpool' | 'request' | 'workers';

/** One failing clause of one candidate: what fails and, when the requester can change it, how. */
export type ExplainFailure = { clause: string; detail: string; fix?: string };

/** A candidate offer (app, dataset or workerpool order in the book) and every clause it fails. */
export type ExplainCandidate = {
  kind: 'app' | 'dataset' | 'workerpool';
  hash: Hex;
  /** The app, dataset or workerpool id the order offers. */
  asset: string;
  /** Price per task, token wei. */
  price: string;
  fits: boolean;
  fails: ExplainFailure[];
};

/** A clause counted over the candidates of a kind: `failing` of `of` fail it (HTCondor's -better-analyze, per order). */
export type ExplainClause = { kind: ExplainKind; clause: string; failing: number; of: number; fix?: string };

/**
 * Why a request is (not) matched: per candidate order and pool every clause that fails (price,
 * volume, expiry, tag, category, trust, each restriction, the named pool, the private pool's list),
 * the request's own clauses (its status, the requester's funds, each requirement clause against
 * the pool's online workers) with counts, and the smallest change that would make it match.
 */
export type Explanation = {
  request: Hex;
  /** The request order's status in the book (open, matched, filled, cancelled, expired). */
  status: string;
  /** True when every kind has a fitting offer, the funds suffice and some worker meets the requirements. */
  matchable: boolean;
  /** Candidates and fitting candidates per order kind (dataset only when the request names one). */
  kinds: Partial<Record<'app' | 'dataset' | 'workerpool', { candidates: number; fitting: number }>>;
  /** Failing clauses with their counts, most failing first. */
  clauses: ExplainClause[];
  candidates: ExplainCandidate[];
  /** The smallest changes that would make it match, one per blocked kind (e.g. `raise workerpoolMaxPrice to 3 PGT`). */
  fixes: string[];
  /** One line: what blocks it, or that it can be matched. */
  summary: string;
  /** The last reason the scheduler recorded for this request (a match's revert), if any. */
  reason?: string;
};

/**
 * Asks the market why a request is or is not matched (`GET /v1/requests/:hash/explain`).
 * @example
 * import { explainRequest, formatExplanation } from '@proofgrid/sdk';
 * console.log(formatExplanation(await explainRequest(market, requestHash)));
 */
export async function explainRequest(market: Pick<MarketClient, 'url'>, requestHash: Hex, { fetch: fetchFn = globalThis.fetch } = {}) {
  const call = jsonCaller(market.url, fetchFn, {
    code: 'ServiceUnreachable',
    message: (cause) => `cannot reach the market service at ${market.url} (${cause})`,
  });
  return call<Explanation>('GET', `/v1/requests/${requestHash}/explain`);
}

/** The explanation as text for people: the summary, the clause counts, the fixes, then the candidates. */
export function formatExplanation(e: Explanation, { candidates = 10 }: { candidates?: number } = {}): string {
  const lines = [`request ${e.request} (${e.status}): ${e.summary}`];
  const kinds = Object.entries(e.kinds).map(([k, v]) => `${k} ${v?.fitting}/${v?.candidates} fit`);
  if (kinds.length) lines.push(`offers: ${kinds.join(', ')}`);
  if (e.clauses.length) {
    lines.push('failing clauses:');
    for (const c of e.clauses) lines.push(`  ${c.kind} ${c.clause}: fails on ${c.failing} of ${c.of}${c.fix ? ` (${c.fix})` : ''}`);
  }
  if (e.fixes.length) {
    lines.push('to match:');
    for (const f of e.fixes) lines.push(`  ${f}`);
  }
  if (e.reason) lines.push(`last match attempt: ${e.reason}`);
  const shown = e.candidates.slice(0, candidates);
  if (shown.length) lines.push('candidates:');
  for (const c of shown) {
    const why = c.fits ? 'fits' : c.fails.map((f) => `${f.clause} (${f.detail})`).join('; ');
    lines.push(`  ${c.kind} ${c.asset} ${c.hash.slice(0, 10)} price ${c.price}: ${why}`);
  }
  if (e.candidates.length > shown.length) lines.push(`  … ${e.candidates.length - shown.length} more`);
  return lines.join('\n');
}

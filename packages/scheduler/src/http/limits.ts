import type { RateLimits, ServerTimeouts, ServiceLimits } from '@proofgrid/sdk/api';

/** The largest JSON body any route takes (a 10,000-hash blob fetch is ~0.7 MB). */
export const MAX_JSON_BYTES = 2 << 20;
/** The longest `waitMs` a lease request may ask for (the protocol's schema caps it). */
export const LONG_POLL_MAX_MS = 30_000;
/** Blobs per `POST /v1/blobs/batch`, hashes per `POST /v1/blobs/fetch`. */
export const MAX_BLOBS_PER_CALL = 10_000;

/** The scheduler's request rates and timeouts (decision 016): `resolveLimits` of the SDK. */
export type SchedulerLimits = { rate: RateLimits; timeouts: ServerTimeouts };

/** What `GET /v1/info` reports under `limits`. */
export function limitsReport(maxBlobBytes: number, maxFetchBytes: number, l: SchedulerLimits): ServiceLimits {
  return {
    body: { json: MAX_JSON_BYTES, blob: maxBlobBytes, blobBatch: 2 * maxBlobBytes },
    blobs: { maxBytes: maxBlobBytes, fetchMaxBytes: maxFetchBytes, batchMaxBlobs: MAX_BLOBS_PER_CALL, fetchMaxHashes: MAX_BLOBS_PER_CALL },
    rate: l.rate,
    timeouts: l.timeouts,
    longPollMaxMs: LONG_POLL_MAX_MS,
  };
}

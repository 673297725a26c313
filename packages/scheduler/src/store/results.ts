import type { ProvableTaskReport } from '@proofgrid/sdk/protocol';
import type { Hex } from 'viem';

/** A batch the app failed (decision 012): the exit code and the digest of its failure report. */
export type StoredFailure = { exitCode: number; outputDigest: Hex };

/**
 * What a lease's (and, once agreed, its batch's) `digests` column holds: the JSON array of the
 * per-task digests; for a batch the app failed, `{"failure":{exitCode,outputDigest}}` (the shape of
 * the worker's report, so no migration: a column written before failures is an array); for a
 * disputable deal's batch (decision 030 point 6), `{"digests":[leaves],"provable":[{blob,outputDigest,claim}]}`.
 */
export function storedResult(
  r: { digests: readonly string[]; provable?: readonly unknown[] } | { failure: { exitCode: number; outputDigest: string } },
): string {
  if ('failure' in r) return JSON.stringify({ failure: r.failure });
  return r.provable ? JSON.stringify({ digests: r.digests, provable: r.provable }) : JSON.stringify(r.digests);
}

/**
 * Reads a `digests` column back: the digests of a batch that ran (with, for a provable batch, each task's
 * result blob digest and leaf pre-image), or the failure of one the app failed.
 */
export function parseStoredResult(text: string): { digests?: Hex[]; provable?: ProvableTaskReport[]; failure?: StoredFailure } {
  const v = JSON.parse(text) as Hex[] | { failure: StoredFailure } | { digests: Hex[]; provable: ProvableTaskReport[] };
  if (Array.isArray(v)) return { digests: v };
  return 'failure' in v ? { failure: v.failure } : { digests: v.digests, provable: v.provable };
}

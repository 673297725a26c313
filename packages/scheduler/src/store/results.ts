import type { Hex } from 'viem';

/** A batch the app failed (decision 012): the exit code and the digest of its failure report. */
export type StoredFailure = { exitCode: number; outputDigest: Hex };

/**
 * What a lease's (and, once agreed, its batch's) `digests` column holds: the JSON array of the
 * per-task digests, or, for a batch the app failed, `{"failure":{exitCode,outputDigest}}` (the
 * shape of the worker's report, so no migration: a column written before failures is an array).
 */
export function storedResult(r: { digests: readonly string[] } | { failure: { exitCode: number; outputDigest: string } }): string {
  return 'failure' in r ? JSON.stringify({ failure: r.failure }) : JSON.stringify(r.digests);
}

/** Reads a `digests` column back: the digests of a batch that ran, or the failure of one the app failed. */
export function parseStoredResult(text: string): { digests?: Hex[]; failure?: StoredFailure } {
  const v = JSON.parse(text) as Hex[] | { failure: StoredFailure };
  return Array.isArray(v) ? { digests: v } : { failure: v.failure };
}

import { isRetryable } from '@proofgrid/sdk/errors';
import type { Logger } from 'pino';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The first line of an error's message (for one-line logs). */
export const firstLine = (err: unknown) => String((err as Error)?.message ?? err).split('\n')[0];

/**
 * Start-up waits for a scheduler or chain that is down (restarting, partitioned) instead of
 * exiting: a retryable failure (unreachable, reset, timed out: the error catalogue's classes) is
 * tried again for `retryMs`; anything else, or the last failure, is thrown.
 */
export async function untilReachable<T>(
  what: string,
  fn: () => Promise<T>,
  o: { retryMs: number; log: Logger; stopped: () => boolean },
): Promise<T> {
  const until = Date.now() + o.retryMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isRetryable(err) || o.stopped() || Date.now() > until) throw err;
      o.log.warn({ attempt }, `${what} unreachable at start-up, retrying: ${firstLine(err)}`);
      await sleep(Math.min(2_000, 200 * attempt));
    }
  }
}

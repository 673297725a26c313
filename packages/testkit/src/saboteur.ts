import { encodeResult, resultDigestOf } from '@proofgrid/sdk';
import type { ResultStrategy } from '@proofgrid/worker';

/**
 * A lazy saboteur for demos and tests: after `after` honest replicated batches on chain, it
 * answers replicated batches with junk without running them (trust-1 batches stay honest: nothing
 * would outvote it there). The consensus must outvote it, seize its stake and reset its reputation.
 * @example
 * await startWorker({ ...options, resultStrategy: lazySaboteur(1) });
 */
export function lazySaboteur(after: number): ResultStrategy {
  /** Replicated contributions on chain (once it cheats it never stops, so junk ones may count too). */
  let contributions = 0;
  return {
    name: `lazy saboteur (after ${after})`,
    async outputs(lease, run) {
      if (lease.trust <= 1 || contributions < after) return run();
      return lease.tasks.map((t) => {
        const blob = encodeResult({ stdout: new TextEncoder().encode(`junk ${t.index}\n`), files: {} });
        return { blob, digest: resultDigestOf(blob), wallMs: 0, memoryPeakBytes: 0 };
      });
    },
    committed(_lease, phase) {
      if (phase === 'contributed') contributions++;
    },
  };
}

import { encodeResult, provableDigestOf, resultDigestOf } from '@proofgrid/sdk';
import { keccak256, toHex } from 'viem';
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

/** The false output every colluder commits (the same for all: they agree). */
export const COLLUDERS_OUTPUT = keccak256(toHex('the colluders’ result'));

/**
 * A colluding saboteur (issue 16, decision 030): it runs every task honestly, but on a disputable deal's batch commits
 * the true run's claim beside a false output digest (`COLLUDERS_OUTPUT`), the same on every colluder, so a pool of
 * them agrees on a wrong provable root. Only a verifier's refutation of the end binding can overturn it.
 */
export function colludingSaboteur(): ResultStrategy {
  return {
    name: 'colluding saboteur',
    outputs: (_lease, run) => run(),
    leaves: (_lease, honest) =>
      honest.map((l) => ({ ...l, outputDigest: COLLUDERS_OUTPUT, leaf: provableDigestOf(COLLUDERS_OUTPUT, l.claim) })),
  };
}

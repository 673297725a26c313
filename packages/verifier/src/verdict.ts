// What the verifier's own run says of an answer, and how a wrong one is shown wrong (decisions 022 and 027).
import type { Hex } from 'viem';
import type { Plan } from './store.ts';

export type Claim = { startRoot: Hex; endRoot: Hex; steps: bigint };

/** A claim from its stored JSON (steps as a decimal string). */
export const claimOf = (json: string): Claim => {
  const c = JSON.parse(json) as { startRoot: Hex; endRoot: Hex; steps: string };
  return { startRoot: c.startRoot, endRoot: c.endRoot, steps: BigInt(c.steps) };
};

const same = (a: Hex, b: Hex) => a.toLowerCase() === b.toLowerCase();
export const sameClaim = (a: Claim, b: Claim) => same(a.startRoot, b.startRoot) && same(a.endRoot, b.endRoot) && a.steps === b.steps;

export type Verdict = { state: 'agreed' | 'mismatch'; plan?: Plan; detail?: string };

/**
 * `agreed`; a wrong output digest under the verifier's own claim (`bind-end`: the end binding refutes it without a
 * game); a start root that is not the task's initial state (`demand-start`: only the answerer can open it, so the
 * verifier demands it and wins when the answerer cannot reveal an initial state of the app's image in time); otherwise
 * a wrong run from the right start (`game`: the bisection narrows it to one step the verifier proves).
 */
export function verdictOf(mine: Claim, myOutput: Hex | undefined, theirs: Claim, theirOutput: Hex): Verdict {
  if (sameClaim(mine, theirs)) {
    if (myOutput === undefined || same(myOutput, theirOutput)) return { state: 'agreed' };
    return { state: 'mismatch', plan: 'bind-end', detail: `the claim is the run's, its output digest is not (the run's is ${myOutput})` };
  }
  if (!same(mine.startRoot, theirs.startRoot))
    return {
      state: 'mismatch',
      plan: 'demand-start',
      detail: `the claim starts at ${theirs.startRoot}, not at the task's initial state ${mine.startRoot}: its pre-image is the answerer's alone`,
    };
  return { state: 'mismatch', plan: 'game' };
}

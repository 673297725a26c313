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

export type Verdict = { state: 'agreed' | 'mismatch' | 'unrefutable'; plan?: Plan; detail?: string };

/**
 * `agreed`; a wrong output digest under the verifier's own claim (`bind-end`: the end binding refutes it without a
 * game); a wrong start root (`unrefutable`: only the answerer knows the pre-image of its start, so neither a binding
 * nor a game step from it can be shown; docs/protocol.md, what the game does not cover); otherwise a wrong run
 * (`game`: the bisection narrows it to one step the verifier proves).
 */
export function verdictOf(mine: Claim, myOutput: Hex | undefined, theirs: Claim, theirOutput: Hex): Verdict {
  if (sameClaim(mine, theirs)) {
    if (myOutput === undefined || same(myOutput, theirOutput)) return { state: 'agreed' };
    return { state: 'mismatch', plan: 'bind-end', detail: `the claim is the run's, its output digest is not (the run's is ${myOutput})` };
  }
  if (!same(mine.startRoot, theirs.startRoot))
    return {
      state: 'unrefutable',
      detail: `the claim starts at ${theirs.startRoot}, not at the task's initial state ${mine.startRoot}: no binding or step can be shown from a state whose pre-image only the answerer knows`,
    };
  return { state: 'mismatch', plan: 'game' };
}

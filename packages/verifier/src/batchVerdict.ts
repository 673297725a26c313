// What the verifier's own run says of one task of a finalized disputable replicated batch (decision 030), and the
// call that shows a wrong leaf wrong: the same plans as an answer's (verdict.ts), once the leaf's pre-image is known.
import { type ProvableClaim, batchChallengeProof, provableDigestOf } from '@proofgrid/sdk';
import type { Hex } from 'viem';
import type { Plan } from './store.ts';
import { verdictOf } from './verdict.ts';

/** A leaf's pre-image as the batch's workers committed it: `provableDigestOf(outputDigest, claim)` is the leaf. */
export type LeafPreimage = { outputDigest: Hex; claim: ProvableClaim };

export type BatchTaskVerdict =
  | { state: 'agreed' }
  /** The agreed leaf is not the honest run's, and no pre-image of it is known: nothing on chain can be sent (decision 030 point 7). */
  | { state: 'withheld'; leaf: Hex; honestLeaf?: Hex; detail: string }
  /** The agreed leaf is wrong and its pre-image known: `plan` says how to show it, `proof` is its Merkle proof under the root. */
  | { state: 'mismatch'; plan: Plan; preimage: LeafPreimage; proof: Hex[]; detail?: string };

const same = (a: Hex, b: Hex) => a.toLowerCase() === b.toLowerCase();

/**
 * Task `index` of the batch [first, first + digests.length) checked against the verifier's honest run (`honest`, from
 * `honestRunOf`): `agreed` when the agreed leaf is the honest run's leaf; otherwise, with the leaf's pre-image
 * (`preimage`, which must hash to the agreed leaf), the plan of `verdictOf`: `bind-end` (`refuteBatch` with `End`),
 * `demand-start` (`demandBatchStart`) or `game` (`challengeBatch`); without one, `withheld`. The digests must build
 * `root` (the batch's agreed root on chain): a proof from another list would revert, so it throws
 * `BatchResultProofInvalid` first.
 */
export function batchVerdictOf(p: {
  first: number;
  index: number;
  digests: readonly Hex[];
  root: Hex;
  honest: { claim: ProvableClaim; outputDigest?: Hex };
  preimage?: LeafPreimage;
}): BatchTaskVerdict {
  const leaf = p.digests[p.index - p.first];
  if (!leaf) throw new RangeError(`task ${p.index} is not in the batch [${p.first}, ${p.first + p.digests.length})`);
  const honestLeaf = p.honest.outputDigest ? provableDigestOf(p.honest.outputDigest, p.honest.claim) : undefined;
  if (honestLeaf && same(honestLeaf, leaf)) return { state: 'agreed' };
  const pre = p.preimage;
  if (!pre || !same(provableDigestOf(pre.outputDigest, pre.claim), leaf))
    return {
      state: 'withheld',
      leaf,
      honestLeaf,
      detail: `the agreed leaf ${leaf} is not the honest run's${pre ? ', and the pre-image given does not hash to it' : ''}: no pre-image to challenge with`,
    };
  const { proof } = batchChallengeProof({
    first: p.first,
    index: p.index,
    outputDigest: pre.outputDigest,
    claim: pre.claim,
    digests: p.digests,
    root: p.root,
  });
  const v = verdictOf(p.honest.claim, p.honest.outputDigest, pre.claim, pre.outputDigest);
  // The leaf differs from the honest one, so the verdict cannot be `agreed`; a trap (no honest output) under the same
  // claim leaves only the game: the end binding refutes a halted state only by its commitment.
  return { state: 'mismatch', plan: v.plan ?? 'game', preimage: pre, proof: [...proof], detail: v.detail };
}

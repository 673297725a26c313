import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keccak256, toHex } from 'viem';
import { provableDigestOf } from '../../utils/provableDigest.ts';
import { buildResultTree } from '../../utils/resultTree.ts';
import { batchChallengeProof } from './batchChallenges.ts';

const claimOf = (i: number) => ({ startRoot: keccak256(toHex(`s${i}`)), endRoot: keccak256(toHex(`e${i}`)), steps: BigInt(1000 + i) });
const outputOf = (i: number) => keccak256(toHex(`o${i}`));
const digests = [0, 1, 2, 3, 4].map((i) => provableDigestOf(outputOf(i), claimOf(i)));

test("batchChallengeProof: the proof of a task's provable digest under the batch's root (tasks 10..14)", () => {
  const { root } = buildResultTree(10, digests);
  const p = batchChallengeProof({ first: 10, index: 12, outputDigest: outputOf(2), claim: claimOf(2), digests, root });
  assert.equal(p.root, root);
  assert.equal(p.digest, digests[2]);
  assert.deepEqual(p.proof, buildResultTree(10, digests).proof(12));
});

test('batchChallengeProof: a claim that is not the task digest, or digests of another root, is BatchResultProofInvalid', () => {
  const { root } = buildResultTree(10, digests);
  const invalid = (e: { code?: string }) => e.code === 'BatchResultProofInvalid';
  assert.throws(() => batchChallengeProof({ first: 10, index: 12, outputDigest: outputOf(3), claim: claimOf(2), digests, root }), invalid);
  assert.throws(
    () => batchChallengeProof({ first: 10, index: 12, outputDigest: outputOf(2), claim: claimOf(2), digests, root: keccak256(toHex('x')) }),
    invalid,
  );
  assert.throws(() => batchChallengeProof({ first: 10, index: 15, outputDigest: outputOf(2), claim: claimOf(2), digests, root }), invalid);
});

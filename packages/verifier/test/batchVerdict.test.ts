// The verifier's verdict on a task of a finalized disputable replicated batch (H10, decision 030).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildResultTree, provableDigestOf } from '@proofgrid/sdk';
import { keccak256, toHex } from 'viem';
import { batchVerdictOf } from '../src/batchVerdict.ts';

const h = (s: string) => keccak256(toHex(s));
const honest = { claim: { startRoot: h('start'), endRoot: h('end'), steps: 100n }, outputDigest: h('out') };
const honestLeaf = provableDigestOf(honest.outputDigest, honest.claim);
const other = (i: number) => provableDigestOf(h(`out ${i}`), { startRoot: h(`s ${i}`), endRoot: h(`e ${i}`), steps: 7n });
/** A batch [first, first + 4) whose task 6 holds `leaf`. */
const batch = (leaf: `0x${string}`) => {
  const first = 4;
  const digests = [other(0), other(1), leaf, other(3)];
  return { first, index: 6, digests, root: buildResultTree(first, digests).root };
};

describe('batchVerdictOf: the verifier’s run against a batch’s agreed leaf', () => {
  test("the honest run's leaf: agreed, whatever pre-image is given", () => {
    assert.deepEqual(batchVerdictOf({ ...batch(honestLeaf), honest }), { state: 'agreed' });
  });

  test('a wrong output under the true claim (colluding replicas): the end binding, with the Merkle proof under the root', () => {
    const lie = { outputDigest: h('lie'), claim: honest.claim };
    const b = batch(provableDigestOf(lie.outputDigest, lie.claim));
    const v = batchVerdictOf({ ...b, honest, preimage: lie });
    assert.equal(v.state, 'mismatch');
    if (v.state !== 'mismatch') return;
    assert.equal(v.plan, 'bind-end');
    assert.deepEqual(v.preimage, lie);
    assert.deepEqual(v.proof, buildResultTree(b.first, b.digests).proof(b.index));
  });

  test('another end root: the game; another start root: a start demand', () => {
    const wrongEnd = { outputDigest: h('lie'), claim: { ...honest.claim, endRoot: h('other end') } };
    const v1 = batchVerdictOf({ ...batch(provableDigestOf(wrongEnd.outputDigest, wrongEnd.claim)), honest, preimage: wrongEnd });
    assert.equal(v1.state === 'mismatch' && v1.plan, 'game');
    const wrongStart = { outputDigest: h('lie'), claim: { ...honest.claim, startRoot: h('made up') } };
    const v2 = batchVerdictOf({ ...batch(provableDigestOf(wrongStart.outputDigest, wrongStart.claim)), honest, preimage: wrongStart });
    assert.equal(v2.state === 'mismatch' && v2.plan, 'demand-start');
  });

  test('a wrong leaf with no pre-image, or one that does not hash to it: withheld (nothing can be sent)', () => {
    const lie = { outputDigest: h('lie'), claim: honest.claim };
    const b = batch(provableDigestOf(lie.outputDigest, lie.claim));
    const v = batchVerdictOf({ ...b, honest });
    assert.equal(v.state, 'withheld');
    assert.equal(v.state === 'withheld' && v.honestLeaf, honestLeaf);
    assert.equal(batchVerdictOf({ ...b, honest, preimage: { ...lie, outputDigest: h('another lie') } }).state, 'withheld');
  });

  test("digests that do not build the batch's agreed root: BatchResultProofInvalid before anything is sent", () => {
    const lie = { outputDigest: h('lie'), claim: honest.claim };
    const b = batch(provableDigestOf(lie.outputDigest, lie.claim));
    assert.throws(
      () => batchVerdictOf({ ...b, root: h('another root'), honest, preimage: lie }),
      (err: { code?: string }) => err.code === 'BatchResultProofInvalid',
    );
  });
});

// Issue 16's colluding scheduler at the library level on a devnet (H10, decision 030): a replicated deal at trust
// 1,000 whose scheduler authorizes only its own ten fresh workers (weight 2 each: ten agreeing reach trust 1,000), every
// one committing the same wrong result for the task: the true run's claim (the ml example's task 0) beside a false
// output digest. The batch finalizes inside the hub's rollback window. One honest verifier, from its own run, refutes
// the leaf's end binding (refuteBatch): the batch is overturned, the ten workers' stakes go to the verifier, the
// requester is refunded. No processes here (test/e2e/batchDisputes.test.ts is not built: decision 030 points 6, 7).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Devnet } from '@proofgrid/devnet';
import { type DealKey, type ProofgridClient, buildResultTree, getBalances, getBatchStatus, provableDigestOf } from '@proofgrid/sdk';
import { keccak256, toHex } from 'viem';
import { honestTrace } from '../../sdk/test/finishedGame.ts';
import { showBatchTaskWrong } from '../src/batchChallenger.ts';
import { batchVerdictOf } from '../src/batchVerdict.ts';
import { colludingBatch, price } from './colludingBatchFixture.ts';

describe('a colluding scheduler at trust 1,000 is overturned by one honest verifier', () => {
  let devnet: Devnet;
  let key: DealKey;
  let requester: ProofgridClient;
  let verifier: ProofgridClient;
  let workers: ProofgridClient[];
  const trace = honestTrace();
  const honest = { claim: trace.end(), outputDigest: trace.output().commitment };
  const lie = { outputDigest: keccak256(toHex('the colluders’ result')), claim: honest.claim };
  const digests = [provableDigestOf(lie.outputDigest, lie.claim)];
  const { root } = buildResultTree(0, digests);

  before(async () => {
    ({ devnet, key, requester, verifier, workers } = await colludingBatch({ root }));
  });
  after(async () => devnet?.stop());

  test('the batch is finalized with the wrong result, inside the rollback window', async () => {
    assert.equal(await getBatchStatus(requester, { key, first: 0, count: 1 }), 'Finalized');
  });

  test('one verifier refutes it: overturned, the colluders’ stakes to the verifier, the requester refunded', async () => {
    const bal = (c: ProofgridClient) => getBalances(requester, { account: c.account!.address });
    const before = { verifier: await bal(verifier), requester: await bal(requester), workers: await Promise.all(workers.map(bal)) };
    const v = batchVerdictOf({ first: 0, index: 0, digests, root, honest, preimage: lie });
    assert.ok(v.state === 'mismatch' && v.plan === 'bind-end');
    const action = await showBatchTaskWrong(verifier, { key, first: 0, count: 1, index: 0 }, v, trace);
    assert.equal(action.kind, 'refuted');
    assert.equal(await getBatchStatus(requester, { key, first: 0, count: 1 }), 'Overturned');
    const after = { verifier: await bal(verifier), requester: await bal(requester), workers: await Promise.all(workers.map(bal)) };
    const seized = before.workers.reduce((s, b, i) => s + (b.escrow + b.locked - after.workers[i]!.escrow - after.workers[i]!.locked), 0n);
    assert.ok(seized > 0n, 'every colluder lost its stake');
    for (const [i, b] of before.workers.entries())
      assert.ok(after.workers[i]!.escrow + after.workers[i]!.locked < b.escrow + b.locked, `colluder ${i} lost`);
    assert.equal(after.verifier.escrow - before.verifier.escrow, seized, 'the verifier got exactly the colluders’ stakes');
    assert.equal(after.verifier.locked, 0n, 'and locked nothing');
    assert.ok(after.requester.escrow - before.requester.escrow >= 2n * price, 'the requester refunded (app and pool price)');
    assert.equal(after.requester.locked, 0n);
  });
});

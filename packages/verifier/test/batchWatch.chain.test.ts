// The verifier's batch watch (decision 030 point 5, H13) on a devnet: issue 16's colluding scheduler at trust 1,000
// (the same setup as colludingBatch.chain.test.ts: ten fresh workers of its own, all committing the true claim of the
// ml task 0 beside a false output digest) is found by the watch from the hub's BatchFinalized log. The leaves and their
// pre-images come from the deal view (decision 030 point 6; here a stub serving what the colluding scheduler stored),
// the honest run from the verifier's own trace; the watch refutes the end binding: overturned, the colluders' stakes
// to the verifier, the requester refunded. A deal view without pre-images (a withholding scheduler, decision 030
// point 7) leaves the batch unchallenged.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Devnet } from '@proofgrid/devnet';
import { type DealKey, type ProofgridClient, buildResultTree, getBalances, getBatchStatus, provableDigestOf } from '@proofgrid/sdk';
import { keccak256, toHex } from 'viem';
import { honestTrace } from '../../sdk/test/finishedGame.ts';
import { type BatchDealView, createBatchWatch } from '../src/batchWatch.ts';
import type { HonestRun } from '../src/reexecute.ts';
import { colludingBatch, price } from './colludingBatchFixture.ts';

describe("the verifier's batch watch overturns a colluding batch from its BatchFinalized log", () => {
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

  const preimage = { outputDigest: lie.outputDigest, claim: { ...lie.claim, steps: lie.claim.steps.toString() } };
  const watchWith = (view: BatchDealView) =>
    createBatchWatch({
      client: verifier,
      secret: keccak256(toHex('verifier secret')),
      fraction: 1,
      honestRun: async () => ({ ...honest, trace }) as HonestRun,
      dealView: async () => view,
      log: () => {},
    });

  test("a scheduler that withholds the leaves' pre-images: nothing to challenge with, the batch stands", async () => {
    const outcomes = await watchWith({ tasks: [{ index: 0, digest: digests[0] }] }).scan();
    assert.deepEqual(outcomes, []);
    assert.equal(await getBatchStatus(requester, { key, first: 0, count: 1 }), 'Finalized');
  });

  test('with the pre-images: the watch refutes the batch, the colluders’ stakes to the verifier, the requester refunded', async () => {
    const bal = (c: ProofgridClient) => getBalances(requester, { account: c.account!.address });
    const before = { verifier: await bal(verifier), requester: await bal(requester), workers: await Promise.all(workers.map(bal)) };
    const watch = watchWith({ tasks: [{ index: 0, digest: digests[0], leaf: preimage }] });
    const outcomes = await watch.scan();
    assert.equal(outcomes.length, 1);
    assert.equal(outcomes[0]?.verdict, 'mismatch');
    assert.equal(outcomes[0]?.action?.kind, 'refuted');
    assert.equal(await getBatchStatus(requester, { key, first: 0, count: 1 }), 'Overturned');
    const after = { verifier: await bal(verifier), requester: await bal(requester), workers: await Promise.all(workers.map(bal)) };
    const seized = before.workers.reduce((s, b, i) => s + (b.escrow + b.locked - after.workers[i]!.escrow - after.workers[i]!.locked), 0n);
    assert.ok(seized > 0n, 'every colluder lost its stake');
    assert.equal(after.verifier.escrow - before.verifier.escrow, seized, 'the verifier got exactly the colluders’ stakes');
    assert.ok(after.requester.escrow - before.requester.escrow >= 2n * price, 'the requester refunded (app and pool price)');
    assert.deepEqual(await watch.scan(), [], 'a second scan has nothing new');
    assert.deepEqual(
      await watchWith({ tasks: [{ index: 0, digest: digests[0], leaf: preimage }] }).scan(),
      [],
      'a restarted watch skips the overturned batch',
    );
  });
});

// A colluding batch in miniature on a devnet (H10, decision 030): a replicated deal with a rollback window whose batch
// agreed on a wrong output under the true run's claim (the ml example's task 0) for task 1. The verifier's own run
// finds the leaf wrong (batchVerdictOf: the end binding), refutes it with refuteBatch (showBatchTaskWrong): the batch
// is overturned on chain in one transaction, no game, no deposit; an honest leaf of the same batch is agreed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type DealKey, getBalances, getBatchStatus, getHubEvents, provableDigestOf } from '@proofgrid/sdk';
import { OPTIMISTIC_PRICE, startOptimisticDeal } from '@proofgrid/testkit';
import { type Hex, keccak256, toHex } from 'viem';
import { honestTrace } from '../../sdk/test/finishedGame.ts';
import { pushReplicatedBatch } from '../../sdk/test/replicatedBatch.ts';
import { showBatchTaskWrong } from '../src/batchChallenger.ts';
import { batchVerdictOf } from '../src/batchVerdict.ts';

describe('the verifier refutes a wrong leaf of a finalized replicated batch (end binding)', () => {
  let deal: Awaited<ReturnType<typeof startOptimisticDeal>>;
  let key: DealKey;
  let digests: Hex[];
  let root: Hex;
  const trace = honestTrace();
  const honest = { claim: trace.end(), outputDigest: trace.output().commitment };
  const lie = { outputDigest: keccak256(toHex('a wrong result every replica agreed on')), claim: honest.claim };

  before(async () => {
    deal = await startOptimisticDeal({ volume: 1n, challengeWindow: 60n });
    const outputs = [honest.outputDigest, lie.outputDigest, honest.outputDigest];
    const claims = [honest.claim, lie.claim, honest.claim];
    ({ key, digests, root } = await pushReplicatedBatch(deal, { outputs, claims, rollbackWindow: 600n, price: OPTIMISTIC_PRICE }));
  });
  after(async () => deal?.devnet.stop());

  test("an honest leaf is agreed; the wrong one's verdict is the end binding", () => {
    assert.deepEqual(batchVerdictOf({ first: 0, index: 0, digests, root, honest, preimage: lie }), { state: 'agreed' });
    const v = batchVerdictOf({ first: 0, index: 1, digests, root, honest, preimage: lie });
    assert.equal(v.state === 'mismatch' && v.plan, 'bind-end');
    assert.equal(digests[1], provableDigestOf(lie.outputDigest, lie.claim));
  });

  test('refuteBatch overturns the batch; the verifier is named in BatchOverturned', async () => {
    const verifier = deal.clients.worker1!;
    const v = batchVerdictOf({ first: 0, index: 1, digests, root, honest, preimage: lie });
    assert.ok(v.state === 'mismatch');
    const bal = async (k: 'worker1' | 'requester' | 'worker0') => getBalances(verifier, { account: deal.clients[k]!.account!.address });
    const before = { verifier: await bal('worker1'), requester: await bal('requester'), liar: await bal('worker0') };
    const action = await showBatchTaskWrong(verifier, { key, first: 0, count: 3, index: 1 }, v, trace);
    assert.equal(action.kind, 'refuted');
    assert.equal(await getBatchStatus(verifier, { key, first: 0, count: 3 }), 'Overturned');
    const after = { verifier: await bal('worker1'), requester: await bal('requester'), liar: await bal('worker0') };
    // The requester is refunded the batch's three tasks (their price unlocked back to its escrow) with the pool's stake
    // on top (decision 026 point 5). A trust-1 batch locks no worker stake: the verifier gets the agreed group's
    // stakes, which are zero here (and its refutation locked nothing).
    const price = 3n * 2n * OPTIMISTIC_PRICE;
    assert.equal(before.requester.locked - after.requester.locked, price, 'the three tasks unlocked');
    assert.ok(after.requester.escrow - before.requester.escrow > price, 'refunded, and the pool stake on top');
    assert.equal(after.verifier.escrow, before.verifier.escrow);
    assert.equal(after.verifier.locked, 0n);
    const [overturned] = await getHubEvents(verifier, { eventName: 'BatchOverturned' });
    assert.ok(overturned, 'BatchOverturned emitted');
    assert.equal((overturned.args as { checker: Hex }).checker.toLowerCase(), verifier.account!.address.toLowerCase());
  });
});

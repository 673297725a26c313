// The verifier's batch watch following its own start demand (decision 030 point 5, H13) on a devnet: issue 16's
// colluding setup (ten fresh workers at trust 1,000), whose leaf claims the true run's output and steps from a made-up
// start root. The watch's verdict is a start demand (demandBatchStart); nobody proves the start (no scheduler here),
// so once the dispute clock has run (evm_increaseTime) the watch resolves it (resolveBatchStartDemand): overturned.
// The scheduler's side (proveBatchStart of an honest batch) is packages/scheduler/src/chain/batchDefence.test.ts and
// test/e2e/batchDisputes.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Devnet } from '@proofgrid/devnet';
import { type DealKey, type ProofgridClient, buildResultTree, getBatchStatus, provableDigestOf } from '@proofgrid/sdk';
import { keccak256, parseEther, toHex } from 'viem';
import { honestTrace } from '../../sdk/test/finishedGame.ts';
import { type BatchDealView, createBatchWatch } from '../src/batchWatch.ts';
import type { HonestRun } from '../src/reexecute.ts';
import { colludingBatch } from './colludingBatchFixture.ts';

const _COLLUDERS = 10;
const CLOCK = 3600; // the devnet's dispute clock (decision 026)
const _price = parseEther('1');

describe("the verifier's batch watch demands a made-up start and, unanswered, overturns the batch", () => {
  let devnet: Devnet;
  let key: DealKey;
  let requester: ProofgridClient;
  let verifier: ProofgridClient;
  let _workers: ProofgridClient[];
  const trace = honestTrace();
  const honest = { claim: trace.end(), outputDigest: trace.output().commitment };
  // A made-up start: the true run's output and steps under a start root that is no initial state of the app.
  const lie = { outputDigest: honest.outputDigest, claim: { ...honest.claim, startRoot: keccak256(toHex('a made-up start')) } };
  const digests = [provableDigestOf(lie.outputDigest, lie.claim)];
  const { root } = buildResultTree(0, digests);

  before(async () => {
    ({ devnet, key, requester, verifier, _workers } = await colludingBatch({ root, verifierDeposits: true }));
  });
  after(async () => devnet?.stop());

  const preimage = { outputDigest: lie.outputDigest, claim: { ...lie.claim, steps: lie.claim.steps.toString() } };

  test('the demand stays open until the clock has run, then the watch resolves it: overturned', async () => {
    const watch = createBatchWatch({
      client: verifier,
      secret: keccak256(toHex('verifier secret')),
      fraction: 1,
      honestRun: async () => ({ ...honest, trace }) as HonestRun,
      dealView: async () => ({ tasks: [{ index: 0, digest: digests[0], leaf: preimage }] }) as BatchDealView,
      log: (level, msg, f) => level === 'error' && console.error(msg, f),
    });
    const [outcome] = await watch.scan();
    assert.equal(outcome?.action?.kind, 'demanded');
    assert.deepEqual(await watch.followDemands(), [], 'the clock has not run');
    assert.equal(await getBatchStatus(requester, { key, first: 0, count: 1 }), 'Finalized');
    await requester.public.request({ method: 'evm_increaseTime', params: [CLOCK + 1] } as never);
    await requester.public.request({ method: 'evm_mine', params: [] } as never);
    const ended = await watch.followDemands();
    assert.deepEqual(
      ended.map((e) => e.outcome),
      ['overturned'],
    );
    assert.equal(await getBatchStatus(requester, { key, first: 0, count: 1 }), 'Overturned');
  });
});

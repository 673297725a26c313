// A challenge of a finalized replicated batch through the SDK on a devnet with the real game (decision 026 point 5):
// the batch's task 1 commits to a claim with a made-up end root (ml task 0, 2^20 steps); worker1 challenges it with
// challengeBatch (the Merkle proof built from the batch's digests), the deal's scheduler defends the lie and loses to a
// one-step proof; resolveBatchChallenge overturns the batch; getDisputeTimeline({ batchId }) tells the whole story.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { challenge, defend, type Wallet } from '@proofgrid/disputes';
import { OPTIMISTIC_PRICE, startOptimisticDeal } from '@proofgrid/testkit';
import { type Hex, keccak256, parseEventLogs, toHex } from 'viem';
import { lyingTrace } from '../../disputes/src/testing/lyingTrace.ts';
import {
  type DealKey,
  type DisputeTimelineEntry,
  batchIdOf,
  challengeBatch,
  dealIdOf,
  getBatchStatus,
  getDisputeTimeline,
  hubAbi,
  resolveBatchChallenge,
} from '../src/index.ts';
import { honestTrace } from './finishedGame.ts';
import { pushReplicatedBatch } from './replicatedBatch.ts';

describe('SDK: a batch challenge played to the end on a devnet', () => {
  let deal: Awaited<ReturnType<typeof startOptimisticDeal>>;
  let key: DealKey;
  let digests: Hex[];
  let timeline: DisputeTimelineEntry[];
  const steps = 2n ** 20n;
  const outputs = [0, 1, 2].map((i) => keccak256(toHex(`out ${i}`)));

  before(async () => {
    deal = await startOptimisticDeal({ volume: 1n, challengeWindow: 60n });
    const trace = honestTrace();
    const liar = lyingTrace(trace, steps);
    const claims = [0, 1, 2].map((i) => ({
      startRoot: trace.rootAt(0n),
      steps: steps + BigInt(i === 1 ? 0 : i + 7),
      endRoot: keccak256(toHex(`e${i}`)),
    }));
    claims[1] = { startRoot: trace.rootAt(0n), steps, endRoot: liar.rootAt(steps) };
    ({ key, digests } = await pushReplicatedBatch(deal, { outputs, claims, rollbackWindow: 600n, price: OPTIMISTIC_PRICE }));
    const c = deal.clients;
    await assert.rejects(
      challengeBatch(c.worker1!, { key, first: 0, count: 3, index: 1, outputDigest: outputs[0]!, claim: claims[1]!, digests }),
      (e: { code?: string }) => e.code === 'BatchResultProofInvalid',
      'a claim that is not the task digest is refused before anything is sent',
    );
    const receipt = await challengeBatch(c.worker1!, {
      key,
      first: 0,
      count: 3,
      index: 1,
      outputDigest: outputs[1]!,
      claim: claims[1]!,
      digests,
    });
    const [opened] = parseEventLogs({ abi: hubAbi, logs: receipt.logs, eventName: 'DisputeGameOpened' });
    const { game, gameId } = opened!.args;
    const ref = { publicClient: c.requester!.public as never, address: game, gameId, fromBlock: receipt.blockNumber };
    const defending = defend({ ...ref, wallet: c.scheduler!.wallet as Wallet, view: liar }).catch((e: Error) => e);
    const challenging = challenge({ ...ref, wallet: c.worker1!.wallet as Wallet, view: trace });
    const lost = await defending;
    if (lost instanceof Error) {
      assert.match(lost.message, /StepAgrees/);
      await c.requester!.public.request({ method: 'evm_increaseTime', params: [3601] } as never);
      await c.requester!.public.request({ method: 'evm_mine', params: [] } as never);
    }
    assert.equal((await challenging).status, 'ChallengerWon');
    await resolveBatchChallenge(c.requester!, { key, first: 0, count: 3, challenge: 0n });
    timeline = await getDisputeTimeline(c.requester!, { batchId: batchIdOf(dealIdOf(key), 0, 3) });
  });
  after(async () => deal?.devnet.stop());

  test('the batch timeline: the challenge naming task 1, the game to its one-step proof, the overturn', () => {
    const events = timeline.map((e) => e.event);
    assert.deepEqual(events.slice(0, 3), ['BatchChallenged', 'GameOpened', 'DisputeGameOpened']);
    assert.deepEqual(events.slice(-4, -2), ['OneStepProven', 'GameEnded']);
    assert.deepEqual([...events.slice(-2)].sort(), ['BatchOverturned', 'ChallengeResolved']);
    const challenged = timeline[0]!;
    assert.ok(challenged.event === 'BatchChallenged');
    assert.equal(challenged.index, 1);
    const opened = timeline[1]!;
    assert.ok(opened.event === 'GameOpened');
    assert.equal(opened.defender, deal.clients.scheduler!.account!.address, "the deal's scheduler defends");
    const resolved = timeline.find((e) => e.event === 'ChallengeResolved');
    assert.ok(resolved?.event === 'ChallengeResolved' && resolved.challengerWon);
  });

  test('the batch is overturned on chain', async () => {
    assert.equal(await getBatchStatus(deal.clients.requester!, { key, first: 0, count: 3 }), 'Overturned');
  });
});

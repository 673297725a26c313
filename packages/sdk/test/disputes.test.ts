// Optimistic verification on a devnet (decision 026): a request's verification terms reach the deal
// key, a worker answers with a deposit, the SDK reads the task's ECM state through its lifecycle, a
// challenge opens a game on the devnet's DisputeGame, an unchallenged answer is paid after its window.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Hex, keccak256, toHex } from 'viem';
import { OPTIMISTIC_PRICE, startOptimisticDeal } from '@proofgrid/testkit';
import {
  type DealKey,
  type ProofgridClient,
  challengeTask,
  finalizeAnswer,
  getBalances,
  getDealEvents,
  getTaskResolution,
  hubAbi,
  dealIdOf,
  provableDigestOf,
  taskIdOf,
} from '../src/index.ts';

type Deal = Awaited<ReturnType<typeof startOptimisticDeal>>;

describe('SDK: optimistic answers and their ECM state on a devnet', () => {
  let devnet: Deal['devnet'];
  let c: Record<string, ProofgridClient>;
  let key: DealKey;
  let answerAs: Deal['answer'];
  const price = OPTIMISTIC_PRICE;
  const output = keccak256(toHex('output'));
  const claim = { startRoot: keccak256(toHex('start')), endRoot: keccak256(toHex('end')), steps: 12_345n };

  before(async () => {
    ({ devnet, clients: c, key, answer: answerAs } = await startOptimisticDeal({ volume: 2n, challengeWindow: 60n }));
  });
  after(async () => devnet?.stop());

  const answer = (index: number) => answerAs({ index, outputDigest: output, claim });
  const resolution = (index: number) => getTaskResolution(c.requester!, taskIdOf(dealIdOf(key), index));
  const mine = async (seconds: number) => {
    await c.requester!.public.request({ method: 'evm_increaseTime', params: [seconds] } as never);
    await c.requester!.public.request({ method: 'evm_mine', params: [] } as never);
  };

  test('the request terms are in the deal key', () => {
    assert.equal(key.verification, 1);
    assert.equal(key.challengeWindow, 60n);
    assert.equal(key.rollbackWindow, 0n);
  });

  test('an answer waits for its window, then is soft-resolved and paid', async () => {
    assert.equal((await resolution(0)).state, 'Pending');
    const worker0 = await getBalances(c.requester!, { account: c.worker0!.account!.address });
    await answer(0);
    const answered = await resolution(0);
    assert.equal(answered.state, 'WaitingForResolution');
    assert.equal(answered.status, 'answered');
    assert.equal(answered.digest, provableDigestOf(output, claim), 'the SDK computes the digest the hub commits to');
    assert.equal(answered.answerer, c.worker0!.account!.address);
    await assert.rejects(finalizeAnswer(c.requester!, { key, index: 0 }), (e: { code: string }) => e.code === 'DisputeUnexpectedState');
    await mine(61);
    assert.equal((await resolution(0)).status, 'payable', 'soft-resolved once the window passed');
    await finalizeAnswer(c.requester!, { key, index: 0 });
    const done = await resolution(0);
    assert.equal(done.state, 'Finalized');
    assert.equal(done.status, 'completed');
    const after = await getBalances(c.requester!, { account: c.worker0!.account!.address });
    assert.equal(after.escrow + after.locked - worker0.escrow - worker0.locked, (price * 90n) / 100n, "the worker's share, deposit back");
  });

  test('a challenge opens a game on the devnet dispute game and puts the task in Resolving', async () => {
    await answer(1);
    await assert.rejects(
      challengeTask(c.worker1!, { key, index: 1, outputDigest: output, claim: { ...claim, steps: 1n } }),
      (e: { code: string }) => e.code === 'DisputeClaimMismatch',
    );
    await challengeTask(c.worker1!, { key, index: 1, outputDigest: output, claim });
    const disputed = await resolution(1);
    assert.equal(disputed.state, 'Resolving');
    assert.equal(disputed.status, 'disputed');
    assert.equal(disputed.openGames, 1);
    const [game] = (await c.requester!.public.readContract({
      address: devnet.deployment.hub,
      abi: hubAbi,
      functionName: 'disputeSettings',
    })) as readonly [Hex, bigint, bigint];
    const challenge = (await c.requester!.public.readContract({
      address: devnet.deployment.hub,
      abi: hubAbi,
      functionName: 'challengeOf',
      args: [taskIdOf(dealIdOf(key), 1), 0n],
    })) as { game: Hex; challenger: Hex };
    assert.equal(challenge.game, game, "the hub's configured game");
    assert.equal(challenge.challenger, c.worker1!.account!.address);
  });

  test("the deal's audit trail shows the answers, the challenge and its game, in chain order", async () => {
    const names = (await getDealEvents(c.requester!, { dealId: dealIdOf(key) })).map((e) => e.eventName);
    assert.deepEqual(
      names.filter((n) => n !== 'ReputationChanged'),
      [
        'DealMatched',
        'TaskAnswered',
        'ContributionJudged',
        'BatchSettled',
        'AnswerFinalized',
        'TaskAnswered',
        'TaskChallenged',
        'DisputeGameOpened',
      ],
    );
  });
});

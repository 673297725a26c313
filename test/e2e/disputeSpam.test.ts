// Issue 16, "a challenger that spams games pays for every one it loses" (real processes): one honest optimistic answer
// of a worker process, three false challenges of it by one spammer (each a game of its own with its own deposit,
// decision 026 point 4). The worker defends all three; every game ends against the spammer, whose three deposits go
// to the answerer, and the answer is still finalized and paid.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { deposit, getBalances, requestRun, taskIdOf, waitForDeal, waitForDealEnd } from '@proofgrid/sdk';
import {
  PRICE,
  type Stack,
  advanceChain,
  answerOf,
  events,
  falseChallenge,
  mcTasks,
  setupMarket,
  startStack,
  waitUntil,
} from '@proofgrid/testkit';
import { type Hex, parseEther } from 'viem';

/** The devnet's dispute game clock (1 h) and deposit (0.1 PGT), decision 026 point 2. */
const GAME_CLOCK = 3600;
const DEPOSIT = parseEther('0.1');
const GAMES = 3;

describe('a challenger that spams games pays for every one it loses (real scheduler and worker processes)', () => {
  let stack: Stack;
  let ctx: Awaited<ReturnType<typeof setupMarket>>;
  before(async () => {
    stack = await startStack({ workers: 1 });
    ctx = await setupMarket(stack);
  });
  after(async () => stack?.stop());

  test(`${GAMES} false challenges of one honest answer: ${GAMES} games lost, ${GAMES} deposits to the answerer`, async () => {
    const { requestHash } = await requestRun(ctx.requester, stack.market, {
      app: ctx.app,
      tasks: mcTasks(1, 50),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
      verification: 'optimistic',
      challengeWindow: 600n,
    });
    const dealId = (await waitForDeal(stack.market, requestHash)) as Hex;
    await waitUntil(
      async () => (await stack.market.getDeal(dealId)).tasks[0]!,
      (t) => t.answer === 'answered',
      'the answer on chain',
    );
    const answer = (await answerOf(ctx.requester, dealId, 0))!;
    const spammer = stack.clientOf(stack.accounts.spare[0]!);
    await deposit(spammer, { amount: parseEther('1') });
    const answererBefore = await getBalances(ctx.requester, { account: answer.answerer });

    for (let i = 0; i < GAMES; i++) {
      const { played } = await falseChallenge(spammer, stack.market, dealId, 0);
      assert.ok(played instanceof Error, `game ${i}: the spammer gets stuck on a step it cannot refute`);
    }
    const spent = await getBalances(spammer, { account: stack.accounts.spare[0]!.address });
    assert.equal(spent.locked, BigInt(GAMES) * DEPOSIT, 'one deposit locked per game');

    await advanceChain(ctx.requester, GAME_CLOCK + 1); // the spammer's clocks run out; the worker calls timeout
    const resolved = await waitUntil(
      async () => (await events(ctx.requester, 'ChallengeResolved')).filter((e) => e.args.subject === taskIdOf(dealId, 0)),
      (list) => list.length === GAMES,
      'every challenge resolved',
    );
    for (const r of resolved) {
      assert.equal(r.args.challengerWon, false, 'the spammer lost');
      assert.equal((r.args.paidTo as string).toLowerCase(), answer.answerer.toLowerCase(), 'its deposit to the answerer');
    }
    const lost = await getBalances(spammer, { account: stack.accounts.spare[0]!.address });
    assert.equal(lost.escrow + lost.locked, parseEther('1') - BigInt(GAMES) * DEPOSIT, `the spammer lost ${GAMES} deposits`);

    await advanceChain(ctx.requester, 600); // the window passes: the answer stands and is paid
    const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 60_000 });
    assert.equal(deal.status, 'completed');
    assert.equal(deal.tasks[0]!.answer, 'finalized');
    const answererAfter = await getBalances(ctx.requester, { account: answer.answerer });
    assert.ok(
      answererAfter.escrow - answererBefore.escrow >= BigInt(GAMES + 1) * DEPOSIT,
      "the answerer got the spammer's deposits and its own back",
    );
  });
});

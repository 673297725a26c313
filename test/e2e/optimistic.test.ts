// Optimistic requests through the whole stack (issue 16, decision 026), real processes: the scheduler matches them,
// leases each task alone, a worker answers it with a claim of the provable machine and its deposit, defends it against
// a false challenger, and the scheduler finalizes it once its window passed (chain time moved with evm_increaseTime).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { verifyProvableResult } from '@proofgrid/disputes';
import {
  decryptResult,
  deposit,
  getBalances,
  getTaskResolution,
  requestRun,
  taskIdOf,
  waitForDeal,
  waitForDealEnd,
  withdraw,
} from '@proofgrid/sdk';
import {
  PRICE,
  type Stack,
  advanceChain,
  answerOf,
  events,
  falseChallenge,
  inputsOf,
  mcTasks,
  setupMarket,
  startStack,
  waitUntil,
} from '@proofgrid/testkit';
import { type Hex, parseEther } from 'viem';

/** The devnet's dispute game clock (1 h) and deposit (0.1 PGT), decision 026 point 2. */
const GAME_CLOCK = 3600;
const DEPOSIT = parseEther('0.1');

describe('optimistic requests through the stack (real scheduler and worker processes)', () => {
  let stack: Stack;
  let ctx: Awaited<ReturnType<typeof setupMarket>>;
  before(async () => {
    stack = await startStack({ workers: 2 });
    ctx = await setupMarket(stack);
  });
  after(async () => {
    // PROOFGRID_E2E_LOGS=<file>: the processes' logs, for a failed run.
    if (process.env.PROOFGRID_E2E_LOGS && stack) (await import('node:fs')).writeFileSync(process.env.PROOFGRID_E2E_LOGS, stack.logs());
    await stack?.stop();
  });

  const request = async (window: bigint) => {
    const { requestHash, resultKey } = await requestRun(ctx.requester, stack.market, {
      app: ctx.app,
      tasks: mcTasks(1, 50),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
      verification: 'optimistic',
      challengeWindow: window,
    });
    keys.set(requestHash, resultKey as Hex);
    const dealId = await waitForDeal(stack.market, requestHash);
    keys.set(dealId, resultKey as Hex);
    return dealId;
  };
  /** The result key each request made (results are encrypted for the requester by default). */
  const keys = new Map<string, Hex>();
  const taskOf = async (dealId: Hex) => (await stack.market.getDeal(dealId)).tasks[0]!;
  const answered = (dealId: Hex) =>
    waitUntil(
      () => taskOf(dealId),
      (t) => t.answer === 'answered',
      'the answer on chain',
    );
  const workerOf = (address: string) => stack.accounts.workers.find((w) => w.address.toLowerCase() === address.toLowerCase())!;

  test('answered by a worker, soft-resolved after its window, finalized and paid; the result checks against the digest', async () => {
    const dealId = await request(60n);
    await answered(dealId);
    const answer = (await answerOf(ctx.requester, dealId, 0))!;
    const answerer = stack.clientOf(workerOf(answer.answerer));
    const before = await getBalances(answerer, { account: answer.answerer });
    assert.equal((await getTaskResolution(ctx.requester, taskIdOf(dealId, 0))).state, 'WaitingForResolution');

    await advanceChain(ctx.requester, 61); // the window passes with no challenge: SoftResolution
    const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 60_000 });
    assert.equal(deal.status, 'completed');
    const task = deal.tasks[0]!;
    assert.equal(task.answer, 'finalized');
    assert.equal((await getTaskResolution(ctx.requester, taskIdOf(dealId, 0))).state, 'Finalized');
    const paid = await getBalances(answerer, { account: answer.answerer });
    assert.equal(before.locked - paid.locked, DEPOSIT, 'the deposit is unlocked');
    assert.ok(paid.escrow - before.escrow > DEPOSIT, 'the deposit back and the worker paid');

    // The requester downloads the provable result blob, decrypts it and checks it against the answer's output digest.
    const blob = await decryptResult(await stack.market.getBlob(task.digest as Hex), keys.get(dealId)!);
    const inputs = await inputsOf(ctx.requester, stack.market, dealId, 0);
    const { result } = verifyProvableResult(blob, { inputFiles: inputs.files, expected: answer.outputDigest });
    assert.equal(result.exitCode, 0);
    assert.match(new TextDecoder().decode(result.stdout), /\d/);
  });

  test('a false challenger loses against the answering worker process, which wins its deposit', async () => {
    const dealId = await request(600n);
    await answered(dealId);
    const challenger = stack.clientOf(stack.accounts.spare[0]!);
    await deposit(challenger, { amount: parseEther('1') });
    const answer = (await answerOf(ctx.requester, dealId, 0))!;
    const answerer = stack.clientOf(workerOf(answer.answerer));
    const before = await getBalances(answerer, { account: answer.answerer });

    const { played } = await falseChallenge(challenger, stack.market, dealId, 0);
    assert.ok(played instanceof Error, 'the liar gets stuck on a step it cannot refute');
    await waitUntil(
      () => taskOf(dealId),
      (t) => t.answer === 'disputed',
      'the scheduler seeing the game',
    );
    await advanceChain(ctx.requester, GAME_CLOCK + 1); // the liar's clock runs out; the worker calls timeout
    const resolved = await waitUntil(
      async () => (await events(ctx.requester, 'ChallengeResolved')).filter((e) => e.args.subject === taskIdOf(dealId, 0)),
      (list) => list.length === 1,
      'the challenge resolved',
    );
    assert.equal(resolved[0]!.args.challengerWon, false);
    assert.equal((resolved[0]!.args.paidTo as string).toLowerCase(), answer.answerer.toLowerCase());

    await advanceChain(ctx.requester, 600);
    const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 60_000 });
    assert.equal(deal.status, 'completed');
    assert.equal(deal.tasks[0]!.answer, 'finalized');
    const after = await getBalances(answerer, { account: answer.answerer });
    assert.ok(after.escrow - before.escrow > 2n * DEPOSIT, "the worker's deposit back, the challenger's deposit and its pay");
    const lost = await getBalances(challenger, { account: stack.accounts.spare[0]!.address });
    assert.equal(lost.escrow + lost.locked, parseEther('1') - DEPOSIT, 'the challenger lost its deposit');
  });

  test('a worker killed after its answer defends it once restarted (its answer journal)', async () => {
    const dealId = await request(600n);
    await answered(dealId);
    const answer = (await answerOf(ctx.requester, dealId, 0))!;
    const i = stack.accounts.workers.findIndex((w) => w.address.toLowerCase() === answer.answerer.toLowerCase());
    await stack.restartWorker(i); // SIGKILL, then the same key and data directory
    const challenger = stack.clientOf(stack.accounts.spare[1]!);
    await deposit(challenger, { amount: parseEther('1') });
    const { played } = await falseChallenge(challenger, stack.market, dealId, 0);
    assert.ok(played instanceof Error, 'the liar gets stuck: the restarted worker answered every move');
    await advanceChain(ctx.requester, GAME_CLOCK + 1);
    const resolved = await waitUntil(
      async () => (await events(ctx.requester, 'ChallengeResolved')).filter((e) => e.args.subject === taskIdOf(dealId, 0)),
      (list) => list.length === 1,
      'the challenge resolved',
    );
    assert.equal(resolved[0]!.args.challengerWon, false);
    await advanceChain(ctx.requester, 600);
    assert.equal((await waitForDealEnd(stack.market, dealId, { timeoutMs: 60_000 })).status, 'completed');
  });

  test('a worker whose escrow is short of the deposit fails with AnswerDepositShort, loses nothing, and another worker answers', async () => {
    const [short, other] = stack.accounts.workers as [(typeof stack.accounts.workers)[0], (typeof stack.accounts.workers)[0]];
    const shortClient = stack.clientOf(short);
    // Worker 1 is stopped: the task can only go to worker 0 first.
    await stack.workers[1]!.kill('SIGKILL');
    const { escrow } = await getBalances(shortClient, { account: short.address });
    await withdraw(shortClient, { amount: escrow - DEPOSIT / 2n });
    const before = await getBalances(shortClient, { account: short.address });

    const dealId = await request(60n);
    const failed = await waitUntil(
      () => taskOf(dealId),
      (t) => /AnswerDepositShort/.test(t.error ?? ''),
      'the failure in the deal view',
    );
    assert.match(failed.error!, /dispute deposit/);
    const unchanged = await getBalances(shortClient, { account: short.address });
    assert.equal(unchanged.escrow, before.escrow, 'nothing locked or lost');
    assert.equal(unchanged.locked, before.locked);

    await stack.restartWorker(1);
    await answered(dealId);
    assert.equal((await answerOf(ctx.requester, dealId, 0))!.answerer.toLowerCase(), other.address.toLowerCase());
    await advanceChain(ctx.requester, 61);
    const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 60_000 });
    assert.equal(deal.status, 'completed');
  });
});

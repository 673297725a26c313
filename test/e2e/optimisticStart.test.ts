// Start demands through the whole stack (issue 16, decision 027 point 6), real processes: anyone may demand that the
// answerer of an optimistic task reveal its claim's start state within the dispute clock; the worker process that
// answered proves it (from its answer journal, in its trace thread, through its serial tx queue), so the demander loses
// its deposit to the worker and the answer is finalized and paid; a worker killed before the demand proves it once
// restarted. Without a worker that answers demands, anyone could overturn any honest answer by demanding and waiting.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demandStart, deposit, getBalances, requestRun, taskIdOf, waitForDeal, waitForDealEnd } from '@proofgrid/sdk';
import { PRICE, type Stack, advanceChain, answerOf, events, mcTasks, setupMarket, startStack, waitUntil } from '@proofgrid/testkit';
import { type Hex, parseEther } from 'viem';

/** The devnet's dispute deposit (0.1 PGT), decision 026 point 2. */
const DEPOSIT = parseEther('0.1');

describe('start demands against honest answers (real scheduler and worker processes)', () => {
  let stack: Stack;
  let ctx: Awaited<ReturnType<typeof setupMarket>>;
  before(async () => {
    stack = await startStack({ workers: 1 });
    ctx = await setupMarket(stack);
  });
  after(async () => {
    if (process.env.PROOFGRID_E2E_LOGS && stack) (await import('node:fs')).writeFileSync(process.env.PROOFGRID_E2E_LOGS, stack.logs());
    await stack?.stop();
  });

  const request = async () => {
    const { requestHash } = await requestRun(ctx.requester, stack.market, {
      app: ctx.app,
      tasks: mcTasks(1, 50),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
      verification: 'optimistic',
      challengeWindow: 600n,
    });
    return waitForDeal(stack.market, requestHash);
  };
  const answered = (dealId: Hex) =>
    waitUntil(
      async () => (await stack.market.getDeal(dealId)).tasks[0]!,
      (t) => t.answer === 'answered',
      'the answer on chain',
    );
  const proven = (dealId: Hex) =>
    waitUntil(
      async () => (await events(ctx.requester, 'StartProven')).filter((e) => e.args.subject === taskIdOf(dealId, 0)),
      (list) => list.length === 1,
      'the start proven',
    );

  /** Demands the start of task 0 of `dealId` from a fresh funded account; returns it and its balances before. */
  async function demand(dealId: Hex, spare: number) {
    const account = stack.accounts.spare[spare]!;
    const demander = stack.clientOf(account);
    await deposit(demander, { amount: parseEther('1') });
    const answer = (await answerOf(ctx.requester, dealId, 0))!;
    const key = (await stack.market.getDeal(dealId)).key;
    await demandStart(demander, { key, index: 0, outputDigest: answer.outputDigest, claim: answer.claim });
    return { demander, account, answer };
  }

  /** The demand was proven: the demander lost its deposit to the answerer; the answer is then finalized and paid. */
  async function checkProven(dealId: Hex, d: Awaited<ReturnType<typeof demand>>) {
    const [ev] = await proven(dealId);
    assert.equal((ev!.args.paidTo as string).toLowerCase(), d.answer.answerer.toLowerCase(), 'the deposit went to the answerer');
    const lost = await getBalances(d.demander, { account: d.account.address });
    assert.equal(lost.escrow + lost.locked, parseEther('1') - DEPOSIT, 'the demander lost its deposit');
    assert.equal((await events(ctx.requester, 'StartDemandExpired')).length, 0);
    await advanceChain(ctx.requester, 601);
    const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 60_000 });
    assert.equal(deal.status, 'completed');
    assert.equal(deal.tasks[0]!.answer, 'finalized', 'the honest answer stands');
  }

  test('a start demand against an honest answer is proven by the worker process; the demander loses its deposit', async () => {
    const dealId = await request();
    await answered(dealId);
    const answerer = stack.clientOf(stack.accounts.workers[0]!);
    const before = await getBalances(answerer, { account: stack.accounts.workers[0]!.address });
    const d = await demand(dealId, 0);
    await checkProven(dealId, d);
    const paid = await getBalances(answerer, { account: stack.accounts.workers[0]!.address });
    assert.ok(paid.escrow - before.escrow > DEPOSIT, "the worker's deposit back, the demander's deposit and its pay");
  });

  test('a worker killed before the demand proves it once restarted (its answer journal)', async () => {
    const dealId = await request();
    await answered(dealId);
    await stack.workers[0]!.kill('SIGKILL');
    const d = await demand(dealId, 1);
    await stack.restartWorker(0);
    await checkProven(dealId, d);
  });
});

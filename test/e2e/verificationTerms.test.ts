// A request's verification terms through the whole stack (decision 026): a replicated request that names
// its own rollback window is paid only after that window (the hub's is 0), and an optimistic request is
// matched and leased one task per batch (its whole lifecycle: test/e2e/optimistic.test.ts).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getBalances, requestRun, waitForDeal, waitForDealEnd } from '@proofgrid/sdk';
import { PRICE, events, mcTasks, setupMarket, type Stack, startStack } from '@proofgrid/testkit';

describe('verification terms of a request (real processes, hub rollback window 0)', () => {
  let stack: Stack;
  let ctx: Awaited<ReturnType<typeof setupMarket>>;
  before(async () => {
    stack = await startStack({ workers: 2 });
    ctx = await setupMarket(stack);
  });
  after(async () => stack?.stop());

  test("a replicated request's own rollback window delays its payouts; the scheduler settles after it", async () => {
    const { app, requester } = ctx;
    const dev0 = await getBalances(requester, { account: stack.accounts.developer.address });
    const { requestHash } = await requestRun(requester, stack.market, {
      app,
      tasks: mcTasks(2),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
      rollbackWindow: 4n,
    });
    const dealId = await waitForDeal(stack.market, requestHash);
    const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 60_000 });
    assert.equal(deal.status, 'completed');
    const finalized = (await events(requester, 'BatchFinalized')).filter((e) => e.args.dealId === dealId);
    assert.equal(finalized.length, deal.batches.length, 'results final at once');
    let settled: { blockNumber: bigint }[] = [];
    const started = Date.now();
    while (Date.now() - started < 30_000) {
      settled = (await events(requester, 'BatchSettled')).filter((e) => e.args.dealId === dealId) as never;
      if (settled.length === deal.batches.length) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(settled.length, deal.batches.length, 'every batch settled after the window');
    const block = async (n: bigint) => (await requester.public.getBlock({ blockNumber: n })).timestamp;
    const lastFinal = finalized.at(-1)!.blockNumber; // events come in chain order
    const firstSettle = settled[0]!.blockNumber;
    assert.ok((await block(firstSettle)) - (await block(lastFinal)) >= 4n, "settled no earlier than the request's 4 s window");
    const dev1 = await getBalances(requester, { account: stack.accounts.developer.address });
    assert.equal(dev1.escrow - dev0.escrow, PRICE * 2n, 'the app owner is paid once, after the window');
  });

  test('an optimistic request is matched by the pool and leased one task per batch (its workers answer it)', async () => {
    const { app, requester } = ctx;
    const { requestHash, order } = await requestRun(requester, stack.market, {
      app,
      tasks: mcTasks(2),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
      verification: 'optimistic',
      challengeWindow: 60n,
    });
    assert.equal(order.verification, 1, 'signed as optimistic');
    assert.equal(order.challengeWindow, 60n);
    const dealId = await waitForDeal(stack.market, requestHash);
    const deal = await stack.market.getDeal(dealId);
    assert.equal(deal.key.verification, 1);
    assert.deepEqual(
      deal.batches.map((b) => [b.first, b.count]),
      [
        [0, 1],
        [1, 1],
      ],
      'one task per batch: each answered alone, authorized over [index, index + 1)',
    );
    assert.equal((await stack.market.getOrder(requestHash)).reason, undefined, 'no VerificationUnsupported any more');
  });
});

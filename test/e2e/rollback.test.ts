// P6 through the whole stack: under a rollback window results are final at once but paid only
// after the window, when the scheduler settles them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getBalances, requestRun, waitForDeal, waitForDealEnd } from '@proofgrid/sdk';
import { PRICE, events, mcTasks, setupMarket, type Stack, startStack } from '@proofgrid/testkit';

describe('rollback window (3 s) with real processes', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ workers: 2, rollbackWindow: 3n });
  });
  after(async () => stack?.stop());

  test('results arrive at once; the scheduler settles the payouts after the window', async () => {
    const { app, requester } = await setupMarket(stack);
    const dev0 = await getBalances(requester, { account: stack.accounts.developer.address });
    const { requestHash } = await requestRun(requester, stack.market, {
      app,
      tasks: mcTasks(4),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
    });
    const dealId = await waitForDeal(stack.market, requestHash);
    const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 60_000 });
    assert.equal(deal.status, 'completed');
    const started = Date.now();
    let settled: unknown[] = [];
    while (Date.now() - started < 30_000) {
      settled = (await events(requester, 'BatchSettled')).filter((e) => e.args.dealId === dealId);
      if (settled.length === deal.batches.length) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(settled.length, deal.batches.length, 'every batch settled by the scheduler after the window');
    const dev1 = await getBalances(requester, { account: stack.accounts.developer.address });
    assert.equal(dev1.escrow - dev0.escrow, PRICE * 4n, 'the app owner is paid once the window has passed');
  });
});

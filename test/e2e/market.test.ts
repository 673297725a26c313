// The whole market over real processes: app -> orders -> match -> execution -> consensus -> payout.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fetchResults, getBalances, isTaskSettled, requestRun, waitForDeal, waitForDealEnd } from '@proofgrid/sdk';
import { PRICE, events, mcTasks, setupMarket } from '@proofgrid/testkit';
import { type Stack, startStack } from '@proofgrid/testkit';

describe('market end to end (anvil + scheduler + 2 worker processes)', () => {
  let stack: Stack;
  let ctx: Awaited<ReturnType<typeof setupMarket>>;
  before(async () => {
    stack = await startStack({ workers: 2 });
    ctx = await setupMarket(stack);
  });
  after(async () => stack?.stop());

  test('a bag of trust-1 tasks is matched, executed on both workers, verified and paid', async () => {
    const { requester, app } = ctx;
    const dev0 = await getBalances(requester, { account: stack.accounts.developer.address });
    const req0 = await getBalances(requester, { account: stack.accounts.requester.address });
    // Results are private by default (C3): requestRun made a key pair and answered its private half.
    const { requestHash, resultKey } = await requestRun(requester, stack.market, {
      app,
      tasks: mcTasks(6),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
    });
    const dealId = await waitForDeal(stack.market, requestHash);
    const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 60_000 });
    assert.equal(deal.status, 'completed');
    assert.ok(resultKey, 'a result key made for the request');
    await assert.rejects(fetchResults(requester, stack.market, deal), { code: 'ResultEncrypted' }, 'unreadable without the key');
    const results = await fetchResults(requester, stack.market, deal, { resultKey });
    assert.equal(results.length, 6);
    assert.ok(
      results.every((r) => r.encrypted),
      'every result encrypted for the requester',
    );
    for (const r of results) {
      const out = JSON.parse(new TextDecoder().decode(r.stdout));
      assert.equal(out.samples, 2000);
      assert.ok(out.estimate > 5 && out.estimate < 16, `estimate ${out.estimate}`);
    }
    // On chain: every task settled, the app owner paid for 6 tasks, the requester charged.
    for (let i = 0; i < 6; i++) assert.equal(await isTaskSettled(requester, { key: deal.key, index: i }), true);
    const dev1 = await getBalances(requester, { account: stack.accounts.developer.address });
    const req1 = await getBalances(requester, { account: stack.accounts.requester.address });
    assert.equal(dev1.escrow - dev0.escrow, PRICE * 6n, 'the developer earns the app price per task');
    assert.equal(req0.escrow + req0.locked - (req1.escrow + req1.locked), PRICE * 6n * 2n, 'the requester pays app + pool price per task');
    const finalized = (await events(requester, 'BatchFinalized')).filter((e) => e.args.dealId === dealId);
    assert.equal(finalized.length, deal.batches.length);
    const workers = new Set(deal.batches.flatMap((b) => b.workers.map((w) => w.address)));
    assert.equal(workers.size, 2, 'the bag was spread over both workers');
  });

  test('determinism: a trust-3 task runs on both workers and they commit the same result hash', async () => {
    const { requester, app } = ctx;
    const { requestHash } = await requestRun(requester, stack.market, {
      app,
      tasks: mcTasks(1, 5000),
      trust: 3,
      publicResults: true, // asked for in the clear
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
    });
    const dealId = await waitForDeal(stack.market, requestHash);
    const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 60_000 });
    assert.equal(deal.status, 'completed');
    const batchId = deal.batches[0]!.batchId;
    const contributed = (await events(requester, 'BatchContributed')).filter((e) => e.args.batchId === batchId);
    assert.equal(contributed.length, 2, 'two workers contributed');
    assert.notEqual(contributed[0]!.args.worker, contributed[1]!.args.worker);
    assert.equal(contributed[0]!.args.resultHash, contributed[1]!.args.resultHash, 'bit-identical results on two worker processes');
    const revealed = (await events(requester, 'BatchRevealed')).filter((e) => e.args.batchId === batchId);
    assert.equal(revealed.length, 2);
    const [result] = await fetchResults(requester, stack.market, deal);
    assert.equal(result?.encrypted, false, 'public results are readable by anyone');
  });

  test('the service reports status and Prometheus metrics', async () => {
    const status = await stack.market.status();
    assert.equal(status.workers.online, 2);
    assert.ok(status.deals.completed >= 1);
    const metrics = await (await fetch(`${stack.market.url}/metrics`)).text();
    assert.match(metrics, /proofgrid_leases_granted_total \d+/);
    assert.match(metrics, /proofgrid_workers_online 2/);
  });
});

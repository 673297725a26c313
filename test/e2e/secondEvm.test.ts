// The market flow of market.test.ts on a second, independent EVM implementation: Hardhat's EDR
// (issue 20), so that nothing depends on anvil's quirks. Real scheduler and worker processes.
// Then the same bag with blocks mined every second instead of one per transaction, as on a real chain.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fetchResults, getBalances, isTaskSettled, requestRun, waitForDeal, waitForDealEnd } from '@proofgrid/sdk';
import { PRICE, type Stack, events, mcTasks, setupMarket, startStack } from '@proofgrid/testkit';

type Market = Awaited<ReturnType<typeof setupMarket>>;

/** A 6-task bag: matched, run on both workers, results read, every task settled, both sides paid. */
async function bagIsRunAndPaid(stack: Stack, { requester, app }: Market) {
  const dev0 = await getBalances(requester, { account: stack.accounts.developer.address });
  const req0 = await getBalances(requester, { account: stack.accounts.requester.address });
  const { requestHash, resultKey } = await requestRun(requester, stack.market, {
    app,
    tasks: mcTasks(6),
    appMaxPrice: PRICE,
    workerpoolMaxPrice: PRICE,
  });
  const dealId = await waitForDeal(stack.market, requestHash);
  const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 90_000 });
  assert.equal(deal.status, 'completed');
  const results = await fetchResults(requester, stack.market, deal, { resultKey });
  assert.equal(results.length, 6);
  for (const r of results) assert.equal(JSON.parse(new TextDecoder().decode(r.stdout)).samples, 2000);
  for (let i = 0; i < 6; i++) assert.equal(await isTaskSettled(requester, { key: deal.key, index: i }), true);
  const dev1 = await getBalances(requester, { account: stack.accounts.developer.address });
  const req1 = await getBalances(requester, { account: stack.accounts.requester.address });
  assert.equal(dev1.escrow - dev0.escrow, PRICE * 6n, 'the developer earns the app price per task');
  assert.equal(req0.escrow + req0.locked - (req1.escrow + req1.locked), PRICE * 6n * 2n, 'the requester pays app + pool price per task');
  const finalized = (await events(requester, 'BatchFinalized')).filter((e) => e.args.dealId === dealId);
  assert.equal(finalized.length, deal.batches.length);
  const workers = new Set(deal.batches.flatMap((b) => b.workers.map((w) => w.address)));
  assert.equal(workers.size, 2, 'the bag was spread over both workers');
}

describe('market end to end on EDR (a second EVM) + scheduler + 2 worker processes', () => {
  let stack: Stack;
  let ctx: Market;
  before(async () => {
    stack = await startStack({ workers: 2, chain: 'edr' });
    ctx = await setupMarket(stack);
  });
  after(async () => stack?.stop());

  test('the chain under the market is EDR, not anvil', async () => {
    const version = await ctx.requester.public.request({ method: 'web3_clientVersion' } as never);
    assert.match(String(version), /^edr\//);
    assert.equal(stack.devnet.chain, 'edr');
  });

  test('a bag is matched, executed on both workers, verified and paid', () => bagIsRunAndPaid(stack, ctx));

  test('a trust-3 task: both workers contribute and reveal the same result hash (consensus on EDR)', async () => {
    const { requester, app } = ctx;
    const { requestHash } = await requestRun(requester, stack.market, {
      app,
      tasks: mcTasks(1, 5000),
      trust: 3,
      publicResults: true,
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
    });
    const dealId = await waitForDeal(stack.market, requestHash);
    const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 90_000 });
    assert.equal(deal.status, 'completed');
    const batchId = deal.batches[0]!.batchId;
    const contributed = (await events(requester, 'BatchContributed')).filter((e) => e.args.batchId === batchId);
    assert.equal(contributed.length, 2, 'two workers contributed');
    assert.equal(contributed[0]!.args.resultHash, contributed[1]!.args.resultHash);
    const revealed = (await events(requester, 'BatchRevealed')).filter((e) => e.args.batchId === batchId);
    assert.equal(revealed.length, 2);
  });

  test('with a block every second instead of one per transaction (as a real chain), the bag still runs and pays', async () => {
    // Transactions now wait in EDR's mempool: senders need pending nonces and receipts arrive a block later.
    await ctx.requester.public.request({ method: 'evm_setAutomine', params: [false] } as never);
    await ctx.requester.public.request({ method: 'evm_setIntervalMining', params: [1000] } as never);
    const head = await ctx.requester.public.getBlockNumber();
    await bagIsRunAndPaid(stack, ctx);
    const block = await ctx.requester.public.getBlock();
    assert.ok(block.number > head, 'blocks were mined on the interval');
  });
});

// Chain reorg (research plan D6): the scheduler runs with --confirmations 3. Its match of a
// request is removed from the chain by a reorg (anvil_reorg) before it is 3 blocks deep: the
// orphaned deal is never worked on, the request is matched again, and the new deal runs once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Hex } from 'viem';
import { fetchResults, requestRun, waitForDeal, waitForDealEnd } from '@proofgrid/sdk';
import { PRICE, type Stack, events, mcTasks, setupMarket, startStack } from '@proofgrid/testkit';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('chain reorg under a scheduler that waits for 3 confirmations (anvil + scheduler + 2 workers)', () => {
  let stack: Stack;
  let ctx: Awaited<ReturnType<typeof setupMarket>>;
  before(async () => {
    stack = await startStack({ workers: 2, schedulerArgs: ['--confirmations', '3'] });
    ctx = await setupMarket(stack);
  });
  after(async () => stack?.stop());

  test('a match orphaned by a reorg is never acted on; the request is matched again and its tasks run once', async () => {
    const rpc = (method: string, params: unknown[]) => ctx.requester.public.request({ method, params } as never) as Promise<unknown>;
    const chain = ctx.requester.public;
    const { requestHash, resultKey } = await requestRun(ctx.requester, stack.market, {
      app: ctx.app,
      tasks: mcTasks(4, 5000),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
    });
    const matchesOf = async () =>
      (await events(ctx.requester, 'DealMatched')).filter((e) => (e.args.key as { requestHash: Hex }).requestHash === requestHash);
    let matched = await matchesOf();
    for (let i = 0; i < 200 && matched.length === 0; i++) {
      await sleep(50);
      matched = await matchesOf();
    }
    assert.equal(matched.length, 1, 'the scheduler matched the request on chain');
    const orphan = matched[0]!.transactionHash;
    const orphanBlock = (await chain.getTransactionReceipt({ hash: orphan })).blockNumber;
    // Not yet 3 blocks deep: the scheduler does not take the deal in.
    await sleep(1_000);
    assert.deepEqual((await stack.market.requestStatus(requestHash)).deals, [], 'no deal taken in before 3 confirmations');
    // The reorg: every block from the match on is replaced by an empty one.
    const head = await chain.getBlockNumber({ cacheTime: 0 }); // the head now, not a cached number
    await rpc('anvil_reorg', [Number(head - orphanBlock + 1n), []]);
    await assert.rejects(chain.getTransactionReceipt({ hash: orphan }), 'the match left the chain');
    // Blocks keep coming (as on a live chain); the scheduler sees the orphan and matches again.
    const miner = setInterval(() => void rpc('anvil_mine', ['0x1']).catch(() => undefined), 250);
    try {
      const dealId = await waitForDeal(stack.market, requestHash, { timeoutMs: 60_000 });
      const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 60_000 });
      assert.equal(deal.status, 'completed');
      const canonical = await matchesOf();
      assert.equal(canonical.length, 1, 'one match of the request on the canonical chain');
      assert.notEqual(canonical[0]!.transactionHash, orphan, 'the deal is the new match, not the orphan');
      const finalized = (await events(ctx.requester, 'BatchFinalized')).filter((e) => e.args.dealId === dealId);
      assert.equal(
        finalized.reduce((n, e) => n + Number(e.args.count), 0),
        4,
        'every task finalized exactly once',
      );
      assert.equal((await fetchResults(ctx.requester, stack.market, deal, { resultKey })).length, 4);
      const metrics = await (await fetch(`${stack.market.url}/metrics`)).text();
      assert.match(metrics, /proofgrid_matches_reorged_total 1\b/);
    } finally {
      clearInterval(miner);
    }
  });
});

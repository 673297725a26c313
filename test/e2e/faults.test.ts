// Crashed peers: a worker SIGKILLed mid-task, the scheduler SIGKILLed and restarted mid-deal.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fetchResults, hubAbi, requestRun, waitForDeal, waitForDealEnd } from '@proofgrid/sdk';
import { PRICE, events, mcTasks, setupMarket } from '@proofgrid/testkit';
import { type Stack, startStack } from '@proofgrid/testkit';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fault tolerance (real processes, SIGKILL)', () => {
  let stack: Stack;
  let ctx: Awaited<ReturnType<typeof setupMarket>>;
  before(async () => {
    stack = await startStack({ workers: 3, leaseTtlMs: 1500 });
    ctx = await setupMarket(stack);
  });
  after(async () => stack?.stop());

  test('a worker killed mid-task: its batch is reassigned and completes, nothing is paid twice', async () => {
    const { requester, app } = ctx;
    // Long tasks (a few hundred ms each) so that the kill lands while the batch runs.
    const { requestHash } = await requestRun(requester, stack.market, { app, tasks: mcTasks(3, 3_000_000), appMaxPrice: PRICE, workerpoolMaxPrice: PRICE });
    const dealId = await waitForDeal(stack.market, requestHash);
    let victim: string | undefined;
    for (let i = 0; i < 200 && !victim; i++) {
      const d = await stack.market.getDeal(dealId);
      victim = d.batches.flatMap((b) => (b.workers as unknown as { address: string; status: string }[]).filter((w) => w.status === 'active')).map((w) => w.address)[0];
      if (!victim) await sleep(20);
    }
    assert.ok(victim, 'a worker took a lease');
    const index = stack.accounts.workers.findIndex((w) => w.address.toLowerCase() === victim);
    await stack.workers[index]!.kill('SIGKILL');
    const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 90_000 });
    assert.equal(deal.status, 'completed');
    const results = await fetchResults(requester, stack.market, deal);
    assert.equal(results.length, 3);
    const finalized = (await events(requester, 'BatchFinalized')).filter((e) => e.args.dealId === dealId);
    assert.equal(finalized.length, deal.batches.length, 'each batch finalized exactly once');
    const batchIds = finalized.map((e) => e.args.batchId);
    assert.equal(new Set(batchIds).size, batchIds.length);
    const expired = Number(/proofgrid_leases_expired_total (\d+)/.exec(await (await fetch(`${stack.market.url}/metrics`)).text())?.[1]);
    assert.ok(expired >= 1, 'the dead worker lease expired');
  });

  test('the scheduler killed and restarted mid-deal: no task lost, none settled twice', async () => {
    const { requester, app } = ctx;
    const { requestHash } = await requestRun(requester, stack.market, { app, tasks: mcTasks(8, 1_000_000), appMaxPrice: PRICE, workerpoolMaxPrice: PRICE });
    const dealId = await waitForDeal(stack.market, requestHash);
    await sleep(300);
    await stack.restartScheduler('SIGKILL');
    const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 90_000 });
    assert.equal(deal.status, 'completed');
    assert.equal(deal.tasks.length, 8);
    for (let i = 0; i < 8; i++) assert.equal(await requester.public.readContract({ address: stack.deployment.hub, abi: hubAbi, functionName: 'isTaskSettled', args: [deal.key as never, i] }), true);
    const finalized = (await events(requester, 'BatchFinalized')).filter((e) => e.args.dealId === dealId);
    const covered = finalized.reduce((s, e) => s + Number(e.args.count), 0);
    assert.equal(covered, 8, 'every task finalized exactly once');
    assert.equal((await fetchResults(requester, stack.market, deal)).length, 8);
  });
});

// Crashed peers: a worker SIGKILLed mid-task, the scheduler SIGKILLed and restarted mid-deal, a
// worker SIGKILLed between its contribution and its reveal.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fetchResults, isTaskSettled, requestRun, waitForDeal, waitForDealEnd } from '@proofgrid/sdk';
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
    const { requestHash, resultKey } = await requestRun(requester, stack.market, {
      app,
      tasks: mcTasks(3, 3_000_000),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
    });
    const dealId = await waitForDeal(stack.market, requestHash);
    let victim: string | undefined;
    for (let i = 0; i < 200 && !victim; i++) {
      const d = await stack.market.getDeal(dealId);
      victim = d.batches.flatMap((b) => b.workers.filter((w) => w.status === 'active')).map((w) => w.address)[0];
      if (!victim) await sleep(20);
    }
    assert.ok(victim, 'a worker took a lease');
    const index = stack.accounts.workers.findIndex((w) => w.address.toLowerCase() === victim);
    await stack.workers[index]!.kill('SIGKILL');
    const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 90_000 });
    assert.equal(deal.status, 'completed');
    const results = await fetchResults(requester, stack.market, deal, { resultKey });
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
    const { requestHash, resultKey } = await requestRun(requester, stack.market, {
      app,
      tasks: mcTasks(8, 1_000_000),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
    });
    const dealId = await waitForDeal(stack.market, requestHash);
    await sleep(300);
    await stack.restartScheduler('SIGKILL');
    const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 90_000 });
    assert.equal(deal.status, 'completed');
    assert.equal(deal.tasks.length, 8);
    for (let i = 0; i < 8; i++) assert.equal(await isTaskSettled(requester, { key: deal.key, index: i }), true);
    const finalized = (await events(requester, 'BatchFinalized')).filter((e) => e.args.dealId === dealId);
    const covered = finalized.reduce((s, e) => s + Number(e.args.count), 0);
    assert.equal(covered, 8, 'every task finalized exactly once');
    assert.equal((await fetchResults(requester, stack.market, deal, { resultKey })).length, 8);
  });

  test('a worker killed between contribute and reveal reveals after its restart (salt journaled) and is paid', async () => {
    const { requester, app } = ctx;
    const worker = (i: number) => stack.accounts.workers[i]!.address.toLowerCase();
    // The first test killed a worker: bring it back.
    for (const [i, p] of stack.workers.entries())
      if (p.child.exitCode !== null || p.child.signalCode !== null) await stack.restartWorker(i);
    for (let i = 0; i < 100 && (await stack.market.listWorkers()).filter((w) => w.status === 'online').length < 3; i++) await sleep(100);
    // Only worker 0 may work at first: the two others are frozen until the scheduler sees them lost.
    for (const i of [1, 2]) process.kill(stack.workers[i]!.child.pid as number, 'SIGSTOP');
    try {
      for (
        let i = 0;
        i < 100 && (await stack.market.listWorkers()).some((w) => w.status === 'online' && w.address.toLowerCase() !== worker(0));
        i++
      )
        await sleep(100);
      const { requestHash } = await requestRun(requester, stack.market, {
        app,
        tasks: mcTasks(1, 5000),
        trust: 3,
        appMaxPrice: PRICE,
        workerpoolMaxPrice: PRICE,
      });
      const dealId = await waitForDeal(stack.market, requestHash);
      // Worker 0 contributes alone (a fresh worker cannot reach trust 3 by itself), then dies.
      const journal = join(stack.dir, 'worker-0', 'reveals.json');
      const contributed = () =>
        existsSync(journal) && (JSON.parse(readFileSync(journal, 'utf8')) as { contributed: boolean }[]).some((e) => e.contributed);
      for (let i = 0; i < 300 && !contributed(); i++) await sleep(50);
      assert.ok(contributed(), 'worker 0 journaled its mined contribution');
      await stack.workers[0]!.kill('SIGKILL');
      const mine = (await events(requester, 'BatchContributed')).filter((e) => e.args.dealId === dealId);
      assert.deepEqual(
        mine.map((e) => String(e.args.worker).toLowerCase()),
        [worker(0)],
        'only worker 0 has contributed',
      );
      // The others come back, one of them agrees: consensus, and it reveals.
      for (const i of [1, 2]) process.kill(stack.workers[i]!.child.pid as number, 'SIGCONT');
      for (
        let i = 0;
        i < 400 && (await events(requester, 'BatchConsensusReached')).filter((e) => e.args.batchId === mine[0]!.args.batchId).length === 0;
        i++
      )
        await sleep(50);
      // Worker 0 restarts with the same key and data directory: it reveals from its journal.
      await stack.restartWorker(0);
      const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 90_000 });
      assert.equal(deal.status, 'completed');
      const batchId = mine[0]!.args.batchId;
      const revealed = (await events(requester, 'BatchRevealed'))
        .filter((e) => e.args.batchId === batchId)
        .map((e) => String(e.args.worker).toLowerCase());
      assert.ok(revealed.includes(worker(0)), `worker 0 revealed after its restart (revealed: ${revealed.join(', ')})`);
      const judged = (await events(requester, 'ContributionJudged')).filter(
        (e) => e.args.batchId === batchId && String(e.args.worker).toLowerCase() === worker(0),
      );
      assert.deepEqual(
        judged.map((e) => e.args.accurate),
        [true],
        'worker 0 was judged accurate (stake back, reward paid)',
      );
      assert.deepEqual(JSON.parse(readFileSync(journal, 'utf8')), [], 'the journal is empty once revealed');
    } finally {
      for (const i of [1, 2]) {
        try {
          process.kill(stack.workers[i]!.child.pid as number, 'SIGCONT');
        } catch {
          /* gone */
        }
      }
    }
  });

  test('a worker started while the scheduler is down waits for it instead of exiting', async () => {
    await stack.scheduler.proc.kill('SIGKILL');
    const w = await stack.restartWorker(1);
    // It starts, finds the scheduler down, and keeps trying (however slow its start-up is).
    for (
      let i = 0;
      i < 300 && (w.log().match(/scheduler unreachable at start-up, retrying/g) ?? []).length < 2 && w.child.exitCode === null;
      i++
    )
      await sleep(100);
    assert.equal(w.child.exitCode, null, `the worker is still running:\n${w.log()}`);
    assert.ok((w.log().match(/scheduler unreachable at start-up, retrying/g) ?? []).length >= 2, `it retried:\n${w.log()}`);
    await stack.restartScheduler();
    let online = false;
    for (let i = 0; i < 200 && !online; i++) {
      online = (await stack.market.listWorkers().catch(() => [])).some(
        (x) =>
          x.status === 'online' &&
          x.address.toLowerCase() === stack.accounts.workers[1]!.address.toLowerCase() &&
          Date.now() - Number(x.lastSeen) < 1_000,
      );
      if (!online) await sleep(100);
    }
    assert.ok(online, `worker 1 registered once the scheduler was back:\n${w.log()}`);
  });
});

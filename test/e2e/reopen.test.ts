// A replicated batch reopened because its agreed contributors never revealed (regression test for
// what the long fault tier found): the chain rejects those contributions; the worker drops its own
// (`ContributionRejected`), the scheduler marks the lease `rejected`, never leases the batch to that
// worker again, and other workers finish it. Chain time is moved past the reveal deadline.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Hex, parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { authorizeWorker, contribute, deposit, requestRun, waitForDeal, waitForDealEnd } from '@proofgrid/sdk';
import { dealKeyFromWire } from '@proofgrid/sdk/api';
import { PRICE, type Stack, events, mcTasks, setupMarket, startStack } from '@proofgrid/testkit';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a batch reopened after no reveal (anvil + scheduler + 3 workers)', () => {
  let stack: Stack;
  let ctx: Awaited<ReturnType<typeof setupMarket>>;
  before(async () => {
    stack = await startStack({ workers: 3, leaseTtlMs: 1500 });
    ctx = await setupMarket(stack);
  });
  after(async () => {
    for (const w of stack?.workers ?? []) {
      try {
        process.kill(w.child.pid as number, 'SIGCONT');
      } catch {
        /* gone */
      }
    }
    await stack?.stop();
  });

  test('rejected contributors are dropped and never leased the batch again; other workers finish it', async () => {
    const signal = (i: number, s: NodeJS.Signals) => process.kill(stack.workers[i]!.child.pid as number, s);
    const worker = (i: number) => stack.accounts.workers[i]!.address.toLowerCase();
    const chain = ctx.requester.public;
    // Worker 0 alone contributes, then freezes before the batch reaches consensus.
    signal(1, 'SIGSTOP');
    signal(2, 'SIGSTOP');
    for (
      let i = 0;
      i < 100 && (await stack.market.listWorkers()).some((w) => w.status === 'online' && w.address.toLowerCase() !== worker(0));
      i++
    )
      await sleep(100);
    const { requestHash } = await requestRun(ctx.requester, stack.market, {
      app: ctx.app,
      tasks: mcTasks(1, 5000),
      trust: 3,
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
    });
    const dealId = await waitForDeal(stack.market, requestHash);
    const journal = join(stack.dir, 'worker-0', 'reveals.json');
    const entry = () =>
      (existsSync(journal) ? (JSON.parse(readFileSync(journal, 'utf8')) as { contributed: boolean; root: Hex }[]) : []).find(
        (e) => e.contributed,
      );
    for (let i = 0; i < 300 && !entry(); i++) await sleep(50);
    const root = entry()?.root;
    assert.ok(root, 'worker 0 contributed');
    signal(0, 'SIGSTOP');
    // A second contributor agrees (a spare account the scheduler authorizes), so consensus is
    // reached, and neither ever reveals.
    const deal = await stack.market.getDeal(dealId);
    const key = dealKeyFromWire(deal.key as never);
    const spare = stack.clientOf(stack.accounts.spare[0]!);
    await deposit(spare, { amount: parseEther('100') });
    const authorization = await authorizeWorker(privateKeyToAccount(stack.accounts.scheduler.privateKey), {
      key,
      first: 0,
      count: 1,
      worker: spare.account!.address,
    });
    await contribute(spare, { key, first: 0, count: 1, root, authorization });
    const batchId = deal.batches[0]!.batchId as Hex;
    assert.equal(
      (await events(ctx.requester, 'BatchConsensusReached')).filter((e) => e.args.batchId === batchId).length,
      1,
      'consensus reached',
    );
    // Past the reveal deadline (2 x the category's 60 s): the scheduler reopens the batch.
    await chain.request({ method: 'evm_increaseTime', params: [125] } as never);
    await chain.request({ method: 'evm_mine', params: [] } as never);
    let reopened: { args: Record<string, unknown> }[] = [];
    for (let i = 0; i < 200 && reopened.length === 0; i++) {
      await sleep(100);
      reopened = (await events(ctx.requester, 'BatchReopened')).filter((e) => e.args.batchId === batchId);
    }
    assert.equal(reopened.length, 1, 'the scheduler reopened the batch');
    assert.equal(reopened[0]!.args.rejected, 2n, 'both unrevealed contributions rejected');
    // Everyone wakes up: worker 0 finds its contribution rejected; workers 1 and 2 finish the batch.
    for (const i of [0, 1, 2]) signal(i, 'SIGCONT');
    const done = await waitForDealEnd(stack.market, dealId, { timeoutMs: 60_000 });
    assert.equal(done.status, 'completed');
    const revealed = (await events(ctx.requester, 'BatchRevealed'))
      .filter((e) => e.args.batchId === batchId)
      .map((e) => String(e.args.worker).toLowerCase());
    assert.deepEqual(revealed.sort(), [worker(1), worker(2)].sort(), 'workers 1 and 2 revealed');
    const leasesOf0 = done.batches[0]!.workers.filter((w) => w.address.toLowerCase() === worker(0));
    assert.deepEqual(
      leasesOf0.map((l) => l.status),
      ['rejected'],
      `worker 0's lease is marked rejected, and it was not given the batch again\n${stack.logs().slice(-6000)}`,
    );
    for (let i = 0; i < 60 && (JSON.parse(readFileSync(journal, 'utf8')) as unknown[]).length > 0; i++) await sleep(100);
    assert.deepEqual(JSON.parse(readFileSync(journal, 'utf8')), [], 'worker 0 dropped its rejected contribution from its journal');
  });
});

// Issue 14, defect 5 (docs/decisions/012-deterministic-failure.md): an app that fails deterministically
// is a result, committed and agreed like one. The batch finalizes as failed by the app, the pool and
// the app owner are paid, the requester reads the failure report, and nobody takes the pool's stake.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type ProofgridClient,
  LIMIT_EXIT_CODES,
  TRAP_EXIT_CODE,
  contentHashOf,
  createApp,
  fetchFailures,
  getBalances,
  getBatchResult,
  publishAppOrder,
  requestRun,
  waitForDeal,
  waitForDealEnd,
} from '@proofgrid/sdk';
import { PRICE, events, setupMarket } from '@proofgrid/testkit';
import { type Stack, startStack } from '@proofgrid/testkit';
import type { Address } from 'viem';
import { bigMemoryModule, exitThreeModule, outputThenTrapModule } from '../../packages/worker/src/sandbox/fixtures/probeModules.ts';

const total = async (client: ProofgridClient, account: Address) => {
  const b = await getBalances(client, { account });
  return b.escrow + b.locked;
};

describe('a deterministic failure of the app is a result (real processes)', () => {
  let stack: Stack;
  let ctx: Awaited<ReturnType<typeof setupMarket>>;
  let trapApp: bigint;
  let exitApp: bigint;
  let memoryApp: bigint;
  before(async () => {
    stack = await startStack({ workers: 2 });
    ctx = await setupMarket(stack);
    // An app that prints a line to stdout and stderr, then traps (`unreachable`) on every worker.
    // Another that prints to stderr and exits with code 3.
    const developer = stack.clientOf(stack.accounts.developer);
    const publish = async (module: Uint8Array, name: string) => {
      const moduleHash = contentHashOf(module);
      await stack.market.putBlob(module, moduleHash);
      const { app } = await createApp(developer, { name, uri: `blob:${moduleHash}`, moduleHash, maxMemoryMb: 16 });
      await publishAppOrder(developer, stack.market, { app, price: PRICE });
      return app;
    };
    trapApp = await publish(outputThenTrapModule, 'trapper');
    exitApp = await publish(exitThreeModule, 'exit-three');
    // An app whose memory (300 pages, 19.7 MB) is over its 16 MB limit on every worker.
    memoryApp = await publish(bigMemoryModule, 'memory-hog');
  });
  after(async () => stack?.stop());

  for (const trust of [1, 3]) {
    test(`trust ${trust}: the batch finalizes as failed by the app, paid as a success, the report readable`, async () => {
      const { requester } = ctx;
      const { developer, poolOwner } = stack.accounts;
      const [req0, dev0, pool0] = await Promise.all([
        total(requester, stack.accounts.requester.address),
        total(requester, developer.address),
        total(requester, poolOwner.address),
      ]);
      const { requestHash, resultKey } = await requestRun(requester, stack.market, {
        app: trapApp,
        tasks: [{ args: [] }],
        trust,
        appMaxPrice: PRICE,
        workerpoolMaxPrice: PRICE,
      });
      const dealId = await waitForDeal(stack.market, requestHash);
      const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 60_000 });
      assert.equal(deal.batches.length, 1);
      const batchId = deal.batches[0]!.batchId;
      const outcome = await getBatchResult(requester, batchId);
      assert.equal(outcome.outcome, 'failedByApp', `the chain says ${outcome.status} / ${outcome.outcome}`);
      assert.equal(outcome.failure?.exitCode, TRAP_EXIT_CODE);
      assert.equal(deal.status, 'completed', 'every batch has an agreed outcome');
      assert.equal(deal.tasks[0]!.status, 'finalized');
      // The scheduler's view says the app failed, with the report's digest.
      const view = deal.batches[0] as (typeof deal.batches)[number] & { failure?: { exitCode: number; outputDigest: string } };
      assert.deepEqual(view.failure, { exitCode: TRAP_EXIT_CODE, outputDigest: outcome.failure?.outputDigest });
      // The report: the app's own output, no host message.
      const [failure, ...more] = await fetchFailures(requester, stack.market, deal, { resultKey });
      assert.equal(more.length, 0);
      assert.equal(failure?.report.task, 0);
      assert.equal(failure?.report.exitCode, TRAP_EXIT_CODE);
      assert.equal(new TextDecoder().decode(failure?.report.stdout), 'about to trap\n');
      assert.equal(new TextDecoder().decode(failure?.report.stderr), 'about to trap\n');
      if (trust > 1) {
        const contributed = (await events(requester, 'BatchContributed')).filter((e) => e.args.batchId === batchId);
        assert.equal(contributed.length, 2, 'both workers committed the failure');
        assert.equal(contributed[0]!.args.resultHash, contributed[1]!.args.resultHash, 'the same failure on both');
      }
      // Nothing claimed: the requester pays app + pool price, the developer earns, the pool keeps its stake.
      const claimed = (await events(requester, 'TasksClaimed')).filter((e) => e.args.dealId === dealId);
      assert.equal(claimed.length, 0, 'no claim');
      const [req1, dev1, pool1] = await Promise.all([
        total(requester, stack.accounts.requester.address),
        total(requester, developer.address),
        total(requester, poolOwner.address),
      ]);
      assert.equal(req0 - req1, PRICE * 2n, 'the requester pays app + pool price and gets no stake');
      assert.equal(dev1 - dev0, PRICE, 'the developer earns the app price');
      assert.ok(pool1 >= pool0, `the pool owner keeps its stake (${pool0} -> ${pool1})`);
    });
  }

  test('a non-zero exit in a bag of tasks: each batch fails whole with the report of its first task, exit code kept', async () => {
    const { requester } = ctx;
    const { requestHash, resultKey } = await requestRun(requester, stack.market, {
      app: exitApp,
      tasks: Array.from({ length: 4 }, () => ({ args: [] })),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
    });
    const deal = await waitForDealEnd(stack.market, await waitForDeal(stack.market, requestHash), { timeoutMs: 60_000 });
    assert.equal(deal.status, 'completed');
    const failures = await fetchFailures(requester, stack.market, deal, { resultKey });
    assert.equal(failures.length, deal.batches.length, 'every batch failed by the app');
    for (const f of failures) {
      assert.equal(f.exitCode, 3);
      assert.equal(f.report.task, f.first, "the batch's first failing task");
      assert.equal(new TextDecoder().decode(f.report.stderr), 'about to trap\n');
    }
    assert.equal(
      failures.reduce((n, f) => n + f.count, 0),
      4,
    );
  });

  // A limit of the category (here memory) is the app's failure too: before, the sandbox's
  // SandboxMemoryLimit failed the lease, the batch was abandoned and the deal ended by claim,
  // paying the requester from the pool's stake.
  test('an app over its memory limit: the batch fails by the app with exit code 137 and the limit, nothing claimed', async () => {
    const { requester } = ctx;
    const pool0 = await total(requester, stack.accounts.poolOwner.address);
    const { requestHash, resultKey } = await requestRun(requester, stack.market, {
      app: memoryApp,
      tasks: [{ args: [] }],
      trust: 3,
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
    });
    const dealId = await waitForDeal(stack.market, requestHash);
    const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 60_000 });
    const outcome = await getBatchResult(requester, deal.batches[0]!.batchId);
    assert.equal(outcome.outcome, 'failedByApp', `the chain says ${outcome.status} / ${outcome.outcome}`);
    assert.equal(outcome.failure?.exitCode, LIMIT_EXIT_CODES.memory);
    const [failure] = await fetchFailures(requester, stack.market, deal, { resultKey });
    assert.deepEqual(failure?.report.limit, { kind: 'memory', value: 16 * 1024 * 1024 });
    const claimed = (await events(requester, 'TasksClaimed')).filter((e) => e.args.dealId === dealId);
    assert.equal(claimed.length, 0, 'no claim');
    assert.ok((await total(requester, stack.accounts.poolOwner.address)) >= pool0, 'the pool keeps its stake');
  });
});

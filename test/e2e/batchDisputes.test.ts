// Provable batches through the real stack (decision 030, issue 16), real processes: a devnet whose hub keeps a 600 s
// rollback window, the scheduler and two workers run with --provable-batches, the montecarlo example published with
// its machine image, a replicated request. Its batches commit provable leaves; the scheduler's deal view serves each
// leaf's result blob digest and pre-image beside it (point 6), and fetchResults downloads the provable blobs and checks
// them with verifyProvableResult. A verifier process watching BatchFinalized re-executes every task and agrees. A false
// start demand (another account demands a task's start) is answered by the scheduler process's batch defence
// (StartProven). Then issue 16's colluding pool at trust 1,000 (below).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { verifyProvableResult } from '@proofgrid/disputes';
import {
  type DealKey,
  type ProvableResultCheck,
  buildResultTree,
  demandBatchStart,
  deposit,
  fetchResults,
  getBalances,
  getBatchStatus,
  getHubEvents,
  requestRun,
  waitForDeal,
  waitForDealEnd,
} from '@proofgrid/sdk';
import { COLLUDERS_OUTPUT, PRICE, type Proc, type Stack, mcTasks, setupMarket, spawnService, startStack } from '@proofgrid/testkit';
import { type Hex, parseEther } from 'viem';

const TASKS = 2;

async function until<T>(what: string, f: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const v = await f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`never: ${what}`);
}

describe('provable batches with real processes: leaves, blobs, a verifier that agrees, a start demand proven', () => {
  let stack: Stack;
  let verifier: Proc | undefined;
  let dealId: Hex;
  let key: DealKey;
  let resultKey: Hex | undefined;

  before(async () => {
    stack = await startStack({ workers: 2, rollbackWindow: 600n, workerArgs: ['--provable-batches'] });
    const { app, requester } = await setupMarket(stack);
    const fromBlock = (await requester.public.getBlockNumber()) + 1n;
    const dir = mkdtempSync(join(tmpdir(), 'h13-batch-disputes-'));
    verifier = spawnService('verifier', 'packages/verifier/src/main.ts', [
      ...['--deployment', stack.deploymentFile, '--key', stack.accounts.spare[0]!.privateKey, '--blobs', stack.scheduler.url],
      ...['--db', join(dir, 'v.sqlite'), '--fraction', '1', '--from-block', fromBlock.toString(), '--poll-ms', '100'],
    ]);
    const run = await requestRun(requester, stack.market, {
      app,
      tasks: mcTasks(TASKS, 50),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
    });
    resultKey = run.resultKey;
    dealId = await waitForDeal(stack.market, run.requestHash);
    const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 120_000 });
    assert.equal(deal.status, 'completed', stack.logs());
    key = deal.key;
  });
  after(async () => {
    await verifier?.kill('SIGKILL');
    await stack?.stop();
  });

  const checkProvable: ProvableResultCheck = (blob, t) => {
    const { result } = verifyProvableResult(blob, { expected: t.outputDigest });
    return { stdout: result.stdout, files: result.files };
  };

  test("the batches' leaves are provable digests; the results download by blob digest and verify", async () => {
    const deal = await stack.market.getDeal(dealId);
    for (const t of deal.tasks) {
      assert.ok(t.blob && t.leaf, `task ${t.index} has its blob digest and pre-image`);
      assert.notEqual(t.blob, t.digest, 'the leaf is not a content hash');
    }
    const results = await fetchResults(stack.clientOf(stack.accounts.requester), stack.market, deal, { checkProvable, resultKey });
    assert.equal(results.length, TASKS);
    for (const r of results) assert.ok(r.encrypted, 'sealed for the requester');
    for (const r of results) assert.match(new TextDecoder().decode(r.stdout), /\d/, `task ${r.index} printed its price`);
    await assert.rejects(
      fetchResults(stack.clientOf(stack.accounts.requester), stack.market, deal, { resultKey }),
      (e: { code?: string }) => {
        return e.code === 'ProvableCheckMissing';
      },
    );
  });

  test('the verifier process re-executes every task of the finalized batches and agrees with each leaf', async () => {
    await until('the verifier agreed on every task', async () => {
      const agreed = verifier!.log().match(/a finalized batch's leaf agrees/g)?.length ?? 0;
      return agreed >= TASKS ? agreed : undefined;
    });
    assert.doesNotMatch(verifier!.log(), /shown wrong|withheld/);
  });

  test("a false start demand is proven by the scheduler process's batch defence", async () => {
    const deal = await stack.market.getDeal(dealId);
    const b = deal.batches[0]!;
    const tasks = deal.tasks.slice(b.first, b.first + b.count);
    const tree = buildResultTree(
      b.first,
      tasks.map((t) => t.digest as Hex),
    );
    const t = tasks[0]!;
    const claim = { startRoot: t.leaf!.claim.startRoot, endRoot: t.leaf!.claim.endRoot, steps: BigInt(t.leaf!.claim.steps) };
    const demander = stack.clientOf(stack.accounts.spare[1]!);
    await deposit(demander, { amount: parseEther('10') });
    const at = { key, first: b.first, count: b.count, index: t.index, outputDigest: t.leaf!.outputDigest, claim };
    await demandBatchStart(demander, { ...at, proof: tree.proof(t.index) });
    const proven = await until('StartProven', async () => {
      const [e] = await getHubEvents(demander, { eventName: 'StartProven' });
      return e;
    });
    assert.ok(proven, stack.logs());
  });
});

// Issue 16 through processes: a pool whose scheduler leases only to its own ten workers, every one a colluding
// saboteur (testkit's colludingSaboteur: the true run's claim beside the same false output digest), agrees on a wrong
// provable root at trust 1,000. The deal's scheduler serves the leaves' pre-images in its deal view (a scheduler that
// withholds them is decision 030 point 7: a hub-side source of pre-images, not built). One verifier process overturns
// the batch: the colluders' stakes to the verifier, the requester refunded.
describe('a colluding pool at trust 1,000 with real processes is overturned by one verifier process', () => {
  const COLLUDERS = 10;
  let stack: Stack;
  let verifier: Proc | undefined;

  before(async () => {
    stack = await startStack({
      ...{ workers: COLLUDERS, rollbackWindow: 600n, workerArgs: ['--provable-batches'], colluding: true },
      schedulerArgs: ['--max-trust', '1000'],
    });
  });
  after(async () => {
    await verifier?.kill('SIGKILL');
    await stack?.stop();
  });

  test('the wrong batch finalizes, the verifier refutes it: overturned, stakes seized, requester refunded', async () => {
    const { app, requester } = await setupMarket(stack);
    const bal = async (address: Hex) => {
      const b = await getBalances(requester, { account: address });
      return b.escrow + b.locked;
    };
    const workers = stack.accounts.workers.map((w) => w.address as Hex);
    const verifierAccount = stack.accounts.spare[0]!;
    const before = {
      requester: await bal(stack.accounts.requester.address as Hex),
      verifier: await bal(verifierAccount.address as Hex),
      workers: await Promise.all(workers.map(bal)),
    };
    const run = await requestRun(requester, stack.market, {
      app,
      tasks: mcTasks(1, 50),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
      trust: 1000,
    });
    const dealId = await waitForDeal(stack.market, run.requestHash);
    const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 240_000 });
    assert.equal(deal.status, 'completed', stack.logs());
    const key = deal.key;
    const batch = { key, first: 0, count: 1 };
    assert.equal(await getBatchStatus(requester, batch), 'Finalized');
    assert.equal(deal.tasks[0]?.leaf?.outputDigest, COLLUDERS_OUTPUT, 'the colluders committed their false output');

    const dir = mkdtempSync(join(tmpdir(), 'h13-batch-colluders-'));
    verifier = spawnService('verifier', 'packages/verifier/src/main.ts', [
      ...['--deployment', stack.deploymentFile, '--key', verifierAccount.privateKey, '--blobs', stack.scheduler.url],
      ...['--db', join(dir, 'v.sqlite'), '--fraction', '1', '--poll-ms', '100'],
    ]);
    await until('the batch overturned', async () => ((await getBatchStatus(requester, batch)) === 'Overturned' ? true : undefined));
    const after = {
      requester: await bal(stack.accounts.requester.address as Hex),
      verifier: await bal(verifierAccount.address as Hex),
      workers: await Promise.all(workers.map(bal)),
    };
    const seized = before.workers.reduce((s, b, i) => s + b - after.workers[i]!, 0n);
    assert.ok(seized > 0n, 'the colluders lost their stakes');
    for (const [i, b] of before.workers.entries()) assert.ok(after.workers[i]! <= b, `colluder ${i} gained nothing`);
    assert.equal(after.verifier - before.verifier, seized, 'the verifier got exactly the colluders’ stakes');
    // Refunded in full, and the pool's stake on top (decision 026: an overturned batch's pool stake goes to the requester).
    assert.ok(
      after.requester > before.requester,
      `the requester refunded in full, plus the pool's stake (${after.requester - before.requester})`,
    );
  });
});

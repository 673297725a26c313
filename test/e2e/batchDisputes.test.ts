// Provable batches through the real stack (decision 030, issue 16), real processes: a devnet whose hub keeps a 600 s
// rollback window, the scheduler and two workers run with --provable-batches, the montecarlo example published with
// its machine image, a replicated request. Its batches commit provable leaves; the scheduler's deal view serves each
// leaf's result blob digest and pre-image beside it (point 6), and fetchResults downloads the provable blobs and checks
// them with verifyProvableResult. A verifier process watching BatchFinalized re-executes every task and agrees. A false
// start demand (another account demands a task's start) is answered by the scheduler process's batch defence
// (StartProven). Not here: the colluding pool at trust 1,000 through processes (a saboteur committing false provable
// leaves is not built; the library-level case is packages/verifier/test/batchWatch.chain.test.ts).
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
  getHubEvents,
  requestRun,
  waitForDeal,
  waitForDealEnd,
} from '@proofgrid/sdk';
import { PRICE, type Proc, type Stack, mcTasks, setupMarket, spawnService, startStack } from '@proofgrid/testkit';
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

// Clock skew (research plan D8): two worker daemons whose wall clocks are 5 minutes ahead and 5
// minutes behind (Date shifted in their processes by testkit/clockSkew.mjs). Deadlines come from
// chain time and signed timestamps from the services' clocks (a worker registration signs a
// server nonce, no time: docs/decisions/014), so both register, agree on a replicated task, and
// get a dataset key from the secret service.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  createSecretsClient,
  fetchResults,
  publishApp,
  publishEncryptedDataset,
  requestRun,
  waitForDeal,
  waitForDealEnd,
} from '@proofgrid/sdk';
import { PRICE, type Stack, events, mcTasks, setupMarket, startStack } from '@proofgrid/testkit';

const ROOT = resolve(import.meta.dirname, '../..');
const SKEW = { 0: 5 * 60_000 + 30_000, 1: -(5 * 60_000 + 30_000) };

describe('worker clocks 5.5 minutes off (anvil + scheduler + secret service + 2 skewed workers)', () => {
  let stack: Stack;
  let ctx: Awaited<ReturnType<typeof setupMarket>>;
  before(async () => {
    stack = await startStack({ workers: 2, secrets: true, clockSkewMs: SKEW });
    ctx = await setupMarket(stack);
  });
  after(async () => stack?.stop());

  test("both skewed workers registered (over the scheduler's nonce, no clock signed), and each said its clock is off", async () => {
    const online = (await stack.market.listWorkers()).filter((w) => w.status === 'online');
    assert.equal(online.length, 2);
    for (const w of stack.workers) assert.match(w.log(), /clock is off the scheduler's/);
  });

  test('a replicated task: both skewed workers contribute, reveal and agree', async () => {
    const { requestHash, resultKey } = await requestRun(ctx.requester, stack.market, {
      app: ctx.app,
      tasks: mcTasks(1, 5000),
      trust: 3,
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
    });
    const deal = await waitForDealEnd(stack.market, await waitForDeal(stack.market, requestHash), { timeoutMs: 60_000 });
    assert.equal(deal.status, 'completed');
    const revealed = (await events(ctx.requester, 'BatchRevealed')).filter((e) => deal.batches.some((b) => b.batchId === e.args.batchId));
    assert.equal(new Set(revealed.map((e) => String(e.args.worker).toLowerCase())).size, 2, 'both workers revealed');
    assert.equal((await fetchResults(ctx.requester, stack.market, deal, { resultKey })).length, 1);
  });

  test('a dataset deal: the secret service releases the key to skewed workers (signed with its clock)', async () => {
    const secrets = createSecretsClient({ url: stack.secrets!.url });
    const { app: ml } = await publishApp(ctx.developer, stack.market, {
      wasm: readFileSync(join(ROOT, 'examples/ml/build/ml.wasm')),
      name: 'ml',
      price: PRICE,
      maxMemoryMb: 32,
    });
    const owner = stack.clientOf(stack.accounts.dataOwner);
    const { dataset } = await publishEncryptedDataset(owner, stack.market, secrets, {
      content: new Uint8Array(readFileSync(join(ROOT, 'examples/ml/data/train.csv'))),
      name: 'training set',
      price: PRICE,
      restrictions: { app: ml },
    });
    const { requestHash, resultKey } = await requestRun(ctx.requester, stack.market, {
      app: ml,
      dataset,
      tasks: [{ args: ['0.1', '1', '0'] }, { args: ['0.1', '2', '0'] }],
      appMaxPrice: PRICE,
      datasetMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
      datasetFile: 'train.csv',
    });
    const deal = await waitForDealEnd(stack.market, await waitForDeal(stack.market, requestHash), { timeoutMs: 60_000 });
    assert.equal(deal.status, 'completed', JSON.stringify(deal.tasks));
    const { receipts } = await secrets.receipts(dataset);
    assert.ok(receipts.length >= 1, 'keys were released');
    for (const r of await fetchResults(ctx.requester, stack.market, deal, { resultKey }))
      assert.equal((JSON.parse(new TextDecoder().decode(r.stdout)) as { examples: number }).examples, 600);
  });
});

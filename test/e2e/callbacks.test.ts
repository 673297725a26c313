// Callbacks of multi-task batches (P7, issue 19) over real processes: a 100-task bag with a callback
// contract; the hub delivers nothing for a multi-task batch at settlement, the scheduler delivers
// every task's digest with its Merkle proof (deliverCallback), and the consumer holds all 100.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Abi, Address, Hex } from 'viem';
import { requestRun, taskIdOf, waitForDeal, waitForDealEnd } from '@proofgrid/sdk';
import { PRICE, events, mcTasks, setupMarket } from '@proofgrid/testkit';
import { type Stack, startStack } from '@proofgrid/testkit';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'packages/cli/bin/proofgrid.mjs');
const consumer = JSON.parse(readFileSync(join(ROOT, 'contracts/artifacts/OracleConsumer.json'), 'utf8')) as { abi: Abi; bytecode: Hex };

describe('callbacks of a 100-task bag (anvil + scheduler + 2 workers)', () => {
  let stack: Stack;
  let ctx: Awaited<ReturnType<typeof setupMarket>>;
  before(async () => {
    stack = await startStack({ workers: 2 });
    ctx = await setupMarket(stack);
  });
  after(async () => stack?.stop());

  test('every task of every multi-task batch reaches the callback contract, proven against its batch root', async () => {
    const { requester } = ctx;
    const hash = await requester.wallet!.deployContract({
      abi: consumer.abi,
      bytecode: consumer.bytecode,
      args: [stack.deployment.hub],
      account: requester.account!,
      chain: requester.wallet!.chain,
    });
    const oracle = (await requester.public.waitForTransactionReceipt({ hash })).contractAddress as Address;
    const read = (functionName: string, args: unknown[] = []) =>
      requester.public.readContract({ address: oracle, abi: consumer.abi, functionName, args } as never) as Promise<unknown>;

    const { requestHash } = await requestRun(requester, stack.market, {
      app: ctx.app,
      tasks: mcTasks(100, 200),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
      callback: oracle,
      publicResults: true,
    });
    const dealId = await waitForDeal(stack.market, requestHash);
    const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 120_000 });
    assert.equal(deal.status, 'completed');
    assert.ok(
      deal.batches.some((b) => b.count > 1),
      'the bag ran in multi-task batches',
    );
    // The scheduler delivers after settlement. Killed (SIGKILL) once some callbacks are in, it takes
    // the batches up again after its restart: a batch is marked settled only once all are delivered.
    const early = Date.now() + 60_000;
    while (((await read('calls')) as bigint) === 0n && Date.now() < early) await new Promise((r) => setTimeout(r, 50));
    const atKill = (await read('calls')) as bigint;
    await stack.restartScheduler('SIGKILL');
    console.log(`# scheduler killed with ${atKill} of 100 callbacks delivered`);
    // Wait for the consumer's count (bounded, on chain state).
    const deadline = Date.now() + 60_000;
    while (((await read('calls')) as bigint) < 100n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    assert.equal(await read('calls'), 100n, 'one callback per task');
    for (const t of deal.tasks) assert.equal(await read('resultOf', [taskIdOf(dealId, t.index)]), t.digest, `task ${t.index}`);
    const delivered = (await events(requester, 'CallbackDelivered')).filter(
      (e) => (e.args.callback as string).toLowerCase() === oracle.toLowerCase(),
    );
    assert.equal(delivered.length, 100);
    assert.ok(
      delivered.every((e) => e.args.success === true),
      'every call succeeded',
    );

    // Anyone may deliver through the CLI: every digest is proven again on chain, and each is refused
    // as already delivered (the hub checks the proof before that), nothing is delivered twice.
    const out = await new Promise<string>((done, fail) =>
      execFile(
        process.execPath,
        [BIN, 'deal', 'callbacks', dealId, '--as', 'requester', '--json'],
        { env: { ...process.env, PROOFGRID_DEPLOYMENT: stack.deploymentFile, PROOFGRID_MARKET: stack.market.url, PROOFGRID_KEY: '' } },
        (err, stdout, stderr) => (err ? fail(new Error(`${err.message}\n${stdout}${stderr}`)) : done(stdout)),
      ),
    );
    const multi = deal.batches.filter((b) => b.count > 1).reduce((n, b) => n + b.count, 0);
    const r = JSON.parse(out);
    assert.equal(r.callback.toLowerCase(), oracle.toLowerCase());
    assert.deepEqual({ ...r, callback: undefined }, { dealId, callback: undefined, delivered: 0, already: multi, failed: [] });
    assert.equal(await read('calls'), 100n);
  });
});

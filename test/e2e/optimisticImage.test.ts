// Machine images (issue 16, decision 027 point 4 and its amendment), real processes: `proofgrid app publish` registers
// the module's machine image with the app (the same image as packages/disputes' machineImageOf; --no-machine-image
// skips it), and a worker refuses to answer on an app whose owner registered an image that is not its module's
// (AnswerImageMismatch: no honest answer could prove its start), locking nothing.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { machineImageOf } from '@proofgrid/disputes';
import { getBalances, getMachineImage, publishApp, requestRun, waitForDeal } from '@proofgrid/sdk';
import { MONTECARLO, PRICE, type Stack, answerOf, mcTasks, setupMarket, startStack, waitUntil } from '@proofgrid/testkit';
import { type Hex, keccak256, toHex, zeroHash } from 'viem';

const BIN = join(resolve(import.meta.dirname, '../..'), 'packages/cli/bin/proofgrid.mjs');

describe('machine images: registered at publish, checked by the worker before it answers', () => {
  let stack: Stack;
  let ctx: Awaited<ReturnType<typeof setupMarket>>;
  const image = machineImageOf(new Uint8Array(readFileSync(MONTECARLO)));
  before(async () => {
    stack = await startStack({ workers: 1 });
    ctx = await setupMarket(stack);
  });
  after(async () => {
    if (process.env.PROOFGRID_E2E_LOGS && stack) (await import('node:fs')).writeFileSync(process.env.PROOFGRID_E2E_LOGS, stack.logs());
    await stack?.stop();
  });

  const cli = (...args: string[]) =>
    new Promise<Record<string, unknown>>((done, fail) => {
      const env = { ...process.env, PROOFGRID_DEPLOYMENT: stack.deploymentFile, PROOFGRID_MARKET: stack.market.url, PROOFGRID_KEY: '' };
      execFile(process.execPath, [BIN, ...args, '--json'], { env }, (err, stdout, stderr) =>
        err ? fail(new Error(`proofgrid ${args.join(' ')}: ${stderr}`)) : done(JSON.parse(stdout)),
      );
    });

  test("proofgrid app publish registers the module's machine image; --no-machine-image does not", async () => {
    const owner = stack.accounts.developer.address;
    const published = await cli('app', 'publish', MONTECARLO, '--name', 'mc-image', '--price', '0.01', '--as', 'developer');
    assert.equal(published.image, image, "the CLI's image is machineImageOf's");
    assert.equal(await getMachineImage(ctx.developer, { app: BigInt(published.app as string), owner }), image);
    const bare = await cli('app', 'publish', MONTECARLO, '--name', 'mc-bare', '--price', '0.01', '--no-machine-image', '--as', 'developer');
    assert.equal(bare.image, undefined);
    assert.equal(await getMachineImage(ctx.developer, { app: BigInt(bare.app as string), owner }), zeroHash);
    // The stack's own app (testkit's setupMarket) registers its image too.
    assert.equal(await getMachineImage(ctx.developer, { app: ctx.app, owner }), image);
  });

  test('a worker refuses an app whose registered image is not its module (AnswerImageMismatch) and locks nothing', async () => {
    const wrong = keccak256(toHex('not the module'));
    const { app } = await publishApp(ctx.developer, stack.market, {
      wasm: readFileSync(MONTECARLO),
      name: 'mc-wrong-image',
      price: PRICE,
      machineImage: () => wrong,
    });
    const worker = stack.accounts.workers[0]!;
    const before = await getBalances(ctx.requester, { account: worker.address });
    const { requestHash } = await requestRun(ctx.requester, stack.market, {
      app,
      tasks: mcTasks(1, 50),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
      verification: 'optimistic',
      challengeWindow: 60n,
    });
    const dealId = (await waitForDeal(stack.market, requestHash)) as Hex;
    const failed = await waitUntil(
      async () => (await stack.market.getDeal(dealId)).tasks[0]!,
      (t) => /AnswerImageMismatch/.test(t.error ?? ''),
      'the refusal in the deal view',
    );
    assert.match(failed.error!, /registered machine image/);
    assert.equal(await answerOf(ctx.requester, dealId, 0), undefined, 'no answer on chain');
    const after = await getBalances(ctx.requester, { account: worker.address });
    assert.equal(after.locked, before.locked, 'no deposit locked');
  });
});

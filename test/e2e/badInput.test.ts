// Bad input gets a clear typed error and leaves state untouched.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { keccak256, toHex, zeroAddress, zeroHash } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { ApiError } from '@proofgrid/sdk/api';
import {
  type ProofgridError,
  LIMIT_EXIT_CODES,
  contentHashOf,
  createApp,
  createProofgridClient,
  fetchFailures,
  getBalances,
  publishAppOrder,
  requestRun,
  signOrder,
  waitForDeal,
  waitForDealEnd,
} from '@proofgrid/sdk';
import { bigMemoryModule, loopModule } from '../../packages/worker/src/sandbox/fixtures/probeModules.ts';
import { PRICE, mcTasks, setupMarket } from '@proofgrid/testkit';
import { type Stack, startStack } from '@proofgrid/testkit';

async function rejects(p: Promise<unknown>, code: string, status?: number) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ApiError || (e as ProofgridError).code !== undefined, `typed error expected, got ${e}`);
    assert.equal((e as ApiError).code, code, (e as Error).message);
    if (status !== undefined) assert.equal((e as ApiError).status, status);
    assert.ok((e as Error).message.length > 10, 'a readable message');
    return true;
  });
}

describe('bad input (real scheduler and workers)', () => {
  let stack: Stack;
  let ctx: Awaited<ReturnType<typeof setupMarket>>;
  const requestOrder = (over: Record<string, unknown> = {}) => ({
    app: ctx.app,
    appMaxPrice: PRICE,
    dataset: 0n,
    datasetMaxPrice: 0n,
    workerpool: 0n,
    workerpoolMaxPrice: PRICE,
    requester: stack.accounts.requester.address,
    volume: 1n,
    tag: zeroHash,
    category: 0n,
    trust: 1n,
    callback: zeroAddress,
    params: '{"args":["1"]}',
    expiry: 0n,
    salt: keccak256(toHex(Math.random().toString())),
    ...over,
  });
  const sign = (order: ReturnType<typeof requestOrder>, key = stack.accounts.requester.privateKey) =>
    signOrder(createProofgridClient({ deployment: stack.deployment, account: privateKeyToAccount(key) }).wallet!, {
      kind: 'request',
      order,
      chainId: stack.deployment.chainId,
      hub: stack.deployment.hub,
    });
  const bookSize = async () => (await stack.market.listOrders({ kind: 'request' })).length;

  before(async () => {
    stack = await startStack({ workers: 2 });
    ctx = await setupMarket(stack);
  });
  after(async () => stack?.stop());

  test('malformed orders are refused with OrderInvalid and the field at fault', async () => {
    const n = await bookSize();
    const res = await fetch(`${stack.market.url}/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'request', order: { app: 'one' }, signature: '0x' }),
    });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { code: string; message: string; details: { issues: string[] } } };
    assert.equal(body.error.code, 'OrderInvalid');
    assert.ok(
      body.error.details.issues.some((i) => i.startsWith('order.app')),
      JSON.stringify(body.error),
    );
    const notJson = await fetch(`${stack.market.url}/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    assert.equal(notJson.status, 400);
    assert.equal(((await notJson.json()) as { error: { code: string } }).error.code, 'BodyInvalid');
    assert.equal(await bookSize(), n, 'nothing added to the book');
  });

  test('a wrong signature (another key) is refused with OrderSignatureInvalid', async () => {
    const n = await bookSize();
    const forged = await sign(requestOrder(), stack.accounts.developer.privateKey);
    await rejects(stack.market.publishOrder('request', forged), 'OrderSignatureInvalid', 400);
    // A signature for another chain id is refused too (domain bound to chain and hub).
    const client = stack.clientOf(stack.accounts.requester);
    const otherChain = await signOrder(client.wallet!, { kind: 'request', order: requestOrder(), chainId: 1, hub: stack.deployment.hub });
    await rejects(stack.market.publishOrder('request', otherChain), 'OrderSignatureInvalid', 400);
    assert.equal(await bookSize(), n);
  });

  test('unknown ids answer typed 404s', async () => {
    await rejects(stack.market.getDeal(`0x${'ab'.repeat(32)}`), 'DealNotFound', 404);
    await rejects(stack.market.getOrder(`0x${'cd'.repeat(32)}`), 'OrderNotFound', 404);
    await rejects(stack.market.getBlob(`0x${'ef'.repeat(32)}`), 'BlobNotFound', 404);
    await rejects(stack.market.publishOrder('request', await sign(requestOrder({ app: 999n }))), 'AppNotFound', 404);
  });

  test('an expired order is refused with OrderExpired', async () => {
    const expired = await sign(requestOrder({ expiry: BigInt(Math.floor(Date.now() / 1000) - 60) }));
    await rejects(stack.market.publishOrder('request', expired), 'OrderExpired', 400);
  });

  test('a blob that does not match its claimed hash is refused and not stored', async () => {
    const bytes = new TextEncoder().encode('some bytes');
    const wrong = contentHashOf(new TextEncoder().encode('other bytes'));
    await rejects(stack.market.putBlob(bytes, wrong), 'BlobHashMismatch', 422);
    await rejects(stack.market.getBlob(wrong), 'BlobNotFound', 404);
  });

  test('insufficient funds: the request is not matched and the run fails with EscrowInsufficientBalance; no money moves', async () => {
    const poor = stack.accounts.spare[0]!;
    const client = stack.clientOf(poor);
    const before = await getBalances(client, { account: poor.address });
    const { requestHash } = await requestRun(client, stack.market, {
      app: ctx.app,
      tasks: mcTasks(2),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
    });
    await assert.rejects(
      waitForDeal(stack.market, requestHash, { timeoutMs: 20_000, graceMs: 500 }),
      (e: ProofgridError) => e.code === 'EscrowInsufficientBalance' && /balance/i.test(e.message),
    );
    const after = await getBalances(client, { account: poor.address });
    assert.equal(after.escrow, before.escrow);
    assert.equal(after.locked, 0n);
  });

  test('an app whose module does not match its registered hash: workers refuse it (ContentHashMismatch), nothing is paid', async () => {
    const evil = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
    const server = createServer((_req, res) => res.end(evil));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const developer = stack.clientOf(stack.accounts.developer);
      const claimed = keccak256(toHex('the module the developer claims'));
      const { app } = await createApp(developer, {
        name: 'mismatch',
        uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/app.wasm`,
        moduleHash: claimed,
      });
      await publishAppOrder(developer, stack.market, { app, price: PRICE });
      const dev0 = await getBalances(developer, { account: stack.accounts.developer.address });
      const { requestHash } = await requestRun(ctx.requester, stack.market, {
        app,
        tasks: [{ args: [] }],
        appMaxPrice: PRICE,
        workerpoolMaxPrice: PRICE,
      });
      const deal = await waitForDealEnd(stack.market, await waitForDeal(stack.market, requestHash), { timeoutMs: 30_000 });
      assert.equal(deal.status, 'failed');
      assert.match(deal.tasks[0]!.error ?? '', /ContentHashMismatch/);
      const dev1 = await getBalances(developer, { account: stack.accounts.developer.address });
      assert.equal(dev1.escrow, dev0.escrow, 'the developer is not paid for a module that does not match');
    } finally {
      server.close();
    }
  });

  test('an app that loops forever is stopped at its wall-clock limit; one that allocates too much at its memory cap; both are results (the app failed), not missed deadlines', async () => {
    const developer = stack.clientOf(stack.accounts.developer);
    for (const [module, kind, value] of [
      [loopModule, 'time', 500],
      [bigMemoryModule, 'memory', 16 * 1024 * 1024],
    ] as const) {
      const moduleHash = contentHashOf(module);
      await stack.market.putBlob(module, moduleHash);
      const { app } = await createApp(developer, { name: kind, uri: `blob:${moduleHash}`, moduleHash, maxMemoryMb: 16 });
      await publishAppOrder(developer, stack.market, { app, price: PRICE });
      const { requestHash, resultKey } = await requestRun(ctx.requester, stack.market, {
        app,
        tasks: [{ args: [] }],
        appMaxPrice: PRICE,
        workerpoolMaxPrice: PRICE,
        maxRunMs: 500,
      });
      const deal = await waitForDealEnd(stack.market, await waitForDeal(stack.market, requestHash), { timeoutMs: 30_000 });
      // Issue 14: a limit of the category is the app's failure, finalized on chain (decision 012).
      assert.equal(deal.status, 'completed', kind);
      const [failure, ...more] = await fetchFailures(ctx.requester, stack.market, deal, { resultKey });
      assert.equal(more.length, 0);
      assert.equal(failure?.exitCode, LIMIT_EXIT_CODES[kind], kind);
      assert.deepEqual(failure?.report.limit, { kind, value });
    }
    // The workers survived both and still run good work.
    const { requestHash } = await requestRun(ctx.requester, stack.market, {
      app: ctx.app,
      tasks: mcTasks(1),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
    });
    const deal = await waitForDealEnd(stack.market, await waitForDeal(stack.market, requestHash), { timeoutMs: 30_000 });
    assert.equal(deal.status, 'completed');
  });
});

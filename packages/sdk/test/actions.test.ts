// SDK actions against a real devnet: categories, presigned orders, pushResult under a rollback
// window, settle after it, the checker's overturn inside it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { keccak256, parseEther, toHex, zeroAddress, zeroHash } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { type DevAccount, startDevnet } from '@proofgrid/devnet';
import {
  type ProofgridClient,
  authorizeWorker,
  batchIdOf,
  buildResultTree,
  createApp,
  createProofgridClient,
  createWorkerpool,
  TRAP_EXIT_CODE,
  decodeFailureReport,
  deposit,
  failureReport,
  getBatchResult,
  getBalances,
  getCategories,
  matchOrders,
  overturn,
  presignOrder,
  pushAppFailure,
  pushResult,
  settle,
  signOrder,
} from '../src/index.ts';

describe('SDK actions on a devnet with a 1 h rollback window', () => {
  let devnet: Awaited<ReturnType<typeof startDevnet>>;
  let c: Record<string, ProofgridClient>;
  let app: bigint;
  let workerpool: bigint;
  const price = parseEther('0.01');
  before(async () => {
    devnet = await startDevnet({ accounts: 8, rollbackWindow: 3600n });
    const names = ['admin', 'requester', 'developer', 'dataOwner', 'poolOwner', 'scheduler', 'worker0'];
    c = Object.fromEntries(
      names.map((n, i) => [
        n,
        createProofgridClient({
          deployment: devnet.deployment,
          account: privateKeyToAccount((devnet.accounts[i] as DevAccount).privateKey),
        }),
      ]),
    );
    ({ app } = await createApp(c.developer!, { name: 'a', uri: 'blob:x', moduleHash: keccak256(toHex('a')) }));
    ({ workerpool } = await createWorkerpool(c.poolOwner!, {
      description: 'p',
      scheduler: c.scheduler!.account!.address,
      resources: { cpus: 1, memoryMb: 512, diskGb: 1, gpus: 0, tee: false, region: 'x' },
    }));
    for (const k of ['requester', 'poolOwner', 'worker0']) await deposit(c[k]!, { amount: parseEther('10') });
  });
  after(async () => devnet?.stop());

  const orders = async (salt: string) => {
    const { chainId, hub } = devnet.deployment;
    const s = keccak256(toHex(salt));
    const appOrder = await signOrder(c.developer!.wallet!, {
      kind: 'app',
      chainId,
      hub,
      order: {
        app,
        price,
        volume: 10n,
        tag: zeroHash,
        datasetRestrict: 0n,
        workerpoolRestrict: 0n,
        requesterRestrict: zeroAddress,
        expiry: 0n,
        salt: s,
      },
    });
    const workerpoolOrder = await signOrder(c.poolOwner!.wallet!, {
      kind: 'workerpool',
      chainId,
      hub,
      order: {
        workerpool,
        price,
        volume: 10n,
        tag: zeroHash,
        category: 0n,
        trust: 1n,
        appRestrict: 0n,
        datasetRestrict: 0n,
        requesterRestrict: zeroAddress,
        expiry: 0n,
        salt: s,
      },
    });
    const request = {
      app,
      appMaxPrice: price,
      dataset: 0n,
      datasetMaxPrice: 0n,
      workerpool,
      workerpoolMaxPrice: price,
      requester: c.requester!.account!.address,
      volume: 1n,
      tag: zeroHash,
      category: 0n,
      trust: 1n,
      callback: zeroAddress,
      params: '{}',
      expiry: 0n,
      salt: s,
    };
    return { appOrder, workerpoolOrder, request };
  };
  const push = async (key: Awaited<ReturnType<typeof matchOrders>>['key'], digest: `0x${string}`) => {
    const authorization = await authorizeWorker(privateKeyToAccount((devnet.accounts[5] as DevAccount).privateKey), {
      key,
      first: 0,
      count: 1,
      worker: c.worker0!.account!.address,
    });
    return pushResult(c.worker0!, {
      key,
      first: 0,
      count: 1,
      root: buildResultTree(0, [digest]).root,
      usage: { maxRunTimeMs: 1, memoryPeakKb: 1 },
      authorization,
    });
  };

  test('getCategories lists the devnet categories', async () => {
    const cats = await getCategories(c.requester!);
    assert.deepEqual(
      cats.map((x) => [x.name, x.maxRunTime]),
      [
        ['XS', 60n],
        ['S', 300n],
        ['M', 1800n],
        ['L', 7200n],
      ],
    );
  });

  test('a presigned request matches without a signature; the result settles only after the window', async () => {
    const { appOrder, workerpoolOrder, request } = await orders('presigned');
    await presignOrder(c.requester!, { kind: 'request', order: request });
    const { key, dealId } = await matchOrders(c.requester!, { appOrder, workerpoolOrder, requestOrder: { ...request, signature: '0x' } });
    await push(key, keccak256(toHex('r')));
    const dev0 = await getBalances(c.requester!, { account: c.developer!.account!.address });
    await assert.rejects(
      settle(c.requester!, { key, batches: [{ first: 0, count: 1 }] }),
      (e: { code: string }) => e.code === 'BatchWindowOpen',
    );
    await c.requester!.public.request({ method: 'evm_increaseTime', params: [3601] } as never);
    await settle(c.requester!, { key, batches: [{ first: 0, count: 1 }] });
    const dev1 = await getBalances(c.requester!, { account: c.developer!.account!.address });
    assert.equal(dev1.escrow - dev0.escrow, price, 'the app owner is paid at settlement');
    assert.equal((await getBatchResult(c.requester!, batchIdOf(dealId, 0, 1))).status, 'Settled');
  });

  test('the checker overturns a result inside the window: the requester is refunded', async () => {
    const { appOrder, workerpoolOrder, request } = await orders('overturned');
    const requestOrder = await signOrder(c.requester!.wallet!, {
      kind: 'request',
      order: request,
      chainId: devnet.deployment.chainId,
      hub: devnet.deployment.hub,
    });
    const before = await getBalances(c.requester!, { account: c.requester!.account!.address });
    const { key, dealId } = await matchOrders(c.requester!, { appOrder, workerpoolOrder, requestOrder });
    await push(key, keccak256(toHex('wrong')));
    await assert.rejects(
      overturn(c.requester!, { key, first: 0, count: 1, evidence: zeroHash }),
      (e: { code: string }) => e.code === 'CheckerUnauthorized',
    );
    await overturn(c.admin!, { key, first: 0, count: 1, evidence: keccak256(toHex('recomputed: differs')) });
    assert.equal((await getBatchResult(c.requester!, batchIdOf(dealId, 0, 1))).status, 'Overturned');
    const afterB = await getBalances(c.requester!, { account: c.requester!.account!.address });
    // Refunded in full, plus the wrong worker's seized stake (30 % of the pool price).
    assert.equal(afterB.escrow + afterB.locked, before.escrow + before.locked + (price * 30n) / 100n);
  });

  test("the app's deterministic failure, pushed at trust 1, is finalized as failed by the app and paid as a success", async () => {
    const { appOrder, workerpoolOrder, request } = await orders('failed by the app');
    const requestOrder = await signOrder(c.requester!.wallet!, {
      kind: 'request',
      order: request,
      chainId: devnet.deployment.chainId,
      hub: devnet.deployment.hub,
    });
    const before = await getBalances(c.requester!, { account: c.requester!.account!.address });
    const { key, dealId } = await matchOrders(c.requester!, { appOrder, workerpoolOrder, requestOrder });
    const enc = (s: string) => new TextEncoder().encode(s);
    const { blob, outputDigest, root } = failureReport({
      task: 0,
      exitCode: TRAP_EXIT_CODE,
      stdout: enc('partial'),
      stderr: enc('panicked at main.rs:3'),
    });
    const authorization = await authorizeWorker(privateKeyToAccount((devnet.accounts[5] as DevAccount).privateKey), {
      key,
      first: 0,
      count: 1,
      worker: c.worker0!.account!.address,
    });
    const usage = { maxRunTimeMs: 1, memoryPeakKb: 1 };
    await assert.rejects(
      pushAppFailure(c.worker0!, { key, first: 0, count: 1, exitCode: 0, outputDigest, usage, authorization }),
      (e: { code: string }) => e.code === 'BatchFailureExitCodeZero',
    );
    await pushAppFailure(c.worker0!, { key, first: 0, count: 1, exitCode: TRAP_EXIT_CODE, outputDigest, usage, authorization });
    const pending = await getBatchResult(c.requester!, batchIdOf(dealId, 0, 1));
    assert.deepEqual(
      pending,
      { root, status: 'Finalized', outcome: 'failedByApp', failure: { exitCode: TRAP_EXIT_CODE, outputDigest } },
      'the hub agrees with the SDK failure root',
    );
    const dev0 = await getBalances(c.requester!, { account: c.developer!.account!.address });
    await c.requester!.public.request({ method: 'evm_increaseTime', params: [3601] } as never);
    await settle(c.requester!, { key, batches: [{ first: 0, count: 1 }] });
    const dev1 = await getBalances(c.requester!, { account: c.developer!.account!.address });
    assert.equal(dev1.escrow - dev0.escrow, price, 'the app owner is paid for the work');
    const settled = await getBatchResult(c.requester!, batchIdOf(dealId, 0, 1));
    assert.equal(settled.outcome, 'failedByApp');
    assert.equal(settled.status, 'Settled');
    const afterB = await getBalances(c.requester!, { account: c.requester!.account!.address });
    assert.equal(afterB.escrow + afterB.locked, before.escrow + before.locked - 2n * price, 'charged as a success, no pool stake');
    assert.deepEqual(decodeFailureReport(blob), {
      task: 0,
      exitCode: TRAP_EXIT_CODE,
      stdout: enc('partial'),
      stderr: enc('panicked at main.rs:3'),
    });
  });
});

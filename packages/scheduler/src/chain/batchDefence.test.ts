// The scheduler defends its replicated batches (H10, decision 030 point 4): an honest batch of a deal with a rollback
// window, its leaf a provable digest whose start is the task's true initial state (the ml example's module, the image
// registered), is demanded to reveal its start (demandBatchStart by another account). The scheduler's batch defence,
// on its own intake and store, finds the demand in the hub's logs, rebuilds the task's inputs from its content store,
// computes the start in a trace thread of @proofgrid/worker and proves it (proveBatchStart): the demander's deposit
// goes to the pool owner and the batch cannot be overturned by waiting.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Trace, type Wallet, challenge } from '@proofgrid/disputes';
import { lyingTrace } from '../../../disputes/src/testing/lyingTrace.ts';
import {
  type DealKey,
  authorizeWorker,
  challengeBatch,
  dealIdOf,
  getBatchStatus,
  hubAbi,
  buildResultTree,
  createProofgridClient,
  demandBatchStart,
  getHubEvents,
  matchOrders,
  provableDigestOf,
  pushResult,
  requestTermsOf,
  signOrder,
  taskInputsOf,
} from '@proofgrid/sdk';
import { OPTIMISTIC_PRICE, startOptimisticDeal } from '@proofgrid/testkit';
import pino from 'pino';
import { type Hex, keccak256, parseEventLogs, sha256, toHex, zeroAddress, zeroHash } from 'viem';
import { loadModule } from '../../../../examples/index.ts';
import { createBlobStore } from '../blobStore.ts';
import { createMetrics } from '../metrics.ts';
import { createStore, openDb } from '../store/index.ts';
import { createBatchDefence } from './batchDefence.ts';
import { createIntake } from './intake.ts';
import { createTxQueue } from './txQueue.ts';

describe("the scheduler proves the start of its honest batch's task when demanded", () => {
  let deal: Awaited<ReturnType<typeof startOptimisticDeal>>;
  let dir: string;
  const wasm = loadModule('ml');
  const moduleHash = sha256(wasm);

  before(async () => {
    deal = await startOptimisticDeal({ volume: 1n, challengeWindow: 60n, app: { uri: 'blob:ml', moduleHash, wasm } });
    dir = mkdtempSync(join(tmpdir(), 'h10-batch-defence-'));
  });
  after(async () => {
    await deal?.devnet.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A replicated request of one task on the deal's app and pool with a rollback window, matched. */
  async function matchReplicated(salt: string): Promise<DealKey> {
    const { clients: c, devnet } = deal;
    const { chainId, hub } = devnet.deployment;
    const price = OPTIMISTIC_PRICE;
    const common = { volume: 10n, tag: zeroHash, requesterRestrict: zeroAddress, expiry: 0n, salt: zeroHash };
    const { app, workerpool } = deal.key;
    const appOrder = await signOrder(c.developer!.wallet!, {
      kind: 'app',
      chainId,
      hub,
      order: { app, price, datasetRestrict: 0n, workerpoolRestrict: 0n, ...common },
    });
    const workerpoolOrder = await signOrder(c.poolOwner!.wallet!, {
      kind: 'workerpool',
      chainId,
      hub,
      order: { workerpool, price, category: 0n, trust: 1n, appRestrict: 0n, datasetRestrict: 0n, ...common },
    });
    const requestOrder = await signOrder(c.requester!.wallet!, {
      kind: 'request',
      chainId,
      hub,
      order: {
        ...{ app, appMaxPrice: price, dataset: 0n, datasetMaxPrice: 0n, workerpool, workerpoolMaxPrice: price },
        ...{ requester: c.requester!.account!.address, volume: 1n, tag: zeroHash, category: 0n, trust: 1n },
        ...{ callback: zeroAddress, params: '{}', expiry: 0n, salt: keccak256(toHex(salt)) },
        ...requestTermsOf({ verification: 'replicated', rollbackWindow: 600n }),
      },
    });
    const { key } = (await matchOrders(c.requester!, { appOrder, workerpoolOrder, requestOrder })) as { key: DealKey };
    return key;
  }

  test('demandBatchStart is answered by proveBatchStart from the scheduler; the demander paid the pool owner', async () => {
    const c = deal.clients;
    const key = await matchReplicated('h10 demand');
    const account = c.scheduler!.account!;
    const client = createProofgridClient({ deployment: deal.devnet.deployment, account: account as never });
    const store = createStore(openDb(':memory:'));
    const blobs = createBlobStore({ dir });
    blobs.put(wasm);
    const config = { workerpool: key.workerpool, scheduler: account, leaseTtlMs: 5000, maxBatch: 16, tickMs: 100 };
    const ctx = {
      ...{ store, client, blobs, log: pino({ level: process.env.H10_LOG ?? 'silent' }), metrics: createMetrics(), queue: createTxQueue() },
      config: { ...config, safetyTickMs: 500, confirmations: 0, leaseWaitMs: 300 },
      ...{ wake: () => {}, kick: () => {}, onlineWorkers: () => [] },
    };
    await createIntake(ctx as never, async () => {}).poll();
    const dealRow = store.deals.running().find((d) => String(JSON.parse(d.key).rollbackWindow) === '600');
    assert.ok(dealRow, 'the replicated deal taken in by the intake');

    // The batch's one leaf: a provable digest whose start is the task's true initial state, as the scheduler sees it.
    const inputs = await taskInputsOf(
      {
        dealId: dealRow.deal_id,
        params: dealRow.params,
        moduleHash,
        appMemoryMb: dealRow.app_memory_mb,
        categoryMaxSeconds: dealRow.category_max_s,
      },
      0,
      async (h: Hex) => new Uint8Array(blobs.get(h.toLowerCase())),
    );
    const trace = new Trace({ ...inputs, limits: { memoryMb: inputs.limits.memoryMb, maxOutputBytes: inputs.limits.maxOutputBytes } });
    const claim = { startRoot: trace.rootAt(0n), steps: 10n, endRoot: keccak256(toHex('some end')) };
    const outputDigest = keccak256(toHex('some output'));
    const leaf = provableDigestOf(outputDigest, claim);
    const tree = buildResultTree(0, [leaf]);
    const authorization = await authorizeWorker(account, { key, first: 0, count: 1, worker: c.worker0!.account!.address });
    await pushResult(c.worker0!, { key, first: 0, count: 1, root: tree.root, usage: { maxRunTimeMs: 1, memoryPeakKb: 1 }, authorization });

    await demandBatchStart(c.worker1!, { key, first: 0, count: 1, index: 0, outputDigest, claim, proof: tree.proof(0) });
    const defence = createBatchDefence(ctx as never);
    await defence.pass();
    // The proof runs in the background (a trace thread): wait for it, by its own count, not by time.
    while (defence.busy() > 0) await new Promise((r) => setTimeout(r, 100));
    assert.equal(defence.stats.startsProven, 1);
    const [proven] = await getHubEvents(c.requester!, { eventName: 'StartProven' });
    assert.ok(proven, 'StartProven on chain');
    assert.equal((proven.args as { paidTo: Hex }).paidTo.toLowerCase(), c.poolOwner!.account!.address.toLowerCase());
  });
  test('a false challenge of an honest batch is defended by the scheduler and lost by the challenger', async () => {
    const c = deal.clients;
    const key = await matchReplicated('h10 game');
    const account = c.scheduler!.account!;
    const client = createProofgridClient({ deployment: deal.devnet.deployment, account: account as never });
    const store = createStore(openDb(':memory:'));
    const blobs = createBlobStore({ dir: join(dir, 'game') });
    blobs.put(wasm);
    const config = { workerpool: key.workerpool, scheduler: account, leaseTtlMs: 5000, maxBatch: 16, tickMs: 100 };
    const ctx = {
      ...{ store, client, blobs, log: pino({ level: process.env.H10_LOG ?? 'silent' }), metrics: createMetrics(), queue: createTxQueue() },
      config: { ...config, safetyTickMs: 500, confirmations: 0, leaseWaitMs: 300 },
      ...{ wake: () => {}, kick: () => {}, onlineWorkers: () => [] },
    };
    await createIntake(ctx as never, async () => {}).poll();
    const dealId = dealIdOf(key);
    const dealRow = store.deals.get(dealId);
    assert.ok(dealRow, 'the replicated deal taken in by the intake');
    const inputs = await taskInputsOf(
      { dealId, params: dealRow.params, moduleHash, appMemoryMb: dealRow.app_memory_mb, categoryMaxSeconds: dealRow.category_max_s },
      0,
      async (h: Hex) => new Uint8Array(blobs.get(h.toLowerCase())),
    );
    const trace = new Trace({ ...inputs, limits: { memoryMb: inputs.limits.memoryMb, maxOutputBytes: inputs.limits.maxOutputBytes } });
    const claim = trace.end();
    const outputDigest = trace.output().commitment;
    const tree = buildResultTree(0, [provableDigestOf(outputDigest, claim)]);
    const authorization = await authorizeWorker(account, { key, first: 0, count: 1, worker: c.worker0!.account!.address });
    await pushResult(c.worker0!, { key, first: 0, count: 1, root: tree.root, usage: { maxRunTimeMs: 1, memoryPeakKb: 1 }, authorization });

    const receipt = await challengeBatch(c.worker1!, { key, first: 0, count: 1, index: 0, outputDigest, claim, proof: tree.proof(0) });
    const [opened] = parseEventLogs({ abi: hubAbi, logs: receipt.logs, eventName: 'DisputeGameOpened' });
    const { game, gameId } = opened!.args;
    const defence = createBatchDefence(ctx as never, { pollMs: 50 });
    await defence.pass();
    const ref = { publicClient: c.requester!.public as never, address: game, gameId, fromBlock: receipt.blockNumber };
    const liar = lyingTrace(trace, claim.steps / 2n);
    const lost = await challenge({ ...ref, wallet: c.worker1!.wallet as Wallet, view: liar }).catch((e: Error) => e);
    if (lost instanceof Error) {
      // The lying challenger cannot prove its step: the defender wins when the challenger's clock runs out (chain time).
      await c.requester!.public.request({ method: 'evm_increaseTime', params: [3601] } as never);
      await c.requester!.public.request({ method: 'evm_mine', params: [] } as never);
    }
    while (defence.busy() > 0) await new Promise((r) => setTimeout(r, 100));
    assert.equal(defence.stats.gamesDefended, 1);
    assert.equal(defence.stats.gamesWon, 1, 'the scheduler won the game');
    const resolved = await getHubEvents(c.requester!, { eventName: 'ChallengeResolved' });
    assert.equal(resolved.length, 1, 'the defence resolved the challenge');
    assert.equal(await getBatchStatus(c.requester!, { key, first: 0, count: 1 }), 'Finalized', 'the honest batch stands');
    // A restarted scheduler reads the same logs again: the ended game is looked at, not resolved twice, nothing fails.
    const again = createBatchDefence(ctx as never, { pollMs: 50 });
    await again.pass();
    while (again.busy() > 0) await new Promise((r) => setTimeout(r, 100));
    assert.equal(again.stats.failures, 0);
    assert.equal((await getHubEvents(c.requester!, { eventName: 'ChallengeResolved' })).length, 1);
  });
});

// The scheduler follows its answered optimistic tasks by events (H9, issue 16 follow-up): what a safety tick asks the
// node does not grow with the answers open. A real devnet and hub (testkit's startOptimisticDeal), the scheduler's own
// intake, batch sync and store; RPC calls counted, not timing. Before, each tick read every answered task (2 calls each).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { challengeTask, createProofgridClient } from '@proofgrid/sdk';
import { startOptimisticDeal } from '@proofgrid/testkit';
import pino from 'pino';
import { http, keccak256, toHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createBlobStore } from '../blobStore.ts';
import { createMetrics } from '../metrics.ts';
import { createStore, openDb } from '../store/index.ts';
import { createAnswerWatch } from './answerWatch.ts';
import { createBatchSync } from './batchSync.ts';
import { createIntake } from './intake.ts';
import { createTxQueue } from './txQueue.ts';

/** The deal holds at most 10 tasks (the orders of startOptimisticDeal offer 10). */
const N = 10;
const BLOCKS = 4;
const claim = { startRoot: keccak256(toHex('s')), steps: 10n, endRoot: keccak256(toHex('e')) };

describe('the scheduler watches N answered tasks with a constant number of RPC calls per block', () => {
  let deal: Awaited<ReturnType<typeof startOptimisticDeal>>;
  let dir: string;
  before(async () => {
    deal = await startOptimisticDeal({ volume: BigInt(N), challengeWindow: 600n });
    for (let index = 0; index < N; index++) await deal.answer({ index, outputDigest: keccak256(toHex(`out${index}`)), claim });
    dir = mkdtempSync(join(tmpdir(), 'h9-answer-watch-'));
  });
  after(async () => {
    await deal?.devnet.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const rpc = (method: string, params: unknown[] = []) => deal.clients.admin!.public.request({ method, params } as never);

  /** The scheduler's parts over the deal, its RPC calls counted; every task taken in and synced to 'answered'. */
  async function scheduler() {
    const calls: string[] = [];
    const transport = http(deal.devnet.deployment.rpcUrl, {
      batch: false,
      onFetchRequest: async (req) => {
        calls.push((JSON.parse(await req.clone().text()) as { method: string }).method);
      },
    });
    const account = privateKeyToAccount(deal.devnet.accounts[5]!.privateKey); // the deal's scheduler
    const client = createProofgridClient({ deployment: deal.devnet.deployment, account, transport });
    const store = createStore(openDb(':memory:'));
    const config = {
      workerpool: deal.key.workerpool,
      scheduler: account,
      leaseTtlMs: 5000,
      maxBatch: 16,
      tickMs: 100,
      safetyTickMs: 500,
      confirmations: 0,
      leaseWaitMs: 300,
    };
    const ctx = {
      store,
      client,
      blobs: createBlobStore({ dir }),
      log: pino({ level: 'silent' }),
      metrics: createMetrics(),
      config,
      queue: createTxQueue(),
      wake: () => {},
      kick: () => {},
      onlineWorkers: () => [],
    };
    await createIntake(ctx, async () => {}).poll();
    const batches = createBatchSync(ctx);
    for (const id of store.batches.idleSince(Date.now() + 1)) await batches.syncBatch(id);
    assert.equal(store.batches.answered().length, N, 'every task answered in the store');
    return { watch: createAnswerWatch(ctx, batches), calls, store, batches };
  }

  test('per new block: eth_blockNumber, the head block and one eth_getLogs, whatever N; nothing but the head when idle', async () => {
    const { watch, calls } = await scheduler();
    await watch.pass(); // the first pass: every task read once (the safety net)
    calls.length = 0;
    await watch.pass();
    assert.deepEqual(calls, ['eth_blockNumber'], 'no new block: the head only');
    calls.length = 0;
    for (let b = 0; b < BLOCKS; b++) {
      await rpc('evm_mine');
      await watch.pass();
    }
    const perBlock = calls.length / BLOCKS;
    assert.equal(perBlock, 3, `${calls.join(',')}: per block, not per answer (${N} open)`);
  });

  test('an event of one task syncs that task only; the window passed by chain time finalizes them all', async () => {
    const { watch, calls, store, batches } = await scheduler();
    await watch.pass();
    calls.length = 0;
    const key = deal.key;
    await challengeTask(deal.clients.worker1!, { key, index: 3, outputDigest: keccak256(toHex('out3')), claim });
    await watch.pass();
    const reads = calls.filter((m) => m === 'eth_call').length;
    assert.ok(reads > 0 && reads < N, `the challenged task read, not all ${N} (${reads} eth_call)`);
    const challenged = store.batches.answered().find((id) => batches.resolutionOf(id)?.status === 'disputed');
    assert.ok(challenged, 'the challenge seen');
    assert.equal(store.batches.get(challenged).answer, 'disputed');

    await rpc('evm_increaseTime', [601]);
    await rpc('evm_mine');
    await watch.pass(); // every unchallenged task is past its window: finalizeAnswer sent
    await watch.pass(); // their AnswerFinalized events: the batches end
    assert.deepEqual(store.batches.answered(), [challenged], 'all but the disputed one finalized');
    calls.length = 0;
    await watch.pass();
    assert.deepEqual(calls, ['eth_blockNumber'], 'the disputed task past its window waits for blocks (its game), not read each tick');
  });
});

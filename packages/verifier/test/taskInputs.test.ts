// taskInputsOf (the SDK) gives the verifier what the scheduler's lease gives a worker: the same args, files, seed and
// limits for every task of a deal, with and without a task list. The scheduler side is its real leasing code
// (createLeasing's nextLease) over a stub store holding one deal; the SDK side fetches the same blobs by hash.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type DealKey, type TaskDeal, dealIdOf, taskIdOf, taskInputsOf } from '@proofgrid/sdk';
import { toWire } from '@proofgrid/sdk/api';
import { type Hex, sha256, zeroAddress, zeroHash } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createLeasing } from '../../scheduler/src/engine/leasing.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const MODULE = enc('\0asm module bytes');

function storeOf(blobs: Uint8Array[]) {
  const byHash = new Map(blobs.map((b) => [sha256(b), b]));
  return {
    get: (hash: string) => {
      const b = byHash.get(hash.toLowerCase() as Hex);
      if (!b) throw new Error(`no blob ${hash}`);
      return Buffer.from(b);
    },
    fetch: async (hash: Hex) => byHash.get(hash.toLowerCase() as Hex) ?? Promise.reject(new Error(`no blob ${hash}`)),
  };
}

const key: DealKey = {
  requestHash: `0x${'11'.repeat(32)}`,
  requestConsumed: 0n,
  requester: zeroAddress,
  callback: zeroAddress,
  appOwner: zeroAddress,
  appPrice: 0n,
  datasetOwner: zeroAddress,
  datasetPrice: 0n,
  poolOwner: zeroAddress,
  poolPrice: 0n,
  scheduler: zeroAddress,
  app: 1n,
  dataset: 0n,
  workerpool: 1n,
  volume: 3,
  trust: 1,
  timeRef: 0n,
  startTime: 0,
  workerStake: 0n,
  schedulerRewardRatio: 0,
  tag: zeroHash,
  verification: 1,
  challengeWindow: 60n,
  rollbackWindow: 0n,
  inputsRoot: zeroHash,
};

/** The lease the scheduler's real leasing code hands out for batch [first, first + count) of a deal with `params`. */
async function leaseOf(params: string, blobs: ReturnType<typeof storeOf>, o: { memoryMb: number; categoryMaxS: number }) {
  const dealId = dealIdOf(key);
  const deal = {
    deal_id: dealId,
    key: JSON.stringify(toWire(key)),
    app_uri: 'blob:app',
    module_hash: sha256(MODULE),
    app_memory_mb: o.memoryMb,
    params,
    category_max_s: o.categoryMaxS,
    trust: 1,
    volume: 3,
  };
  const batch = { batch_id: zeroHash, deal_id: dealId, first: 0, count: 3 };
  const none = new Set<string>();
  const ctx = {
    store: {
      workers: { touch: () => {} },
      batches: { candidatesFor: () => [batch] },
      deals: { get: () => deal },
      leases: {
        busyWorkers: () => none,
        liveDealsOf: () => none,
        forgedDealsOf: () => none,
        hadWork: () => false,
        statusOf: () => undefined,
        grant: () => 1,
      },
    },
    blobs,
    config: { scheduler: privateKeyToAccount(generatePrivateKey()), leaseTtlMs: 60_000 },
    log: { debug: () => {} },
    metrics: { leases: { inc: () => {} } },
  };
  const desk = { adOf: () => ({ memoryMb: 65_536 }), onlineWorkers: () => [] };
  const batches = { raise: async () => {} };
  const leasing = createLeasing(ctx as never, desk as never, batches as never);
  const { lease } = await leasing.nextLease({ address: zeroAddress } as never);
  assert.ok(lease, 'the stub deal is leased');
  return { lease, deal: { dealId, params, moduleHash: sha256(MODULE), appMemoryMb: o.memoryMb, categoryMaxSeconds: o.categoryMaxS } };
}

async function assertSame(params: string, blobs: ReturnType<typeof storeOf>, o = { memoryMb: 64, categoryMaxS: 300 }) {
  const { lease, deal } = await leaseOf(params, blobs, o);
  for (const t of lease.tasks) {
    const inputs = await taskInputsOf(deal as TaskDeal, t.index, blobs.fetch);
    assert.equal(inputs.seed, t.seed, 'seed');
    assert.equal(inputs.taskId, taskIdOf(deal.dealId, t.index));
    assert.deepEqual(inputs.args, t.args, 'args');
    assert.deepEqual(inputs.fileHashes, t.files, 'file hashes');
    for (const [name, hash] of Object.entries(t.files)) assert.deepEqual(inputs.files[name], new Uint8Array(blobs.get(hash)), name);
    assert.deepEqual(inputs.limits, lease.limits, 'limits');
    assert.deepEqual(inputs.env, { TASK_INDEX: String(t.index) }, "the worker's env (runLease)");
    assert.deepEqual(inputs.module, MODULE);
    assert.equal(inputs.moduleHash, lease.app.moduleHash);
  }
  return lease;
}

describe('taskInputsOf gives what the scheduler leases', () => {
  test('no task list: the request args for every task', async () => {
    const blobs = storeOf([MODULE]);
    const lease = await assertSame(JSON.stringify({ args: ['--paths', '2'] }), blobs);
    assert.equal(lease.tasks.length, 3);
  });

  test('no params at all, a category tighter than the 10-minute cap, a small app (memory floor 16)', async () => {
    await assertSame('', storeOf([MODULE]), { memoryMb: 4, categoryMaxS: 30 });
  });

  test('a task list: per-task args and files fetched by hash; maxRunMs tightens the timeout', async () => {
    const a = enc('x,y\n1,2\n');
    const b = enc('x,y\n3,4\n');
    const list = enc(
      JSON.stringify({
        version: 1,
        tasks: [{ args: ['0'], files: { 'in.csv': sha256(a) } }, { args: ['1'], files: { 'in.csv': sha256(b), 'b.csv': sha256(a) } }, {}],
      }),
    );
    const blobs = storeOf([MODULE, a, b, list]);
    await assertSame(JSON.stringify({ tasks: sha256(list), maxRunMs: 5000 }), blobs);
  });

  test('a blob that does not hash to its address is refused (ContentHashMismatch)', async () => {
    const deal = { dealId: dealIdOf(key), params: '', moduleHash: sha256(MODULE), appMemoryMb: 64, categoryMaxSeconds: 300 } as TaskDeal;
    await assert.rejects(
      taskInputsOf(deal, 0, async () => enc('not the module')),
      (e: { code: string }) => e.code === 'ContentHashMismatch',
    );
  });

  test('an index past the task list is TaskOutOfRange', async () => {
    const list = enc(JSON.stringify({ version: 1, tasks: [{ args: ['0'] }] }));
    const blobs = storeOf([MODULE, list]);
    const deal = {
      dealId: dealIdOf(key),
      params: JSON.stringify({ tasks: sha256(list) }),
      moduleHash: sha256(MODULE),
      appMemoryMb: 64,
      categoryMaxSeconds: 300,
    };
    await assert.rejects(taskInputsOf(deal as TaskDeal, 1, blobs.fetch), (e: { code: string }) => e.code === 'TaskOutOfRange');
  });
});

// The worker routes against @proofgrid/sdk/protocol: every answer parses with the protocol's schema,
// malformed bodies are refused, and a report the lease's lifecycle has no transition for is a 409.
// A real store (SQLite in memory) and the real HTTP app; the chain is never reached on these paths.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { TRAP_EXIT_CODE, buildResultTree, failureReport } from '@proofgrid/sdk';
import { toWire } from '@proofgrid/sdk/api';
import { registrationTypedData, zChallenge, zHeartbeatAck, zNextLease, zOk, zRegistered } from '@proofgrid/sdk/protocol';
import type { z } from 'zod';
import { privateKeyToAccount } from 'viem/accounts';
import { createSchedulerHarness } from './testHarness.ts';

const zero = '0x0000000000000000000000000000000000000000' as const;
const { app, store, blobs, engine, scheduler } = createSchedulerHarness({ name: 'scheduler-protocol' });

const worker = privateKeyToAccount(`0x${'b2'.repeat(32)}`);
let token = '';
async function call<S extends z.ZodType>(
  path: string,
  body: unknown,
  schema?: S,
): Promise<{ status: number; json: z.output<S> & { error?: { code: string } } }> {
  const res = await app.fetch(
    new Request(`http://scheduler${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
  const json = await res.json();
  if (res.status === 200 && schema) schema.parse(json);
  return { status: res.status, json };
}

/** A running deal of two one-task batches, written as intake would. */
function addDeal() {
  const key = {
    requestHash: `0x${'11'.repeat(32)}`,
    requestConsumed: 0n,
    requester: zero,
    callback: zero,
    appOwner: zero,
    appPrice: 0n,
    datasetOwner: zero,
    datasetPrice: 0n,
    poolOwner: zero,
    poolPrice: 0n,
    scheduler: scheduler.address,
    app: 1n,
    dataset: 0n,
    workerpool: 1n,
    volume: 2,
    trust: 1,
    timeRef: 60n,
    startTime: 1,
    workerStake: 0n,
    schedulerRewardRatio: 10,
    tag: `0x${'00'.repeat(32)}`,
    verification: 0,
    challengeWindow: 0n,
    rollbackWindow: 0n,
    inputsRoot: `0x${'00'.repeat(32)}`,
  } as const;
  const dealId = `0x${'99'.repeat(32)}` as const;
  store.deals.insert({
    deal_id: dealId,
    request_hash: key.requestHash,
    requester: zero,
    key: JSON.stringify(toWire(key)),
    app_uri: 'blob:x',
    module_hash: `0x${'22'.repeat(32)}`,
    app_memory_mb: 16,
    params: '{}',
    category_max_s: 60,
    trust: 1,
    volume: 2,
    status: 'running',
    unmatched: null,
    match_tx: `0x${'33'.repeat(32)}`,
    created_at: Date.now(),
  });
  for (const first of [0, 1]) store.batches.insert(`0x${String(first + 4).repeat(64)}`, dealId, first, 1, 1, Date.now());
}

describe('worker protocol on the scheduler', () => {
  after(() => engine.stop());

  test('challenge, register and heartbeat answer in the protocol; a malformed body is refused', async () => {
    const c = (await call('/v1/workers/challenge', {}, zChallenge)).json;
    const signature = await worker.signTypedData(registrationTypedData({ ...c, worker: worker.address, workerpool: BigInt(c.workerpool) }));
    const { nonce, workerpool, scheduler: schedulerAddress, chainId } = c;
    const r = await call(
      '/v1/workers/register',
      {
        address: worker.address,
        resources: { cpus: 1, memoryMb: 512 },
        nonce,
        workerpool,
        scheduler: schedulerAddress,
        chainId,
        signature,
      },
      zRegistered,
    );
    assert.equal(r.status, 200);
    token = r.json.token;
    assert.equal((await call('/v1/workers/heartbeat', { leases: [] }, zHeartbeatAck)).status, 200);
    const bad = await call('/v1/workers/heartbeat', { leases: ['one'] });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error?.code, 'HeartbeatInvalid');
  });

  test('an idle worker is held, then answered null in the protocol', async () => {
    const t0 = performance.now();
    const r = await call('/v1/leases/next', { waitMs: 200 }, zNextLease);
    assert.equal(r.json.lease, null);
    assert.ok(performance.now() - t0 >= 150, 'held about waitMs');
  });

  test('a waiting worker gets work as soon as it appears, and its lease is in the protocol', async () => {
    const pending = call('/v1/leases/next', { waitMs: 5000 }, zNextLease);
    const t0 = performance.now();
    setTimeout(() => {
      addDeal();
      engine.kick(); // as intake does once a deal is in
    }, 50);
    const r = await pending;
    assert.ok(r.json.lease, 'a lease');
    assert.ok(performance.now() - t0 < 2000);
    assert.equal(r.json.lease.count, 1);
  });

  test('reports answer ok in the protocol; a report the lease cannot take is a 409', async () => {
    const lease = store.leases.get(1);
    assert.ok(lease);
    const blob = blobs.put(new TextEncoder().encode('result'));
    const digests = [blob.hash];
    const { root } = buildResultTree(0, digests);
    const results = await call('/v1/leases/1/results', { digests, root, usage: { maxRunTimeMs: 1, memoryPeakKb: 1 } }, zOk);
    assert.equal(results.status, 200);
    const fail = await call('/v1/leases/1/fail', { code: 'SandboxTrap', message: 'trap' }, zOk);
    assert.equal(fail.status, 200);
    assert.equal(store.leases.get(1)?.status, 'failed');
    const late = await call('/v1/leases/1/results', { digests, root, usage: { maxRunTimeMs: 1, memoryPeakKb: 1 } });
    assert.equal(late.status, 409);
    assert.equal(late.json.error?.code, 'LeaseExpired');
    const revealed = await call('/v1/leases/1/done', { phase: 'revealed', tx: `0x${'55'.repeat(32)}` });
    assert.equal(revealed.status, 409);
    assert.equal(revealed.json.error?.code, 'LeaseTransitionRefused');
  });

  test("a batch the app failed is reported as a result: its failure root and report checked, then shown in the deal's view", async () => {
    const r = await call('/v1/leases/next', { waitMs: 0 }, zNextLease);
    const lease = r.json.lease;
    assert.ok(lease, 'the other batch is leased');
    const usage = { maxRunTimeMs: 1, memoryPeakKb: 1 };
    const report = failureReport({ task: lease.first, exitCode: TRAP_EXIT_CODE, stdout: new Uint8Array(), stderr: new Uint8Array() });
    const failure = { exitCode: TRAP_EXIT_CODE, outputDigest: report.outputDigest };
    const path = `/v1/leases/${lease.leaseId}/results`;
    const missing = await call(path, { failure, root: report.root, usage });
    assert.equal(missing.status, 404, 'the report must be uploaded first');
    assert.equal(missing.json.error?.code, 'BlobNotFound');
    blobs.put(report.blob);
    const wrong = await call(path, { failure: { ...failure, exitCode: 3 }, root: report.root, usage });
    assert.equal(wrong.status, 400, 'the root is the failure root of this exit code and report');
    assert.equal(wrong.json.error?.code, 'LeaseResultInvalid');
    assert.equal((await call(path, { failure, root: report.root, usage }, zOk)).status, 200);
    const row = store.leases.get(lease.leaseId);
    assert.equal(row?.status, 'reported');
    assert.equal(row?.root, report.root);
    // Agreed on chain as the batch's root (what batchSync records on `finalized`): the view says the app failed it.
    store.batches.setResult(lease.batchId, report.root, row?.digests ?? null);
    const view = (await (await app.fetch(new Request(`http://scheduler/v1/deals/${lease.dealId}`))).json()) as {
      batches: { batchId: string; failure?: unknown }[];
      tasks: { index: number; error?: string }[];
    };
    assert.deepEqual(view.batches.find((b) => b.batchId === lease.batchId)?.failure, failure);
    assert.match(view.tasks.find((t) => t.index === lease.first)?.error ?? '', /AppFailed.*exit code 134/);
    assert.equal(view.batches.find((b) => b.batchId !== lease.batchId)?.failure, undefined);
  });
});

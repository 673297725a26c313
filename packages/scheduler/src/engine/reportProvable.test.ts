// Decision 030 point 6: a disputable deal's batch reports provable leaves (not content hashes) with, per task, the
// leaf's pre-image and its result blob's sha256. The scheduler rebuilds each leaf, asks the store for the blobs
// (not the leaves), stores both, and the deal view serves the blob and the pre-image beside each leaf.
// A real store (SQLite in memory), the real reports and views; no chain is read by /results.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ProofgridClient, buildResultTree, provableDigestOf } from '@proofgrid/sdk';
import type { Hex } from 'viem';
import pino from 'pino';
import type { BatchSync } from '../chain/batchSync.ts';
import { BATCH, DEAL, WORKER, usage } from '../chain/receipts.fixture.ts';
import { ServiceError } from '../errors.ts';
import { createMetrics } from '../metrics.ts';
import { createStore, openDb } from '../store/index.ts';
import type { Ctx } from './context.ts';
import { createReports } from './reports.ts';
import { createViews } from './views.ts';
import type { WorkerDesk } from './workers.ts';

const h = (b: string) => `0x${b.repeat(32)}` as Hex;
const claimOf = (i: number) => ({ startRoot: h(`a${i}`), endRoot: h(`b${i}`), steps: String(1000 + i) });
const tasks = [0, 1].map((i) => ({ blob: h(`c${i}`), outputDigest: h(`d${i}`), claim: claimOf(i) }));
const leaves = tasks.map((t) => provableDigestOf(t.outputDigest, { ...t.claim, steps: BigInt(t.claim.steps) }));
const root = buildResultTree(0, leaves).root;

function setup(stored: Set<string>) {
  const store = createStore(openDb(':memory:'));
  const now = Date.now();
  store.db
    .prepare(
      `insert into deals (deal_id, request_hash, requester, key, app_uri, module_hash, app_memory_mb, params, category_max_s, trust, volume, status, match_tx, created_at)
       values (?, ?, ?, '{}', 'blob:0x', '0x', 16, '{}', 60, 1, 2, 'running', '0x', ?)`,
    )
    .run(DEAL, DEAL, WORKER, now);
  store.db
    .prepare("insert into batches (batch_id, deal_id, first, count, status, replicas, updated_at) values (?, ?, 0, 2, 'running', 1, ?)")
    .run(BATCH, DEAL, now);
  const worker = store.workers.upsert(WORKER, 'w', '{}', 'token', now);
  const leaseId = store.leases.grant(BATCH, WORKER, now + 5000, now);
  const blobs = { has: (d: string) => stored.has(d.toLowerCase()) };
  const ctx = {
    store,
    client: {} as ProofgridClient,
    blobs,
    config: { leaseTtlMs: 5000 },
    log: pino({ level: 'silent' }),
    metrics: createMetrics(),
    kick: () => {},
  } as unknown as Ctx;
  const desk = { onlineWorkers: () => [worker] } as unknown as WorkerDesk;
  const reports = createReports(ctx, desk, {} as BatchSync);
  return { store, worker, leaseId, reports, views: createViews(store, desk) };
}

test('a provable batch is checked by its blobs and its leaves rebuilt from their pre-images; the deal view serves both', () => {
  const s = setup(new Set(tasks.map((t) => t.blob)));
  // The leaves themselves are not in the store: without the blob digests this report would be refused as BlobNotFound.
  assert.throws(
    () => s.reports.reportResults(s.worker, String(s.leaseId), { digests: leaves, root, usage }),
    (e: unknown) => e instanceof ServiceError && e.code === 'BlobNotFound',
  );
  assert.deepEqual(s.reports.reportResults(s.worker, String(s.leaseId), { digests: leaves, root, usage, provable: tasks }), { ok: true });
  const lease = s.store.leases.get(s.leaseId);
  assert.equal(lease?.status, 'reported');
  // Agreed: the batch takes the lease's stored result (batchSync's setResult), the deal view shows it.
  s.store.batches.setResult(BATCH, root, lease?.digests ?? null);
  s.store.db.prepare("update batches set status = 'finalized' where batch_id = ?").run(BATCH);
  const view = JSON.parse(s.views.dealJson(DEAL).toString());
  assert.deepEqual(
    view.tasks.map((t: { digest: Hex; blob: Hex; leaf: unknown }) => [t.digest, t.blob, t.leaf]),
    tasks.map((t, i) => [leaves[i], t.blob, { outputDigest: t.outputDigest, claim: t.claim }]),
  );
});

test('a provable report whose pre-image does not hash to its leaf, or that lacks a task, is refused', () => {
  const s = setup(new Set(tasks.map((t) => t.blob)));
  const wrong = [tasks[0], { ...tasks[1], outputDigest: h('ee') }] as typeof tasks;
  for (const provable of [wrong, tasks.slice(0, 1)])
    assert.throws(
      () => s.reports.reportResults(s.worker, String(s.leaseId), { digests: leaves, root, usage, provable }),
      (e: unknown) => e instanceof ServiceError && e.code === 'LeaseResultInvalid',
    );
  assert.equal(s.store.leases.get(s.leaseId)?.status, 'active');
});

// Decision 015: a worker's pushed/contributed/revealed report moves its lease only when the chain
// shows the reported transaction's effect. A real store (SQLite in memory) and the real reports;
// the chain is a stub answering receipts, the batch lifecycle a recorder of what it was asked.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import type { Address, Hex, TransactionReceipt } from 'viem';
import type { ProofgridClient } from '@proofgrid/sdk';
import { ServiceError } from '../errors.ts';
import pino from 'pino';
import type { BatchSync } from '../chain/batchSync.ts';
import { BATCH, DEAL, FORGER, HUB, ROOT, TX, WORKER, receipt } from '../chain/receipts.fixture.ts';
import { createMetrics } from '../metrics.ts';
import { type Store, createStore, openDb } from '../store/index.ts';
import type { Ctx } from './context.ts';
import { createReports } from './reports.ts';
import type { WorkerDesk } from './workers.ts';

const BATCH2 = `0x${'12'.repeat(32)}` as Hex;
const TTL = 5000;
const metrics = createMetrics();

const notFound = () => Object.assign(new Error('could not be found'), { name: 'TransactionReceiptNotFoundError' });
/** A receipt of `from` to `to` with no hub event: a transaction that pushed nothing. */
const emptyReceipt = (from: Address, to: Address = HUB) =>
  ({ transactionHash: TX, status: 'success', from, to, logs: [], blockNumber: 1n }) as unknown as TransactionReceipt;

type Chain = { receipt: () => TransactionReceipt; reads: number };
function setup(chain: Chain) {
  const store: Store = createStore(openDb(':memory:'));
  const now = Date.now();
  store.db
    .prepare(
      `insert into deals (deal_id, request_hash, requester, key, app_uri, module_hash, app_memory_mb, params, category_max_s, trust, volume, status, match_tx, created_at)
       values (?, ?, ?, '{}', 'blob:0x', '0x', 16, '{}', 60, 1, 2, 'running', '0x', ?)`,
    )
    .run(DEAL, DEAL, WORKER, now);
  for (const [b, first] of [
    [BATCH, 0],
    [BATCH2, 1],
  ] as const)
    store.db
      .prepare("insert into batches (batch_id, deal_id, first, count, status, replicas, updated_at) values (?, ?, ?, 1, 'running', 1, ?)")
      .run(b, DEAL, first, now);
  const worker = store.workers.upsert(WORKER, 'forger', '{}', 'token', now);
  const leaseId = store.leases.grant(BATCH, WORKER, now + TTL, now);
  const client = {
    deployment: { hub: HUB },
    public: {
      getTransactionReceipt: async () => {
        chain.reads++;
        return chain.receipt();
      },
    },
  } as unknown as ProofgridClient;
  const asked: string[] = [];
  const batches = {
    syncBatch: async (id: Hex, tx?: Hex) => void asked.push(`sync ${id === BATCH ? 'batch' : id} ${tx ?? ''}`.trim()),
    raise: async (_id: Hex, e: { type: string }) => {
      asked.push(`raise ${e.type}`);
      return true;
    },
  } as unknown as BatchSync;
  const ctx = { store, client, config: { leaseTtlMs: TTL }, log: pino({ level: 'silent' }), metrics, kick: () => {} } as unknown as Ctx;
  const desk = { onlineWorkers: () => [worker] } as unknown as WorkerDesk;
  const reports = createReports(ctx, desk, batches);
  const lease = () => store.leases.get(leaseId) as NonNullable<ReturnType<typeof store.leases.get>>;
  return { store, worker, leaseId, reports, asked, lease, id: String(leaseId) };
}
const settled = () => new Promise((r) => setImmediate(r));

describe('a lease report is checked against the chain before it changes anything', () => {
  let chain: Chain;
  beforeEach(() => {
    chain = { receipt: () => emptyReceipt(WORKER), reads: 0 };
  });

  test("a push the receipt shows (the lease's worker, the hub, its batch and root): done at once, after one read", async () => {
    chain.receipt = () => receipt();
    const s = setup(chain);
    s.store.leases.update(s.leaseId, 'reported', { root: ROOT });
    assert.deepEqual(await s.reports.reportDone(s.worker, s.id, { phase: 'pushed', tx: TX }), { ok: true });
    assert.equal(chain.reads, 1);
    assert.equal(s.lease().status, 'done');
    assert.equal(s.lease().tx, TX);
    assert.equal(s.worker.done, 1, 'credited');
    assert.deepEqual(s.asked, [`sync batch ${TX}`]);
    assert.equal(s.store.leases.forgedDealsOf(WORKER).size, 0);
  });

  test('a push of another root than the one reported: refused', async () => {
    chain.receipt = () => receipt();
    const s = setup(chain);
    s.store.leases.update(s.leaseId, 'reported', { root: `0x${'01'.repeat(32)}` });
    await assert.rejects(s.reports.reportDone(s.worker, s.id, { phase: 'pushed', tx: TX }), { code: 'LeaseReportForged' });
    assert.equal(s.lease().status, 'forged');
  });

  test('a transaction the chain contradicts: refused with LeaseReportForged, the lease forged, the batch released, the worker refused the deal', async () => {
    const s = setup(chain);
    const refused = await s.reports.reportDone(s.worker, s.id, { phase: 'pushed', tx: TX }).catch((e: unknown) => e);
    assert.ok(refused instanceof ServiceError, String(refused));
    assert.equal(refused.code, 'LeaseReportForged');
    assert.equal(refused.status, 422);
    assert.match(refused.message, /pushed no result/);
    assert.equal(chain.reads, 1, 'one receipt read');
    assert.equal(s.lease().status, 'forged');
    assert.match(s.lease().error ?? '', /^LeaseReportForged: /);
    await settled();
    assert.deepEqual(s.asked, ['sync batch', 'raise released']);
    assert.equal(s.store.leases.hasLive(BATCH), false, 'the batch is free for another worker');
    assert.deepEqual([...s.store.leases.forgedDealsOf(WORKER)], [DEAL]);
    assert.equal(s.worker.done, 0, 'no credit');
  });

  test("another sender's transaction is refused the same way", async () => {
    chain.receipt = () => emptyReceipt(FORGER);
    const s = setup(chain);
    await assert.rejects(s.reports.reportDone(s.worker, s.id, { phase: 'pushed', tx: TX }), { code: 'LeaseReportForged' });
    assert.equal(s.lease().status, 'forged');
  });

  test('a made-up transaction: answered, not believed; live until its TTL (heartbeats and repeats do not extend it), then forged', async () => {
    chain.receipt = () => {
      throw notFound();
    };
    const s = setup(chain);
    const t0 = Date.now();
    assert.deepEqual(await s.reports.reportDone(s.worker, s.id, { phase: 'pushed', tx: TX }), { ok: true });
    assert.ok(Date.now() - t0 < 3000, 'the wait for a pending transaction is bounded');
    assert.equal(s.lease().status, 'pushUnverified');
    assert.equal(s.lease().tx, TX);
    assert.ok(s.store.leases.hasLive(BATCH), 'the batch is not leased again meanwhile');
    const until = s.lease().expires_at;
    assert.ok(until >= t0 + TTL);
    assert.equal(s.store.leases.extendAllOf(WORKER, until + 60_000), 0, 'heartbeats do not extend it');
    await s.reports.reportDone(s.worker, s.id, { phase: 'pushed', tx: TX });
    assert.equal(s.lease().expires_at, until, 'reporting again does not extend it');
    await s.reports.expireLeases();
    assert.equal(s.lease().status, 'pushUnverified', 'before its TTL the lease waits');
    assert.deepEqual(s.asked, []);
    s.store.leases.extend(s.leaseId, Date.now() - 1);
    await s.reports.expireLeases();
    assert.equal(s.lease().status, 'forged');
    assert.match(s.lease().error ?? '', /not on chain by the lease's TTL/);
    await settled();
    assert.deepEqual(s.asked, ['sync batch', 'raise released']);
    assert.deepEqual([...s.store.leases.forgedDealsOf(WORKER)], [DEAL]);
  });

  test("a transaction seen later (this node behind the worker's): the report goes through at the next check", async () => {
    let mined = false;
    chain.receipt = () => {
      if (!mined) throw notFound();
      return receipt();
    };
    const s = setup(chain);
    s.store.leases.update(s.leaseId, 'reported', { root: ROOT });
    await s.reports.reportDone(s.worker, s.id, { phase: 'pushed', tx: TX });
    assert.equal(s.lease().status, 'pushUnverified');
    mined = true;
    await s.reports.expireLeases();
    assert.equal(s.lease().status, 'done');
    assert.equal(s.worker.done, 1, 'credited');
    assert.deepEqual(s.asked, [`sync batch ${TX}`]);
  });

  test('a transaction mined later that shows another effect: forged at the next check', async () => {
    let mined = false;
    chain.receipt = () => {
      if (!mined) throw notFound();
      return emptyReceipt(WORKER);
    };
    const s = setup(chain);
    await s.reports.reportDone(s.worker, s.id, { phase: 'contributed', tx: TX });
    assert.equal(s.lease().status, 'contributionUnverified');
    mined = true;
    // Mined, but the receipt holds no contribution: contradicted at the check.
    await s.reports.expireLeases();
    assert.equal(s.lease().status, 'forged');
  });

  test('the chain unreadable at the TTL: nobody is blamed, the lease waits for the chain', async () => {
    let down = false;
    chain.receipt = () => {
      throw down ? new Error('fetch failed') : notFound();
    };
    const s = setup(chain);
    await s.reports.reportDone(s.worker, s.id, { phase: 'pushed', tx: TX });
    down = true;
    s.store.leases.extend(s.leaseId, Date.now() - 1);
    await s.reports.expireLeases();
    assert.equal(s.lease().status, 'pushUnverified');
  });

  test('a phase the lease cannot take is refused before the chain is asked', async () => {
    const s = setup(chain);
    await assert.rejects(s.reports.reportDone(s.worker, s.id, { phase: 'revealed', tx: TX }), { code: 'LeaseTransitionRefused' });
    assert.equal(chain.reads, 0);
    assert.equal(s.lease().status, 'active');
  });
});

import type { Log } from 'viem';
import { ProofgridError, type ProofgridClient } from '@proofgrid/sdk';
import type { Logger } from 'pino';
import type { BlobStore } from '../blobStore.ts';
import { createAnswerWatch } from '../chain/answerWatch.ts';
import { createBatchDefence } from '../chain/batchDefence.ts';
import { createBatchSync } from '../chain/batchSync.ts';
import { createIntake } from '../chain/intake.ts';
import { settleFinalized } from '../chain/settle.ts';
import { createCallbackDeliverer } from '../chain/callbacks.ts';
import { createTxQueue } from '../chain/txQueue.ts';
import { diagnose } from '../matching/classad.ts';
import { createMatcher } from '../matching/matcher.ts';
import { createExplainer } from '../matching/explainer.ts';
import type { Metrics } from '../metrics.ts';
import type { Store, WorkerRow } from '../store/index.ts';
import { createBlobAccess } from './blobAccess.ts';
import type { Ctx, EngineConfig } from './context.ts';
import { createLeasing } from './leasing.ts';
import { createReports } from './reports.ts';
import { createViews } from './views.ts';
import { type Waiters, createWaiters, waitForChange } from './waiters.ts';
import { createWorkerDesk } from './workers.ts';

export type { EngineConfig } from './context.ts';
export type Engine = ReturnType<typeof createEngine>;

/**
 * The workerpool scheduler (X1, X2, X4), event-driven: a new order or block wakes its cycle
 * (intake, matching, expiries); a freed lease or new work wakes the workers waiting for a lease.
 * A slow safety-net tick does what no event announces (expiries, settlements, replicated batches,
 * batches not heard of for a while).
 */
export function createEngine(p: {
  store: Store;
  client: ProofgridClient;
  blobs: BlobStore;
  config: EngineConfig;
  log: Logger;
  metrics: Metrics;
  /** Kicked by the store on every write the market's views show (long polls on them wait on it). */
  changes?: Waiters;
}) {
  const { store, client, config, log } = p;
  let stopped = false;
  const waiters = createWaiters();
  const changes = p.changes ?? createWaiters();
  const ctx: Ctx = {
    ...p,
    queue: createTxQueue(),
    wake: () => wake(),
    kick: () => waiters.kick(),
    onlineWorkers: () => desk.onlineWorkers(),
  };
  const desk = createWorkerDesk(ctx);
  const batches = createBatchSync(ctx);
  const answers = createAnswerWatch(ctx, batches);
  // Games and start demands against this pool's replicated batches (decision 030): defended from the deal's inputs.
  const defence = createBatchDefence(ctx);
  const leasing = createLeasing(ctx, desk, batches);
  const reports = createReports(ctx, desk, batches);
  let intake: ReturnType<typeof createIntake>;
  const matcher = createMatcher(ctx, (logs: Log[]) => intake.fromReceipt(logs));
  /** Multi-task callbacks (P7) delivered once their batch is settled. */
  const callbacks = createCallbackDeliverer(ctx);
  intake = createIntake(ctx, matcher.refresh);
  const views = createViews(store, desk);

  // ---------------------------------------------------------------- the cycle
  let running: Promise<void> | undefined;
  let again = false;
  /** Runs the cycle soon; a wake during a run runs it once more after (coalesced). */
  function wake() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = new Promise<void>((resolve) => setImmediate(resolve)).then(cycle).finally(() => {
      running = undefined;
      if (again) {
        again = false;
        wake();
      }
    });
  }

  async function cycle() {
    try {
      // Matching first: a request just published is matched (and its deal taken in from the
      // receipt) before the chain is read for deals matched elsewhere.
      await matcher.matchRequests();
      await intake.poll();
      await reports.expireLeases();
    } catch (err) {
      log.error({ err: err instanceof ProofgridError ? err.toJSON() : String(err) }, 'scheduler cycle failed');
    }
  }

  /** The safety net: the cycle, then what only time announces. */
  let slowBusy = false;
  async function safetyTick() {
    wake();
    if (slowBusy || stopped) return;
    slowBusy = true;
    try {
      diagnoseDeals();
      await settleFinalized(ctx, callbacks.onSettled);
      for (const id of store.batches.replicatedOpen()) await batches.syncBatch(id);
      // Optimistic answers, by events (answerWatch.ts): challenges resolved once their game ended, finalized once the
      // window passed by chain time; each one read on its own only every 30 s.
      await answers.pass();
      await defence.pass();
      for (const id of store.batches.idleSince(Date.now() - 30_000)) await batches.syncBatch(id);
    } catch (err) {
      log.error({ err: err instanceof ProofgridError ? err.toJSON() : String(err) }, 'scheduler tick failed');
    } finally {
      slowBusy = false;
    }
  }

  function diagnoseDeals() {
    const ads = desk.onlineWorkers().map(desk.adOf);
    for (const d of store.deals.running()) {
      const why = diagnose(leasing.planOf(d).requirement, ads) || null;
      if (why !== d.unmatched) store.deals.setUnmatched(d.deal_id, why);
    }
  }

  /** A lease for the worker, waiting up to `waitMs` for one (long poll) when it holds no active lease. */
  async function nextLease(worker: WorkerRow, waitMs = config.leaseWaitMs) {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const seen = waiters.generation;
      const r = await leasing.nextLease(worker);
      const left = deadline - Date.now();
      // A worker with live work (a reveal to make) is answered at once: it has more to do than wait.
      if (r.lease || stopped || left <= 0 || store.leases.activeCountOf(worker.address) > 0) return r;
      await waiters.wait(left, seen);
    }
  }

  const timers: NodeJS.Timeout[] = [];
  let unwatch: (() => void) | undefined;
  return {
    challenge: desk.challenge,
    register: desk.register,
    authenticate: desk.authenticate,
    /** Who may read a private blob (decision 018): a reader per request, from its authorization header. */
    blobReaderOf: createBlobAccess(ctx, desk, leasing),
    heartbeat: desk.heartbeat,
    nextLease,
    reportResults: reports.reportResults,
    reportDone: reports.reportDone,
    reportFail: reports.reportFail,
    wake,
    /** Work appeared or was freed: workers waiting for a lease look again. */
    kick: ctx.kick,
    views,
    /** Why a request is or is not matched, per candidate order and clause (issue 19). */
    explain: createExplainer(ctx, desk.adOf),
    /** A view, answered when its key differs from `since` or after `ms` (long poll; decision 021). */
    watch: <T>(read: () => T, keyOf: (v: T) => string, since: string | undefined, ms: number) =>
      waitForChange(changes, read, keyOf, { since, ms, stopped: () => stopped }),
    start() {
      // New blocks wake the cycle (deals matched by others, confirmations reached).
      unwatch = client.public.watchBlockNumber({
        onBlockNumber: () => wake(),
        onError: (err) => log.warn({ err: String(err) }, 'watching blocks failed'),
        pollingInterval: config.tickMs,
        emitOnBegin: true,
      });
      timers.push(setInterval(() => void safetyTick(), config.safetyTickMs));
      timers.push(setInterval(() => store.workers.flush(), 1000));
      wake();
    },
    async stop() {
      stopped = true;
      unwatch?.();
      for (const t of timers) clearInterval(t);
      waiters.kick();
      changes.kick();
      await running;
      store.workers.flush();
      await ctx.queue.idle();
    },
  };
}

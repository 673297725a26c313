import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Deployment,
  ProofgridError,
  createProofgridClient,
  createSecretsClient,
  decodeError,
  deposit,
  getBalances,
} from '@proofgrid/sdk';
import { type Lease, type WorkerResources, createWorkerProtocolClient } from '@proofgrid/sdk/protocol';
import pino, { type Logger } from 'pino';
import { type Hex, parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { type AttestationProvider, noAttestation } from './attestation.ts';
import { createCommitter } from './commit.ts';
import { createContentCache } from './contentCache.ts';
import { openJournal } from './journal.ts';
import { type ResultStrategy, honest } from './resultStrategy.ts';
import { sdkRevealChain } from './reveal/chain.ts';
import { createRevealer } from './reveal/revealer.ts';
import { openAnswerJournal } from './optimistic/answerJournal.ts';
import { createAnswerer } from './optimistic/answerer.ts';
import { createDefender } from './optimistic/defender.ts';
import { createLeaseRunner } from './runLease.ts';
import { createSandboxPool } from './sandbox/index.ts';
import { createSession } from './session.ts';
import { createTxQueue, serialClient } from './txQueue.ts';
import { firstLine, sleep, untilReachable } from './startup.ts';

/** How long an idle worker's lease request may be held by the scheduler (long poll). */
const IDLE_WAIT_MS = 1_000;
/** How often the loop comes back while contributions wait for their reveal. */
const REVEAL_POLL_MS = 100;

export type WorkerOptions = {
  deployment: Deployment;
  key: Hex;
  schedulerUrl: string;
  dataDir: string;
  name?: string;
  /** The pool the worker means to join: a scheduler whose challenge names another pool is refused (ChallengeMismatch). */
  workerpool?: bigint;
  /** Sandbox threads, i.e. tasks run in parallel. */
  threads?: number;
  resources?: Partial<WorkerResources>;
  /** Where results come from (default: run every task). Demos and tests inject a saboteur here. */
  resultStrategy?: ResultStrategy;
  logger?: Logger;
  /** The secret service that releases dataset keys (needed for deals with a dataset; D1). */
  secretsUrl?: string;
  /** Evidence sent with key requests (D3); default: none, and the worker says the host can see the data. */
  attestation?: AttestationProvider;
  /** How long start-up waits for an unreachable scheduler or chain before it fails (default 60 s). */
  startupRetryMs?: number;
  /** Commit provable leaves for batches of disputable replicated deals (decision 030; off by default, see there). */
  provableBatches?: boolean;
};

/**
 * A worker daemon (X2, X3, X6): a session with a pool's scheduler (session.ts), batch leases run
 * in the WASI sandbox (runLease.ts), results committed on chain (commit.ts: pushResult for trust 1,
 * contribute for replicated batches) and revealed once the batch agrees (reveal/); tasks of optimistic
 * deals answered with a claim of the provable machine and defended when challenged (optimistic/).
 * @example
 * import { startWorker } from '@proofgrid/worker';
 * const w = await startWorker({ deployment, key, schedulerUrl, dataDir: '.proofgrid/worker-1' });
 */
export async function startWorker(o: WorkerOptions) {
  const account = privateKeyToAccount(o.key);
  const log = o.logger ?? pino({ name: o.name ?? 'worker', level: process.env.LOG_LEVEL ?? 'info' });
  // Every transaction of the account goes through one serial queue (txQueue.ts): no two parts share a nonce.
  const client = serialClient(createProofgridClient({ deployment: o.deployment, account }), createTxQueue());
  const scheduler = createWorkerProtocolClient({ baseUrl: o.schedulerUrl });
  const threads = o.threads ?? 1;
  mkdirSync(o.dataDir, { recursive: true });
  const cache = createContentCache({ dir: join(o.dataDir, 'cache'), market: scheduler });
  const resources: WorkerResources = { cpus: threads, memoryMb: 1024, diskGb: 1, gpus: 0, tee: false, region: 'local', ...o.resources };
  const strategy = o.resultStrategy ?? honest;
  const stats = { leases: 0, tasks: 0, failed: 0, revealed: 0, datasetKeys: 0, answered: 0, defended: 0, defenceLost: 0, startsProven: 0 };
  const journal = openJournal(join(o.dataDir, 'reveals.json'));
  const answers = openAnswerJournal(join(o.dataDir, 'answers.json'));
  const attestation = o.attestation ?? noAttestation;
  const secrets = o.secretsUrl ? createSecretsClient({ url: o.secretsUrl }) : undefined;
  if (secrets) log.warn({ attestation: attestation.kind }, attestation.statement);
  let stopped = false;
  const reachable = { retryMs: o.startupRetryMs ?? 60_000, log, stopped: () => stopped };

  const { escrow } = await untilReachable('chain', () => getBalances(client, { account: account.address }), reachable);
  if (escrow < parseEther('100')) await untilReachable('chain', () => deposit(client, { amount: parseEther('1000') }), reachable);
  const expect = { chainId: o.deployment.chainId, hub: o.deployment.hub, workerpool: o.workerpool };
  const session = createSession({ account, scheduler, resources, name: o.name, log, expect });
  const { heartbeatMs } = await untilReachable('scheduler', session.register, reachable);
  const pool = createSandboxPool({ size: threads });
  /** Leases being run now (listed in heartbeats with the contributions not yet revealed; the scheduler expires the others). */
  const held = new Set<number>();
  session.startHeartbeats(heartbeatMs, () => [...held, ...journal.contributedLeases()]);

  const parts = { client, address: account.address, scheduler, journal, log };
  const runner = createLeaseRunner({
    ...{ account, client, scheduler, cache, pool, secrets, attestation, stats },
    provableBatches: o.provableBatches,
  });
  const committer = createCommitter(parts);
  const revealer = createRevealer({ chain: sdkRevealChain(client, account.address), scheduler, journal, log, stats });
  // Optimistic deals (decision 026): answered with a claim of the provable machine, and defended.
  const answerer = createAnswerer({ ...parts, cache, journal: answers, paramsOf: runner.paramsOf, stats });
  const defender = createDefender({ client, journal: answers, cache, log, stats });
  defender.start();

  async function work(lease: Lease) {
    stats.leases++;
    if (lease.key.verification === 1) {
      await answerer.answer(lease);
      stats.answered++;
      return;
    }
    if (await committer.resume(lease)) return;
    const result = await runner.run(lease, strategy);
    const phase = await committer.commit(lease, result);
    strategy.committed?.(lease, phase);
  }

  /** A lease that failed: counted, logged and reported with its code (the scheduler decides whether to lease it again). */
  async function failed(lease: Lease, err: unknown) {
    stats.failed++;
    const e = decodeError(err);
    // A coded error from below the SDK (a Node system error) keeps its code.
    const own = (err as { code?: unknown }).code;
    const code = typeof own === 'string' && !(err instanceof ProofgridError) ? own : e.code;
    log.warn({ lease: lease.leaseId, code }, e.shortMessage);
    try {
      await scheduler.reportFail(lease.leaseId, { code: code.slice(0, 64), message: e.shortMessage.slice(0, 900) });
    } catch (reportErr) {
      log.warn(
        { lease: lease.leaseId, code: (reportErr as { code?: string }).code },
        `the scheduler did not take the failure report (the lease expires instead): ${firstLine(reportErr)}`,
      );
    }
  }

  async function loop() {
    let idle = 0;
    let unavailable = false;
    while (!stopped) {
      if (revealer.pending()) await revealer.pass();
      let lease: Lease | null;
      const pending = revealer.pending();
      const asked = Date.now();
      try {
        // Idle, the scheduler may hold the request until work comes (long poll); with reveals to
        // make, the loop comes back soon to look at the chain.
        ({ lease } = await scheduler.nextLease({ waitMs: pending ? REVEAL_POLL_MS : IDLE_WAIT_MS }));
        if (unavailable) log.info('the scheduler answers again');
        unavailable = false;
      } catch (err) {
        // Logged once per outage; the loop tries again every 500 ms.
        if (!(await session.recover(err, 'lease poll')) && !unavailable) {
          log.warn({ code: (err as { code?: string }).code }, `scheduler unavailable: ${firstLine(err)}`);
          unavailable = true;
        }
        await sleep(500);
        continue;
      }
      if (!lease) {
        idle = Math.min(idle + 1, 10);
        // A request the scheduler held has waited already; one answered at once (a scheduler
        // without long poll, or one that sees this worker's live work) is repeated with a backoff.
        await sleep(Math.max(0, (pending ? REVEAL_POLL_MS : 50 * idle) - (Date.now() - asked)));
        continue;
      }
      idle = 0;
      held.add(lease.leaseId);
      try {
        await work(lease);
      } catch (err) {
        await failed(lease, err);
      } finally {
        held.delete(lease.leaseId);
      }
    }
  }
  const running = loop();
  log.info(
    { address: account.address, scheduler: o.schedulerUrl, threads, strategy: strategy.name, pendingReveals: journal.entries.length },
    'worker started',
  );
  return {
    address: account.address,
    stats: () => ({ ...stats, cache: cache.stats() }),
    async stop() {
      stopped = true;
      session.stop();
      defender.stop();
      await running;
      await pool.close();
    },
  };
}

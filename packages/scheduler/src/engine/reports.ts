import type { Hex } from 'viem';
import { buildResultTree, failureDigest, isDeterministic, provableDigestOf } from '@proofgrid/sdk';
import type { LeaseDoneBody, LeaseFailBody, LeaseResultBody, ProvableTaskReport } from '@proofgrid/sdk/protocol';
import type { BatchSync } from '../chain/batchSync.ts';
import { type ReportedLease, type Verdict, checkReport } from '../chain/reportCheck.ts';
import { ServiceError } from '../errors.ts';
import {
  type ChainPhase,
  type LeaseEffect,
  type LeaseEvent,
  PHASE_OF_UNVERIFIED,
  UNSEEN_EVENT,
  UNVERIFIED_LEASE_STATES,
  reduceLease,
} from '../scheduling/lease.ts';
import type { LeaseFields } from '../store/leases.ts';
import { storedResult } from '../store/results.ts';
import type { LeaseRow, LeaseStatus, WorkerRow } from '../store/index.ts';
import type { Ctx } from './context.ts';
import type { WorkerDesk } from './workers.ts';

/** How long a report waits for a transaction it names that is not found at once (pending, or this node behind). */
export const REPORT_WAIT_MS = 1000;
const UNVERIFIED: readonly string[] = UNVERIFIED_LEASE_STATES;

/**
 * What workers report on their leases, and lease expiry: each a lease event through the lease
 * reducer (a report the lease's state has no transition for is refused with a 409), then the
 * reducer's effects. A transaction a worker reports is checked on chain first (decision 015).
 */
export function createReports(ctx: Ctx, desk: WorkerDesk, batches: BatchSync) {
  const { store, client, config, log, metrics } = ctx;

  function leaseOf(worker: WorkerRow, id: string): LeaseRow {
    const lease = store.leases.get(Number(id));
    if (!lease || lease.worker !== worker.address)
      throw new ServiceError('LeaseNotFound', `no lease ${id} for worker ${worker.address}`, 404);
    return lease;
  }

  /** What the chain is asked about a lease's report; an optimistic task's names the task. */
  function reportedLease(l: LeaseRow): ReportedLease {
    const base = { batchId: l.batch_id, worker: l.worker, root: l.root };
    const b = store.batches.get(l.batch_id);
    const deal = b && store.deals.get(b.deal_id);
    if (!b || !deal || Number(JSON.parse(deal.key).verification ?? 0) !== 1) return base;
    // The chain's outputDigest is the run's output commitment (decision 027), not the result blob's sha256 the
    // worker reported: the answer itself is what is checked here.
    return { ...base, task: { dealId: deal.deal_id, index: b.first } };
  }

  /** A worker's report as a lease event: the new state and fields written, the effects returned. */
  function transition(lease: LeaseRow, event: LeaseEvent, fields: LeaseFields = {}): LeaseEffect[] {
    const r = reduceLease(lease.status, event);
    if (!r.ok) {
      const expired = event.type === 'report' && (lease.status === 'expired' || lease.status === 'failed');
      if (expired)
        throw new ServiceError('LeaseExpired', `lease ${lease.lease_id} has ${lease.status}; its batch went to another worker`, 409);
      throw new ServiceError(
        'LeaseTransitionRefused',
        `lease ${lease.lease_id} is ${lease.status}: it takes no '${event.type}' report`,
        409,
        { from: r.from, event: r.event },
      );
    }
    store.leases.update(lease.lease_id, r.state as LeaseStatus, fields);
    lease.status = r.state as LeaseStatus;
    return r.effects;
  }

  /** Runs a lease transition's effects, in order. */
  async function run(lease: LeaseRow, worker: WorkerRow | undefined, effects: LeaseEffect[], tx?: `0x${string}`): Promise<void> {
    for (const e of effects) {
      switch (e.type) {
        case 'credit':
          if (worker) store.workers.credit(worker);
          break;
        case 'syncBatch':
          await batches.syncBatch(lease.batch_id, tx);
          break;
        case 'checkFailures': {
          // Two deterministic failures (or every online worker's) fail the batch.
          const n = store.leases.deterministicFailures(lease.batch_id);
          if (n >= Math.min(2, Math.max(1, desk.onlineWorkers().length))) await batches.raise(lease.batch_id, { type: 'fail' });
          break;
        }
        case 'release': {
          const b = store.batches.get(lease.batch_id);
          if (b?.status === 'running' && !store.leases.hasLive(lease.batch_id)) await batches.raise(lease.batch_id, { type: 'released' });
          break;
        }
        case 'wake':
          ctx.kick();
          break;
      }
    }
  }

  /** Effects run after the answer (a failure report does not wait for the chain). */
  const background = (lease: LeaseRow, worker: WorkerRow | undefined, effects: LeaseEffect[]) =>
    run(lease, worker, effects).catch((err: unknown) =>
      log.warn({ batch: lease.batch_id, err: String(err) }, 'effects of a failed lease failed'),
    );

  /**
   * A worker reports its batch results (before it writes them on chain): the tasks' digests, or the
   * app's deterministic failure (decision 012), a result like any other: its root is the failure
   * root, replicas must fail the same way to agree, and the batch finalizes and settles as usual.
   * Stored in the lease's `digests` as `{"failure":{exitCode,outputDigest}}` (see `storedResult`).
   */
  function reportResults(worker: WorkerRow, id: string, r: LeaseResultBody) {
    const lease = leaseOf(worker, id);
    const b = store.batches.get(lease.batch_id);
    if (!b) throw new ServiceError('LeaseNotFound', `lease ${id} has no batch`, 404);
    const { root, blobs } =
      'failure' in r ? checkFailure(r.failure) : checkDigests(b, r.digests as Hex[], r.provable as ProvableTaskReport[] | undefined);
    if (root.toLowerCase() !== r.root.toLowerCase())
      throw new ServiceError('LeaseResultInvalid', `the reported result's root is ${root}, not ${r.root}`, 400);
    for (const d of blobs)
      if (!ctx.blobs.has(d)) throw new ServiceError('BlobNotFound', `result blob ${d} was not uploaded`, 404, { hash: d });
    transition(lease, { type: 'report' }, { root: r.root as Hex, digests: storedResult(r), expiresAt: Date.now() + config.leaseTtlMs });
    if ('failure' in r)
      log.info({ lease: id, worker: worker.address, exitCode: r.failure.exitCode }, 'the app failed the batch: committed as its result');
    return { ok: true as const };
  }

  /**
   * A batch's digests and root; for a disputable deal's batch (decision 030 point 6) the digests are provable
   * leaves, each rebuilt from its reported pre-image, and the store must hold the reported result blobs instead.
   */
  function checkDigests(b: { first: number; count: number }, digests: Hex[], provable?: ProvableTaskReport[]) {
    if (digests.length !== b.count) throw new ServiceError('LeaseResultInvalid', `expected ${b.count} digests, got ${digests.length}`, 400);
    const root = buildResultTree(b.first, digests).root;
    if (!provable) return { root, blobs: digests };
    if (provable.length !== b.count)
      throw new ServiceError('LeaseResultInvalid', `expected ${b.count} provable tasks, got ${provable.length}`, 400);
    provable.forEach((t, i) => {
      const claim = { startRoot: t.claim.startRoot as Hex, endRoot: t.claim.endRoot as Hex, steps: BigInt(t.claim.steps) };
      const leaf = provableDigestOf(t.outputDigest as Hex, claim);
      if (leaf.toLowerCase() !== digests[i]?.toLowerCase())
        throw new ServiceError('LeaseResultInvalid', `task ${b.first + i}'s leaf is ${digests[i]}, its pre-image hashes to ${leaf}`, 400);
    });
    return { root, blobs: provable.map((t) => t.blob as Hex) };
  }

  function checkFailure(failure: { exitCode: number; outputDigest: string }) {
    const outputDigest = failure.outputDigest as Hex;
    return { root: failureDigest({ exitCode: failure.exitCode, outputDigest }), blobs: [outputDigest] };
  }

  /**
   * A worker says what it did on chain; the chain is checked, not trusted (decision 015). The
   * transaction's receipt must show the phase's effect for this lease's batch, worker and root:
   * then the report moves the lease. Not found (pending, or made up): the lease waits, unverified,
   * until its TTL. Contradicted: refused with `LeaseReportForged`, the batch goes back to the pool
   * and the worker gets no more leases of the deal.
   */
  async function reportDone(worker: WorkerRow, id: string, r: LeaseDoneBody) {
    const lease = leaseOf(worker, id);
    const tx = r.tx as Hex;
    // A phase the lease's state takes no report of is refused before the chain is asked.
    if (!reduceLease(lease.status, { type: r.phase }).ok) transition(lease, { type: r.phase });
    const verdict = await checkReport(client, reportedLease(lease), r.phase, tx, {
      waitMs: REPORT_WAIT_MS,
    });
    // The lease may have moved while the chain was read (expired, finalized): its state now.
    const now = store.leases.get(lease.lease_id) as LeaseRow;
    if (verdict.kind === 'contradicted') {
      refute(now, verdict.reason, tx);
      throw new ServiceError('LeaseReportForged', `lease ${id}: ${verdict.reason}`, 422, { tx });
    }
    if (verdict.kind === 'confirmed') await run(now, worker, transition(now, { type: r.phase }, { tx }), tx);
    else {
      // Unverified: live until a TTL from now (not extended by heartbeats, nor by reporting again).
      const fresh = !UNVERIFIED.includes(now.status);
      transition(now, { type: UNSEEN_EVENT[r.phase] }, fresh ? { tx, expiresAt: Date.now() + config.leaseTtlMs } : { tx });
      log.warn(
        { lease: id, worker: worker.address, tx, phase: r.phase, why: verdict.reason },
        'reported transaction not seen on chain yet',
      );
    }
    return { ok: true as const };
  }

  /** A report the chain contradicts (or never bore out): the lease is forged, its batch back in the pool. */
  function refute(lease: LeaseRow, reason: string, tx?: Hex) {
    const r = reduceLease(lease.status, { type: 'refute' });
    log.warn({ lease: lease.lease_id, worker: lease.worker, batch: lease.batch_id, tx }, `report not borne out by the chain: ${reason}`);
    if (!r.ok) return; // verified done or revealed before: the lease keeps that, the report alone is refused
    const effects = transition(lease, { type: 'refute' }, { error: `LeaseReportForged: ${reason}`.slice(0, 900), ...(tx ? { tx } : {}) });
    background(lease, undefined, effects);
  }

  /**
   * Unverified leases: the chain asked again for each reported transaction. Seen with its effect:
   * the report goes through. Contradicted, or still not seen at the lease's TTL: refuted. The chain
   * unreadable: asked again next time (nobody is blamed for that).
   */
  async function checkUnverified() {
    for (const l of store.leases.unverified()) {
      const phase: ChainPhase = PHASE_OF_UNVERIFIED[l.status as keyof typeof PHASE_OF_UNVERIFIED];
      const verdict: Verdict = l.tx
        ? await checkReport(client, reportedLease(l), phase, l.tx)
        : { kind: 'contradicted', reason: 'no transaction was reported' };
      const now = store.leases.get(l.lease_id) as LeaseRow;
      if (now.status !== l.status) continue; // a report moved it meanwhile
      if (verdict.kind === 'confirmed') {
        const worker = store.workers.all().find((w) => w.address === now.worker);
        await run(now, worker, transition(now, { type: phase }), now.tx ?? undefined);
      } else if (verdict.kind === 'contradicted' || (verdict.kind === 'unseen' && now.expires_at < Date.now()))
        refute(now, verdict.kind === 'unseen' ? `${verdict.reason} by the lease's TTL` : verdict.reason);
    }
  }

  function reportFail(worker: WorkerRow, id: string, r: LeaseFailBody) {
    const lease = leaseOf(worker, id);
    // A contribution a reopened batch rejected: that worker can never contribute to it again.
    if (r.code === 'ContributionRejected') {
      background(lease, worker, transition(lease, { type: 'reject' }, { error: `${r.code}: ${r.message}` }));
      return { ok: true as const };
    }
    // A deterministic failure (the app traps, exits non-zero, hits a limit, or its content does not
    // match its hash) fails the same way on every worker: 'D:' marks it, and two of them (or every
    // online worker) fail the batch. Anything else (a crash, a network error) may be retried; the
    // worker may have failed after its result landed on chain (an answer lost on the way back), so
    // the chain is looked at before the batch is leased again.
    const deterministic = isDeterministic(r.code);
    const effects = transition(lease, { type: 'fail', deterministic }, { error: `${deterministic ? 'D:' : ''}${r.code}: ${r.message}` });
    log.warn({ lease: id, worker: worker.address, code: r.code }, r.message);
    background(lease, worker, effects);
    return { ok: true as const };
  }

  /** Leases not heartbeaten for the TTL expire: their batches go back to the pool; unverified reports are checked again. */
  async function expireLeases() {
    await checkUnverified();
    for (const l of store.leases.expiredBy(Date.now())) {
      const effects = transition(l, { type: 'expire' });
      metrics.leasesExpired.inc();
      log.warn({ lease: l.lease_id, worker: l.worker, batch: l.batch_id }, 'lease expired: the batch goes back to the pool');
      await run(l, undefined, effects);
    }
  }

  return { reportResults, reportDone, reportFail, expireLeases };
}
export type Reports = ReturnType<typeof createReports>;

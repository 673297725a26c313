import { type Hex, parseEventLogs } from 'viem';
import {
  type DealKey,
  claim,
  decodeError,
  finalize,
  getBatchResult,
  getBatchStatus,
  getContribution,
  hubAbi,
  reopen,
} from '@proofgrid/sdk';
import { dealKeyFromWire } from '@proofgrid/sdk/api';
import type { Ctx } from '../engine/context.ts';
import { createAnswerSync } from './answers.ts';
import { type BatchEffect, type BatchEvent, MAX_REPLICAS, reduceBatch } from '../scheduling/batch.ts';
import { reduceDeal } from '../scheduling/deal.ts';
import { ACTIVE_LEASE_STATES, type LeaseEvent, UNFINISHED_LEASE_STATES, reduceLease } from '../scheduling/lease.ts';
import type { BatchRow, DealRow, LeaseRow } from '../store/index.ts';

const ACTIVE: readonly string[] = ACTIVE_LEASE_STATES;

export type BatchSync = ReturnType<typeof createBatchSync>;

/**
 * The batch lifecycle against the chain: `syncBatch` reads a batch's status on chain and feeds it
 * to the batch reducer; the reducer's effects run here, the transactions (finalize, reopen, claim)
 * through the one serial queue.
 */
export function createBatchSync(ctx: Ctx) {
  const { store, client, log, metrics, queue } = ctx;
  const keyOf = (deal: DealRow): DealKey => dealKeyFromWire(JSON.parse(deal.key));
  /** The root the answering lease reported (an optimistic task's one-leaf result root). */
  const answeredRoot = (batchId: Hex): Hex =>
    (store.leases.ofBatch(batchId).find((l) => l.status === 'done' && l.root)?.root ?? '0x') as Hex;
  const answers = createAnswerSync(ctx, { raise: (id, event) => raise(id, event), answeredRoot });

  /** A lease transition the engine itself decides (not a worker's report); a refusal is logged. */
  function moveLease(l: LeaseRow, event: LeaseEvent): boolean {
    const r = reduceLease(l.status, event);
    if (!r.ok) {
      log.warn({ lease: l.lease_id, from: r.from, event: r.event }, r.message);
      return false;
    }
    store.leases.update(l.lease_id, r.state as LeaseRow['status']);
    l.status = r.state as LeaseRow['status'];
    return true;
  }

  /** One batch event: the reducer's next state written, then its effects run in order. */
  async function apply(b: BatchRow, deal: DealRow, event: BatchEvent): Promise<boolean> {
    const r = reduceBatch({ status: b.status, replicas: b.replicas }, event);
    if (!r.ok) {
      log.info({ batch: b.batch_id, from: r.from, event: r.event }, r.message);
      return false;
    }
    if (r.state.status !== b.status || r.state.replicas !== b.replicas) {
      store.batches.update(b.batch_id, r.state.status, r.state.replicas, Date.now());
      b.status = r.state.status;
      b.replicas = r.state.replicas;
    }
    for (const effect of r.effects) await run(b, deal, effect);
    return true;
  }

  async function run(b: BatchRow, deal: DealRow, effect: BatchEffect): Promise<void> {
    const range = { key: keyOf(deal), first: b.first, count: b.count };
    switch (effect.type) {
      case 'leasesDone': {
        const leases = store.leases.ofBatch(b.batch_id);
        const agreed = leases.find((l) => l.root?.toLowerCase() === effect.root.toLowerCase());
        store.batches.setResult(b.batch_id, effect.root, agreed?.digests ?? null);
        for (const l of leases)
          if (l.root === effect.root && UNFINISHED_LEASE_STATES.includes(l.status)) moveLease(l, { type: 'finalize' });
        metrics.tasksDone.inc(b.count);
        return;
      }
      case 'checkDeal':
        return checkDealDone(deal.deal_id);
      case 'claim':
        try {
          await queue.run(() => claim(client, range));
        } catch (err) {
          log.warn({ batch: b.batch_id, code: decodeError(err).code }, 'claim failed');
        }
        return;
      case 'finalize':
        try {
          await queue.run(() => finalize(client, range));
          return syncBatch(b.batch_id);
        } catch (err) {
          const e = decodeError(err);
          // The chain re-checks the rule: BatchRevealPending while a member of the agreed group may still reveal.
          if (e.code === 'BatchConsensusNotMet') await apply(b, deal, { type: 'consensusNotMet' });
          else if (e.code !== 'BatchRevealPending') log.warn({ batch: b.batch_id, code: e.code }, 'finalize failed');
        }
        return;
      case 'reopen':
        try {
          await queue.run(() => reopen(client, range));
        } catch (err) {
          log.debug(
            { batch: b.batch_id, code: decodeError(err).code },
            'reopen refused: the reveal window is still open, tried again later',
          );
          return;
        }
        await apply(b, deal, { type: 'reopened', own: true });
        return;
      case 'dropRejected':
        return dropRejected(b.batch_id, store.leases.ofBatch(b.batch_id));
      case 'wake':
        return ctx.kick();
      case 'settle':
        throw new Error('settle is sent per deal by settleFinalized');
    }
  }

  /**
   * The root a batch was finalized with. With the transaction a worker says finalized it, from that
   * transaction's receipt (one read; the chain's, not the worker's word); otherwise, or when the
   * receipt has no such event, from the SDK (which may scan the chain's logs).
   */
  async function agreedRoot(batchId: Hex, tx?: Hex): Promise<Hex> {
    if (tx) {
      const receipt = await client.public.getTransactionReceipt({ hash: tx }).catch((err: unknown) => {
        log.debug({ tx, err: String(err) }, 'no receipt for the reported transaction: the root is read from the batch');
        return undefined;
      });
      const events = receipt ? parseEventLogs({ abi: hubAbi, logs: receipt.logs, eventName: 'BatchFinalized' }) : [];
      const own = events.find((e) => (e.args as { batchId: Hex }).batchId.toLowerCase() === batchId.toLowerCase());
      if (own) return (own.args as { resultRoot: Hex }).resultRoot;
    }
    return ((await getBatchResult(client, batchId)).root ?? '0x') as Hex;
  }

  /** Moves one batch along from what the chain says (`tx`: a transaction a worker reported for it). */
  async function syncBatch(batchId: Hex, tx?: Hex): Promise<void> {
    const b = store.batches.get(batchId);
    if (!b || b.status === 'finalized' || b.status === 'claimed') return;
    if (b.status === 'failed') store.batches.touch(b.batch_id, Date.now());
    const deal = store.deals.get(b.deal_id) as DealRow;
    const key = keyOf(deal);
    // An optimistic task (decision 026): its answer's resolution moves it, once it was answered.
    if (key.verification === 1) {
      await answers.syncAnswer(b, deal, key);
      if (b.answer) return; // answered: the answer lifecycle moves it from here on
    }
    const status = await getBatchStatus(client, { key, first: b.first, count: b.count });
    if (status === 'Finalized' || status === 'Settled' || status === 'Settleable') {
      await apply(b, deal, { type: 'finalized', root: await agreedRoot(b.batch_id, tx) });
      return;
    }
    if (status === 'Claimable') return void (await apply(b, deal, { type: 'claimable' }));
    if (status === 'Claimed' || status === 'Overturned') return void (await apply(b, deal, { type: 'claimed' }));
    if (key.trust <= 1) return;
    const leases = store.leases.ofBatch(b.batch_id);
    if (status === 'Revealing') {
      // Finalize once no live contributor still has to reveal.
      await apply(b, deal, { type: 'revealing', ready: !leases.some((l) => ACTIVE.includes(l.status)) });
      return;
    }
    // Active or None. Revealing here before: someone else reopened the batch.
    if (b.status === 'revealing') await apply(b, deal, { type: 'reopened', own: false });
    // One more replica when every live lease has contributed without consensus.
    const live = leases.filter((l) => UNFINISHED_LEASE_STATES.includes(l.status));
    const busy = live.filter((l) => l.status === 'active' || l.status === 'reported');
    if (busy.length === 0 && live.length >= b.replicas && b.replicas < MAX_REPLICAS && (b.status === 'pending' || b.status === 'running')) {
      if (await apply(b, deal, { type: 'addReplica' }))
        log.info({ batch: b.batch_id, replicas: b.replicas }, 'no consensus yet: one more replica');
    }
  }

  /**
   * After a reopen: the chain rejected the contributions agreed on but never revealed. Those leases
   * (live, or expired with their worker gone quiet) are dead for good: their workers cannot
   * contribute again, and others take their place.
   */
  async function dropRejected(batchId: Hex, leases: LeaseRow[]) {
    for (const l of leases.filter((x) => x.status === 'contributed' || (x.status === 'expired' && x.tx))) {
      const c = await getContribution(client, { batchId, worker: l.worker });
      if (c.status === 'Rejected') moveLease(l, { type: 'drop' });
    }
  }

  /** A deal ends when none of its batches is open: completed, or failed when some were claimed back or failed. */
  function checkDealDone(dealId: Hex) {
    if (store.batches.openCount(dealId) > 0) return;
    const deal = store.deals.get(dealId);
    if (!deal) return;
    const bad = store.batches.endedBadlyCount(dealId) > 0;
    const r = reduceDeal(deal.status, { type: bad ? 'fail' : 'complete' });
    if (!r.ok) return void log.debug({ dealId, from: r.from, event: r.event }, r.message);
    store.deals.setStatus(dealId, r.state as DealRow['status']);
    log.info({ dealId }, bad ? 'deal ended with claimed tasks' : 'deal completed');
  }

  /** A batch event raised by the engine (a lease granted, released, enough deterministic failures). */
  async function raise(batchId: Hex, event: BatchEvent): Promise<boolean> {
    const b = store.batches.get(batchId);
    if (!b) return false;
    return apply(b, store.deals.get(b.deal_id) as DealRow, event);
  }

  return { syncBatch, raise, moveLease, keyOf, resolutionOf: answers.resolutionOf };
}

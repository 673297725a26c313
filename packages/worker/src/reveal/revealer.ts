import { ContractRevertError, decodeError } from '@proofgrid/sdk';
import type { WorkerProtocolClient } from '@proofgrid/sdk/protocol';
import type { Logger } from 'pino';
import type { Hex } from 'viem';
import type { Journal, JournalEntry } from '../journal.ts';
import type { RevealChain } from './chain.ts';
import { firstLine } from '../startup.ts';
import { type RevealEffect, type RevealObservation, type RevealState, initialRevealState, reduceReveal } from './reducer.ts';

/**
 * Drives the reveal lifecycle (reducer.ts) of every journaled contribution: reads the chain,
 * feeds what it says to the reducer, and carries out the effects (reads, the reveal transaction,
 * reports to the scheduler, the journal). Nothing here decides: the reducer does.
 */
export function createRevealer(p: {
  chain: RevealChain;
  scheduler: Pick<WorkerProtocolClient, 'reportDone' | 'reportFail'>;
  journal: Journal;
  log: Logger;
  stats: { revealed: number };
}) {
  const { chain, scheduler, journal, log } = p;
  const states = new Map<JournalEntry, RevealState>();
  let chainFailing = false;

  /** Feeds an observation to the reducer and carries out the effects (which may observe more). */
  async function observe(entry: JournalEntry, o: RevealObservation): Promise<void> {
    const before = states.get(entry) ?? initialRevealState(entry);
    // The committer may have learnt since that the contribution is on chain (a re-leased batch).
    const step = reduceReveal({ ...before, onChain: before.onChain || entry.contributed }, o);
    if (!step.ok) {
      // A bug, not a chain state: the entry stays as it is and is looked at again next pass.
      log.error({ batch: entry.batchId, from: step.from, event: step.event }, step.message);
      return;
    }
    states.set(entry, step.state);
    for (const effect of step.effects) {
      const next = await perform(entry, effect);
      if (next) await observe(entry, next);
    }
  }

  async function perform(entry: JournalEntry, effect: RevealEffect): Promise<RevealObservation | undefined> {
    switch (effect.type) {
      case 'readContribution':
        try {
          return { type: 'contribution', status: await chain.contribution(entry), now: Date.now() };
        } catch (err) {
          log.warn({ batch: entry.batchId }, `cannot read this worker's contribution, tried again next pass: ${firstLine(err)}`);
          return { type: 'readFailed' };
        }
      case 'sendReveal':
        try {
          return { type: 'revealSent', tx: await chain.reveal(entry) };
        } catch (err) {
          const e = decodeError(err);
          return {
            type: 'revealFailed',
            failure: { code: e.code, message: e.shortMessage.slice(0, 900) },
            reverted: e instanceof ContractRevertError,
          };
        }
      case 'markContributed':
        entry.contributed = true;
        journal.save();
        return undefined;
      case 'reportRevealed':
        p.stats.revealed++;
        await reportRevealed(entry, effect.tx);
        return undefined;
      case 'reportRejected':
        log.warn({ batch: entry.batchId }, 'contribution rejected by a reopened batch');
        await reportFail(entry, 'ContributionRejected', 'the batch was reopened without a reveal of this contribution');
        return undefined;
      case 'reportRefused':
        // ContributionNotFound: this result is not the agreed one (the minority), or the
        // contribution was never sent (killed before it was).
        log.warn({ batch: entry.batchId, code: effect.failure.code }, 'reveal refused');
        await reportFail(entry, effect.failure.code, effect.failure.message);
        return undefined;
      case 'forget':
        journal.remove(entry);
        states.delete(entry);
        return undefined;
    }
  }

  /** Tells the scheduler about a reveal; when the reveal's receipt was lost, its transaction is looked up. */
  async function reportRevealed(entry: JournalEntry, known: Hex | undefined) {
    let tx = known;
    try {
      tx ??= await chain.revealTx(entry);
    } catch (err) {
      log.warn(
        { batch: entry.batchId },
        `revealed, but its transaction cannot be looked up; the scheduler reads the batch from the chain: ${firstLine(err)}`,
      );
      return;
    }
    if (!tx) {
      log.warn(
        { batch: entry.batchId },
        'revealed, but no BatchRevealed event of this worker was found; the scheduler reads the batch from the chain',
      );
      return;
    }
    try {
      await scheduler.reportDone(entry.leaseId, { phase: 'revealed', tx });
    } catch (err) {
      log.warn(
        { lease: entry.leaseId, code: (err as { code?: string }).code },
        `revealed; the scheduler did not take the report (it reads the batch from the chain): ${firstLine(err)}`,
      );
    }
  }

  async function reportFail(entry: JournalEntry, code: string, message: string) {
    try {
      await scheduler.reportFail(entry.leaseId, { code: code.slice(0, 64), message: message.slice(0, 900) });
    } catch (err) {
      log.warn(
        { lease: entry.leaseId, code: (err as { code?: string }).code },
        `the scheduler did not take the ${code} report (the lease expires on its side): ${firstLine(err)}`,
      );
    }
  }

  return {
    /** Whether contributions wait for their reveal. */
    pending: () => journal.entries.length > 0,
    /**
     * One pass over the journal: each contribution's batch status is read and fed to its
     * lifecycle. A chain that cannot be read ends the pass (the next one tries again).
     */
    async pass(): Promise<void> {
      for (const entry of [...journal.entries]) {
        let o: RevealObservation;
        try {
          o = {
            type: 'batch',
            status: await chain.batchStatus(entry),
            now: Date.now(),
          };
          if (chainFailing) log.info('the chain answers again: reveals go on');
          chainFailing = false;
        } catch (err) {
          // Logged once per outage (a pass runs every poll).
          if (!chainFailing)
            log.warn({ batch: entry.batchId }, `cannot read the batch's status, reveals wait for the chain: ${firstLine(err)}`);
          chainFailing = true;
          o = { type: 'readFailed' };
        }
        try {
          await observe(entry, o);
        } catch (err) {
          // Not a chain answer (the journal could not be written, a bug): start this contribution's
          // lifecycle again from the journal at the next pass.
          states.delete(entry);
          log.error({ batch: entry.batchId, err: String(err) }, 'a reveal step failed; the contribution is looked at again next pass');
        }
        if (o.type === 'readFailed') return;
      }
    },
  };
}

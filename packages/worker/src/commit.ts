import { ContractRevertError, type ProofgridClient, contribute, getHubEvents, newSalt, pushAppFailure, pushResult } from '@proofgrid/sdk';
import { toWire } from '@proofgrid/sdk/api';
import type { Lease, WorkerProtocolClient } from '@proofgrid/sdk/protocol';
import type { Logger } from 'pino';
import type { Address, Hex } from 'viem';
import type { Journal, JournalEntry } from './journal.ts';
import type { BatchResult } from './runLease.ts';
import { firstLine } from './startup.ts';

/** The transaction of this worker's `BatchContributed` / `BatchRevealed` event for a batch, if any. */
export async function ownTx(
  client: ProofgridClient,
  worker: Address,
  eventName: 'BatchContributed' | 'BatchRevealed',
  batchId: Hex,
): Promise<Hex | undefined> {
  const [log] = await getHubEvents(client, { eventName, args: { batchId, worker } });
  return log?.transactionHash ?? undefined;
}

/**
 * Committing a lease's result on chain: `pushResult` for a trust-1 batch; for a replicated one,
 * the salt is journaled, then `contribute` sends the commitment (the reveal follows once the batch
 * agrees: reveal/). A batch the app failed commits its failure root the same way (`pushAppFailure`
 * at trust 1; the journal keeps the exit code and report digest for `revealAppFailure`). The
 * scheduler is told what landed, with its transaction.
 */
export function createCommitter(p: {
  client: ProofgridClient;
  address: Address;
  scheduler: WorkerProtocolClient;
  journal: Journal;
  log: Logger;
}) {
  const { client, scheduler, journal, log } = p;

  /**
   * A replicated batch leased again after this worker's contribution to it: when the contribution
   * landed (its answer lost), there is nothing to run again (the chain refuses a second one), so
   * the one on chain is reported and `true` answered. One that never reached the chain is dropped.
   */
  async function resume(lease: Lease): Promise<boolean> {
    const earlier = lease.trust > 1 ? journal.find(lease.batchId) : undefined;
    if (!earlier) return false;
    const tx = await ownTx(client, p.address, 'BatchContributed', lease.batchId);
    if (!tx) {
      journal.remove(earlier); // it never reached the chain: run the batch anew
      return false;
    }
    earlier.contributed = true;
    earlier.leaseId = lease.leaseId;
    journal.save();
    await scheduler.reportDone(lease.leaseId, { phase: 'contributed', tx });
    return true;
  }

  /** Sends the contribution; when the transaction fails, the chain says whether it landed anyway. */
  async function sendContribution(lease: Lease, entry: JournalEntry): Promise<Hex> {
    try {
      const { receipt } = await contribute(client, {
        key: lease.key,
        first: lease.first,
        count: lease.count,
        root: entry.root,
        salt: entry.salt,
        authorization: lease.authorization,
      });
      return receipt.transactionHash;
    } catch (err) {
      // Refused by the chain (a revert): this contribution did not land. A contribution of this
      // worker found on chain now would be another one, with another salt: never adopt it.
      if (err instanceof ContractRevertError) {
        journal.remove(entry);
        throw err;
      }
      // It may have landed with its answer lost (a dropped connection). Landed: carry on. Not
      // there: forget the salt. Chain unreadable: keep the salt, the reveal lifecycle decides
      // (it reads the contribution while the batch is open, and gives it up after 10 minutes).
      let landed: Hex | undefined;
      try {
        landed = await ownTx(client, p.address, 'BatchContributed', lease.batchId);
      } catch (readErr) {
        log.warn(
          { batch: lease.batchId },
          `contribute failed and the chain cannot say whether it landed; the salt stays journaled: ${firstLine(readErr)}`,
        );
        throw err;
      }
      if (!landed) {
        journal.remove(entry);
        throw err;
      }
      log.warn({ batch: lease.batchId, tx: landed }, 'the contribution landed although its answer was lost');
      return landed;
    }
  }

  return {
    resume,
    /** Writes the result on chain and reports it; answers how. */
    async commit(lease: Lease, result: BatchResult): Promise<'pushed' | 'contributed'> {
      const { root, usage, failure } = result;
      if (lease.trust <= 1) {
        const range = { key: lease.key, first: lease.first, count: lease.count, usage, authorization: lease.authorization };
        const receipt = failure ? await pushAppFailure(client, { ...range, ...failure }) : await pushResult(client, { ...range, root });
        await scheduler.reportDone(lease.leaseId, { phase: 'pushed', tx: receipt.transactionHash });
        return 'pushed';
      }
      const entry: JournalEntry = {
        leaseId: lease.leaseId,
        batchId: lease.batchId,
        key: toWire(lease.key) as Record<string, unknown>,
        first: lease.first,
        count: lease.count,
        root,
        salt: newSalt(),
        usage,
        ...failure,
        contributed: false,
        since: Date.now(),
      };
      journal.add(entry);
      const tx = await sendContribution(lease, entry);
      entry.contributed = true;
      journal.save();
      await scheduler.reportDone(lease.leaseId, { phase: 'contributed', tx });
      log.info({ batch: lease.batchId, failedByApp: failure !== undefined }, 'contributed');
      return 'contributed';
    },
  };
}

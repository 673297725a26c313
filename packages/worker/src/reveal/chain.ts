import {
  type BatchStatusName,
  type ContributionStatusName,
  type ProofgridClient,
  getBatchStatus,
  getContribution,
  reveal,
  revealAppFailure,
} from '@proofgrid/sdk';
import { dealKeyFromWire } from '@proofgrid/sdk/api';
import type { Address, Hex } from 'viem';
import { ownTx } from '../commit.ts';
import type { JournalEntry } from '../journal.ts';

/** What the reveal driver asks of the chain about a journaled contribution (a port: tests give their own). */
export type RevealChain = {
  batchStatus(entry: JournalEntry): Promise<BatchStatusName>;
  /** This worker's contribution status. */
  contribution(entry: JournalEntry): Promise<ContributionStatusName>;
  /** Sends the reveal (`revealAppFailure` for a failure of the app) and answers its transaction; a refusal throws the decoded revert. */
  reveal(entry: JournalEntry): Promise<Hex>;
  /** The transaction of this worker's reveal, found in the hub's logs. */
  revealTx(entry: JournalEntry): Promise<Hex | undefined>;
};

/** The reveal chain port over the SDK's actions. */
export function sdkRevealChain(client: ProofgridClient, worker: Address): RevealChain {
  const keyOf = (e: JournalEntry) => dealKeyFromWire(e.key);
  return {
    batchStatus: (e) => getBatchStatus(client, { key: keyOf(e), first: e.first, count: e.count }),
    contribution: async (e) => (await getContribution(client, { batchId: e.batchId, worker })).status,
    reveal: async (e) => {
      const range = { key: keyOf(e), first: e.first, count: e.count, salt: e.salt, usage: e.usage };
      // A failure of the app is revealed by its preimage, which marks the batch failed (decision 012).
      const receipt =
        e.exitCode !== undefined && e.outputDigest !== undefined
          ? await revealAppFailure(client, { ...range, exitCode: e.exitCode, outputDigest: e.outputDigest })
          : await reveal(client, { ...range, root: e.root });
      return receipt.transactionHash;
    },
    revealTx: (e) => ownTx(client, worker, 'BatchRevealed', e.batchId),
  };
}

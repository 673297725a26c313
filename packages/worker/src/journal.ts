import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { ProofgridError } from '@proofgrid/sdk/errors';
import type { Hex } from 'viem';

/** A contribution waiting for its batch to reach consensus, then revealed. */
export type JournalEntry = {
  leaseId: number;
  batchId: Hex;
  /** The deal key in wire form (bigints as decimal strings). */
  key: Record<string, unknown>;
  first: number;
  count: number;
  root: Hex;
  salt: Hex;
  usage: { maxRunTimeMs: number; memoryPeakKb: number };
  /**
   * A batch the app failed (decision 012): the exit code and report digest whose failure root
   * (`root`) was contributed, revealed with `revealAppFailure`. Absent for results (and in journals
   * written before failures were results).
   */
  exitCode?: number;
  outputDigest?: Hex;
  /** Set once the contribution is known on chain; the entry is journaled before it is sent. */
  contributed: boolean;
  since: number;
};

export type Journal = ReturnType<typeof openJournal>;

/**
 * The reveal journal (`<data dir>/reveals.json`): a contribution's salt is written to disk before
 * the contribution is sent, so a worker killed between contribute and reveal reveals after its
 * restart (same key and data directory) and is paid; otherwise its stake would be lost and the
 * batch would need another replica. Written whole, then renamed: a crash never leaves it half-written.
 */
export function openJournal(file: string) {
  const entries: JournalEntry[] = existsSync(file) ? parse(file) : [];
  const save = () => {
    writeFileSync(`${file}.tmp`, JSON.stringify(entries));
    renameSync(`${file}.tmp`, file);
  };
  return {
    /** The entries, oldest first (do not mutate the list; entries may be updated, then `save`d). */
    entries: entries as readonly JournalEntry[],
    save,
    /** This worker's contribution to a batch, if journaled. */
    find: (batchId: Hex) => entries.find((e) => e.batchId === batchId),
    add(entry: JournalEntry) {
      entries.push(entry);
      save();
    },
    remove(entry: JournalEntry) {
      const i = entries.indexOf(entry);
      if (i < 0) return;
      entries.splice(i, 1);
      save();
    },
    /** Lease ids of contributions on chain and not yet revealed (heartbeats keep them alive). */
    contributedLeases: () => entries.filter((e) => e.contributed).map((e) => e.leaseId),
  };
}

function parse(file: string): JournalEntry[] {
  const text = readFileSync(file, 'utf8');
  try {
    const entries = JSON.parse(text) as unknown;
    if (!Array.isArray(entries)) throw new TypeError('not a list');
    return entries as JournalEntry[];
  } catch (cause) {
    // Never started over silently: the salts in it are what the worker's stakes depend on.
    throw new ProofgridError(
      `the reveal journal ${file} is not readable (${(cause as Error).message}): move it aside to start without it`,
      {
        code: 'WorkerJournalInvalid',
        kind: 'config',
        cause,
      },
    );
  }
}

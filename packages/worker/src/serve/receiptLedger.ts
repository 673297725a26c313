// The newest usage receipt accepted from each client of a lease, kept on disk (JSON, written atomically) so
// that a restarted server still redeems what it served. Acceptance is synchronous: of two concurrent calls
// of one client only the higher sequence can be stored, and a receipt is never accepted twice.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type UsageReceipt, parseUsageReceipt, toWire } from '@proofgrid/sdk';

export type ReceiptLedger = {
  /** The newest receipt accepted from `client`. */
  newest(client: string): UsageReceipt | undefined;
  /** Stores `receipt` as the client's newest; false when a receipt with this sequence or a higher one is there. */
  accept(receipt: UsageReceipt): boolean;
  /** Puts back `previous` when `receipt` is still the newest (a call that failed on the platform's side). */
  undo(receipt: UsageReceipt, previous: UsageReceipt | undefined): void;
  /** Every client's newest receipt. */
  all(): UsageReceipt[];
};

/** A ledger persisted at `file` (none: in memory). */
export function createReceiptLedger(file?: string): ReceiptLedger {
  const byClient = new Map<string, UsageReceipt>();
  if (file && existsSync(file)) {
    for (const r of JSON.parse(readFileSync(file, 'utf8')) as unknown[]) {
      const receipt = parseUsageReceipt(r);
      byClient.set(receipt.client.toLowerCase(), receipt);
    }
  }
  const save = () => {
    if (!file) return;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify([...byClient.values()].map((r) => toWire(r))));
    renameSync(`${file}.tmp`, file);
  };
  return {
    newest: (client) => byClient.get(client.toLowerCase()),
    accept(receipt) {
      const key = receipt.client.toLowerCase();
      const known = byClient.get(key);
      if (known && receipt.sequence <= known.sequence) return false;
      byClient.set(key, receipt);
      save();
      return true;
    },
    undo(receipt, previous) {
      const key = receipt.client.toLowerCase();
      if (byClient.get(key) !== receipt) return;
      if (previous) byClient.set(key, previous);
      else byClient.delete(key);
      save();
    },
    all: () => [...byClient.values()],
  };
}

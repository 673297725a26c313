import type { Hex } from 'viem';
import { type BatchId, type DealKey, decodeError, getBatch, settle } from '@proofgrid/sdk';
import { dealKeyFromWire } from '@proofgrid/sdk/api';
import type { Ctx } from '../engine/context.ts';
import { reduceBatch } from '../scheduling/batch.ts';
import type { SettledBatch } from './callbacks.ts';

/**
 * Payouts under a rollback window (P6): finalized batches become settleable when the window has
 * passed; the scheduler settles them (the batch reducer's `settle`), all batches of a deal in one
 * transaction through the serial queue.
 */
export async function settleFinalized(
  { store, client, log, queue }: Ctx,
  onSettled: (b: SettledBatch) => boolean = () => false,
): Promise<void> {
  const due = new Map<string, { key: DealKey; batches: { id: Hex; first: number; count: number }[]; rows: SettledBatch[] }>();
  for (const r of store.batches.toSettle(Date.now() - 1000)) {
    // One read of the stored batch: its status and, once finalized, when its window ends.
    const v = await getBatch(client, { batchId: r.batch_id as BatchId });
    const { status } = v;
    // 'None' for a batch finalized on chain: settled at once, it keeps no storage (no window).
    // A settled batch with callbacks to deliver is marked settled by the deliverer, once they all are.
    if (status === 'Settled' || status === 'Overturned' || status === 'None') {
      if (!(status === 'Settled' && onSettled(r))) store.batches.markSettled(r.batch_id);
      else store.batches.touch(r.batch_id, Date.now() + 5000); // looked at again in 5 s, others first
    } else if (status === 'Finalized' && v.finalizedAt <= Date.now() / 1000) {
      // Past its release time (`finalizedAt` holds it) even when the chain's last block is older
      // than the window (no block since, e.g. an idle automining devnet): the settle's block is not.
      const step = reduceBatch({ status: 'finalized', replicas: 1 }, { type: 'settle' });
      if (!step.ok || !step.effects.some((e) => e.type === 'settle')) continue;
      const entry = due.get(r.deal_id) ?? { key: dealKeyFromWire(JSON.parse(r.key)), batches: [], rows: [] };
      entry.batches.push({ id: r.batch_id, first: r.first, count: r.count });
      entry.rows.push(r);
      due.set(r.deal_id, entry);
    } else store.batches.touch(r.batch_id, Date.now() + 5000); // window still open
  }
  for (const [dealId, { key, batches, rows }] of due) {
    try {
      await queue.run(() => settle(client, { key, batches }));
      const later = new Set(rows.filter((r) => onSettled(r)).map((r) => r.batch_id));
      store.tx(() => {
        for (const b of batches) if (!later.has(b.id)) store.batches.markSettled(b.id);
      });
      log.info({ dealId, batches: batches.length }, 'settled after the rollback window');
    } catch (err) {
      log.warn({ dealId, code: decodeError(err).code }, 'settle failed');
    }
  }
}

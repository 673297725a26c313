import type { Hex } from 'viem';
import { type DealKey, buildResultTree, decodeError, deliverCallback } from '@proofgrid/sdk';
import { dealKeyFromWire } from '@proofgrid/sdk/api';
import type { Ctx } from '../engine/context.ts';
import { parseStoredResult } from '../store/results.ts';

const ZERO = '0x0000000000000000000000000000000000000000';

export type SettledBatch = { batch_id: Hex; first: number; count: number; key: string };

/**
 * Callbacks of multi-task batches (P7, docs/protocol.md §13): the hub delivers a one-task batch's
 * digest at settlement; for a bigger batch of a deal with a callback, once the batch is `Settled`,
 * the scheduler delivers each task's digest with its Merkle proof under the agreed root
 * (`deliverCallback`, one transaction per task through the serial queue). A task already delivered
 * (by anyone: the call is open) is skipped. Such a batch is marked settled in the store only once
 * every task is delivered, so a restart, or a failed delivery, takes it up again at the next tick.
 */
export function createCallbackDeliverer({ store, client, log, queue }: Pick<Ctx, 'store' | 'client' | 'log' | 'queue'>) {
  const busy = new Set<Hex>();
  let delivered = 0;

  /**
   * A batch settled on chain: true when it has callbacks to deliver (delivered in the background;
   * the batch is marked settled when they all are), false when it has none (the caller marks it).
   */
  function onSettled(b: SettledBatch): boolean {
    if (b.count <= 1) return false;
    const key = dealKeyFromWire(JSON.parse(b.key)) as DealKey;
    if (!key.callback || key.callback.toLowerCase() === ZERO) return false;
    const stored = store.batches.digestsOf(b.batch_id);
    const { digests } = stored ? parseStoredResult(stored) : {};
    if (!digests) return false; // a batch the app failed has no per-task digests to deliver
    if (!busy.has(b.batch_id)) {
      busy.add(b.batch_id);
      void deliverBatch(b, key, digests).finally(() => busy.delete(b.batch_id));
    }
    return true;
  }

  async function deliverBatch(b: SettledBatch, key: DealKey, digests: Hex[]) {
    const tree = buildResultTree(b.first, digests);
    let missing = 0;
    for (let i = 0; i < digests.length; i++) {
      const index = b.first + i;
      try {
        await queue.run(() =>
          deliverCallback(client, { key, first: b.first, count: b.count, index, digest: digests[i] as Hex, proof: tree.proof(index) }),
        );
        delivered++;
      } catch (err) {
        const code = decodeError(err).code;
        if (code === 'CallbackAlreadyDelivered') continue;
        missing++;
        log.warn({ batch: b.batch_id, index, code }, 'callback delivery failed');
      }
    }
    if (missing === 0) store.batches.markSettled(b.batch_id);
    log.info({ batch: b.batch_id, tasks: digests.length, missing }, 'callbacks delivered');
  }

  return { onSettled, delivered: () => delivered, idle: () => busy.size === 0 };
}
export type CallbackDeliverer = ReturnType<typeof createCallbackDeliverer>;

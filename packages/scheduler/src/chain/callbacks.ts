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
 * (by anyone: the call is open) is skipped. In memory: a restart does not deliver the batches it
 * had marked settled before (anyone may: `proofgrid deal callbacks <dealId>`).
 */
export function createCallbackDeliverer({ store, client, log, queue }: Pick<Ctx, 'store' | 'client' | 'log' | 'queue'>) {
  const busy = new Set<Hex>();
  let delivered = 0;

  /** Delivers the batch's callbacks in the background; returns at once. */
  function onSettled(b: SettledBatch) {
    if (b.count <= 1 || busy.has(b.batch_id)) return;
    const key = dealKeyFromWire(JSON.parse(b.key)) as DealKey;
    if (!key.callback || key.callback.toLowerCase() === ZERO) return;
    busy.add(b.batch_id);
    void deliverBatch(b, key).finally(() => busy.delete(b.batch_id));
  }

  async function deliverBatch(b: SettledBatch, key: DealKey) {
    const stored = store.batches.digestsOf(b.batch_id);
    const { digests } = stored ? parseStoredResult(stored) : {};
    if (!digests) return; // a batch the app failed has no per-task digests to deliver
    const tree = buildResultTree(b.first, digests);
    for (let i = 0; i < digests.length; i++) {
      const index = b.first + i;
      try {
        await queue.run(() =>
          deliverCallback(client, { key, first: b.first, count: b.count, index, digest: digests[i] as Hex, proof: tree.proof(index) }),
        );
        delivered++;
      } catch (err) {
        const code = decodeError(err).code;
        if (code !== 'CallbackAlreadyDelivered') log.warn({ batch: b.batch_id, index, code }, 'callback delivery failed');
      }
    }
    log.info({ batch: b.batch_id, tasks: digests.length }, 'callbacks delivered');
  }

  return { onSettled, delivered: () => delivered, idle: () => busy.size === 0 };
}
export type CallbackDeliverer = ReturnType<typeof createCallbackDeliverer>;

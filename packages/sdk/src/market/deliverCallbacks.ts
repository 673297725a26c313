import type { Hex } from 'viem';
import type { MarketClient } from '../api/createMarketClient.ts';
import { deliverCallback } from '../actions/batch/deliverCallback.ts';
import type { ProofgridClient } from '../clients/createProofgridClient.ts';
import { decodeError } from '../errors/decodeError.ts';
import { ProofgridError } from '../errors/index.ts';
import { buildResultTree } from '../utils/resultTree.ts';

const ZERO = '0x0000000000000000000000000000000000000000';

/**
 * Delivers the callbacks of a deal's multi-task batches (P7): anyone may; each task's digest from
 * the market is proven on chain against its batch's agreed root, so the market need not be trusted.
 * A task already delivered (by the scheduler, or anyone) is counted in `already`; a batch not yet
 * settled on chain (its rollback window still open) fails with the hub's error in `failed`.
 * @example
 * import { deliverDealCallbacks } from '@proofgrid/sdk';
 * const { delivered, already } = await deliverDealCallbacks(client, market, dealId);
 */
export async function deliverDealCallbacks(client: ProofgridClient, market: MarketClient, dealId: Hex) {
  const deal = await market.getDeal(dealId);
  if (!deal.key.callback || deal.key.callback.toLowerCase() === ZERO)
    throw new ProofgridError(`deal ${dealId} names no callback contract`, { code: 'DealHasNoCallback', kind: 'user', details: { dealId } });
  let delivered = 0;
  let already = 0;
  const failed: { index: number; code: string }[] = [];
  for (const b of deal.batches) {
    if (b.count <= 1 || b.status !== 'finalized') continue; // one-task batches: delivered by the hub at settlement
    const digests = deal.tasks.slice(b.first, b.first + b.count).map((t) => t.digest);
    if (digests.some((d) => !d)) continue; // no per-task digests (a batch the app failed)
    const tree = buildResultTree(b.first, digests as Hex[]);
    for (const [i, digest] of (digests as Hex[]).entries()) {
      const index = b.first + i;
      try {
        await deliverCallback(client, { key: deal.key, first: b.first, count: b.count, index, digest, proof: tree.proof(index) });
        delivered++;
      } catch (err) {
        const code = decodeError(err).code;
        if (code === 'CallbackAlreadyDelivered') already++;
        else failed.push({ index, code });
      }
    }
  }
  return { dealId, callback: deal.key.callback, delivered, already, failed };
}

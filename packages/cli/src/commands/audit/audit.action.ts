import { type BatchId, getDealEvents } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { parseBytes32, short } from '../../format.ts';
import { table } from '../../output.ts';
import { factsOf } from './facts.ts';

export default async function audit(ctx: Context, dealIdText: string) {
  const dealId = parseBytes32(dealIdText, 'deal id');
  const events = await getDealEvents(await ctx.client(), { dealId, batchIds: await marketBatchIds(ctx, dealId) });
  const rows = events.map((e) => ({
    block: e.blockNumber,
    tx: e.transactionHash,
    logIndex: e.logIndex,
    event: e.eventName,
    facts: factsOf(e),
    args: e.args,
  }));
  ctx.out.result(rows, (r) =>
    table(
      ['BLOCK', 'TX', 'EVENT', 'FACTS'],
      r.map((e) => [String(e.block), short(e.tx, 12), e.event, e.facts]),
    ),
  );
}

/**
 * Batch ids the market knows for the deal. Only a help: the chain logs name every batch that
 * was contributed to, finalized or settled, so the audit stands without the market.
 */
async function marketBatchIds(ctx: Context, dealId: `0x${string}`): Promise<BatchId[]> {
  if (!ctx.hasMarket()) return [];
  try {
    return (await ctx.market().getDeal(dealId)).batches.map((b) => b.batchId);
  } catch {
    // Deliberately ignored: another pool's deal, or the market is down; the chain alone suffices.
    return [];
  }
}

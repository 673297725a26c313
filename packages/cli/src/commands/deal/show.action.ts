import { getDeal } from '@proofgrid/sdk';
import { ApiError, type DealView } from '@proofgrid/sdk/api';
import type { Context } from '../../context.ts';
import { parseBytes32, short, tokens, when } from '../../format.ts';
import { fields, table } from '../../output.ts';

export default async function show(ctx: Context, dealIdText: string) {
  const dealId = parseBytes32(dealIdText, 'deal id');
  const view = ctx.hasMarket() ? await marketView(ctx, dealId) : undefined;
  if (view) return ctx.out.result(view, human);
  // Not followed by this market (another pool, or no market): the chain still has its terms.
  const onChain = await getDeal(await ctx.client(), { dealId });
  ctx.out.result(
    {
      dealId,
      source: 'chain',
      key: onChain.key,
      params: onChain.params,
      matchTx: onChain.transactionHash,
      blockNumber: onChain.blockNumber,
    },
    (d) =>
      [
        fields([
          ['deal', d.dealId],
          ['status', 'not followed by this market (terms read from the chain)'],
          ['requester', d.key.requester],
          ['app', d.key.app],
          ['workerpool', d.key.workerpool],
          ['volume', `${d.key.volume} tasks, trust ${d.key.trust}`],
          ['prices', `app ${tokens(d.key.appPrice)}, dataset ${tokens(d.key.datasetPrice)}, pool ${tokens(d.key.poolPrice)} per task`],
          ['match tx', `${d.matchTx} (block ${d.blockNumber})`],
        ]),
      ].join('\n'),
  );
}

async function marketView(ctx: Context, dealId: `0x${string}`): Promise<DealView | undefined> {
  try {
    return await ctx.market().getDeal(dealId);
  } catch (err) {
    if (err instanceof ApiError && err.code === 'DealNotFound') return undefined;
    throw err;
  }
}

function human(d: DealView): string {
  const counts = Object.entries(d.counts)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  return [
    fields([
      ['deal', d.dealId],
      ['status', d.status],
      ['tasks', `${d.key.volume} (${counts || 'none yet'})`],
      ['waiting because', d.unmatched],
      ['app', `${d.app.id} (${d.app.uri})`],
      ['requester', d.key.requester],
      ['workerpool', d.key.workerpool],
      ['trust', d.key.trust],
      ['prices', `app ${tokens(d.key.appPrice)}, dataset ${tokens(d.key.datasetPrice)}, pool ${tokens(d.key.poolPrice)} per task`],
      ['match tx', d.matchTx],
      ['created', when(d.createdAt)],
    ]),
    '',
    table(
      ['BATCH', 'TASKS', 'STATUS', 'REPLICAS', 'WORKERS', 'ROOT'],
      d.batches.map((b) => [
        short(b.batchId, 18),
        b.count === 1 ? String(b.first) : `${b.first}-${b.first + b.count - 1}`,
        b.status,
        String(b.replicas),
        workersOf(b.workers),
        short(b.root, 18),
      ]),
    ) || 'no batch yet',
  ].join('\n');
}

/** Batch workers come as addresses or as `{ address, status }` leases. */
export function workersOf(workers: unknown[]): string {
  return (
    workers
      .map((w) =>
        typeof w === 'string' ? short(w, 10) : `${short((w as { address: string }).address, 10)}:${(w as { status: string }).status}`,
      )
      .join(' ') || '-'
  );
}

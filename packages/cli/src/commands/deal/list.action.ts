import type { Address } from 'viem';
import type { Context } from '../../context.ts';
import { parseAddress, short, when } from '../../format.ts';
import { table } from '../../output.ts';

export default async function list(ctx: Context, opts: { requester?: string; mine?: boolean }) {
  const requester: Address | undefined = opts.mine
    ? (await ctx.signer()).account.address
    : opts.requester === undefined
      ? undefined
      : parseAddress(opts.requester, 'requester');
  const deals = await ctx.market().listDeals({ requester });
  ctx.out.result(deals, (rows) =>
    rows.length === 0
      ? 'no deal yet'
      : table(
          ['DEAL', 'STATUS', 'TASKS', 'TRUST', 'REQUESTER', 'CREATED', 'WAITING BECAUSE'],
          rows.map((d) => {
            const r = d as typeof d & { volume?: number; trust?: number; requester?: string };
            return [
              d.dealId,
              d.status,
              String(r.volume ?? '-'),
              String(r.trust ?? '-'),
              short(r.requester, 12),
              when(d.createdAt),
              d.unmatched ?? '',
            ];
          }),
        ),
  );
}

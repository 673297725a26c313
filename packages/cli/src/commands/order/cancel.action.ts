import { cancelOrder } from '@proofgrid/sdk';
import { cancelMessage } from '@proofgrid/sdk/api';
import type { Hex } from 'viem';
import type { Context } from '../../context.ts';
import { parseBytes32 } from '../../format.ts';

export default async function cancel(ctx: Context, hashText: string, opts: { onChain?: boolean }) {
  const hash = parseBytes32(hashText, 'order hash');
  const client = await ctx.signer();
  const market = ctx.market();
  let transactionHash: Hex | undefined;
  if (opts.onChain) {
    const entry = await market.getOrder(hash);
    ({ transactionHash } = await cancelOrder(client, { kind: entry.kind, order: entry.order as never }));
  }
  const signature = await client.wallet!.signMessage({ account: client.account, message: cancelMessage(hash) });
  const r = await market.cancelOrder(hash, signature);
  ctx.out.result(
    { hash: r.hash, status: r.status, onChain: transactionHash },
    (d) =>
      `order ${d.hash} ${d.status}${d.onChain ? ` (on chain in ${d.onChain})` : ' (off the book; use --on-chain to cancel it on the hub too)'}`,
  );
}

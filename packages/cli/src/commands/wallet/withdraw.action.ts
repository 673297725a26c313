import { getBalances, withdraw } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { parseAddress, parseAmount, tokens } from '../../format.ts';

export default async function withdrawAction(ctx: Context, amountText: string, opts: { to?: string }) {
  const amount = parseAmount(amountText);
  const to = opts.to === undefined ? undefined : parseAddress(opts.to, 'to');
  const client = await ctx.signer();
  await withdraw(client, { amount, to });
  const { escrow } = await getBalances(client, { account: client.account.address });
  ctx.out.result(
    { address: client.account.address, withdrawn: amount, to: to ?? client.account.address, escrow },
    (d) => `withdrew ${tokens(d.withdrawn)} to ${d.to}: escrow ${tokens(d.escrow)} free`,
  );
}

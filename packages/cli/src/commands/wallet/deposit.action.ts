import { deposit, getBalances } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { parseAmount, tokens } from '../../format.ts';

export default async function depositAction(ctx: Context, amountText: string) {
  const amount = parseAmount(amountText);
  const client = await ctx.signer();
  await deposit(client, { amount });
  const { escrow, wallet } = await getBalances(client, { account: client.account.address });
  ctx.out.result(
    { address: client.account.address, deposited: amount, escrow, wallet },
    (d) => `deposited ${tokens(d.deposited)}: escrow ${tokens(d.escrow)} free, wallet ${tokens(d.wallet)}`,
  );
}

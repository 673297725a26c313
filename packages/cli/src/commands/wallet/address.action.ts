import type { Context } from '../../context.ts';

export default async function address(ctx: Context) {
  const { account } = await ctx.signer();
  ctx.out.result({ address: account.address }, (d) => d.address);
}

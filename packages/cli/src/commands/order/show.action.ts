import type { Context } from '../../context.ts';
import { parseBytes32 } from '../../format.ts';
import { orderFields } from './format.ts';

export default async function show(ctx: Context, hash: string) {
  const order = await ctx.market().getOrder(parseBytes32(hash, 'order hash'));
  ctx.out.result(order, orderFields);
}

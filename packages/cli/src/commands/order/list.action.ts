import type { Context } from '../../context.ts';
import { UsageError } from '../../errors.ts';
import { parseAddress, parseUint } from '../../format.ts';
import { orderTable } from './format.ts';

const KINDS = ['app', 'dataset', 'workerpool', 'request'];
const STATUSES = ['open', 'filled', 'cancelled', 'expired'];

export default async function list(ctx: Context, opts: { kind?: string; app?: string; requester?: string; status?: string }) {
  if (opts.kind !== undefined && !KINDS.includes(opts.kind))
    throw new UsageError(`unknown order kind "${opts.kind}": one of ${KINDS.join(', ')}`, 'OrderKindInvalid');
  if (opts.status !== undefined && !STATUSES.includes(opts.status))
    throw new UsageError(`unknown order status "${opts.status}": one of ${STATUSES.join(', ')}`, 'OrderStatusInvalid');
  const orders = await ctx.market().listOrders({
    kind: opts.kind,
    app: opts.app === undefined ? undefined : parseUint(opts.app, 'app id'),
    requester: opts.requester === undefined ? undefined : parseAddress(opts.requester, 'requester'),
    status: opts.status,
    limit: 1000,
  });
  ctx.out.result(orders, orderTable);
}

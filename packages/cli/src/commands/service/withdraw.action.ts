import { getLeaseAccount, withdrawLeaseDeposit } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { parseAmount, tokens } from '../../format.ts';
import { leaseIdOf } from './gateway.ts';

export default async function withdraw(ctx: Context, service: string, amountText: string) {
  const leaseId = leaseIdOf(service);
  const client = await ctx.signer();
  const before = await getLeaseAccount(client, { leaseId, client: client.account.address });
  const amount = amountText === 'all' ? before.balance : parseAmount(amountText);
  await withdrawLeaseDeposit(client, { leaseId, amount });
  ctx.out.result(
    { serviceId: `svc:${leaseId}`, withdrawn: amount, balance: before.balance - amount },
    (d) => `withdrew ${tokens(d.withdrawn)} from ${d.serviceId}: ${tokens(d.balance)} left`,
  );
}

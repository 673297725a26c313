import { depositForLease, getLeaseAccount } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { parseAmount, parseUint, tokens } from '../../format.ts';
import { leaseIdOf } from './gateway.ts';

export default async function deposit(ctx: Context, service: string, amountText: string, o: { lock: string }) {
  const leaseId = leaseIdOf(service);
  const amount = parseAmount(amountText);
  const client = await ctx.signer();
  const lockUntil = BigInt(Math.floor(Date.now() / 1000)) + parseUint(o.lock, 'lock');
  await depositForLease(client, { leaseId, amount, lockUntil });
  const account = await getLeaseAccount(client, { leaseId, client: client.account.address });
  ctx.out.result(
    { serviceId: `svc:${leaseId}`, deposited: amount, ...account },
    (d) =>
      `deposited ${tokens(d.deposited)} for ${d.serviceId}: ${tokens(d.balance)} left, locked until ${new Date(Number(d.lockUntil) * 1000).toISOString()}`,
  );
}

import { getLease, getLeaseAccount, serviceIdOf } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { parseAddress, tokens } from '../../format.ts';
import { fields } from '../../output.ts';
import { leaseIdOf } from './gateway.ts';

export default async function status(ctx: Context, service: string, o: { client?: string }) {
  const leaseId = leaseIdOf(service);
  const client = await ctx.client();
  const who = o.client ? parseAddress(o.client, 'client') : client.account?.address;
  const lease = await getLease(client, { leaseId });
  const account = who ? await getLeaseAccount(client, { leaseId, client: who }) : undefined;
  ctx.out.result({ serviceId: serviceIdOf(leaseId), lease, client: who, account }, (d) =>
    fields([
      ['service', d.serviceId],
      ['provider', d.lease.provider],
      ['app', d.lease.app],
      ['workerpool', d.lease.workerpool],
      ['price', `${tokens(d.lease.pricePerCall)} per call`],
      ['sla', `p99 ${d.lease.latencyMs} ms, ${d.lease.availabilityBps / 100}% available`],
      ['bond', tokens(d.lease.bond)],
      ['state', d.lease.closed ? 'closed' : 'open'],
      ['client', d.client],
      ['deposit', d.account ? `${tokens(d.account.balance)}${d.account.paused ? ' (paused: it does not cover a call)' : ''}` : undefined],
      ['locked until', d.account?.lockUntil ? new Date(Number(d.account.lockUntil) * 1000).toISOString() : undefined],
      ['redeemed', d.account ? `${tokens(d.account.redeemedAmount)} (receipt ${d.account.sequence})` : undefined],
    ]),
  );
}

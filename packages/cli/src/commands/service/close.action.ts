import { closeLease, getLease } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { tokens } from '../../format.ts';
import { leaseIdOf } from './gateway.ts';

export default async function close(ctx: Context, service: string) {
  const leaseId = leaseIdOf(service);
  const client = await ctx.signer();
  const { bond } = await getLease(client, { leaseId });
  await closeLease(client, { leaseId });
  ctx.out.result(
    { serviceId: `svc:${leaseId}`, closed: true, bondReturned: bond },
    (d) => `${d.serviceId} closed: bond of ${tokens(d.bondReturned)} returned`,
  );
}

import { getLease, publishEndpointRecord, resolveService, signEndpointRecord } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { UsageError } from '../../errors.ts';
import { parseUint } from '../../format.ts';
import { table } from '../../output.ts';
import { gatewayOf, leaseIdOf } from './gateway.ts';

type Options = { gateway?: string; publish?: string; drain?: string; ttl: string };

export default async function endpoints(ctx: Context, service: string, o: Options) {
  const leaseId = leaseIdOf(service);
  const gateway = gatewayOf(ctx, o.gateway);
  if (o.publish && o.drain) throw new UsageError('give --publish or --drain, not both');
  const endpoint = o.publish ?? o.drain;
  if (endpoint) {
    const client = await ctx.signer();
    await getLease(client, { leaseId });
    const expiry = o.drain ? 0n : BigInt(Math.floor(Date.now() / 1000)) + parseUint(o.ttl, 'ttl');
    // a sequence that grows with the clock: a newer record of this endpoint always replaces an older one
    const record = await signEndpointRecord(client, { leaseId, endpoint, sequence: BigInt(Date.now()), expiry });
    await publishEndpointRecord({ gateway, record });
  }
  const s = await resolveService({ gateway, serviceId: `svc:${leaseId}` });
  ctx.out.result({ serviceId: s.serviceId, published: o.publish, drained: o.drain, endpoints: s.endpoints }, (d) =>
    [
      d.published ? `published ${d.published}` : d.drained ? `drained ${d.drained}` : undefined,
      d.endpoints.length
        ? table(
            ['ENDPOINT', 'SEQUENCE', 'EXPIRES', 'CALLS', 'ERRORS'],
            d.endpoints.map((e) => [
              e.endpoint,
              String(e.sequence),
              new Date(Number(e.expiry) * 1000).toISOString(),
              String(e.health.calls),
              String(e.health.errors),
            ]),
          )
        : 'no live endpoint',
    ]
      .filter(Boolean)
      .join('\n'),
  );
}

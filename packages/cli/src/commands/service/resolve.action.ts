import { resolveService } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { tokens } from '../../format.ts';
import { fields, table } from '../../output.ts';
import { gatewayOf, leaseIdOf } from './gateway.ts';

export default async function resolve(ctx: Context, service: string, o: { gateway?: string }) {
  const leaseId = leaseIdOf(service);
  const s = await resolveService({ gateway: gatewayOf(ctx, o.gateway), serviceId: `svc:${leaseId}` });
  ctx.out.result(s, (d) =>
    [
      fields([
        ['service', d.serviceId],
        ['provider', d.provider],
        ['app', d.app],
        ['workerpool', d.workerpool],
        ['price', `${tokens(d.pricePerCall)} per call`],
        ['sla', `p99 ${d.sla.latencyMs} ms, ${d.sla.availabilityBps / 100}% available`],
        ['closed', d.closed],
      ]),
      d.endpoints.length
        ? `\n${table(
            ['ENDPOINT', 'SEQUENCE', 'EXPIRES', 'CALLS', 'ERRORS', 'LATENCY'],
            d.endpoints.map((e) => [
              e.endpoint,
              String(e.sequence),
              new Date(Number(e.expiry) * 1000).toISOString(),
              String(e.health.calls),
              String(e.health.errors),
              e.health.latencyMs === null ? '-' : `${e.health.latencyMs.toFixed(1)} ms`,
            ]),
          )}`
        : '\nno live endpoint',
    ].join('\n'),
  );
}

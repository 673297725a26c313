import { openLease, serviceIdOf } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { parseAmount, parseUint, tokens } from '../../format.ts';

type Options = { workerpool: string; app: string; price: string; latencyMs: string; availability: string; bond: string };

export default async function deploy(ctx: Context, o: Options) {
  const client = await ctx.signer();
  const pricePerCall = parseAmount(o.price, 'price');
  const bond = parseAmount(o.bond, 'bond');
  const latencyMs = Number(parseUint(o.latencyMs, 'latency-ms'));
  const availabilityBps = Math.round(Number(o.availability) * 100);
  const { leaseId } = await openLease(client, {
    workerpool: parseUint(o.workerpool, 'workerpool'),
    app: parseUint(o.app, 'app'),
    pricePerCall,
    latencyMs,
    availabilityBps,
    bond,
  });
  ctx.out.result(
    { serviceId: serviceIdOf(leaseId), leaseId, pricePerCall, latencyMs, availabilityBps, bond },
    (d) =>
      `${d.serviceId}: ${tokens(d.pricePerCall)} per call, p99 ${d.latencyMs} ms, ${d.availabilityBps / 100}% available, bond ${tokens(d.bond)}`,
  );
}

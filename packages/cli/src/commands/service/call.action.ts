import { readFileSync } from 'node:fs';
import { callService, getLease } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { gatewayOf, leaseIdOf, loadMeter, saveMeter } from './gateway.ts';

export default async function call(ctx: Context, service: string, o: { gateway?: string; data?: string; file?: string }) {
  const leaseId = leaseIdOf(service);
  const client = await ctx.signer();
  const lease = await getLease(client, { leaseId });
  const request = o.data !== undefined ? new TextEncoder().encode(o.data) : new Uint8Array(readFileSync(o.file ?? 0));
  const meter = await loadMeter(client, leaseId, lease.pricePerCall);
  try {
    const { response, exitCode, endpoint, receipt } = await callService(client, { gateway: gatewayOf(ctx, o.gateway), meter, request });
    const text = new TextDecoder().decode(response);
    ctx.out.result(
      { serviceId: `svc:${leaseId}`, exitCode, endpoint, calls: receipt.calls, amount: receipt.amount, response: text },
      (d) => (d.exitCode === 0 ? d.response.replace(/\n$/, '') : `${d.response}\n(the service exited with code ${d.exitCode})`),
    );
  } finally {
    saveMeter(client, meter);
  }
}

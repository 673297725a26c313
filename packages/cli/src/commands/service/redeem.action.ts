import { getLeaseAccount, newestReceipts, parseUsageReceipt, redeemReceipts } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { tokens } from '../../format.ts';
import { leaseIdOf } from './gateway.ts';

export default async function redeem(ctx: Context, service: string, o: { from: string[] }) {
  const leaseId = leaseIdOf(service);
  const client = await ctx.signer();
  const held = await Promise.all(
    o.from.map(async (url) => {
      const res = await fetch(`${url.replace(/\/+$/, '')}/v1/receipts`);
      return ((await res.json()) as { receipts: unknown[] }).receipts.map(parseUsageReceipt);
    }),
  );
  const newest = newestReceipts(held.flat().filter((r) => r.leaseId === leaseId));
  const accounts = await Promise.all(newest.map((r) => getLeaseAccount(client, { leaseId, client: r.client })));
  const due = newest.filter((r, i) => r.sequence > accounts[i]!.sequence);
  const { paid, gasUsed } = due.length ? await redeemReceipts(client, { receipts: due }) : { paid: 0n, gasUsed: 0n };
  ctx.out.result({ serviceId: `svc:${leaseId}`, receipts: due.length, paid, gasUsed }, (d) =>
    d.receipts ? `redeemed ${d.receipts} receipt(s) of ${d.serviceId}: ${tokens(d.paid)} paid (${d.gasUsed} gas)` : 'nothing to redeem',
  );
}

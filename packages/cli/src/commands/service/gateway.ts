// What the service verbs share: the gateway url, the service id, and the client's usage meter, kept in
// .proofgrid/service-meters/ so that receipts keep counting across invocations.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ProofgridClient, type ServiceMeter, createServiceMeter, getLeaseAccount, parseServiceId } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { ConfigError, UsageError } from '../../errors.ts';

export function leaseIdOf(service: string): bigint {
  try {
    return parseServiceId(service);
  } catch (err) {
    throw new UsageError((err as Error).message, 'ServiceIdInvalid', { service });
  }
}

export function gatewayOf(ctx: Context, given: string | undefined): string {
  const url = given ?? process.env.PROOFGRID_GATEWAY ?? (ctx.hasMarket() ? ctx.market().url : undefined);
  if (!url) throw new ConfigError('no gateway: pass --gateway <url> or set PROOFGRID_GATEWAY', 'GatewayNotConfigured');
  return url.replace(/\/+$/, '');
}

const meterFile = (client: ProofgridClient, leaseId: bigint) =>
  join(
    process.env.PROOFGRID_HOME ?? '.proofgrid',
    'service-meters',
    `${client.deployment.chainId}-${leaseId}-${client.account!.address}.json`,
  );

/** The signer's meter for a lease: the saved one or the chain's redeemed state, whichever is further. */
export async function loadMeter(client: ProofgridClient, leaseId: bigint, pricePerCall: bigint): Promise<ServiceMeter> {
  const account = await getLeaseAccount(client, { leaseId, client: client.account!.address });
  const file = meterFile(client, leaseId);
  const saved = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : undefined;
  const chainCalls = account.redeemedAmount / pricePerCall; // the chain keeps amounts; at the lease's price, calls
  const calls = saved && BigInt(saved.calls!) > chainCalls ? BigInt(saved.calls!) : chainCalls;
  const amount = saved && BigInt(saved.amount!) > account.redeemedAmount ? BigInt(saved.amount!) : account.redeemedAmount;
  const sequence = saved && BigInt(saved.sequence!) > account.sequence ? BigInt(saved.sequence!) : account.sequence;
  return createServiceMeter({ leaseId, pricePerCall, calls, amount, sequence });
}

export function saveMeter(client: ProofgridClient, meter: ServiceMeter): void {
  const file = meterFile(client, meter.leaseId);
  mkdirSync(join(file, '..'), { recursive: true });
  const { calls, amount, sequence } = meter;
  writeFileSync(`${file}.tmp`, JSON.stringify({ calls: String(calls), amount: String(amount), sequence: String(sequence) }));
  renameSync(`${file}.tmp`, file);
}

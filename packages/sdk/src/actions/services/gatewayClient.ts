import type { Address } from 'viem';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import { ProofgridError } from '../../errors/ProofgridError.ts';
import { signUsageReceipt } from './receipts.ts';
import { type EndpointRecord, type UsageReceipt, parseServiceId, toWire } from './typedData.ts';

/** The header a call carries its usage receipt in (JSON, bigints as decimal strings). */
export const RECEIPT_HEADER = 'x-proofgrid-receipt';

/** Per-endpoint indicators a gateway measures. */
export type EndpointHealth = { calls: number; errors: number; latencyMs: number | null };

/** What a gateway answers for `svc:<id>`. */
export type ResolvedService = {
  serviceId: string;
  leaseId: bigint;
  provider: Address;
  pricePerCall: bigint;
  app: bigint;
  workerpool: bigint;
  closed: boolean;
  sla: { latencyMs: number; availabilityBps: number };
  endpoints: Array<EndpointRecord & { health: EndpointHealth }>;
};

/** A typed error from a gateway's or a worker's `{ error: { code, message, details } }` answer. */
export async function errorFromResponse(res: Response): Promise<ProofgridError> {
  const text = await res.text();
  try {
    const { error } = JSON.parse(text) as { error: { code: string; message: string; details?: Record<string, unknown> } };
    return new ProofgridError(error.message, { code: error.code, details: { ...error.details, status: res.status } });
  } catch {
    return new ProofgridError(`HTTP ${res.status}: ${text.slice(0, 200)}`, { code: `Http${res.status}`, details: { status: res.status } });
  }
}

const trim = (url: string) => url.replace(/\/+$/, '');

/**
 * Resolves `svc:<id>` through a gateway: the lease's terms and its live endpoints with their health.
 * (The gateway verified every record against the provider on chain; a client may verify them again with
 * verifyEndpointRecord.)
 * @example
 * const service = await resolveService({ gateway: 'http://127.0.0.1:8080', serviceId: 'svc:1' });
 */
export async function resolveService({ gateway, serviceId }: { gateway: string; serviceId: string }): Promise<ResolvedService> {
  const leaseId = parseServiceId(serviceId);
  const res = await fetch(`${trim(gateway)}/v1/svc/${leaseId}`);
  if (!res.ok) throw await errorFromResponse(res);
  const body = (await res.json()) as Record<string, unknown> & { endpoints: Array<Record<string, unknown>> };
  return {
    ...(body as unknown as ResolvedService),
    leaseId: BigInt(body.leaseId as string),
    pricePerCall: BigInt(body.pricePerCall as string),
    app: BigInt(body.app as string),
    workerpool: BigInt(body.workerpool as string),
    endpoints: body.endpoints.map((e) => ({
      ...(e as unknown as EndpointRecord & { health: EndpointHealth }),
      leaseId: BigInt(e.leaseId as string),
      sequence: BigInt(e.sequence as string),
      expiry: BigInt(e.expiry as string),
    })),
  };
}

/** Publishes a signed endpoint record to a gateway (typed refusals: forged, expired, replayed). */
export async function publishEndpointRecord({ gateway, record }: { gateway: string; record: EndpointRecord }): Promise<void> {
  const res = await fetch(`${trim(gateway)}/v1/svc/${record.leaseId}/endpoints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(toWire(record)),
  });
  if (!res.ok) throw await errorFromResponse(res);
}

/** A client's running usage of one lease: what its next receipt says. Keep it across calls (and restarts). */
export type ServiceMeter = { leaseId: bigint; pricePerCall: bigint; calls: bigint; amount: bigint; sequence: bigint };

/**
 * A meter starting after `from` (for instance a saved meter, or the on-chain account's redeemed amount and sequence).
 * @example
 * const meter = createServiceMeter({ leaseId, pricePerCall: service.pricePerCall });
 */
export function createServiceMeter({
  leaseId,
  pricePerCall,
  calls = 0n,
  amount,
  sequence = 0n,
}: Partial<ServiceMeter> & { leaseId: bigint; pricePerCall: bigint }): ServiceMeter {
  return { leaseId, pricePerCall, calls, amount: amount ?? calls * pricePerCall, sequence };
}

export type CallServiceReturnType = { response: Uint8Array; exitCode: number; endpoint: string | null; receipt: UsageReceipt };

/**
 * Calls a service through a gateway (or straight at an endpoint: `gateway` is then the endpoint's url),
 * paying with a new cumulative usage receipt. The meter's sequence always advances; its calls and amount
 * advance when the call was answered. Refusals are typed (ServicePaused, ServiceNoEndpoint, UsageReceipt*).
 * @example
 * const { response } = await callService(client, { gateway, meter, request: new TextEncoder().encode('0.1,0.2,0.3,0.4') });
 */
export async function callService(
  client: ProofgridClient,
  { gateway, meter, request, direct = false }: { gateway: string; meter: ServiceMeter; request: Uint8Array; direct?: boolean },
): Promise<CallServiceReturnType> {
  meter.sequence += 1n;
  const calls = meter.calls + 1n;
  const receipt = await signUsageReceipt(client, {
    leaseId: meter.leaseId,
    calls,
    amount: meter.amount + meter.pricePerCall,
    sequence: meter.sequence,
  });
  const url = direct ? `${trim(gateway)}/v1/call` : `${trim(gateway)}/v1/svc/${meter.leaseId}/call`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', [RECEIPT_HEADER]: JSON.stringify(toWire(receipt)) },
    body: request as Uint8Array<ArrayBuffer>,
  });
  if (!res.ok) throw await errorFromResponse(res);
  meter.calls = calls;
  meter.amount = receipt.amount;
  return {
    response: new Uint8Array(await res.arrayBuffer()),
    exitCode: Number(res.headers.get('x-proofgrid-exit-code') ?? 0),
    endpoint: res.headers.get('x-proofgrid-endpoint'),
    receipt,
  };
}

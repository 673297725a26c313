// Routing one call: the healthiest live endpoint first, the next one when an endpoint cannot be reached or
// fails on its side (5xx); a typed refusal of the endpoint (4xx: paused lease, bad receipt) is the answer.
import { RECEIPT_HEADER, parseUsageReceipt } from '@proofgrid/sdk';
import { ServiceError } from '@proofgrid/sdk/errors';
import type { ServiceDirectory, ServiceEntry } from './directory.ts';

export type Forwarded = { status: number; headers: Record<string, string>; body: Uint8Array; endpoint: string };

/** Forwards `body` with the client's receipt; refuses a replayed receipt before any endpoint sees it. */
export async function forwardCall(
  directory: ServiceDirectory,
  entry: ServiceEntry,
  { body, receiptHeader, timeoutMs = 30_000 }: { body: Uint8Array; receiptHeader: string | undefined; timeoutMs?: number },
): Promise<Forwarded> {
  const leaseId = entry.lease.leaseId;
  if (!receiptHeader) throw new ServiceError('UsageReceiptMissing', `a call needs a usage receipt (${RECEIPT_HEADER})`);
  let receipt: ReturnType<typeof parseUsageReceipt>;
  try {
    receipt = parseUsageReceipt(receiptHeader);
  } catch (err) {
    throw new ServiceError('UsageReceiptInvalid', (err as Error).message);
  }
  if (receipt.leaseId !== leaseId)
    throw new ServiceError('UsageReceiptInvalid', `the receipt is for lease ${receipt.leaseId}, not ${leaseId}`);
  const client = receipt.client.toLowerCase();
  const seen = entry.sequences.get(client) ?? 0n;
  if (receipt.sequence <= seen) {
    throw new ServiceError('UsageReceiptReplayed', `usage receipt ${receipt.sequence} replayed: ${seen} was already forwarded`, 409, {
      sequence: receipt.sequence.toString(),
      accepted: seen.toString(),
    });
  }
  const endpoints = directory.ranked(entry);
  if (endpoints.length === 0) throw new ServiceError('ServiceNoEndpoint', `svc:${leaseId} has no live endpoint`, 503);
  const attempts: Array<{ endpoint: string; error: string }> = [];
  for (const { endpoint } of endpoints) {
    const started = performance.now();
    let res: Response;
    try {
      res = await fetch(`${endpoint.replace(/\/+$/, '')}/v1/call`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', [RECEIPT_HEADER]: receiptHeader },
        body: body as Uint8Array<ArrayBuffer>,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      directory.observe(entry, endpoint, { ok: false, ms: performance.now() - started });
      attempts.push({ endpoint, error: (err as Error).message });
      continue;
    }
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (res.status >= 500) {
      directory.observe(entry, endpoint, { ok: false, ms: performance.now() - started });
      attempts.push({ endpoint, error: `HTTP ${res.status}: ${Buffer.from(bytes).toString('utf8').slice(0, 200)}` });
      continue;
    }
    directory.observe(entry, endpoint, { ok: true, ms: performance.now() - started });
    if (res.ok && receipt.sequence > (entry.sequences.get(client) ?? 0n)) entry.sequences.set(client, receipt.sequence);
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      if (k === 'content-type' || k.startsWith('x-proofgrid-')) headers[k] = v;
    });
    return { status: res.status, headers: { ...headers, 'x-proofgrid-endpoint': endpoint }, body: bytes, endpoint };
  }
  throw new ServiceError('ServiceCallFailed', `every endpoint of svc:${leaseId} failed this call`, 502, { attempts });
}

import { type Address, recoverTypedDataAddress } from 'viem';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import { ProofgridError } from '../../errors/ProofgridError.ts';
import type { Deployment } from '../../types/ids.ts';
import { type EndpointRecord, SERVICE_TYPES, servicesDomain, signerOf } from './typedData.ts';

/**
 * Signs an endpoint record with the provider's key: `endpoint` serves lease `leaseId` until `expiry`
 * (unix seconds; 0 drains the endpoint). Publish it to gateways (publishEndpointRecord).
 * @example
 * const record = await signEndpointRecord(provider, { leaseId, endpoint: 'http://10.0.0.5:7001', sequence: 1n, expiry });
 */
export async function signEndpointRecord(client: ProofgridClient, r: Omit<EndpointRecord, 'signature'>): Promise<EndpointRecord> {
  const { wallet, account } = signerOf(client);
  const message = { leaseId: r.leaseId, endpoint: r.endpoint, sequence: r.sequence, expiry: r.expiry };
  const signature = await wallet.signTypedData({
    account,
    domain: servicesDomain(client.deployment),
    types: SERVICE_TYPES,
    primaryType: 'EndpointRecord',
    message,
  });
  return { ...message, signature };
}

/** A record from its JSON form; `EndpointRecordInvalid` when malformed. */
export function parseEndpointRecord(json: unknown): EndpointRecord {
  const r = (json ?? {}) as Record<string, unknown>;
  const fail = (why: string) =>
    new ProofgridError(`malformed endpoint record: ${why}`, { code: 'EndpointRecordInvalid', details: { why } });
  const big = (k: string) => {
    if (!/^[0-9]{1,20}$/.test(String(r[k]))) throw fail(k);
    return BigInt(String(r[k]));
  };
  if (typeof r.endpoint !== 'string' || !/^https?:\/\/[^\s]+$/.test(r.endpoint) || r.endpoint.length > 512) throw fail('endpoint');
  if (typeof r.signature !== 'string' || !/^0x[0-9a-fA-F]{130}$/.test(r.signature)) throw fail('signature');
  return {
    leaseId: big('leaseId'),
    endpoint: r.endpoint,
    sequence: big('sequence'),
    expiry: big('expiry'),
    signature: r.signature as `0x${string}`,
  };
}

/**
 * Verifies a record against the lease's provider (read on chain by the caller) and the clock: a record
 * not signed by `provider` is `EndpointRecordForged`, one past its expiry `EndpointRecordExpired`.
 * (A drain, expiry 0, never expires.) Replays are the book's business (createEndpointBook).
 */
export async function verifyEndpointRecord(
  deployment: Deployment,
  { record, provider, now = BigInt(Math.floor(Date.now() / 1000)) }: { record: EndpointRecord; provider: Address; now?: bigint },
): Promise<void> {
  const { signature, ...message } = record;
  let signer: Address | undefined;
  try {
    signer = await recoverTypedDataAddress({
      domain: servicesDomain(deployment),
      types: SERVICE_TYPES,
      primaryType: 'EndpointRecord',
      message,
      signature,
    });
  } catch {
    signer = undefined;
  }
  if (!signer || signer.toLowerCase() !== provider.toLowerCase()) {
    throw new ProofgridError(`endpoint record of ${record.endpoint} is not signed by the provider ${provider} of lease ${record.leaseId}`, {
      code: 'EndpointRecordForged',
      details: { signer, provider, leaseId: record.leaseId.toString() },
    });
  }
  if (record.expiry !== 0n && record.expiry <= now) {
    throw new ProofgridError(`endpoint record of ${record.endpoint} expired at ${record.expiry}`, {
      code: 'EndpointRecordExpired',
      details: { expiry: record.expiry.toString(), now: now.toString() },
    });
  }
}

/** What a resolver knows of one lease's endpoints: per endpoint url, the record with the highest sequence. */
export type EndpointBook = {
  /** Accepts a verified record; `EndpointRecordReplayed` when a record of that endpoint with this sequence or a higher one is known. */
  accept(record: EndpointRecord): void;
  /** The live endpoints (not drained, not expired at `now`), in publication order. */
  live(now?: bigint): EndpointRecord[];
  /** Every record kept, drains included. */
  all(): EndpointRecord[];
};

/** An empty endpoint book for one lease. */
export function createEndpointBook(): EndpointBook {
  const byUrl = new Map<string, EndpointRecord>();
  return {
    accept(record) {
      const known = byUrl.get(record.endpoint);
      if (known && record.sequence <= known.sequence) {
        throw new ProofgridError(`endpoint record ${record.sequence} of ${record.endpoint} replayed: ${known.sequence} is known`, {
          code: 'EndpointRecordReplayed',
          details: { sequence: record.sequence.toString(), known: known.sequence.toString() },
        });
      }
      byUrl.delete(record.endpoint);
      byUrl.set(record.endpoint, record);
    },
    live(now = BigInt(Math.floor(Date.now() / 1000))) {
      return [...byUrl.values()].filter((r) => r.expiry > now);
    },
    all() {
      return [...byUrl.values()];
    },
  };
}

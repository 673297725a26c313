import type { Address, Hex } from 'viem';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import { ProofgridError } from '../../errors/ProofgridError.ts';
import type { Deployment } from '../../types/ids.ts';

/** EIP-712 types of ServiceLeases (decision 029): what clients and providers sign. */
export const SERVICE_TYPES = {
  UsageReceipt: [
    { name: 'leaseId', type: 'uint256' },
    { name: 'client', type: 'address' },
    { name: 'calls', type: 'uint64' },
    { name: 'amount', type: 'uint96' },
    { name: 'sequence', type: 'uint64' },
  ],
  EndpointRecord: [
    { name: 'leaseId', type: 'uint256' },
    { name: 'endpoint', type: 'string' },
    { name: 'sequence', type: 'uint64' },
    { name: 'expiry', type: 'uint64' },
  ],
} as const;

/** A client's signed cumulative usage receipt: `calls` calls worth `amount` so far on the lease. */
export type UsageReceipt = {
  leaseId: bigint;
  client: Address;
  calls: bigint;
  amount: bigint;
  sequence: bigint;
  signature: Hex;
};

/**
 * A provider's signed endpoint record: `endpoint` serves lease `leaseId` until `expiry` (unix seconds).
 * Expiry 0 is a drain: the endpoint is withdrawn. Of two records of one endpoint the higher sequence wins.
 */
export type EndpointRecord = {
  leaseId: bigint;
  endpoint: string;
  sequence: bigint;
  expiry: bigint;
  signature: Hex;
};

/** The ServiceLeases address of a deployment (devnet deploys it); a typed error when absent. */
export function servicesAddress(deployment: Deployment): Address {
  if (!deployment.services) {
    throw new ProofgridError('this deployment has no ServiceLeases contract (deployment.services)', {
      code: 'ServiceNotFound',
      kind: 'config',
    });
  }
  return deployment.services;
}

/** The EIP-712 domain of a deployment's ServiceLeases. */
export function servicesDomain(deployment: Deployment) {
  return { name: 'Proofgrid Services', version: '1', chainId: deployment.chainId, verifyingContract: servicesAddress(deployment) } as const;
}

/** `svc:<leaseId>` of a lease id. */
export function serviceIdOf(leaseId: bigint): string {
  return `svc:${leaseId}`;
}

/** The lease id of `svc:<leaseId>` (or of a bare id); a typed error for anything else. */
export function parseServiceId(id: string): bigint {
  const match = /^(?:svc:)?([1-9][0-9]{0,76})$/.exec(id.trim());
  if (!match) throw new ProofgridError(`not a service id: ${JSON.stringify(id)}`, { code: 'ServiceIdInvalid' });
  return BigInt(match[1]!);
}

/** JSON form of a receipt or a record (bigints as decimal strings), as gateways and workers carry them. */
export function toWire<T extends Record<string, unknown>>(value: T): Record<string, string> {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : String(v)]));
}

/** @internal a client with a signer (actions that sign). */
export function signerOf(client: ProofgridClient) {
  if (!client.wallet || !client.account) {
    throw new ProofgridError('this action needs a signer: pass an account or a wallet to the client', {
      code: 'ClientNoAccount',
      kind: 'config',
    });
  }
  return { wallet: client.wallet, account: client.account };
}

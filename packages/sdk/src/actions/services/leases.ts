import { type Abi, type Address, parseEventLogs } from 'viem';
import { serviceLeasesAbi, tokenAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import { sendTransaction } from '../sendHubTransaction.ts';
import { servicesAddress, signerOf } from './typedData.ts';

const abi = serviceLeasesAbi as Abi;

/** A lease as ServiceLeases stores it. */
export type ServiceLease = {
  leaseId: bigint;
  provider: Address;
  pricePerCall: bigint;
  workerpool: bigint;
  app: bigint;
  latencyMs: number;
  availabilityBps: number;
  closed: boolean;
  bond: bigint;
};

/** A client's deposit for a lease and what the provider redeemed from it. */
export type LeaseAccount = {
  balance: bigint;
  lockUntil: bigint;
  sequence: bigint;
  redeemedAmount: bigint;
  /** The deposit no longer covers one call. */
  paused: boolean;
};

export type OpenLeaseParameters = {
  workerpool: bigint;
  app: bigint;
  pricePerCall: bigint;
  /** SLA: p99 answer time promised, ms. */
  latencyMs: number;
  /** SLA: share of calls answered, basis points (9900 = 99%). */
  availabilityBps: number;
  bond?: bigint;
};

async function approve(client: ProofgridClient, amount: bigint) {
  const { token } = client.deployment;
  const spender = servicesAddress(client.deployment);
  const { account } = signerOf(client);
  if (amount === 0n) return;
  const allowance = await client.public.readContract({
    address: token,
    abi: tokenAbi,
    functionName: 'allowance',
    args: [account.address, spender],
  });
  if (allowance < amount)
    await sendTransaction(client, { address: token, abi: tokenAbi, functionName: 'approve', args: [spender, amount] });
}

/**
 * Opens a service lease (the caller owns the workerpool): the app served at a price per call under an SLA,
 * with a bond. Its service id is `svc:<leaseId>`.
 * @example
 * import { openLease } from '@proofgrid/sdk';
 * const { leaseId } = await openLease(provider, { workerpool: 1n, app: 3n, pricePerCall: 10n ** 12n, latencyMs: 500, availabilityBps: 9900 });
 */
export async function openLease(client: ProofgridClient, p: OpenLeaseParameters): Promise<{ leaseId: bigint }> {
  const bond = p.bond ?? 0n;
  await approve(client, bond);
  const receipt = await sendTransaction(client, {
    address: servicesAddress(client.deployment),
    abi,
    functionName: 'openLease',
    args: [p.workerpool, p.app, p.pricePerCall, p.latencyMs, p.availabilityBps, bond],
  });
  const [event] = parseEventLogs({ abi: serviceLeasesAbi, logs: receipt.logs, eventName: 'LeaseOpened' });
  return { leaseId: (event as unknown as { args: { leaseId: bigint } }).args.leaseId };
}

/** Closes a lease (its provider): the bond comes back; receipts still redeem. */
export async function closeLease(client: ProofgridClient, { leaseId }: { leaseId: bigint }): Promise<void> {
  await sendTransaction(client, { address: servicesAddress(client.deployment), abi, functionName: 'closeLease', args: [leaseId] });
}

/** The lease `leaseId` (a `LeaseUnknown` error when there is none). */
export async function getLease(client: ProofgridClient, { leaseId }: { leaseId: bigint }): Promise<ServiceLease> {
  const lease = (await client.public.readContract({
    address: servicesAddress(client.deployment),
    abi: serviceLeasesAbi,
    functionName: 'leaseOf',
    args: [leaseId],
  })) as Omit<ServiceLease, 'leaseId'>;
  return { leaseId, ...lease, latencyMs: Number(lease.latencyMs), availabilityBps: Number(lease.availabilityBps) };
}

/** A client's account on a lease (zeros before its first deposit). */
export async function getLeaseAccount(
  client: ProofgridClient,
  { leaseId, client: who }: { leaseId: bigint; client: Address },
): Promise<LeaseAccount> {
  const address = servicesAddress(client.deployment);
  const [account, paused] = await Promise.all([
    client.public.readContract({ address, abi: serviceLeasesAbi, functionName: 'accountOf', args: [leaseId, who] }),
    client.public.readContract({ address, abi: serviceLeasesAbi, functionName: 'isPaused', args: [leaseId, who] }),
  ]);
  const a = account as Omit<LeaseAccount, 'paused'>;
  return {
    balance: a.balance,
    lockUntil: a.lockUntil,
    sequence: a.sequence,
    redeemedAmount: a.redeemedAmount,
    paused: paused as boolean,
  };
}

/**
 * Funds (or tops up) the caller's time-locked deposit for a lease; a top-up resumes a paused lease.
 * The lock only grows: the provider has until `lockUntil` to redeem the receipts it holds.
 * @example
 * await depositForLease(client, { leaseId, amount: 100n * 10n ** 12n, lockUntil: BigInt(Math.floor(Date.now() / 1000) + 86400) });
 */
export async function depositForLease(
  client: ProofgridClient,
  { leaseId, amount, lockUntil }: { leaseId: bigint; amount: bigint; lockUntil: bigint },
): Promise<void> {
  await approve(client, amount);
  await sendTransaction(client, {
    address: servicesAddress(client.deployment),
    abi,
    functionName: 'deposit',
    args: [leaseId, amount, lockUntil],
  });
}

/** Withdraws unused deposit once its lock has passed (`DepositLocked` before). */
export async function withdrawLeaseDeposit(
  client: ProofgridClient,
  { leaseId, amount }: { leaseId: bigint; amount: bigint },
): Promise<void> {
  await sendTransaction(client, { address: servicesAddress(client.deployment), abi, functionName: 'withdraw', args: [leaseId, amount] });
}

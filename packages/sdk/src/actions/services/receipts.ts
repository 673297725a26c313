import { type Abi, type Address, type Hex, parseEventLogs, recoverTypedDataAddress } from 'viem';
import { serviceLeasesAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import { ProofgridError } from '../../errors/ProofgridError.ts';
import type { Deployment } from '../../types/ids.ts';
import { sendTransaction } from '../sendHubTransaction.ts';
import { SERVICE_TYPES, type UsageReceipt, servicesAddress, servicesDomain, signerOf } from './typedData.ts';

/**
 * Signs a cumulative usage receipt with the client's key: over the lease's life, `calls` calls worth
 * `amount`; `sequence` grows with every receipt (a provider keeps and redeems the newest).
 * @example
 * const receipt = await signUsageReceipt(client, { leaseId, calls: 3n, amount: 3n * price, sequence: 3n });
 */
export async function signUsageReceipt(client: ProofgridClient, r: Omit<UsageReceipt, 'signature' | 'client'>): Promise<UsageReceipt> {
  const { wallet, account } = signerOf(client);
  const message = { leaseId: r.leaseId, client: account.address, calls: r.calls, amount: r.amount, sequence: r.sequence };
  const signature = await wallet.signTypedData({
    account,
    domain: servicesDomain(client.deployment),
    types: SERVICE_TYPES,
    primaryType: 'UsageReceipt',
    message,
  });
  return { ...message, signature };
}

/** The address that signed `receipt` under the deployment's ServiceLeases domain. */
export async function usageReceiptSigner(deployment: Deployment, receipt: UsageReceipt): Promise<Address> {
  const { signature, ...message } = receipt;
  return recoverTypedDataAddress({
    domain: servicesDomain(deployment),
    types: SERVICE_TYPES,
    primaryType: 'UsageReceipt',
    message,
    signature,
  });
}

/** A receipt from its JSON form ({ leaseId, client, calls, amount, sequence, signature }); `UsageReceiptInvalid` when malformed. */
export function parseUsageReceipt(json: unknown): UsageReceipt {
  try {
    const r = (typeof json === 'string' ? JSON.parse(json) : json) as Record<string, string>;
    if (!/^0x[0-9a-fA-F]{40}$/.test(r.client ?? '') || !/^0x[0-9a-fA-F]{130}$/.test(r.signature ?? ''))
      throw new Error('client or signature');
    const big = (k: string) => {
      if (!/^[0-9]{1,78}$/.test(String(r[k]))) throw new Error(k);
      return BigInt(r[k]!);
    };
    return {
      leaseId: big('leaseId'),
      client: r.client as Address,
      calls: big('calls'),
      amount: big('amount'),
      sequence: big('sequence'),
      signature: r.signature as Hex,
    };
  } catch (err) {
    throw new ProofgridError(`malformed usage receipt: ${(err as Error).message}`, { code: 'UsageReceiptInvalid', cause: err });
  }
}

/**
 * Checks that `receipt` pays for a new call on `leaseId` at `pricePerCall` after `last` (the newest receipt
 * already accepted from this client, if any): signed by its client, a higher sequence, more calls than
 * `last`, the amount covering the calls (at the price). Throws `UsageReceiptInvalid` or `UsageReceiptReplayed`.
 */
export async function verifyUsageReceipt(
  deployment: Deployment,
  { receipt, leaseId, pricePerCall, last }: { receipt: UsageReceipt; leaseId: bigint; pricePerCall: bigint; last?: UsageReceipt },
): Promise<void> {
  const invalid = (why: string) => new ProofgridError(`usage receipt refused: ${why}`, { code: 'UsageReceiptInvalid', details: { why } });
  if (receipt.leaseId !== leaseId) throw invalid(`it is for lease ${receipt.leaseId}, not ${leaseId}`);
  let signer: Address;
  try {
    signer = await usageReceiptSigner(deployment, receipt);
  } catch {
    throw invalid('the signature does not recover');
  }
  if (signer.toLowerCase() !== receipt.client.toLowerCase()) throw invalid(`signed by ${signer}, not by its client ${receipt.client}`);
  if (last && receipt.sequence <= last.sequence) {
    throw new ProofgridError(`usage receipt ${receipt.sequence} replayed: ${last.sequence} was already accepted`, {
      code: 'UsageReceiptReplayed',
      details: { sequence: receipt.sequence.toString(), accepted: last.sequence.toString() },
    });
  }
  const calls = last?.calls ?? 0n;
  if (receipt.calls <= calls) throw invalid(`it counts ${receipt.calls} calls, not more than the ${calls} already paid for`);
  if (receipt.amount < receipt.calls * pricePerCall)
    throw invalid(`${receipt.amount} does not pay ${receipt.calls} calls at ${pricePerCall}`);
}

/**
 * Redeems the newest receipts of any clients of the caller's leases in one transaction and returns what it
 * paid. Reverts (typed: ReceiptStale, ReceiptBadSignature, ...) on the first bad receipt, moving nothing.
 * @example
 * const { paid } = await redeemReceipts(provider, { receipts });
 */
export async function redeemReceipts(
  client: ProofgridClient,
  { receipts }: { receipts: UsageReceipt[] },
): Promise<{ paid: bigint; gasUsed: bigint }> {
  const receipt = await sendTransaction(client, {
    address: servicesAddress(client.deployment),
    abi: serviceLeasesAbi as Abi,
    functionName: 'redeem',
    args: [
      receipts.map(({ leaseId, client: c, calls, amount, sequence, signature }) => ({
        leaseId,
        client: c,
        calls,
        amount,
        sequence,
        signature,
      })),
    ],
  });
  const events = parseEventLogs({ abi: serviceLeasesAbi, logs: receipt.logs, eventName: 'UsageRedeemed' });
  const paid = events.reduce((sum, e) => sum + (e as unknown as { args: { paid: bigint } }).args.paid, 0n);
  return { paid, gasUsed: receipt.gasUsed };
}

/** Of many receipts, the newest (highest sequence) per lease and client: what a provider redeems. */
export function newestReceipts(receipts: Iterable<UsageReceipt>): UsageReceipt[] {
  const newest = new Map<string, UsageReceipt>();
  for (const r of receipts) {
    const key = `${r.leaseId}:${r.client.toLowerCase()}`;
    const seen = newest.get(key);
    if (!seen || r.sequence > seen.sequence) newest.set(key, r);
  }
  return [...newest.values()];
}

// What the serving worker knows of each client's deposit without a chain read per call. A receipt is covered
// when `amount - redeemedAmount <= balance`, i.e. `amount <= balance + redeemedAmount` ("funded"); a redemption
// moves tokens from the balance to the redeemed amount (funded unchanged), a deposit grows it, and only a
// withdrawal shrinks it, which the contract refuses before the lock ends. So a cached `funded` stays a safe
// lower bound while the lock is more than the margin away; the chain is read again when a receipt is not
// covered (a top-up may have come) or the lock nears.
import type { Address } from 'viem';
import type { LeaseAccount } from '@proofgrid/sdk';

export type Funding = { funded: bigint; lockUntil: bigint; balance: bigint; redeemedAmount: bigint; sequence: bigint };

export type FundingCache = {
  /** The client's funding, read from the chain unless the cached one covers `amount` with the lock far enough. */
  covering(client: Address, amount: bigint): Promise<Funding>;
};

/** A cache over `read` (getLeaseAccount of the lease); `marginS`: the time the provider keeps to redeem. */
export function createFundingCache(
  read: (client: Address) => Promise<LeaseAccount>,
  marginS: bigint,
  now = () => BigInt(Math.floor(Date.now() / 1000)),
): FundingCache {
  const byClient = new Map<string, Funding>();
  const usable = (f: Funding | undefined, amount: bigint): f is Funding => !!f && amount <= f.funded && f.lockUntil >= now() + marginS;
  return {
    async covering(client, amount) {
      const key = client.toLowerCase();
      const cached = byClient.get(key);
      if (usable(cached, amount)) return cached;
      const a = await read(client);
      const fresh = {
        funded: a.balance + a.redeemedAmount,
        lockUntil: a.lockUntil,
        balance: a.balance,
        redeemedAmount: a.redeemedAmount,
        sequence: a.sequence,
      };
      byClient.set(key, fresh);
      return fresh;
    },
  };
}

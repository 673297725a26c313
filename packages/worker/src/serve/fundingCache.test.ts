import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LeaseAccount } from '@proofgrid/sdk';
import { createFundingCache } from './fundingCache.ts';

const CLIENT = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

test('the chain is read only when a receipt is not covered or the lock nears', async () => {
  let reads = 0;
  let account: LeaseAccount = { balance: 10n, redeemedAmount: 0n, sequence: 0n, lockUntil: 1000n, paused: false };
  let now = 100n;
  const cache = createFundingCache(
    async () => {
      reads++;
      return account;
    },
    60n,
    () => now,
  );
  assert.equal((await cache.covering(CLIENT, 3n)).funded, 10n);
  await cache.covering(CLIENT, 10n);
  assert.equal(reads, 1, 'covered by the cached deposit');
  account = { ...account, balance: 4n, redeemedAmount: 6n, sequence: 1n }; // a redemption: funded unchanged
  await cache.covering(CLIENT, 9n);
  assert.equal(reads, 1);
  account = { ...account, balance: 14n }; // a top-up
  assert.equal((await cache.covering(CLIENT, 12n)).funded, 20n, 'not covered: read again, the top-up is seen');
  assert.equal(reads, 2);
  now = 950n; // the lock is less than the margin away: a withdrawal may come soon
  await cache.covering(CLIENT, 1n);
  assert.equal(reads, 3);
});

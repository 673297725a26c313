import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { http, createWalletClient } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import type { Deployment } from '../../types/ids.ts';
import { createEndpointBook, signEndpointRecord, verifyEndpointRecord } from './endpoints.ts';
import { newestReceipts, parseUsageReceipt, signUsageReceipt, verifyUsageReceipt } from './receipts.ts';
import { parseServiceId, toWire } from './typedData.ts';

const PROVIDER = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const CLIENT = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a');
const deployment = { chainId: 31337, rpcUrl: 'http://127.0.0.1:1', services: '0x5FbDB2315678afecb367f032d93F642f64180aa3' } as Deployment;
const as = (account: typeof PROVIDER) =>
  ({ deployment, account, wallet: createWalletClient({ account, transport: http(deployment.rpcUrl) }) }) as unknown as ProofgridClient;
const code = (code: string) => (e: { code?: string; message: string }) => {
  assert.equal(e.code, code, e.message);
  return true;
};
const now = 1_800_000_000n;

describe('service ids', () => {
  test('svc:<id> and a bare id parse; anything else is ServiceIdInvalid', () => {
    assert.equal(parseServiceId('svc:12'), 12n);
    assert.equal(parseServiceId('7'), 7n);
    for (const bad of ['svc:0', 'svc:', 'svc:1a', 'lease:1', '-1']) assert.throws(() => parseServiceId(bad), code('ServiceIdInvalid'));
  });
});

describe('endpoint records', () => {
  const record = (sequence: bigint, expiry: bigint, signer = PROVIDER, endpoint = 'http://10.0.0.5:7001') =>
    signEndpointRecord(as(signer), { leaseId: 1n, endpoint, sequence, expiry });

  test("the provider's record verifies; another key's is forged, a past one expired, a drain never expires", async () => {
    await verifyEndpointRecord(deployment, { record: await record(1n, now + 60n), provider: PROVIDER.address, now });
    await assert.rejects(
      verifyEndpointRecord(deployment, { record: await record(1n, now + 60n, CLIENT), provider: PROVIDER.address, now }),
      code('EndpointRecordForged'),
    );
    const tampered = { ...(await record(1n, now + 60n)), endpoint: 'http://evil:1' };
    await assert.rejects(
      verifyEndpointRecord(deployment, { record: tampered, provider: PROVIDER.address, now }),
      code('EndpointRecordForged'),
    );
    await assert.rejects(
      verifyEndpointRecord(deployment, { record: await record(1n, now), provider: PROVIDER.address, now }),
      code('EndpointRecordExpired'),
    );
    await verifyEndpointRecord(deployment, { record: await record(2n, 0n), provider: PROVIDER.address, now });
  });

  test('a book keeps the highest sequence per endpoint, refuses replays and drops drained endpoints', async () => {
    const book = createEndpointBook();
    book.accept(await record(1n, now + 60n));
    book.accept(await record(1n, now + 60n, PROVIDER, 'http://10.0.0.6:7001'));
    assert.throws(() => book.accept({ ...book.all()[0]! }), code('EndpointRecordReplayed'));
    book.accept(await record(3n, now + 120n));
    assert.throws(() => book.accept(book.all()[0]!), code('EndpointRecordReplayed'));
    assert.equal(book.live(now).length, 2);
    book.accept(await record(4n, 0n));
    assert.deepEqual(
      book.live(now).map((r) => r.endpoint),
      ['http://10.0.0.6:7001'],
    );
    assert.deepEqual(book.live(now + 61n), [], 'expired records are not live');
  });
});

describe('usage receipts', () => {
  const receipt = (calls: bigint, sequence: bigint, amount = calls * 10n, signer = CLIENT) =>
    signUsageReceipt(as(signer), { leaseId: 1n, calls, amount, sequence });
  const check = async (r: Awaited<ReturnType<typeof receipt>>, last?: Awaited<ReturnType<typeof receipt>>) =>
    verifyUsageReceipt(deployment, { receipt: r, leaseId: 1n, pricePerCall: 10n, last });

  test('a newer cumulative receipt at the price verifies', async () => {
    await check(await receipt(1n, 1n));
    await check(await receipt(2n, 5n), await receipt(1n, 1n));
  });

  test('refused: another lease, another signer, an old sequence, no new call, an amount under the price', async () => {
    const first = await receipt(3n, 3n);
    await assert.rejects(verifyUsageReceipt(deployment, { receipt: first, leaseId: 2n, pricePerCall: 10n }), code('UsageReceiptInvalid'));
    await assert.rejects(check({ ...(await receipt(4n, 4n, 40n, PROVIDER)), client: CLIENT.address }), code('UsageReceiptInvalid'));
    await assert.rejects(check(await receipt(4n, 3n), first), code('UsageReceiptReplayed'));
    await assert.rejects(check(await receipt(3n, 4n), first), code('UsageReceiptInvalid'));
    await assert.rejects(check(await receipt(4n, 4n, 39n), first), code('UsageReceiptInvalid'));
  });

  test('the wire form round-trips, a malformed one is UsageReceiptInvalid, and the newest per client is kept', async () => {
    const r = await receipt(2n, 2n);
    assert.deepEqual(parseUsageReceipt(JSON.stringify(toWire(r))), r);
    assert.throws(() => parseUsageReceipt('{"leaseId":"1"}'), code('UsageReceiptInvalid'));
    assert.throws(() => parseUsageReceipt({ ...toWire(r), calls: '-1' }), code('UsageReceiptInvalid'));
    const newest = newestReceipts([await receipt(1n, 1n), r, await receipt(1n, 1n, 10n, PROVIDER)]);
    assert.deepEqual(
      newest.map((x) => [x.client, x.sequence]),
      [
        [CLIENT.address, 2n],
        [PROVIDER.address, 1n],
      ],
    );
  });
});

// The gateway's routing against two real HTTP endpoints (one failing with 5xx) and a lease read through a
// stub of the chain (unit test: records and receipts are really signed and verified).
import assert from 'node:assert/strict';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { http, createWalletClient } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { type Deployment, type ProofgridClient, RECEIPT_HEADER, signEndpointRecord, signUsageReceipt, toWire } from '@proofgrid/sdk';
import { createGateway } from './routes.ts';

const PROVIDER = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const CLIENT = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a');
const deployment = { chainId: 31337, rpcUrl: 'http://127.0.0.1:1', services: '0x5FbDB2315678afecb367f032d93F642f64180aa3' } as Deployment;
const lease = {
  provider: PROVIDER.address,
  pricePerCall: 10n,
  workerpool: 1n,
  app: 1n,
  latencyMs: 500,
  availabilityBps: 9900,
  closed: false,
  bond: 0n,
};
const signer = (account: typeof PROVIDER) =>
  ({ deployment, account, wallet: createWalletClient({ account, transport: http(deployment.rpcUrl) }) }) as unknown as ProofgridClient;
// reads: lease 1 exists, any other id is unknown
const reader = {
  deployment,
  public: {
    readContract: async ({ args }: { args: [bigint] }) => {
      if (args[0] !== 1n) throw Object.assign(new Error('LeaseUnknown'), { code: 'LeaseUnknown' });
      return lease;
    },
  },
} as unknown as ProofgridClient;

function endpoint(status: number): Promise<{ server: Server; url: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    req.resume();
    req.on('end', () => res.writeHead(status, { 'x-proofgrid-exit-code': '0' }).end(status === 200 ? 'answer' : 'broken'));
  });
  return new Promise((ready) =>
    server.listen(0, '127.0.0.1', () =>
      ready({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits }),
    ),
  );
}

describe('gateway routing', () => {
  const { app } = createGateway({ client: reader });
  let good: Awaited<ReturnType<typeof endpoint>>;
  let bad: Awaited<ReturnType<typeof endpoint>>;
  let sequence = 0n;
  const publish = async (url: string, expiry = BigInt(Math.floor(Date.now() / 1000) + 600)) => {
    const record = await signEndpointRecord(signer(PROVIDER), { leaseId: 1n, endpoint: url, sequence: ++sequence, expiry });
    return app.request('/v1/svc/1/endpoints', {
      method: 'POST',
      body: JSON.stringify(toWire(record)),
      headers: { 'content-type': 'application/json' },
    });
  };
  const call = async (seq: bigint, id = '1') => {
    const receipt = await signUsageReceipt(signer(CLIENT), { leaseId: 1n, calls: seq, amount: seq * 10n, sequence: seq });
    return app.request(`/v1/svc/${id}/call`, { method: 'POST', body: 'x', headers: { [RECEIPT_HEADER]: JSON.stringify(toWire(receipt)) } });
  };
  before(async () => {
    [bad, good] = await Promise.all([endpoint(500), endpoint(200)]);
  });
  after(() => {
    bad.server.close();
    good.server.close();
  });

  test('no endpoint yet: ServiceNoEndpoint; an unknown lease: ServiceNotFound; a bad id: ServiceIdInvalid', async () => {
    const none = await call(1n);
    assert.equal(none.status, 503);
    assert.equal(((await none.json()) as { error: { code: string } }).error.code, 'ServiceNoEndpoint');
    const unknown = await app.request('/v1/svc/svc:7');
    assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'ServiceNotFound');
    const malformed = await app.request('/v1/svc/svc:abc');
    assert.equal(((await malformed.json()) as { error: { code: string } }).error.code, 'ServiceIdInvalid');
  });

  test('a 5xx endpoint is failed over, then put on probation', async () => {
    assert.equal((await publish(bad.url)).status, 200);
    assert.equal((await publish(good.url)).status, 200);
    const first = await call(2n);
    assert.equal(first.status, 200);
    assert.equal(await first.text(), 'answer');
    assert.equal(first.headers.get('x-proofgrid-endpoint'), good.url);
    assert.equal(bad.hits(), 1, 'the failing endpoint was tried first (publication order)');
    await call(3n);
    assert.equal(bad.hits(), 1, 'then ranked last while on probation');
    const view = (await (await app.request('/v1/svc/1')).json()) as { endpoints: { endpoint: string; health: { errors: number } }[] };
    assert.deepEqual(
      view.endpoints.map((e) => [e.endpoint, e.health.errors]),
      [
        [good.url, 0],
        [bad.url, 1],
      ],
    );
  });

  test('a receipt already forwarded is refused before any endpoint sees it', async () => {
    const hits = good.hits();
    const replay = await call(3n);
    assert.equal(replay.status, 409);
    assert.equal(((await replay.json()) as { error: { code: string } }).error.code, 'UsageReceiptReplayed');
    assert.equal(good.hits(), hits);
  });

  test('every endpoint failing: ServiceCallFailed with the attempts', async () => {
    const drain = await signEndpointRecord(signer(PROVIDER), { leaseId: 1n, endpoint: good.url, sequence: ++sequence, expiry: 0n });
    await app.request('/v1/svc/1/endpoints', { method: 'POST', body: JSON.stringify(toWire(drain)) });
    const failed = await call(4n);
    assert.equal(failed.status, 502);
    const { error } = (await failed.json()) as { error: { code: string; details: { attempts: unknown[] } } };
    assert.equal(error.code, 'ServiceCallFailed');
    assert.equal(error.details.attempts.length, 1);
  });

  test('a request larger than the gateway takes is refused before it is read: RequestTooLarge', async () => {
    const small = createGateway({ client: reader, maxRequestBytes: 1000 });
    const res = await small.app.request('/v1/svc/1/call', { method: 'POST', body: new Uint8Array(5000) });
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'RequestTooLarge');
  });
});

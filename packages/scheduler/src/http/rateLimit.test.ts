// Request rates (decision 016) through the scheduler's real HTTP app on a real socket: clients bind
// their own loopback addresses (127.0.0.2, 127.0.0.3) so each is a separate client to the server.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { serve } from '@hono/node-server';
import { type LimitOptions, resolveLimits, zMarketInfo } from '@proofgrid/sdk/api';
import pino from 'pino';
import { ServiceError } from '../errors.ts';
import { createMetrics } from '../metrics.ts';
import { createServer } from './server.ts';

const zero = '0x0000000000000000000000000000000000000000';
const workers: Record<string, string> = {
  'token-a': '0x00000000000000000000000000000000000000aa',
  'token-b': '0x00000000000000000000000000000000000000bb',
};
const metrics = createMetrics();
/** The engine's surface these routes touch: tokens of two workers, a heartbeat, a long poll of 300 ms. */
const engine = {
  authenticate(header: string | undefined) {
    const address = workers[header?.replace(/^Bearer\s+/i, '') ?? ''];
    if (!address) throw new ServiceError('WorkerUnauthorized', 'unknown token', 401);
    return { address };
  },
  heartbeat: () => ({ ok: true, extended: 0 }),
  nextLease: async () => {
    await new Promise((r) => setTimeout(r, 300));
    return { lease: null, reason: 'no work' };
  },
  views: { status: () => ({ workers: { online: 0, lost: 0 } }) },
};
const servers: ReturnType<typeof serve>[] = [];
after(() => {
  for (const s of servers) s.close();
});

async function start(o: LimitOptions) {
  const limits = resolveLimits(o);
  const app = createServer({
    limits,
    blobs: { maxBytes: 1024 } as never,
    orderbook: {} as never,
    engine: engine as never,
    metrics,
    info: { chainId: 31337, hub: zero, workerpool: '1', scheduler: zero, visibility: 'public' },
    log: pino({ level: 'silent' }),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  servers.push(server);
  const port = (server.address() as AddressInfo).port;
  /** One request from `from` (a loopback address), fresh connection each time. */
  return (path: string, { from = '127.0.0.2', token, method = 'POST' }: { from?: string; token?: string; method?: string } = {}) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: Record<string, unknown> }>((resolve, reject) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', connection: 'close' };
      if (token) headers.authorization = `Bearer ${token}`;
      const req = request({ host: '127.0.0.1', port, path, method, localAddress: from, headers }, (res) => {
        let out = '';
        res.on('data', (d) => (out += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: out ? JSON.parse(out) : {} }));
      });
      req.on('error', reject);
      req.end(method === 'POST' ? '{}' : undefined);
    });
}
const statuses = async (n: number, send: () => Promise<{ status: number }>) => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await send()).status);
  return out;
};

test('per client address: 429 RateLimited after the burst, with retry-after and the rule; another address is not affected; it recovers', async () => {
  const call = await start({ rate: { ip: { perSecond: 5, burst: 3 }, loopback: true } });
  const status = () => call('/v1/status', { method: 'GET' });
  assert.deepEqual(await statuses(3, status), [200, 200, 200]);
  const refused = await status();
  assert.equal(refused.status, 429);
  assert.equal(refused.headers['retry-after'], '1');
  const error = refused.body.error as { code: string; retryable: boolean; details: Record<string, number | string> };
  assert.equal(error.code, 'RateLimited');
  assert.equal(error.retryable, true);
  assert.equal(error.details.limit, 5);
  assert.equal(error.details.windowMs, 1000);
  assert.equal(error.details.burst, 3);
  assert.equal(error.details.scope, 'ip');
  assert.ok(
    Number(error.details.retryAfterMs) > 0 && Number(error.details.retryAfterMs) <= 200,
    `retryAfterMs ${error.details.retryAfterMs}`,
  );
  assert.equal((await call('/v1/status', { method: 'GET', from: '127.0.0.3' })).status, 200);
  // A refused request is refused before its body or its route: an unknown route is 429 too, not 404.
  assert.equal((await call('/nowhere', { method: 'GET' })).status, 429);
  await new Promise((r) => setTimeout(r, Number(error.details.retryAfterMs) + 20));
  assert.equal((await status()).status, 200);
  assert.match(await metrics.registry.metrics(), /proofgrid_http_rate_limited_total\{scope="ip"\} [1-9]/);
});

test('per worker: a worker past its limit is refused; another worker and unauthenticated clients at the same address are not', async () => {
  const call = await start({ rate: { worker: { perSecond: 0.01, burst: 2 }, ip: { perSecond: 0.01, burst: 4 }, loopback: true } });
  const beat = (token: string) => call('/v1/workers/heartbeat', { token });
  assert.deepEqual(await statuses(3, () => beat('token-a')), [200, 200, 429]);
  const refused = await beat('token-a');
  assert.equal((refused.body.error as { details: { scope: string } }).details.scope, 'worker');
  // Worker b, from the same address, has its own bucket; so has the address itself.
  assert.deepEqual(await statuses(2, () => beat('token-b')), [200, 200]);
  assert.deepEqual(await statuses(2, () => call('/v1/status', { method: 'GET' })), [200, 200]);
  // An unknown token is no worker: it counts against the address (2 left of its 4), then refused per address.
  const forged = await statuses(3, () => call('/v1/workers/heartbeat', { token: 'forged' }));
  assert.deepEqual(forged, [401, 401, 429]);
});

test('a long poll counts once, however long it is held', async () => {
  const call = await start({ rate: { worker: { perSecond: 0.01, burst: 2 }, loopback: true } });
  const poll = () => call('/v1/leases/next', { token: 'token-a' });
  const started = Date.now();
  assert.equal((await poll()).status, 200);
  assert.ok(Date.now() - started >= 290, 'the poll was held');
  assert.deepEqual(await statuses(2, poll), [200, 429]);
});

test('loopback clients are not limited per address by default (decision 016); workers on loopback still are', async () => {
  const call = await start({ rate: { worker: { perSecond: 0.01, burst: 1 }, ip: { perSecond: 0.01, burst: 1 } } });
  for (const from of ['127.0.0.1', '127.0.0.2']) {
    assert.deepEqual(await statuses(5, () => call('/v1/status', { method: 'GET', from })), [200, 200, 200, 200, 200]);
  }
  assert.deepEqual(await statuses(2, () => call('/v1/workers/heartbeat', { token: 'token-a' })), [200, 429]);
});

test('GET /v1/info reports the limits in force (parsed by the SDK schema)', async () => {
  const call = await start({ rate: { worker: { perSecond: 7, burst: 9 }, loopback: true }, timeouts: { headersMs: 1234 } });
  const res = await call('/v1/info', { method: 'GET' });
  assert.equal(res.status, 200);
  const info = zMarketInfo.parse(res.body);
  assert.equal(info.workerpool, '1');
  assert.deepEqual(info.limits.rate.worker, { perSecond: 7, burst: 9 });
  assert.deepEqual(info.limits.rate.ip, { perSecond: 200, burst: 1000 });
  assert.equal(info.limits.rate.loopback, true);
  assert.deepEqual(info.limits.timeouts, { headersMs: 1234, requestMs: 120_000, keepAliveMs: 5000, idleMs: 60_000 });
  assert.deepEqual(info.limits.body, { json: 2 << 20, blob: 1024, blobBatch: 2048 });
  assert.deepEqual(info.limits.blobs, { maxBytes: 1024, fetchMaxBytes: 2048, batchMaxBlobs: 10_000, fetchMaxHashes: 10_000 });
  assert.equal(info.limits.longPollMaxMs, 30_000);
});

// The secret service's request limits (decision 016), in process on a real socket (no chain is
// reached on these paths): the rate per client address, the slow-client timeouts, and /v1/info.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Deployment } from '@proofgrid/sdk';
import { zServiceLimits } from '@proofgrid/sdk/api';
import pino from 'pino';
import { type SecretService, startSecretService } from '../src/createSecretService.ts';

const zero = '0x0000000000000000000000000000000000000000' as const;
const deployment = {
  chainId: 31337,
  rpcUrl: 'http://127.0.0.1:9',
  token: zero,
  hub: zero,
  poco: zero,
  apps: zero,
  datasets: zero,
  workerpools: zero,
  startBlock: 0n,
} as unknown as Deployment;

describe('secret service limits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secrets-limits-'));
  let service: SecretService;
  let port: number;
  before(async () => {
    service = await startSecretService({
      deployment,
      dataDir: dir,
      logger: pino({ level: 'silent' }),
      limits: { rate: { ip: { perSecond: 2, burst: 3 }, loopback: true }, timeouts: { headersMs: 300, requestMs: 1000 } },
    });
    port = Number(new URL(service.url).port);
  });
  after(async () => {
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  /** A request from `from` (a loopback address of its own). */
  const call = (path: string, from: string, body?: string) =>
    new Promise<{ status: number; retryAfter?: string; json: Record<string, unknown> }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path, method: body ? 'POST' : 'GET', localAddress: from, headers: { connection: 'close' } },
        (res) => {
          let out = '';
          res.on('data', (d) => (out += d));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, json: JSON.parse(out) }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  test('GET /v1/info reports the limits: the body size, the rate per address (no worker rule here), the timeouts', async () => {
    const { json } = await call('/v1/info', '127.0.0.4');
    const limits = zServiceLimits.parse(json.limits);
    assert.deepEqual(limits.body, { json: 64 << 10 });
    assert.equal(limits.rate.worker, undefined);
    assert.deepEqual(limits.rate.ip, { perSecond: 2, burst: 3 });
    assert.equal(limits.timeouts.headersMs, 300);
    assert.equal(limits.timeouts.requestMs, 1000);
  });

  test('a client address past its burst gets 429 RateLimited with retry-after; another address is served', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call('/v1/info', '127.0.0.2')).status);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    // Refused before its body is read or checked: a key request is 429, not a signature error.
    const refused = await call('/v1/keys/request', '127.0.0.2', '{}');
    assert.equal(refused.status, 429);
    assert.equal(refused.retryAfter, '1');
    const error = refused.json.error as { code: string; details: Record<string, unknown> };
    assert.equal(error.code, 'RateLimited');
    assert.deepEqual(Object.keys(error.details).sort(), ['burst', 'limit', 'retryAfterMs', 'scope', 'windowMs']);
    assert.equal((await call('/v1/info', '127.0.0.3')).status, 200);
  });

  test('a client that never finishes its headers is cut off', async () => {
    const started = Date.now();
    const answer = await new Promise<string>((resolve) => {
      const socket = new Socket();
      let out = '';
      let timer: ReturnType<typeof setInterval> | undefined;
      socket.on('data', (d) => (out += d));
      socket.on('error', () => {});
      socket.on('close', () => {
        clearInterval(timer);
        resolve(out);
      });
      socket.connect(port, '127.0.0.1', () => {
        socket.write('POST /v1/keys/request HTTP/1.1\r\nHost: x\r\n');
        timer = setInterval(() => socket.writable && socket.write('X-Pad: a\r\n'), 100);
      });
    });
    assert.match(answer, /^HTTP\/1\.1 408/);
    assert.ok(Date.now() - started < 3000, `closed after ${Date.now() - started} ms`);
  });
});

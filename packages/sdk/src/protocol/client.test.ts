import assert from 'node:assert/strict';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { sha256 } from 'viem';
import { ApiError } from '../api/ApiError.ts';
import { ProofgridError } from '../errors/ProofgridError.ts';
import { createWorkerProtocolClient } from './client.ts';
import { addr, b32, sampleKey, sampleLease } from './fixtures.ts';
import { frame, unframe } from './frames.ts';

/** A tiny scheduler: just enough of each route, plus switches to answer wrongly. */
const TOKEN = 't'.repeat(48);
const seen: { method: string; url: string; auth?: string; body: Buffer }[] = [];
const mode = { leaseShape: 'ok' as 'ok' | 'broken', blobBytes: 'ok' as 'ok' | 'corrupt', challengeShape: 'ok' as 'ok' | 'broken' };
const challenge = { nonce: b32(1), expiresAt: 2_000, serverTime: 1_000, workerpool: '1', scheduler: addr(5), chainId: 31337, hub: addr(6) };
const stored = new Map<string, Buffer>();
const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
const refuse = (res: ServerResponse, status: number, code: string, details = {}) =>
  json(res, status, { error: { code, message: `refused: ${code}`, details } });

async function handle(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks);
  const url = req.url ?? '';
  seen.push({ method: req.method ?? '', url, auth: req.headers.authorization, body });
  if (url === '/v1/workers/challenge') return json(res, 200, { ...challenge, ...(mode.challengeShape === 'broken' ? { chainId: 0 } : {}) });
  if (url === '/v1/workers/register') {
    const r = JSON.parse(body.toString()) as { nonce: string };
    if (r.nonce === b32(9)) return refuse(res, 401, 'RegistrationReplayed');
    return json(res, 200, { token: TOKEN, leaseTtlMs: 2000, heartbeatMs: 500, workerpool: '1' });
  }
  if (url.startsWith('/v1/blobs/')) {
    if (url === '/v1/blobs/fetch') {
      const { hashes } = JSON.parse(body.toString()) as { hashes: string[] };
      const found = hashes.map((h) => stored.get(h));
      if (found.some((b) => !b)) return refuse(res, 404, 'BlobNotFound');
      return res.writeHead(200).end(frame(found as Buffer[]));
    }
    if (url === '/v1/blobs/batch') {
      const hashes = unframe(new Uint8Array(body)).map((b) => {
        const h = sha256(b);
        stored.set(h, Buffer.from(b));
        return h;
      });
      return json(res, 201, { hashes });
    }
    const bytes = stored.get(url.slice('/v1/blobs/'.length));
    if (!bytes) return refuse(res, 404, 'BlobNotFound');
    return res.writeHead(200).end(mode.blobBytes === 'ok' ? bytes : Buffer.from('corrupt'));
  }
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return refuse(res, 401, 'WorkerUnauthorized');
  if (url === '/v1/workers/heartbeat')
    return json(res, 200, { ok: true, leases: (JSON.parse(body.toString()) as { leases?: number[] }).leases?.length ?? 0 });
  if (url === '/v1/leases/next')
    return json(res, 200, { lease: mode.leaseShape === 'ok' ? sampleLease() : { ...sampleLease(), tasks: 'none' } });
  const m = /^\/v1\/leases\/(\d+)\/(results|done|fail)$/.exec(url);
  if (m?.[1] === '7') return json(res, 200, { ok: true });
  if (m) return refuse(res, 404, 'LeaseNotFound');
  return res.writeHead(502, { 'content-type': 'text/html' }).end('<html>bad gateway</html>');
}

describe('worker protocol client', () => {
  const server = createServer((req, res) => void handle(req, res).catch((err: unknown) => refuse(res, 500, `TestServer: ${String(err)}`)));
  let baseUrl = '';
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));
  const registration = {
    address: addr(7),
    resources: { cpus: 1, memoryMb: 512 },
    nonce: b32(1),
    workerpool: '1',
    scheduler: addr(5),
    chainId: 31337,
    signature: '0x01' as const,
  };

  test('register keeps the token; later calls send it as a bearer token', async () => {
    const c = createWorkerProtocolClient({ baseUrl });
    assert.equal(c.token, undefined);
    await assert.rejects(
      c.heartbeat({ leases: [] }),
      (e: unknown) => e instanceof ApiError && e.code === 'WorkerUnauthorized' && e.status === 401,
    );
    const r = await c.register(registration);
    assert.deepEqual(r, { token: TOKEN, leaseTtlMs: 2000, heartbeatMs: 500, workerpool: '1' });
    assert.equal(c.token, TOKEN);
    assert.deepEqual(await c.heartbeat({ leases: [1, 2] }), { ok: true, leases: 2 });
    assert.equal(seen.at(-1)!.auth, `Bearer ${TOKEN}`);
  });

  test('a lease is parsed: its deal key has bigints', async () => {
    const c = createWorkerProtocolClient({ baseUrl, token: TOKEN });
    const { lease } = await c.nextLease();
    assert.deepEqual(lease?.key, sampleKey);
    assert.equal(lease?.tasks.length, 2);
  });

  test('an answer off the protocol is ProtocolResponseInvalid, naming the route and the field', async () => {
    const c = createWorkerProtocolClient({ baseUrl, token: TOKEN });
    mode.leaseShape = 'broken';
    try {
      await assert.rejects(
        c.nextLease(),
        (e: unknown) =>
          e instanceof ApiError &&
          e.code === 'ProtocolResponseInvalid' &&
          /POST \/v1\/leases\/next/.test(e.message) &&
          /lease\.tasks/.test(e.message),
      );
    } finally {
      mode.leaseShape = 'ok';
    }
  });

  test('lease reports go to the lease path; a refusal keeps the service code', async () => {
    const c = createWorkerProtocolClient({ baseUrl, token: TOKEN });
    assert.deepEqual(await c.reportResults(7, { digests: [b32(1)], root: b32(2), usage: { maxRunTimeMs: 1, memoryPeakKb: 1 } }), {
      ok: true,
    });
    assert.deepEqual(await c.reportDone(7, { phase: 'contributed', tx: b32(3) }), { ok: true });
    assert.deepEqual(await c.reportFail(7, { code: 'AppExitNonZero', message: 'exit 1' }), { ok: true });
    assert.equal(seen.at(-1)!.url, '/v1/leases/7/fail');
    await assert.rejects(
      c.reportDone(8, { phase: 'pushed', tx: b32(3) }),
      (e: unknown) => e instanceof ApiError && e.code === 'LeaseNotFound' && e.status === 404,
    );
  });

  test('a request off the protocol is refused before it is sent', async () => {
    const c = createWorkerProtocolClient({ baseUrl, token: TOKEN });
    const before = seen.length;
    await assert.rejects(
      c.reportDone(7, { phase: 'finished' as never, tx: b32(3) }),
      (e: unknown) => e instanceof ProofgridError && e.code === 'ProtocolRequestInvalid' && e.kind === 'internal',
    );
    await assert.rejects(
      c.reportFail(7, { code: 'X', message: 'm'.repeat(2000) }),
      (e: unknown) => e instanceof ProofgridError && e.code === 'ProtocolRequestInvalid',
    );
    assert.equal(seen.length, before);
  });

  test('a challenge is parsed (one off the protocol is refused); a replayed registration keeps its code and the token', async () => {
    const c = createWorkerProtocolClient({ baseUrl, token: TOKEN });
    assert.deepEqual(await c.challenge(), challenge);
    mode.challengeShape = 'broken';
    try {
      await assert.rejects(c.challenge(), (e: unknown) => e instanceof ApiError && e.code === 'ProtocolResponseInvalid');
    } finally {
      mode.challengeShape = 'ok';
    }
    await assert.rejects(
      c.register({ ...registration, nonce: b32(9) }),
      (e: unknown) => e instanceof ApiError && e.code === 'RegistrationReplayed' && e.status === 401,
    );
    assert.equal(c.token, TOKEN, 'a refused registration leaves the token in use');
  });

  test('blobs: stored in one batch, fetched and verified against their hash', async () => {
    const c = createWorkerProtocolClient({ baseUrl, token: TOKEN });
    const blobs = [new Uint8Array([1, 2, 3]), new TextEncoder().encode('result')];
    const hashes = await c.putBlobs(blobs);
    assert.deepEqual(
      hashes,
      blobs.map((b) => sha256(b)),
    );
    assert.deepEqual(await c.getBlob(hashes[1]!), blobs[1]);
    mode.blobBytes = 'corrupt';
    try {
      await assert.rejects(c.getBlob(hashes[1]!), (e: unknown) => e instanceof ApiError && e.code === 'BlobHashMismatch');
    } finally {
      mode.blobBytes = 'ok';
    }
    await assert.rejects(c.getBlob(b32(99)), (e: unknown) => e instanceof ApiError && e.code === 'BlobNotFound' && e.status === 404);
    assert.deepEqual(unframe(frame(blobs)), blobs);
  });

  test('blobs fetched many at once: each distinct hash asked for once, answered in the order asked', async () => {
    const c = createWorkerProtocolClient({ baseUrl, token: TOKEN });
    const blobs = [new TextEncoder().encode('a'), new TextEncoder().encode('b')];
    const [a, b] = (await c.putBlobs(blobs)) as [`0x${string}`, `0x${string}`];
    seen.length = 0;
    const got = await c.getBlobs([a, b, a, a]);
    assert.deepEqual(
      got.map((x) => new TextDecoder().decode(x)),
      ['a', 'b', 'a', 'a'],
    );
    assert.deepEqual(JSON.parse(seen.at(-1)!.body.toString()), { hashes: [a, b] });
  });

  test('a non-JSON error page and an unreachable scheduler are typed too', async () => {
    const c = createWorkerProtocolClient({ baseUrl: `${baseUrl}nowhere`, token: TOKEN });
    await assert.rejects(c.nextLease(), (e: unknown) => e instanceof ApiError && e.code === 'Http502' && e.status === 502);
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const gone = createWorkerProtocolClient({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN });
    await assert.rejects(gone.heartbeat(), (e: unknown) => e instanceof ApiError && e.code === 'ServiceUnreachable' && e.status === 0);
  });
});

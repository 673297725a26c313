import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Hono } from 'hono';
import { MAX_JSON_BYTES, bodyLimits } from './server.ts';

/** Routes that read their whole body, behind the limits (blobs of at most 1 KiB). */
function app() {
  const a = new Hono();
  a.use('*', bodyLimits(1024));
  const echo = async (c: { req: { arrayBuffer(): Promise<ArrayBuffer> }; json(v: unknown): Response }) =>
    c.json({ bytes: (await c.req.arrayBuffer()).byteLength });
  a.put('/v1/blobs/:hash', echo as never);
  a.post('/v1/blobs/batch', echo as never);
  a.post('/v1/workers/heartbeat', echo as never);
  return a;
}
const code = async (r: Response) => ((await r.json()) as { error: { code: string; details: { limit: number } } }).error;
/** A body sent without Content-Length, as chunks: the limit must hold while it streams. */
function stream(total: number, chunk = 4096) {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(ctl) {
      if (sent >= total) return ctl.close();
      const n = Math.min(chunk, total - sent);
      sent += n;
      ctl.enqueue(new Uint8Array(n));
    },
  });
}

test('a JSON route refuses a body whose Content-Length is over its limit', async () => {
  const a = app();
  const big = new Uint8Array(MAX_JSON_BYTES + 1);
  const declared = await a.request('/v1/workers/heartbeat', {
    method: 'POST',
    body: big,
    headers: { 'content-length': String(big.length) },
  });
  assert.equal(declared.status, 413);
  const error = await code(declared);
  assert.equal(error.code, 'RequestTooLarge');
  assert.deepEqual(error.details, { limit: MAX_JSON_BYTES });
});

test('a streamed body past the limit is refused; within it, it is read whole', async () => {
  const a = app();
  const over = await a.request('/v1/workers/heartbeat', {
    method: 'POST',
    body: stream(MAX_JSON_BYTES + 10),
    duplex: 'half',
  } as RequestInit);
  assert.equal(over.status, 413);
  assert.equal((await code(over)).code, 'RequestTooLarge');
  const ok = await a.request('/v1/workers/heartbeat', { method: 'POST', body: stream(10_000), duplex: 'half' } as RequestInit);
  assert.deepEqual(await ok.json(), { bytes: 10_000 });
});

test('blob routes take up to the store limit (a batch twice that), refused past it as BlobTooLarge', async () => {
  const a = app();
  const put = (n: number) => a.request(`/v1/blobs/0x${'ab'.repeat(32)}`, { method: 'PUT', body: new Uint8Array(n) });
  assert.deepEqual(await (await put(1024)).json(), { bytes: 1024 });
  const refused = await put(1025);
  assert.equal(refused.status, 413);
  assert.deepEqual((await code(refused)).details, { limit: 1024 });
  assert.equal((await code(await put(1025))).code, 'BlobTooLarge');
  const batch = (n: number) => a.request('/v1/blobs/batch', { method: 'POST', body: new Uint8Array(n) });
  assert.equal((await batch(2048)).status, 200);
  assert.equal((await batch(2049)).status, 413);
});

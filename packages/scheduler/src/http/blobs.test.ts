import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Hono } from 'hono';
import { unframe } from '@proofgrid/sdk/protocol';
import { createBlobStore } from '../blobStore.ts';
import { ServiceError } from '../errors.ts';
import { blobRoutes } from './routes/blobs.ts';

/** The content-store routes over a real store on disk, with blobs of at most 1 KiB (answers of at most 2 KiB). */
function setup() {
  const blobs = createBlobStore({ dir: mkdtempSync(join(tmpdir(), 'pg-blobs-')), maxBytes: 1024 });
  const app = new Hono();
  app.onError((e, c) => (e instanceof ServiceError ? c.json(e.toJSON(), e.status as never) : c.json({ error: String(e) }, 500)));
  blobRoutes(app, blobs);
  const fetchMany = (hashes: string[]) =>
    app.request('/v1/blobs/fetch', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hashes }) });
  return { blobs, fetchMany };
}

test('a fetch whose answer would exceed the limit (one blob asked for again and again) is refused before anything is read', async () => {
  const { blobs, fetchMany } = setup();
  const { hash } = blobs.put(new Uint8Array(1000).fill(7));
  const res = await fetchMany([hash, hash, hash]);
  assert.equal(res.status, 413);
  const { error } = (await res.json()) as { error: { code: string; details: { limit: number; requested: number } } };
  assert.equal(error.code, 'BlobFetchTooLarge');
  assert.deepEqual(error.details, { limit: 2048, requested: 3000 });
});

test('within the limit, repeats are answered in request order, each blob read once', async () => {
  const { blobs, fetchMany } = setup();
  const a = blobs.put(new Uint8Array(600).fill(1)).hash;
  const b = blobs.put(new Uint8Array(10).fill(2)).hash;
  const res = await fetchMany([a, b, a]);
  assert.equal(res.status, 200);
  const parts = unframe(new Uint8Array(await res.arrayBuffer()));
  assert.deepEqual(
    parts.map((p) => [p.length, p[0]]),
    [
      [600, 1],
      [10, 2],
      [600, 1],
    ],
  );
});

test('a missing blob in a fetch is BlobNotFound (404), not a crash', async () => {
  const { fetchMany } = setup();
  const res = await fetchMany([`0x${'ab'.repeat(32)}`]);
  assert.equal(res.status, 404);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'BlobNotFound');
});

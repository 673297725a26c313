// Decision 018: a private blob (a task list or a task's input file stored with x-proofgrid-private)
// is served only to a registered worker holding a live lease of a deal whose task list is the blob
// or names it; anyone else is told BlobNotFound (404), as for a blob the store does not hold.
// A real store (SQLite in memory), the real engine and HTTP app; the chain is never reached.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { unframe } from '@proofgrid/sdk/protocol';
import { createSchedulerHarness } from './testHarness.ts';

const zero = '0x0000000000000000000000000000000000000000' as const;
const { app, store, engine } = createSchedulerHarness({ name: 'scheduler-private-blobs' });

const bytes = (s: string) => new TextEncoder().encode(s);
const put = async (body: Uint8Array, hidden: 'header' | 'query' | false) => {
  const res = await app.fetch(
    new Request(`http://scheduler/v1/blobs${hidden === 'query' ? '?private=1' : ''}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream', ...(hidden === 'header' ? { 'x-proofgrid-private': '1' } : {}) },
      body: body as BodyInit,
    }),
  );
  assert.equal(res.status, 201);
  return (await res.json()) as { hash: `0x${string}`; size: number; private: boolean };
};
const auth = (token?: string): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
const get = (hash: string, token?: string, method = 'GET') =>
  app.fetch(new Request(`http://scheduler/v1/blobs/${hash}`, { method, headers: auth(token) }));
const fetchMany = (hashes: string[], token?: string) =>
  app.fetch(
    new Request('http://scheduler/v1/blobs/fetch', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth(token) },
      body: JSON.stringify({ hashes }),
    }),
  );
const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

/** A running deal whose params name `tasks`, one batch, and a worker leasing it (plus one without a lease). */
async function setup() {
  const input = await put(bytes('secret input'), 'header');
  const list = await put(bytes(JSON.stringify({ version: 1, tasks: [{ args: [], files: { 'in.txt': input.hash } }] })), 'query');
  const pub = await put(bytes('public bytes'), false);
  const dealId = `0x${'99'.repeat(32)}` as const;
  const batchId = `0x${'44'.repeat(32)}` as const;
  store.deals.insert({
    deal_id: dealId,
    request_hash: dealId,
    requester: zero,
    key: '{}',
    app_uri: 'blob:x',
    module_hash: `0x${'22'.repeat(32)}`,
    app_memory_mb: 16,
    params: JSON.stringify({ tasks: list.hash }),
    category_max_s: 60,
    trust: 1,
    volume: 1,
    status: 'running',
    unmatched: null,
    match_tx: `0x${'33'.repeat(32)}`,
    created_at: Date.now(),
  });
  store.batches.insert(batchId, dealId, 0, 1, 1, Date.now());
  const leaser = `0x${'b2'.repeat(20)}` as const;
  const idle = `0x${'c3'.repeat(20)}` as const;
  store.workers.upsert(leaser, 'leaser', '{}', 'leaser-token', Date.now());
  store.workers.upsert(idle, 'idle', '{}', 'idle-token', Date.now());
  const leaseId = store.leases.grant(batchId, leaser, Date.now() + 5000, Date.now());
  return { input, list, pub, leaseId };
}

describe('private blobs are served only to the workers of their deal', async () => {
  after(() => engine.stop());
  const s = await setup();
  const secret = [s.input.hash, s.list.hash];

  test('an upload marked private (header or query) is answered private; a later public upload leaves it private', async () => {
    assert.equal(s.input.private, true);
    assert.equal(s.list.private, true);
    assert.equal(s.pub.private, false);
    assert.equal((await put(bytes('secret input'), false)).private, true, 'sticky');
    assert.equal((await put(bytes('public bytes'), 'header')).private, false, 'bytes already public stay public');
    assert.equal((await get(s.pub.hash)).status, 200);
  });

  test('anonymous: 404 BlobNotFound on GET, fetch and HEAD, as for a blob the store does not hold', async () => {
    for (const h of secret) {
      const res = await get(h);
      assert.equal(res.status, 404);
      assert.equal(await codeOf(res), 'BlobNotFound');
      assert.equal((await get(h, undefined, 'HEAD')).status, 404);
      const many = await fetchMany([s.pub.hash, h]);
      assert.equal(many.status, 404);
      assert.equal(await codeOf(many), 'BlobNotFound');
    }
  });

  test('a forged token and a registered worker without a lease of the deal: refused the same way', async () => {
    for (const token of ['forged', 'idle-token'])
      for (const h of secret) {
        assert.equal((await get(h, token)).status, 404);
        assert.equal((await fetchMany([h], token)).status, 404);
      }
  });

  test("the worker holding a live lease of the deal reads the task list and the task's file; public blobs unchanged", async () => {
    for (const h of secret) {
      const res = await get(h, 'leaser-token');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'private, no-store');
      assert.equal((await get(h, 'leaser-token', 'HEAD')).status, 200);
    }
    const many = await fetchMany([s.list.hash, s.input.hash, s.pub.hash], 'leaser-token');
    assert.equal(many.status, 200);
    assert.deepEqual(
      unframe(new Uint8Array(await many.arrayBuffer()))
        .map((b) => new TextDecoder().decode(b))
        .slice(1),
      ['secret input', 'public bytes'],
    );
    const pub = await get(s.pub.hash);
    assert.equal(pub.status, 200);
    assert.equal(pub.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  });

  test('once its lease is no longer live, the worker is refused too', async () => {
    store.leases.update(s.leaseId, 'expired', {});
    for (const h of secret) assert.equal((await get(h, 'leaser-token')).status, 404);
  });
});

// The content store: small blobs as SQLite rows, large ones as files, the same rules for both.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SMALL_BLOB_BYTES, createBlobStore } from './blobStore.ts';

const dir = mkdtempSync(join(tmpdir(), 'blob-store-'));
const store = createBlobStore({ dir, maxBytes: 1 << 20 });
after(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});
const hashOf = (b: Uint8Array) => `0x${createHash('sha256').update(b).digest('hex')}`;
const filled = (n: number, v: number) => new Uint8Array(n).fill(v);

for (const [kind, size] of [
  ['small (a row)', 100],
  ['large (a file)', SMALL_BLOB_BYTES + 1],
] as const) {
  test(`${kind}: stored by its hash, read back, sized, checked on the way in`, () => {
    const bytes = filled(size, 1);
    const h = hashOf(bytes);
    assert.equal(store.has(h), false);
    assert.deepEqual(store.put(bytes, h), { hash: h, size, private: false });
    assert.equal(store.has(h), true);
    assert.equal(store.size(h), size);
    assert.deepEqual(new Uint8Array(store.get(h)), bytes);
    assert.equal(existsSync(join(dir, h.slice(2))), size > SMALL_BLOB_BYTES, 'a file only for a large blob');
    assert.throws(() => store.put(filled(size, 2), h), { code: 'BlobHashMismatch' });
    assert.throws(() => store.get(`0x${'00'.repeat(32)}`), { code: 'BlobNotFound' });
    assert.throws(() => store.has('../etc/passwd'), { code: 'BlobHashInvalid' });
  });

  test(`${kind}: private is sticky; a private upload of public bytes leaves them public`, () => {
    const hidden = filled(size, 3);
    assert.equal(store.put(hidden, undefined, { private: true }).private, true);
    assert.equal(store.put(hidden).private, true, 'a later public upload leaves it private');
    assert.equal(store.isPrivate(hashOf(hidden)), true);
    const open = filled(size, 4);
    store.put(open);
    assert.equal(store.put(open, undefined, { private: true }).private, false);
    assert.equal(store.isPrivate(hashOf(open)), false);
  });
}

test('putMany stores a batch (small and large) in one go and answers in order', () => {
  const blobs = [filled(10, 5), filled(SMALL_BLOB_BYTES + 5, 6), filled(20, 7)];
  const stored = store.putMany(blobs);
  assert.deepEqual(
    stored.map((s) => s.hash),
    blobs.map(hashOf),
  );
  for (const b of blobs) assert.deepEqual(new Uint8Array(store.get(hashOf(b))), b);
  assert.throws(() => store.putMany([filled(10, 8), filled(2 << 20, 9)]), { code: 'BlobTooLarge' });
  assert.equal(store.has(hashOf(filled(10, 8))), false, 'a refused batch stores none of its small blobs');
});

import type { Hono } from 'hono';
import { frame, unframe, zBlobFetch } from '@proofgrid/sdk/protocol';
import type { BlobStore } from '../../blobStore.ts';
import { ServiceError } from '../../errors.ts';
import { bodyOf } from '../body.ts';

/** The most bytes one `POST /v1/blobs/fetch` answer may carry (repeats counted): twice the largest blob. */
export const maxFetchBytesOf = (blobs: BlobStore) => 2 * blobs.maxBytes;

/** The content store: every blob checked against its sha256 address. */
export function blobRoutes(app: Hono, blobs: BlobStore, { maxFetchBytes = maxFetchBytesOf(blobs) } = {}) {
  type Ctx = { req: { arrayBuffer(): Promise<ArrayBuffer> } };
  const putBlob = async (c: Ctx, claimed?: string) => blobs.put(new Uint8Array(await c.req.arrayBuffer()), claimed);
  app.put('/v1/blobs', async (c) => c.json(await putBlob(c), 201));
  app.put('/v1/blobs/:hash', async (c) => c.json(await putBlob(c, c.req.param('hash')), 201));
  app.post('/v1/blobs/batch', async (c) => {
    let parts: Uint8Array[];
    try {
      parts = unframe(new Uint8Array(await c.req.arrayBuffer()));
    } catch (e) {
      throw new ServiceError('BlobBatchInvalid', `malformed blob batch: ${(e as Error).message}`, 400);
    }
    if (parts.length > 10_000) throw new ServiceError('BlobBatchInvalid', `at most 10,000 blobs per batch, got ${parts.length}`, 413);
    return c.json({ hashes: parts.map((b) => blobs.put(b).hash) }, 201);
  });
  app.post('/v1/blobs/fetch', async (c) => {
    const { hashes } = await bodyOf(c, zBlobFetch, 'BlobBatchInvalid', 'expected { hashes: string[] } with at most 10,000 hashes');
    // The answer's size is known before anything is read: a request for more than the limit (one large
    // blob asked for many times, say) is refused instead of being framed into memory.
    const unique = [...new Set(hashes.map((h) => h.toLowerCase()))];
    const sizes = new Map(unique.map((h) => [h, blobs.has(h) ? blobs.size(h) : 0]));
    const total = hashes.reduce((n, h) => n + (sizes.get(h.toLowerCase()) ?? 0), 0);
    if (total > maxFetchBytes)
      throw new ServiceError('BlobFetchTooLarge', `the answer would carry ${total} bytes; the limit is ${maxFetchBytes}`, 413, {
        limit: maxFetchBytes,
        requested: total,
      });
    const read = new Map<string, Buffer>();
    const blobOf = (h: string) => read.get(h) ?? read.set(h, blobs.get(h)).get(h)!;
    return c.body(frame(hashes.map((h) => blobOf(h.toLowerCase()))) as never, 200, { 'content-type': 'application/octet-stream' });
  });
  app.get('/v1/blobs/:hash', (c) => {
    const bytes = blobs.get(c.req.param('hash'));
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': 'application/octet-stream',
      'cache-control': 'public, max-age=31536000, immutable',
    });
  });
  app.on('HEAD', '/v1/blobs/:hash', (c) => (blobs.has(c.req.param('hash')) ? c.body(null, 200) : c.body(null, 404)));
}

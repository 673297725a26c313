import type { Hono } from 'hono';
import { frame, unframe, zBlobFetch } from '@proofgrid/sdk/protocol';
import type { BlobStore } from '../../blobStore.ts';
import { ServiceError } from '../../errors.ts';
import { bodyOf } from '../body.ts';

/** The content store: every blob checked against its sha256 address. */
export function blobRoutes(app: Hono, blobs: BlobStore) {
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
    return c.body(frame(hashes.map((h) => blobs.get(h))) as never, 200, { 'content-type': 'application/octet-stream' });
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

import type { Hono } from 'hono';
import { frame, unframe, zBlobFetch } from '@proofgrid/sdk/protocol';
import type { BlobStore } from '../../blobStore.ts';
import { ServiceError } from '../../errors.ts';
import { bodyOf } from '../body.ts';

/** The most bytes one `POST /v1/blobs/fetch` answer may carry (repeats counted): twice the largest blob. */
export const maxFetchBytesOf = (blobs: BlobStore) => 2 * blobs.maxBytes;

/** Who may read what, per request (its authorization header): see engine/blobAccess.ts. Everyone reads everything without it. */
export type BlobReaderOf = (authorization: string | undefined) => (hash: string) => boolean;

type Req = { req: { header(name: string): string | undefined; query(name: string): string | undefined } };
/** An upload asks for a private blob with `x-proofgrid-private: 1` or `?private=1` (decision 018). */
const wantsPrivate = (c: Req) => c.req.header('x-proofgrid-private') === '1' || c.req.query('private') === '1';
const notFound = (hash: string) => new ServiceError('BlobNotFound', `no blob ${hash} in the content store`, 404, { hash });

/**
 * The content store: every blob checked against its sha256 address. A private blob (decision 018)
 * is answered only to the readers `readerOf` allows; anyone else is told BlobNotFound (404), as if
 * it were absent, so its existence is not revealed either.
 */
export function blobRoutes(
  app: Hono,
  blobs: BlobStore,
  { maxFetchBytes = maxFetchBytesOf(blobs), readerOf = (() => () => true) as BlobReaderOf } = {},
) {
  type Ctx = Req & { req: { arrayBuffer(): Promise<ArrayBuffer> } };
  const putBlob = async (c: Ctx, claimed?: string) =>
    blobs.put(new Uint8Array(await c.req.arrayBuffer()), claimed, { private: wantsPrivate(c) });
  /** The hash if this request may read it (and it exists), else BlobNotFound. */
  const readable = (mayRead: (hash: string) => boolean, hash: string) => {
    const h = hash.toLowerCase();
    if (blobs.has(h) && !mayRead(h)) throw notFound(hash);
    return h;
  };
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
    const hidden = wantsPrivate(c);
    return c.json({ hashes: blobs.putMany(parts, { private: hidden }).map((b) => b.hash) }, 201);
  });
  app.post('/v1/blobs/fetch', async (c) => {
    const { hashes } = await bodyOf(c, zBlobFetch, 'BlobBatchInvalid', 'expected { hashes: string[] } with at most 10,000 hashes');
    const mayRead = readerOf(c.req.header('authorization'));
    // The answer's size is known before anything is read: a request for more than the limit (one large
    // blob asked for many times, say) is refused instead of being framed into memory.
    const unique = [...new Set(hashes.map((h) => readable(mayRead, h)))];
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
    const hash = readable(readerOf(c.req.header('authorization')), c.req.param('hash'));
    const bytes = blobs.get(hash);
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': 'application/octet-stream',
      'cache-control': blobs.isPrivate(hash) ? 'private, no-store' : 'public, max-age=31536000, immutable',
    });
  });
  app.on('HEAD', '/v1/blobs/:hash', (c) => {
    const hash = c.req.param('hash');
    return blobs.has(hash) && readerOf(c.req.header('authorization'))(hash.toLowerCase()) ? c.body(null, 200) : c.body(null, 404);
  });
}

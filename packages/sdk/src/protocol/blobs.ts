import { type Hex, sha256 } from 'viem';
import { ApiError } from '../api/ApiError.ts';
import type { jsonCaller } from '../api/jsonCaller.ts';
import { frame, unframe } from './frames.ts';
import { parseAnswer } from './routes.ts';
import { zBlobHashes, zBlobStored } from './schemas.ts';

/** The content store's routes (binary bodies; every blob is named by its sha256). */
export const blobRoutes = {
  put: { method: 'PUT', path: '/v1/blobs' },
  putAt: { method: 'PUT', path: '/v1/blobs/:hash' },
  get: { method: 'GET', path: '/v1/blobs/:hash' },
  putMany: { method: 'POST', path: '/v1/blobs/batch' },
  getMany: { method: 'POST', path: '/v1/blobs/fetch' },
} as const;

const octets = { 'content-type': 'application/octet-stream' };

/**
 * Calls of the content store, shared by the market client and the worker protocol client: every
 * answer is parsed with its schema and every fetched blob verified against its hash. `auth` gives
 * the headers sent with every read (the worker's bearer token: a private blob is served only to
 * the workers of its deal, decision 018).
 */
export function blobCalls(
  base: string,
  fetchFn: typeof globalThis.fetch,
  call: ReturnType<typeof jsonCaller>,
  auth: () => Record<string, string> = () => ({}),
) {
  const unreachable = (cause: unknown) =>
    new ApiError(`cannot reach the market service at ${base}`, { code: 'ServiceUnreachable', status: 0, cause });
  /** A non-2xx answer of a binary route as an ApiError (its body may not be JSON). */
  const refused = async (res: Response, fallback: { code: string; message: string; details?: Record<string, unknown> }) => {
    const text = await res.text();
    let e: { code?: string; message?: string; details?: Record<string, unknown> } | undefined;
    try {
      e = (JSON.parse(text) as { error?: typeof e }).error;
    } catch {
      e = undefined; // not a JSON error envelope (a proxy's page): the fallback code says what failed
    }
    return new ApiError(e?.message ?? fallback.message, {
      code: e?.code ?? fallback.code,
      status: res.status,
      details: e?.details ?? fallback.details,
    });
  };
  const verify = (bytes: Uint8Array, hash: Hex) => {
    const actual = sha256(bytes);
    if (actual.toLowerCase() !== hash.toLowerCase()) {
      throw new ApiError(`blob ${hash} does not match its content hash (got ${actual})`, {
        code: 'BlobHashMismatch',
        status: 0,
        details: { hash, actual },
      });
    }
  };
  return {
    /**
     * Stores a blob; the service checks it against `hash` (sha256) and answers its address.
     * `private: true` stores it private (decision 018): served only to the workers holding a lease
     * of a deal whose task list is this blob or names it, everyone else told BlobNotFound; sticky.
     * Bytes already stored public stay public (the answer's `private` says which).
     */
    putBlob: async (bytes: Uint8Array, hash?: Hex, options: { private?: boolean } = {}) => {
      const path = hash ? blobRoutes.putAt.path.replace(':hash', hash) : blobRoutes.put.path;
      const headers = options.private ? { ...octets, 'x-proofgrid-private': '1' } : octets;
      return parseAnswer(zBlobStored, await call('PUT', path, undefined, { headers, body: bytes as BodyInit }), `PUT ${path}`);
    },
    /** Fetches a blob by content hash and verifies it (throws `BlobHashMismatch`). */
    getBlob: async (hash: Hex): Promise<Uint8Array> => {
      let res: Response;
      try {
        res = await fetchFn(`${base}${blobRoutes.get.path.replace(':hash', hash)}`, { headers: auth() });
      } catch (cause) {
        throw unreachable(cause);
      }
      if (!res.ok) throw await refused(res, { code: 'BlobNotFound', message: `blob ${hash} not found`, details: { hash } });
      const bytes = new Uint8Array(await res.arrayBuffer());
      verify(bytes, hash);
      return bytes;
    },
    /** Stores many blobs in one request (length-prefixed frames); answers their hashes in order. */
    putBlobs: async (blobs: Uint8Array[]): Promise<Hex[]> => {
      const answer = await call('POST', blobRoutes.putMany.path, undefined, { headers: octets, body: frame(blobs) as BodyInit });
      const { hashes } = parseAnswer(zBlobHashes, answer, `POST ${blobRoutes.putMany.path}`);
      if (hashes.length !== blobs.length)
        throw new ApiError(`stored ${blobs.length} blobs, got ${hashes.length} hashes`, { code: 'BlobBatchInvalid', status: 200 });
      return hashes;
    },
    /** Fetches many blobs in one request (each distinct hash asked once) and verifies each against its hash. */
    getBlobs: async (wanted: Hex[]): Promise<Uint8Array[]> => {
      const hashes = [...new Set(wanted.map((h) => h.toLowerCase() as Hex))];
      let res: Response;
      try {
        res = await fetchFn(`${base}${blobRoutes.getMany.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...auth() },
          body: JSON.stringify({ hashes }),
        });
      } catch (cause) {
        throw unreachable(cause);
      }
      if (!res.ok) throw await refused(res, { code: `Http${res.status}`, message: 'blob fetch failed' });
      const blobs = unframe(new Uint8Array(await res.arrayBuffer()));
      if (blobs.length !== hashes.length)
        throw new ApiError(`asked ${hashes.length} blobs, got ${blobs.length}`, { code: 'BlobBatchInvalid', status: 0 });
      for (const [i, b] of blobs.entries()) verify(b, hashes[i] as Hex);
      const byHash = new Map(hashes.map((h, i) => [h, blobs[i] as Uint8Array]));
      return wanted.map((h) => byHash.get(h.toLowerCase() as Hex) as Uint8Array);
    },
  };
}

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceError } from './errors.ts';

export type BlobStore = ReturnType<typeof createBlobStore>;

/**
 * A content-addressed store on disk: blobs are named by their sha256 and checked on the way in
 * (a blob whose bytes do not match the hash it is stored under is refused). A blob first stored
 * private (C3, decision 018) has a marker file `<hash>.private` next to it, written before the
 * blob: private is sticky (a later public upload of the same bytes leaves it private), and a
 * private upload of bytes already stored public leaves them public (they were readable already,
 * and hiding them would take a public blob, an app's module say, away from its readers).
 */
export function createBlobStore({ dir, maxBytes = 64 << 20 }: { dir: string; maxBytes?: number }) {
  mkdirSync(dir, { recursive: true });
  const pathOf = (hash: string) => {
    if (!/^0x[0-9a-f]{64}$/.test(hash))
      throw new ServiceError('BlobHashInvalid', `"${hash}" is not a sha256 content hash (0x + 64 lowercase hex)`, 400);
    return join(dir, hash.slice(2));
  };
  return {
    dir,
    maxBytes,
    put(bytes: Uint8Array, claimed?: string, { private: hidden = false } = {}): { hash: `0x${string}`; size: number; private: boolean } {
      if (bytes.length > maxBytes)
        throw new ServiceError('BlobTooLarge', `blob of ${bytes.length} bytes exceeds the ${maxBytes}-byte limit`, 413);
      const hash = `0x${createHash('sha256').update(bytes).digest('hex')}` as const;
      if (claimed !== undefined && claimed.toLowerCase() !== hash) {
        throw new ServiceError('BlobHashMismatch', `content hashes to ${hash}, not ${claimed}`, 422, { claimed, actual: hash });
      }
      const path = pathOf(hash);
      if (!existsSync(path)) {
        if (hidden) writeFileSync(`${path}.private`, '');
        const tmp = `${path}.${process.pid}.tmp`;
        writeFileSync(tmp, bytes);
        renameSync(tmp, path);
      }
      return { hash, size: bytes.length, private: existsSync(`${path}.private`) };
    },
    /** Whether the blob was first stored private (served only to the workers of its deals). */
    isPrivate(hash: string): boolean {
      return existsSync(`${pathOf(hash.toLowerCase())}.private`);
    },
    get(hash: string): Buffer {
      const path = pathOf(hash.toLowerCase());
      if (!existsSync(path)) throw new ServiceError('BlobNotFound', `no blob ${hash} in the content store`, 404, { hash });
      return readFileSync(path);
    },
    has(hash: string): boolean {
      return existsSync(pathOf(hash.toLowerCase()));
    },
    size(hash: string): number {
      return statSync(pathOf(hash.toLowerCase())).size;
    },
  };
}

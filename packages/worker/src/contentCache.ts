import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MarketClient } from '@proofgrid/sdk/api';

export class ContentHashMismatchError extends Error {
  override name = 'ContentHashMismatchError';
  readonly code = 'ContentHashMismatch';
}

/**
 * The worker's cache of apps and inputs (X6): by sha256, on disk, checked on the way in and
 * kept in memory for hot modules. A fetched blob that does not match its hash is refused.
 */
export function createContentCache({ dir, market }: { dir: string; market: MarketClient }) {
  mkdirSync(dir, { recursive: true });
  const memory = new Map<string, Uint8Array>();
  let hits = 0;
  let misses = 0;
  const sha = (b: Uint8Array) => `0x${createHash('sha256').update(b).digest('hex')}`;
  return {
    async get(hash: string, uri?: string): Promise<Uint8Array> {
      const h = hash.toLowerCase();
      const hot = memory.get(h);
      if (hot) {
        hits++;
        return hot;
      }
      const path = join(dir, h.slice(2));
      let bytes: Uint8Array | undefined;
      if (existsSync(path)) {
        bytes = readFileSync(path);
        if (sha(bytes) !== h) bytes = undefined; // corrupted on disk: fetch again
        else hits++;
      }
      if (!bytes) {
        misses++;
        if (uri && /^https?:\/\//.test(uri)) {
          const res = await fetch(uri);
          if (!res.ok) throw new Error(`cannot fetch ${uri}: HTTP ${res.status}`);
          bytes = new Uint8Array(await res.arrayBuffer());
        } else {
          bytes = await market.getBlob(h as `0x${string}`).catch((e) => {
            if ((e as { code?: string }).code === 'BlobHashMismatch') throw new ContentHashMismatchError((e as Error).message);
            throw e;
          });
        }
        const actual = sha(bytes);
        if (actual !== h) throw new ContentHashMismatchError(`content from ${uri ?? 'the store'} hashes to ${actual}, not ${h}: refused`);
        writeFileSync(`${path}.tmp`, bytes);
        renameSync(`${path}.tmp`, path);
      }
      if (memory.size > 64) memory.delete(memory.keys().next().value as string);
      memory.set(h, bytes);
      return bytes;
    },
    stats: () => ({ hits, misses }),
  };
}

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProofgridError } from '@proofgrid/sdk/errors';
import type { WorkerProtocolClient } from '@proofgrid/sdk/protocol';

/** Content that does not hash to its address (every worker would fail the same way). */
export class ContentHashMismatchError extends ProofgridError {
  override name = 'ContentHashMismatchError';
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'ContentHashMismatch', cause });
  }
}

/**
 * The worker's cache of apps and inputs (X6): by sha256, on disk, checked on the way in and
 * kept in memory for hot modules. A fetched blob that does not match its hash is refused.
 */
export function createContentCache({ dir, market }: { dir: string; market: Pick<WorkerProtocolClient, 'getBlob'> }) {
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
        if (sha(bytes) !== h)
          bytes = undefined; // corrupted on disk: fetch again
        else hits++;
      }
      if (!bytes) {
        misses++;
        if (uri && /^https?:\/\//.test(uri)) {
          const res = await fetch(uri);
          if (!res.ok)
            throw new ProofgridError(`cannot fetch ${uri}: HTTP ${res.status}`, {
              code: `Http${res.status}`,
              kind: res.status >= 500 ? 'platform' : 'user',
            });
          bytes = new Uint8Array(await res.arrayBuffer());
        } else {
          bytes = await market.getBlob(h as `0x${string}`).catch((e) => {
            if ((e as { code?: string }).code === 'BlobHashMismatch') throw new ContentHashMismatchError((e as Error).message, e);
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

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ServiceError } from './errors.ts';

export type BlobStore = ReturnType<typeof createBlobStore>;

/**
 * Blobs up to this size live in one SQLite file (`<dir>/small.sqlite`), larger ones as files.
 * Most blobs are small (a task's result, a task list), and a row costs a fraction of the open,
 * write, close and rename a file costs; a batch of them is one transaction (`putMany`).
 */
export const SMALL_BLOB_BYTES = 64 * 1024;

type Stored = { hash: `0x${string}`; size: number; private: boolean };

/**
 * A content-addressed store: blobs are named by their sha256 and checked on the way in (a blob
 * whose bytes do not match the hash it is stored under is refused). Small blobs are rows, large
 * ones files named by the hash (written to a temporary name, then renamed). A blob first stored
 * private (C3, decision 018) is marked so before it is readable (a `private` column, or a marker
 * file `<hash>.private` written before the blob file): private is sticky (a later public upload of
 * the same bytes leaves it private), and a private upload of bytes already stored public leaves
 * them public (they were readable already, and hiding them would take a public blob, an app's
 * module say, away from its readers).
 */
export function createBlobStore({ dir, maxBytes = 64 << 20 }: { dir: string; maxBytes?: number }) {
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, 'small.sqlite'));
  db.pragma('journal_mode = wal');
  db.pragma('synchronous = normal');
  db.exec('create table if not exists blobs (hash text primary key, bytes blob not null, private integer not null) without rowid');
  const st = {
    insert: db.prepare('insert or ignore into blobs (hash, bytes, private) values (?, ?, ?)'),
    get: db.prepare('select bytes from blobs where hash = ?').pluck(),
    size: db.prepare('select length(bytes) from blobs where hash = ?').pluck(),
    isPrivate: db.prepare('select private from blobs where hash = ?').pluck(),
  };
  const pathOf = (hash: string) => {
    if (!/^0x[0-9a-f]{64}$/.test(hash))
      throw new ServiceError('BlobHashInvalid', `"${hash}" is not a sha256 content hash (0x + 64 lowercase hex)`, 400);
    return join(dir, hash.slice(2));
  };
  const small = (hash: string) => st.size.get(hash) as number | undefined;

  function put(bytes: Uint8Array, claimed?: string, { private: hidden = false } = {}): Stored {
    if (bytes.length > maxBytes)
      throw new ServiceError('BlobTooLarge', `blob of ${bytes.length} bytes exceeds the ${maxBytes}-byte limit`, 413);
    const hash = `0x${createHash('sha256').update(bytes).digest('hex')}` as const;
    if (claimed !== undefined && claimed.toLowerCase() !== hash) {
      throw new ServiceError('BlobHashMismatch', `content hashes to ${hash}, not ${claimed}`, 422, { claimed, actual: hash });
    }
    if (bytes.length <= SMALL_BLOB_BYTES) {
      st.insert.run(hash, bytes, hidden ? 1 : 0); // ignored when present: the first upload decides
      return { hash, size: bytes.length, private: st.isPrivate.get(hash) === 1 };
    }
    const path = pathOf(hash);
    if (!existsSync(path)) {
      if (hidden) writeFileSync(`${path}.private`, '');
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, bytes);
      renameSync(tmp, path);
    }
    return { hash, size: bytes.length, private: existsSync(`${path}.private`) };
  }

  return {
    dir,
    maxBytes,
    put,
    /** Stores several blobs (a worker's results), the small ones in one transaction. */
    putMany: (blobs: Uint8Array[], opts: { private?: boolean } = {}): Stored[] =>
      db.transaction(() => blobs.map((b) => put(b, undefined, opts)))(),
    /** Whether the blob was first stored private (served only to the workers of its deals). */
    isPrivate(hash: string): boolean {
      const h = hash.toLowerCase();
      const row = st.isPrivate.get(h) as number | undefined;
      return row !== undefined ? row === 1 : existsSync(`${pathOf(h)}.private`);
    },
    get(hash: string): Buffer {
      const h = hash.toLowerCase();
      const row = st.get.get(h) as Buffer | undefined;
      if (row) return row;
      const path = pathOf(h);
      if (!existsSync(path)) throw new ServiceError('BlobNotFound', `no blob ${hash} in the content store`, 404, { hash });
      return readFileSync(path);
    },
    has(hash: string): boolean {
      const h = hash.toLowerCase();
      return small(h) !== undefined || existsSync(pathOf(h));
    },
    size(hash: string): number {
      const h = hash.toLowerCase();
      return small(h) ?? statSync(pathOf(h)).size;
    },
    close: () => db.close(),
  };
}

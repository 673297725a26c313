import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * A stack's content store read and written behind the scheduler's back, as someone with access to
 * its disk could: small blobs are rows of `<dir>/scheduler/blobs/small.sqlite`, large ones files
 * named by their hash (packages/scheduler/src/blobStore.ts). For tests of what is stored (only
 * ciphertext) and of what a tampered store does (refused by hash before use).
 */
function location(stackDir: string, hash: string) {
  const dir = join(stackDir, 'scheduler', 'blobs');
  return { file: join(dir, hash.toLowerCase().slice(2)), db: join(dir, 'small.sqlite') };
}

/** The bytes stored under `hash` in the stack's content store (throws when it holds none). */
export function storedBlob(stackDir: string, hash: string): Buffer {
  const at = location(stackDir, hash);
  if (existsSync(at.file)) return readFileSync(at.file);
  const db = new Database(at.db, { readonly: true });
  try {
    const row = db.prepare('select bytes from blobs where hash = ?').pluck().get(hash.toLowerCase()) as Buffer | undefined;
    if (!row) throw new Error(`no blob ${hash} in the content store of ${stackDir}`);
    return row;
  } finally {
    db.close();
  }
}

/** Replaces the bytes stored under `hash` with `change(bytes)`, without the store's hash check. */
export function tamperStoredBlob(stackDir: string, hash: string, change: (bytes: Buffer) => Buffer): void {
  const at = location(stackDir, hash);
  const bytes = change(Buffer.from(storedBlob(stackDir, hash)));
  if (existsSync(at.file)) {
    writeFileSync(at.file, bytes);
    return;
  }
  const db = new Database(at.db);
  try {
    db.prepare('update blobs set bytes = ? where hash = ?').run(bytes, hash.toLowerCase());
  } finally {
    db.close();
  }
}

import { accessSync, constants, lstatSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';

/** Linux's shared-memory tmpfs: present on every Linux host, memory-backed, never written to a disk. */
const SHM = '/dev/shm';

/**
 * Where the sandbox makes each task's /in and /out tree. An explicit directory wins; otherwise a
 * private (0700) directory on /dev/shm when the host has it, else `<dataDir>/scratch`.
 * tmpfs because a task's tree is created, written, read and removed in well under a millisecond of
 * work, and on a disk-backed (or overlay) file system those metadata operations were the largest
 * cost of a small task (docs/decisions/013); and because plain inputs then never reach a disk (D3).
 * `dispose()` removes a directory made here (not an explicit one).
 */
export function openScratch(dataDir: string, explicit?: string, shm = SHM): { dir: string; dispose(): void } {
  if (explicit) {
    mkdirSync(explicit, { recursive: true, mode: 0o700 });
    return { dir: explicit, dispose: () => {} };
  }
  if (usable(shm)) {
    const dir = shmDir(shm, dataDir);
    return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const dir = join(dataDir, 'scratch');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return { dir, dispose: () => {} };
}

/**
 * One directory per data directory, so a worker restarted after a crash clears what its last run
 * left in memory. /dev/shm is shared by every local user: the name is only used when this process
 * made it (an existing one is ours only if we own it and nobody else may enter), else a fresh
 * random name is taken.
 */
function shmDir(shm: string, dataDir: string): string {
  const dir = join(shm, `proofgrid-worker-${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16)}`);
  try {
    // lstat: a symbolic link planted under the name (to anywhere, even a directory of ours) is not adopted.
    const st = lstatSync(dir);
    if (!st.isDirectory() || st.uid !== process.getuid?.() || (st.mode & 0o077) !== 0) throw new Error('not ours');
    rmSync(dir, { recursive: true, force: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return mkdtempSync(join(shm, 'proofgrid-worker-'));
  }
  try {
    mkdirSync(dir, { mode: 0o700 });
    return dir;
  } catch {
    return mkdtempSync(join(shm, 'proofgrid-worker-')); // made by someone else in between
  }
}

function usable(dir: string): boolean {
  try {
    if (!statSync(dir).isDirectory()) return false;
    accessSync(dir, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false; // no such directory, or not writable by this user: the data directory serves
  }
}

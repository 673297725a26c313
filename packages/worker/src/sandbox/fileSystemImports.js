// @ts-check
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ERRNO, errnoOfNodeError } from './wasiErrno.js';

const DIRENT_HEADER_BYTES = 24;
const FILETYPE_DIRECTORY = 3;

/**
 * @internal File-system imports that make what the app can observe of its
 * files independent of the host, and keep the host safe:
 * - `fd_filestat_get` / `path_filestat_get` report only type and size: device,
 *   inode and the three timestamps are zero, `nlink` is 1, directories have size 0;
 * - `fd_readdir` lists entries sorted by their UTF-8 bytes with inode 0 (host
 *   file systems return them in hash or creation order);
 * - stdio (fds 0-2) cannot be closed or renumbered; `fd_allocate` and
 *   `proc_raise` (which would signal the host process) are refused;
 * - every fd the app opens is tracked so it can be closed after the run
 *   (node:wasi does not close them, not even the preopens).
 *
 * @param {{ original: Record<string, Function>, view: () => DataView, bytes: () => Uint8Array, preopens: string[] }} options
 */
export function createFileSystemImports({ original, view, bytes, preopens }) {
  /** @type {Map<number, string>} host path of every open fd that was opened by path */
  const hostPaths = new Map(preopens.map((path, i) => [3 + i, path]));
  const open = new Set(hostPaths.keys());
  /** @param {number} ptr */
  const scrubFilestat = (ptr) => {
    const memory = view();
    for (const offset of [0, 8, 40, 48, 56]) memory.setBigUint64(ptr + offset, 0n, true);
    memory.setBigUint64(ptr + 24, 1n, true);
    if (memory.getUint8(ptr + 16) === FILETYPE_DIRECTORY) memory.setBigUint64(ptr + 32, 0n, true);
  };

  const imports = {
    /** @type {(...args: any[]) => number} */
    path_open(dirFd, dirFlags, pathPtr, pathLength, oflags, rightsBase, rightsInheriting, fdFlags, fdPtr) {
      const errno = original.path_open(dirFd, dirFlags, pathPtr, pathLength, oflags, rightsBase, rightsInheriting, fdFlags, fdPtr);
      if (errno !== ERRNO.SUCCESS) return errno;
      const fd = view().getUint32(fdPtr, true);
      open.add(fd);
      const base = hostPaths.get(dirFd);
      const path = Buffer.from(bytes().subarray(pathPtr, pathPtr + pathLength)).toString('utf8');
      if (base !== undefined) hostPaths.set(fd, join(base, path));
      return errno;
    },
    /** @param {number} fd */
    fd_close(fd) {
      if (fd <= 2) return ERRNO.SUCCESS; // stdio stays open: the sandbox reads it after the run
      const errno = original.fd_close(fd);
      if (errno === ERRNO.SUCCESS) forget(fd);
      return errno;
    },
    /** @param {number} from @param {number} to */
    fd_renumber(from, to) {
      if (from <= 2 || to <= 2) return ERRNO.NOTSUP;
      const errno = original.fd_renumber(from, to);
      if (errno !== ERRNO.SUCCESS) return errno;
      const path = hostPaths.get(from);
      forget(from);
      if (path === undefined) hostPaths.delete(to);
      else hostPaths.set(to, path);
      return errno;
    },
    /** @param {number} fd @param {number} ptr */
    fd_filestat_get(fd, ptr) {
      const errno = original.fd_filestat_get(fd, ptr);
      if (errno === ERRNO.SUCCESS) scrubFilestat(ptr);
      return errno;
    },
    /** @type {(...args: any[]) => number} */
    path_filestat_get(fd, flags, pathPtr, pathLength, ptr) {
      const errno = original.path_filestat_get(fd, flags, pathPtr, pathLength, ptr);
      if (errno === ERRNO.SUCCESS) scrubFilestat(ptr);
      return errno;
    },
    /** @param {number} fd @param {number} buf @param {number} bufLength @param {bigint} cookie @param {number} usedPtr */
    fd_readdir(fd, buf, bufLength, cookie, usedPtr) {
      const dir = hostPaths.get(fd);
      if (buf + bufLength > bytes().length) return ERRNO.FAULT;
      if (dir === undefined) return original.fd_readdir(fd, buf, bufLength, cookie, usedPtr);
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (error) {
        return errnoOfNodeError(error); // the app asked to list a non-directory or a vanished one
      }
      const sorted = entries
        .map((entry) => ({ name: Buffer.from(entry.name, 'utf8'), type: fileType(entry) }))
        .sort((a, b) => Buffer.compare(a.name, b.name));
      const heap = bytes();
      let used = 0;
      for (let i = Number(cookie); i < sorted.length && used < bufLength; i++) {
        const { name, type } = sorted[i];
        const record = new Uint8Array(DIRENT_HEADER_BYTES + name.length);
        const header = new DataView(record.buffer);
        header.setBigUint64(0, BigInt(i + 1), true); // d_next: the cookie of the following entry
        header.setUint32(16, name.length, true);
        header.setUint8(20, type);
        record.set(name, DIRENT_HEADER_BYTES);
        const length = Math.min(record.length, bufLength - used);
        heap.set(record.subarray(0, length), buf + used);
        used += length;
      }
      view().setUint32(usedPtr, used, true);
      return ERRNO.SUCCESS;
    },
    fd_allocate() {
      return ERRNO.NOTSUP;
    },
    proc_raise() {
      return ERRNO.NOSYS;
    },
  };

  /** @param {number} fd */
  function forget(fd) {
    open.delete(fd);
    hostPaths.delete(fd);
  }

  return {
    imports,
    /** Closes every fd the app left open, preopens included. */
    closeAll() {
      for (const fd of open) original.fd_close(fd);
      open.clear();
      hostPaths.clear();
    },
  };
}

/** @param {import('node:fs').Dirent} entry */
function fileType(entry) {
  if (entry.isDirectory()) return 3;
  if (entry.isFile()) return 4;
  if (entry.isSymbolicLink()) return 7;
  if (entry.isBlockDevice()) return 1;
  if (entry.isCharacterDevice()) return 2;
  if (entry.isSocket()) return 6;
  return 0;
}

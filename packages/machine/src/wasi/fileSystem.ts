import { ERRNO } from './errno.ts';

export type Area = 'in' | 'out';
/** A file's bytes (data[0, size), data past it is scratch) and a counter bumped by every change (the commitment caches by it). */
export type StoredFile = { data: Uint8Array; size: number; version?: number };
export type Handle =
  | { kind: 'stdio'; fd: 0 | 1 | 2 }
  | { kind: 'dir'; area: Area; path: string; preopen: string | undefined; rights: bigint }
  | { kind: 'file'; area: Area; path: string; position: number; append: boolean; rights: bigint };

/** WASI rights (bits of rights_base) that calls check, as uvwasi does: a call without its right answers NOTCAPABLE. */
export const RIGHT = {
  FD_READ: 1n << 1n,
  FD_SEEK: 1n << 2n,
  FD_TELL: 1n << 5n,
  FD_WRITE: 1n << 6n,
  PATH_CREATE_DIRECTORY: 1n << 9n,
  PATH_OPEN: 1n << 13n,
  FD_READDIR: 1n << 14n,
  PATH_FILESTAT_GET: 1n << 18n,
  FD_FILESTAT_GET: 1n << 21n,
} as const;
export const ALL_RIGHTS = (1n << 29n) - 1n;
/** Open fds at most (the I/O state's fd table has 2^12 leaves): one more path_open answers MFILE (decision 019). */
export const FD_LIMIT = 4096;

const OFLAG_CREAT = 1;
const OFLAG_DIRECTORY = 2;
const OFLAG_EXCL = 4;
const OFLAG_TRUNC = 8;
const FDFLAG_APPEND = 1;

/**
 * The in-memory file system a run sees: /in (the request's files) and /out (what the app writes), preopened
 * as fds 3 and 4 like the sandbox's node:wasi, stdio on 0-2, and the lowest free fd for each open (as uvwasi).
 * Paths stay inside their preopen: absolute paths and `..` past the root are refused (NOTCAPABLE).
 */
export class FileSystem {
  readonly areas: Record<Area, Map<string, StoredFile>> = { in: new Map(), out: new Map() };
  readonly dirs: Record<Area, Set<string>> = { in: new Set(['']), out: new Set(['']) };
  readonly fds: (Handle | undefined)[] = [
    { kind: 'stdio', fd: 0 },
    { kind: 'stdio', fd: 1 },
    { kind: 'stdio', fd: 2 },
    { kind: 'dir', area: 'in', path: '', preopen: '/in', rights: ALL_RIGHTS },
    { kind: 'dir', area: 'out', path: '', preopen: '/out', rights: ALL_RIGHTS },
  ];

  constructor(files: Record<string, Uint8Array>) {
    for (const [name, content] of Object.entries(files)) {
      this.areas.in.set(name, { data: content.slice(), size: content.length });
      const parts = name.split('/');
      for (let i = 1; i < parts.length; i++) this.dirs.in.add(parts.slice(0, i).join('/'));
    }
  }

  handle(fd: number): Handle | undefined {
    return this.fds[fd];
  }

  /** The fd the next open takes (the lowest free one, as uvwasi), or -1 when all FD_LIMIT are open. */
  lowestFree(): number {
    const hole = this.fds.indexOf(undefined);
    return hole >= 0 ? hole : this.fds.length < FD_LIMIT ? this.fds.length : -1;
  }

  /** Resolves `path` against directory fd `dirFd`: [area, normalized path] or an errno. */
  resolve(dirFd: number, path: string): [Area, string] | number {
    const dir = this.fds[dirFd];
    if (!dir) return ERRNO.BADF;
    if (dir.kind !== 'dir') return ERRNO.NOTDIR;
    if (path.startsWith('/')) return ERRNO.NOTCAPABLE;
    const parts = dir.path === '' ? [] : dir.path.split('/');
    for (const part of path.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (parts.length === 0) return ERRNO.NOTCAPABLE;
        parts.pop();
      } else parts.push(part);
    }
    return [dir.area, parts.join('/')];
  }

  /** path_open: returns the new fd, or an errno (negated). */
  open(dirFd: number, path: string, oflags: number, rights: bigint, fdflags: number): number {
    if (this.fds.length >= FD_LIMIT && !this.fds.includes(undefined)) return -ERRNO.MFILE;
    const resolved = this.resolve(dirFd, path);
    if (typeof resolved === 'number') return -resolved;
    const [area, at] = resolved;
    const files = this.areas[area];
    const exclusive = (oflags & OFLAG_CREAT) !== 0 && (oflags & OFLAG_EXCL) !== 0;
    if (this.dirs[area].has(at)) {
      if (exclusive) return -ERRNO.EXIST;
      if (oflags & OFLAG_TRUNC) return -ERRNO.ISDIR;
      return this.insert({ kind: 'dir', area, path: at, preopen: undefined, rights });
    }
    let file = files.get(at);
    if (file) {
      if (exclusive) return -ERRNO.EXIST;
      if (oflags & OFLAG_DIRECTORY) return -ERRNO.NOTDIR;
      if (oflags & OFLAG_TRUNC) {
        file.size = 0;
        file.version = (file.version ?? 0) + 1;
      }
    } else {
      if (!(oflags & OFLAG_CREAT)) return -ERRNO.NOENT;
      if (!this.dirs[area].has(parent(at))) return -ERRNO.NOENT;
      file = { data: new Uint8Array(0), size: 0 };
      files.set(at, file);
    }
    return this.insert({
      kind: 'file',
      area,
      path: at,
      position: 0,
      append: (fdflags & FDFLAG_APPEND) !== 0,
      rights: rights & ALL_RIGHTS,
    });
  }

  createDirectory(dirFd: number, path: string): number {
    const resolved = this.resolve(dirFd, path);
    if (typeof resolved === 'number') return resolved;
    const [area, at] = resolved;
    if (this.dirs[area].has(at) || this.areas[area].has(at)) return ERRNO.EXIST;
    if (!this.dirs[area].has(parent(at))) return ERRNO.NOENT;
    this.dirs[area].add(at);
    return ERRNO.SUCCESS;
  }

  file(handle: Handle & { kind: 'file' }): StoredFile {
    return this.areas[handle.area].get(handle.path)!;
  }

  /** Reads up to `length` bytes at the handle's position and advances it. */
  read(handle: Handle & { kind: 'file' }, length: number): Uint8Array {
    const file = this.file(handle);
    const start = Math.min(handle.position, file.size);
    const end = Math.min(file.size, start + length);
    handle.position = end;
    return file.data.subarray(start, end);
  }

  /** Writes at the handle's position (the end when appending) and advances it. */
  write(handle: Handle & { kind: 'file' }, bytes: Uint8Array): void {
    const file = this.file(handle);
    const at = handle.append ? file.size : handle.position;
    const end = at + bytes.length;
    if (end > file.data.length) {
      const grown = new Uint8Array(Math.max(end, file.data.length * 2, 256));
      grown.set(file.data.subarray(0, file.size));
      file.data = grown;
    }
    if (at > file.size) file.data.fill(0, file.size, at);
    file.data.set(bytes, at);
    file.size = Math.max(file.size, end);
    file.version = (file.version ?? 0) + 1;
    handle.position = end;
  }

  close(fd: number): number {
    if (!this.fds[fd]) return ERRNO.BADF;
    if (fd <= 2) return ERRNO.SUCCESS; // stdio stays open, as in the sandbox
    this.fds[fd] = undefined;
    return ERRNO.SUCCESS;
  }

  /** Names under a directory, with their WASI file type (3 directory, 4 regular file), sorted by UTF-8 bytes. */
  list(area: Area, path: string): { name: Uint8Array; type: number }[] {
    const prefix = path === '' ? '' : `${path}/`;
    const entries = new Map<string, number>();
    const add = (full: string, type: number) => {
      if (full === path || !full.startsWith(prefix)) return;
      const rest = full.slice(prefix.length);
      const slash = rest.indexOf('/');
      entries.set(slash < 0 ? rest : rest.slice(0, slash), slash < 0 ? type : 3);
    };
    for (const dir of this.dirs[area]) add(dir, 3);
    for (const file of this.areas[area].keys()) add(file, 4);
    const encoder = new TextEncoder();
    return [...entries].map(([name, type]) => ({ name: encoder.encode(name), type })).sort((a, b) => compareBytes(a.name, b.name));
  }

  /** Every file under /out by relative path, in UTF-8 byte order of the names. */
  outputs(): Record<string, Uint8Array> {
    const names = [...this.areas.out.keys()].sort((a, b) => compareBytes(new TextEncoder().encode(a), new TextEncoder().encode(b)));
    const out: Record<string, Uint8Array> = {};
    for (const name of names) {
      const file = this.areas.out.get(name)!;
      out[name] = file.data.slice(0, file.size);
    }
    return out;
  }

  private insert(handle: Handle): number {
    let fd = this.fds.indexOf(undefined);
    if (fd < 0) fd = this.fds.length;
    this.fds[fd] = handle;
    return fd;
  }
}

function parent(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

import { keccak_256 } from '@noble/hashes/sha3';
import { ERRNO } from './errno.ts';
import { ALL_RIGHTS, type FileSystem, RIGHT } from './fileSystem.ts';
import type { HostMemory } from './hostMemory.ts';
import { CHUNK, type MicroResult, type Progress, REPEAT } from './microCalls.ts';

/** The longest path path_open takes, as given and once resolved (longer: NAMETOOLONG; decision 023). */
export const PATH_MAX = 512;
/** path_open's phases, in its first parameter's high word (decision 023). */
export const PHASE = { CHECK: 0, FOLD: 1, PARENT: 2, LOOKUP: 3, ALLOCATE: 4 } as const;
/** Bits of parameter 4's high word: set, area (1: /out), the directory is a preopen, the parent is a directory, a directory or a file to open. */
export const INFO = { SET: 1, OUT: 2, PREOPEN: 4, PARENT_DIR: 8, OPEN_DIR: 16, OPEN_FILE: 32 } as const;

const OFLAG = { CREAT: 1, DIRECTORY: 2, EXCL: 4, TRUNC: 8 } as const;
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/** The path_open scratch: a running hash of the path's chunks, then keccak256 of the resolved path; zero between calls. */
export type PathScratch = { hash: Uint8Array };

/** keccak256(previous ‖ chunk): how path_open folds the path it reads, one leaf-bounded chunk per step. */
export function foldChunk(previous: Uint8Array, chunk: Uint8Array): Uint8Array {
  const joined = new Uint8Array(32 + chunk.length);
  joined.set(previous);
  joined.set(chunk, 32);
  return keccak_256(joined);
}

/** The path a path_open resolves to from the directory fd and the bytes in memory, or the errno it answers. */
export function resolvePath(fs: FileSystem, dirFd: number, raw: Uint8Array): { area: 'in' | 'out'; path: string } | number {
  let text: string;
  try {
    text = strict.decode(raw);
  } catch {
    return ERRNO.ILSEQ;
  }
  const resolved = fs.resolve(dirFd, text);
  if (typeof resolved === 'number') return resolved;
  if (encoder.encode(resolved[1]).length > PATH_MAX) return ERRNO.NAMETOOLONG;
  return { area: resolved[0], path: resolved[1] };
}

/** The parent of a resolved path ('' for a top-level name and for the root itself). */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/**
 * path_open in micro-steps (decision 023), its progress in the high words of parameters 0 (phase), 1 (bytes folded,
 * then the opened name's file-table slot), 2 (the directory's slot) and 4 (INFO bits): CHECK the directory fd, the
 * path's bounds and length and that an fd is free; FOLD the path into the scratch hash, one chunk inside a memory leaf
 * per step, and resolve it (UTF-8, `.`, `..`, inside the preopen); PARENT: whether the parent is a directory; LOOKUP:
 * the errno or the change (truncate, create); ALLOCATE the lowest free fd and store it. Same answers as the sandbox's
 * path_open for every path of at most PATH_MAX bytes that is valid UTF-8.
 */
export function pathOpenCall(fs: FileSystem, scratch: PathScratch, slotOf: (area: 'in' | 'out', path: string) => number) {
  return (mem: HostMemory, arg: (k: number) => number, p: Progress, wide: (k: number) => bigint): MicroResult => {
    const [dirFd, ptr, length, oflags, fdflags, out] = [arg(0), arg(2), arg(3), arg(4), arg(7), arg(8)];
    const phase = p.get(0);
    const info = p.get(4);
    const done = (errno: number) => {
      scratch.hash = new Uint8Array(32);
      return errno;
    };
    if (phase === PHASE.CHECK) {
      const h = fs.handle(dirFd);
      if (!h) return ERRNO.BADF;
      if (h.kind !== 'stdio' && (h.rights & RIGHT.PATH_OPEN) === 0n) return ERRNO.NOTCAPABLE;
      if (h.kind !== 'dir') return ERRNO.NOTDIR;
      mem.check(ptr, length);
      if (length > PATH_MAX) return ERRNO.NAMETOOLONG;
      if (fs.lowestFree() < 0) return ERRNO.MFILE;
      p.set(0, PHASE.FOLD);
      p.set(2, slotOf(h.area, h.path));
      p.set(4, INFO.SET | (h.area === 'out' ? INFO.OUT : 0) | (h.preopen !== undefined ? INFO.PREOPEN : 0));
      return REPEAT;
    }
    const folded = p.get(1);
    if (phase === PHASE.FOLD && folded < length) {
      const k = Math.min(length - folded, CHUNK - ((ptr + folded) % CHUNK));
      scratch.hash = foldChunk(scratch.hash, mem.bytes(ptr + folded, k));
      p.set(1, folded + k);
      return REPEAT;
    }
    const resolved = resolvePath(fs, dirFd, mem.bytes(ptr, length));
    if (typeof resolved === 'number') return done(resolved);
    const { area, path } = resolved;
    if (phase === PHASE.FOLD) {
      scratch.hash = keccak_256(encoder.encode(path));
      p.set(0, PHASE.PARENT);
      return REPEAT;
    }
    if (phase === PHASE.PARENT) {
      p.set(4, info | (fs.dirs[area].has(parentOf(path)) ? INFO.PARENT_DIR : 0));
      p.set(0, PHASE.LOOKUP);
      return REPEAT;
    }
    const exclusive = (oflags & OFLAG.CREAT) !== 0 && (oflags & OFLAG.EXCL) !== 0;
    if (phase === PHASE.LOOKUP) {
      const file = fs.areas[area].get(path);
      if (fs.dirs[area].has(path)) {
        if (exclusive) return done(ERRNO.EXIST);
        if (oflags & OFLAG.TRUNC) return done(ERRNO.ISDIR);
        p.set(4, info | INFO.OPEN_DIR);
      } else if (file) {
        if (exclusive) return done(ERRNO.EXIST);
        if (oflags & OFLAG.DIRECTORY) return done(ERRNO.NOTDIR);
        if (oflags & OFLAG.TRUNC) {
          file.size = 0;
          file.version = (file.version ?? 0) + 1;
        }
        p.set(4, info | INFO.OPEN_FILE);
      } else {
        if (!(oflags & OFLAG.CREAT) || !(info & INFO.PARENT_DIR)) return done(ERRNO.NOENT);
        fs.areas[area].set(path, { data: new Uint8Array(0), size: 0 });
        p.set(4, info | INFO.OPEN_FILE);
      }
      p.set(1, slotOf(area, path));
      p.set(0, PHASE.ALLOCATE);
      return REPEAT;
    }
    const fd = fs.lowestFree();
    fs.fds[fd] =
      info & INFO.OPEN_DIR
        ? { kind: 'dir', area, path, preopen: undefined, rights: wide(5) }
        : { kind: 'file', area, path, position: 0, append: (fdflags & 1) !== 0, rights: wide(5) & ALL_RIGHTS };
    done(0);
    mem.setU32(out, fd);
    return ERRNO.SUCCESS;
  };
}

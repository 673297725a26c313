import type { Machine } from '../exec/machine.ts';
import { INFO, PHASE, parentOf, resolvePath } from '../wasi/pathOpen.ts';
import { fdBitmapWords, type FileEntry, fileSlot, type IoCommitment } from './ioState.ts';
import { WORD } from './merkle.ts';

type Path = { index: number; leaf: Uint8Array; siblings: Uint8Array[] };
const encoder = new TextEncoder();

/** Bytes as 32-byte words, zero-padded. */
export function toWords(bytes: Uint8Array): Uint8Array[] {
  return Array.from({ length: Math.ceil(bytes.length / WORD) }, (_, i) => {
    const w = new Uint8Array(WORD);
    w.set(bytes.subarray(i * WORD, i * WORD + WORD));
    return w;
  });
}

/** Bytes carried by a host proof's `data` (path_open, fd_close): `index` and `leaf` say how to read `siblings`. */
export function carried(words: Uint8Array[], index = 0, second = 0): Path {
  const leaf = new Uint8Array(WORD);
  new DataView(leaf.buffer).setUint32(28, second, false);
  return { index, leaf, siblings: words };
}

/** The fd bitmap as carried data. */
export const bitmapData = (io: IoCommitment): Path => carried(fdBitmapWords(io.wasi.fs.fds));

/** A slot of the file table, present (a file or directory) or empty, with its path. */
export function slotProof(io: IoCommitment, area: 'in' | 'out', path: string): { entry: FileEntry; path: Path } {
  const slot = fileSlot(area, path);
  const tree = io.fileTree();
  const fs = io.wasi.fs;
  const stored = fs.areas[area].get(path);
  const entry = fs.dirs[area].has(path)
    ? io.dirEntry(area, path)
    : stored
      ? io.entry(area, path, stored)
      : { area: 0, size: 0, contentRoot: new Uint8Array(WORD), nameHash: new Uint8Array(WORD) };
  return { entry, path: { index: slot, leaf: tree.leaf(slot), siblings: tree.proof(slot) } };
}

/**
 * What the next micro-step of path_open (wasi/pathOpen.ts) reveals, by phase (decision 023): CHECK the directory fd
 * and the bitmap; FOLD a memory leaf of the path, or (resolving) the path bytes and, for a directory that is not a
 * preopen, its entry and name; PARENT and LOOKUP the resolved path and one slot; ALLOCATE the bitmap, the free fd and
 * the leaves the fd is stored in.
 */
export function pathOpenProof(io: IoCommitment, m: Machine, base: number) {
  const fs = io.wasi.fs;
  const arg = (k: number) => m.s32[2 * (base + k)]! >>> 0;
  const hi = (k: number) => m.s32[2 * (base + k) + 1]! >>> 0;
  const [dirFd, ptr, length, phase] = [arg(0), arg(2), arg(3), hi(0)];
  const fdTree = () => io.fdTree();
  const fdPath = (fd: number) => (fd < 4096 ? { index: fd, leaf: fdTree().leaf(fd), siblings: fdTree().proof(fd) } : undefined);
  const end = m.memory.length;
  const part: { fd?: Path; file?: { entry: FileEntry; path: Path }; data?: Path; memory: number[] } = { memory: [] };
  if (phase === PHASE.CHECK) return { ...part, fd: fdPath(dirFd), data: bitmapData(io) };
  if (phase === PHASE.FOLD && hi(1) < length) return { ...part, memory: [(ptr + hi(1)) >>> 5] };
  const raw = m.memory.subarray(ptr, ptr + length);
  if (phase === PHASE.FOLD) {
    const dir = fs.handle(dirFd) as { area: 'in' | 'out'; path: string };
    const dirBytes = hi(4) & INFO.PREOPEN ? new Uint8Array(0) : encoder.encode(dir.path);
    const data = carried([...toWords(raw), ...toWords(dirBytes)], length, dirBytes.length);
    return { ...part, data, file: hi(4) & INFO.PREOPEN ? undefined : slotProof(io, dir.area, dir.path) };
  }
  const resolved = resolvePath(fs, dirFd, raw) as { area: 'in' | 'out'; path: string };
  const bytes = encoder.encode(resolved.path);
  if (phase === PHASE.PARENT || phase === PHASE.LOOKUP) {
    const target = phase === PHASE.PARENT ? parentOf(resolved.path) : resolved.path;
    return { ...part, data: carried(toWords(bytes), bytes.length), file: slotProof(io, resolved.area, target) };
  }
  const out = arg(8);
  const memory = out + 4 > end ? [] : out >>> 5 === (out + 3) >>> 5 ? [out >>> 5] : [out >>> 5, (out >>> 5) + 1];
  return { ...part, data: bitmapData(io), fd: fdPath(fs.lowestFree()), memory };
}

import type { Machine } from '../exec/machine.ts';
import type { Wasi } from '../wasi/wasi.ts';
import { RIGHT } from '../wasi/fileSystem.ts';
import { RANDOM_BYTES, RANDOM_DEPTH } from '../wasi/randomStream.ts';
import {
  CONTENT_DEPTH,
  FD_DEPTH,
  FILE_DEPTH,
  type FileEntry,
  fileSlot,
  hashFileEntry,
  hashIo,
  hashStatic,
  type IoCommitment,
  type IoFields,
  type StaticFields,
} from './ioState.ts';
import { equalBytes, rootFromProof, ZERO } from './merkle.ts';
import { bitmapData, pathOpenProof } from './pathOpenProof.ts';

type Path = { index: number; leaf: Uint8Array; siblings: Uint8Array[] };

/**
 * What one micro-step of a host call needs beside the machine's step proof: the I/O state's pre-image and the
 * static fields (arguments, environment), the fd's leaf, the file's entry and slot, and one data leaf (a chunk of
 * the arguments or environment, an offset, or a chunk of the file). The memory leaves go in the step proof's
 * memory list: an iovec or a stored value (1 or 2 leaves), then the leaf the chunk moves from or to.
 */
export type HostProof = {
  io: IoFields;
  statics: StaticFields;
  fd?: Path;
  file?: { entry: FileEntry; path: Path };
  data?: Path;
};

/** What a micro-step touches: memory leaves, an fd, a file, a data leaf. Mirrors wasi/microCalls.ts and MachineHostIo.sol. */
export type HostAccess = {
  memory: number[];
  fd?: number;
  /** fd_close of an open fd above stdio: the fd bitmap (carried in `data`). */
  bitmap?: boolean;
  file?: { area: 'in' | 'out'; path: string };
  data?: { tree: 'args' | 'argsOffsets' | 'env' | 'envOffsets' | 'content' | 'random'; index: number };
};

/** The micro-step of host call `kind` (ioState.HOST_KIND) whose parameters start at slot `base`, before it runs. */
export function hostAccess(kind: number, m: Machine, wasi: Wasi, base: number): HostAccess {
  const end = m.memory.length;
  const arg = (k: number) => m.s32[2 * (base + k)]! >>> 0;
  const hi = (k: number) => m.s32[2 * (base + k) + 1]! >>> 0;
  const leaves = (at: number, size: number) =>
    at + size > end ? [] : at >>> 5 === (at + size - 1) >>> 5 ? [at >>> 5] : [at >>> 5, (at >>> 5) + 1];
  const fdOf = (fd: number) => (fd < 2 ** FD_DEPTH ? fd : undefined);
  const access: HostAccess = { memory: [] };
  if (kind === 1 || kind === 3) {
    const list = kind === 1 ? wasi.args : wasi.env;
    const bytes = list.reduce((n, s) => n + s.length, 0);
    const [argv, buf, pointers, copied] = [arg(0), arg(1), hi(0), hi(1)];
    if (pointers === 0 && copied === 0 && (argv + 4 * list.length > end || buf + bytes > end)) return access;
    if (pointers < list.length) {
      access.memory = leaves(argv + 4 * pointers, 4);
      access.data = { tree: kind === 1 ? 'argsOffsets' : 'envOffsets', index: pointers };
    } else if (copied < bytes) {
      access.memory = [(buf + copied) >>> 5];
      access.data = { tree: kind === 1 ? 'args' : 'env', index: copied >>> 5 };
    }
    return access;
  }
  if (kind === 2 || kind === 4) {
    if (hi(0) === 0) return { memory: arg(0) + 4 > end || arg(1) + 4 > end ? [] : leaves(arg(0), 4) };
    return { memory: leaves(arg(1), 4) };
  }
  if (kind === 10) return access;
  if (kind === 12) {
    // random_get (wasi/randomStream.ts): the first step checks the buffer, then a chunk per step; past the stream it traps
    if (hi(0) === 0 || wasi.random.position >= RANDOM_BYTES) return access;
    return { memory: [(arg(0) + hi(1)) >>> 5], data: { tree: 'random', index: wasi.random.position >>> 5 } };
  }
  if (kind === 13 || kind === 14) {
    const ptr = arg(kind === 13 ? 2 : 1);
    return { memory: arg(0) >= 4 || ptr + 8 > end ? [] : leaves(ptr, 8) };
  }
  const fd = arg(0);
  access.fd = fdOf(fd);
  const h = wasi.fs.handle(fd);
  if (kind === 7) return { ...access, bitmap: h !== undefined && fd > 2 };
  if (kind === 8 || kind === 9) {
    if (h?.kind !== 'dir' || h.preopen === undefined) return access;
    const n = h.preopen.length;
    if (kind === 8) access.memory = leaves(arg(1), 8);
    else if (n <= arg(2)) access.memory = leaves(arg(1), n);
    return access;
  }
  // fd_write (5), fd_read (6): see wasi/microCalls.ts transferCall for the progress words
  const write = kind === 5;
  const [iovs, count, out, step] = [arg(1), arg(2), arg(3), hi(1)];
  if (step < count) {
    delete access.fd;
    access.memory = leaves(iovs + 8 * step, 8);
    return access;
  }
  const i = step === count ? 0 : step - count - 1;
  const stream = write && (fd === 1 || fd === 2);
  const stdin = !write && h?.kind === 'stdio';
  if (!stream && !stdin) {
    if (!h || (h.kind !== 'stdio' && (h.rights & (write ? RIGHT.FD_WRITE : RIGHT.FD_READ)) === 0n) || h.kind !== 'file') return access;
    access.file = { area: h.area, path: h.path };
  }
  if (stdin || i >= count) {
    access.memory = leaves(out, 4);
    return access;
  }
  if (hi(3) === 0) {
    access.memory = leaves(iovs + 8 * i, 8); // the step that loads the iovec
    return access;
  }
  access.memory = [hi(0) >>> 5];
  if (stream) return access;
  const handle = h as typeof h & { kind: 'file' };
  const stored = wasi.fs.file(handle);
  const at = write ? (handle.append ? stored.size : handle.position) : Math.min(handle.position, stored.size);
  if (!write && stored.size === at)
    access.memory = []; // end of file: nothing moves
  else access.data = { tree: 'content', index: at >>> 5 };
  return access;
}

/** The host part of the proof of the next step, a call of host kind `kind`. */
export function proveHost(io: IoCommitment, kind: number, m: Machine, base: number): { host: HostProof; memory: number[] } {
  const { wasi } = io;
  const host: HostProof = { io: io.fields(), statics: io.statics };
  if (kind === 11) {
    const { memory, ...part } = pathOpenProof(io, m, base);
    return { host: { ...host, ...part }, memory };
  }
  const access = hostAccess(kind, m, wasi, base);
  if (access.bitmap) host.data = bitmapData(io);
  if (access.fd !== undefined) {
    const tree = io.fdTree();
    host.fd = { index: access.fd, leaf: tree.leaf(access.fd), siblings: tree.proof(access.fd) };
  }
  if (access.file) {
    const { area, path } = access.file;
    const stored = wasi.fs.areas[area].get(path)!;
    const slot = fileSlot(area, path);
    const tree = io.fileTree();
    host.file = { entry: io.entry(area, path, stored), path: { index: slot, leaf: tree.leaf(slot), siblings: tree.proof(slot) } };
    if (access.data?.tree === 'content') {
      const content = io.content(stored);
      const index = access.data.index;
      host.data = { index, leaf: leafOf(content.levels[0]!, index), siblings: content.proof(index) };
    }
  } else if (access.data?.tree === 'random') {
    const tree = wasi.random.keystream();
    const index = access.data.index;
    host.data = { index, leaf: leafOf(tree.levels[0]!, index), siblings: tree.proof(index) };
  } else if (access.data) {
    const strings = access.data.tree.startsWith('args') ? io.args : io.env;
    const tree = access.data.tree.endsWith('Offsets') ? strings.offsets : strings.blob;
    const index = access.data.index;
    host.data = { index, leaf: leafOf(tree.levels[0]!, index), siblings: tree.proof(index) };
  }
  return { host, memory: access.memory };
}

function leafOf(level: Uint8Array, index: number): Uint8Array {
  const leaf = new Uint8Array(32);
  if ((index + 1) * 32 <= level.length) leaf.set(level.subarray(index * 32, index * 32 + 32));
  return leaf;
}

/**
 * Checks the host part of a proof against the state's I/O hash: each revealed item must be in its tree (a file-table
 * slot may be empty). Bytes carried in `data` by path_open and fd_close are checked by the contract that reads them.
 */
export function verifyHost(ioHash: Uint8Array, host: HostProof | undefined, check: (ok: boolean, reason: string) => void, kind = 0): void {
  check(host !== undefined, 'host call proof missing');
  const { io, statics, fd, file, data } = host!;
  check(equalBytes(hashIo(io), ioHash), 'I/O fields do not hash to the state’s I/O hash');
  check(equalBytes(hashStatic(statics), io.staticHash), 'static I/O fields');
  const inTree = (p: Path, depth: number, root: Uint8Array, what: string) =>
    check(
      p.siblings.length === depth && equalBytes(rootFromProof(p.leaf, p.index, p.siblings, depth), root),
      `${what} not in the committed tree`,
    );
  if (fd) inTree(fd, FD_DEPTH, io.fdRoot, 'fd');
  if (file) {
    const empty = equalBytes(file.path.leaf, ZERO[0]!);
    check(empty || equalBytes(hashFileEntry(file.entry), file.path.leaf), 'file entry does not hash to its slot');
    inTree(file.path, FILE_DEPTH, io.filesRoot, 'file');
    if (data && kind !== 11) inTree(data, CONTENT_DEPTH, file.entry.contentRoot, 'file chunk');
  }
  if (kind === 12 && data) inTree(data, RANDOM_DEPTH, statics.seedHash, 'random chunk');
}

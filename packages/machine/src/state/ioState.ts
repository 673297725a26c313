import { keccak_256 } from '@noble/hashes/sha3';
import type { Area, Handle, StoredFile } from '../wasi/fileSystem.ts';
import type { Wasi } from '../wasi/wasi.ts';
import { depthFor, MerkleTree, WORD } from './merkle.ts';
import { SparseTree } from './sparseTree.ts';
import { packedHash } from './words.ts';

/** fds 0..2^12-1 (FileSystem's FD_LIMIT) are leaves of the fd table; a file's content is a tree of 2^27 32-byte leaves (4 GiB), as memory. */
export const FD_DEPTH = 12;
export const FILE_DEPTH = 32;
export const CONTENT_DEPTH = 27;

/** Which WASI call a host function is, in its function leaf (programCommitment.functionLeaf); 0: not provable yet. */
export const HOST_KIND: Record<string, number> = {
  args_get: 1,
  args_sizes_get: 2,
  environ_get: 3,
  environ_sizes_get: 4,
  fd_write: 5,
  fd_read: 6,
  fd_close: 7,
  fd_prestat_get: 8,
  fd_prestat_dir_name: 9,
  proc_exit: 10,
  path_open: 11,
  random_get: 12,
  clock_time_get: 13,
  clock_res_get: 14,
};

/** argv or the environment as committed: the NUL-terminated strings end to end in 32-byte chunks, and their offsets. */
export type StringsFields = {
  count: number;
  bytes: number;
  root: Uint8Array;
  depth: number;
  offsetsRoot: Uint8Array;
  offsetsDepth: number;
};
/**
 * What a run starts from and never changes: arguments, environment, the random stream (`seedHash`: the root of its
 * first 2^20 bytes for a module importing random_get, else keccak256 of its key), the output cap.
 */
export type StaticFields = { args: StringsFields; env: StringsFields; seedHash: Uint8Array; maxOutput: number };
/** The pre-image of the I/O hash (a state root's last field). */
export type IoFields = {
  staticHash: Uint8Array;
  fdRoot: Uint8Array;
  /** keccak256 of the 4,096-bit fd occupancy bitmap (16 words): where the lowest free fd is (fdBitmapWords). */
  fdBitmap: Uint8Array;
  filesRoot: Uint8Array;
  /** path_open's scratch: a running hash of the path read so far, then of the resolved path; zero between calls. */
  pathHash: Uint8Array;
  stdoutHash: Uint8Array;
  stderrHash: Uint8Array;
  randomPosition: number;
  clock: bigint;
  written: number;
};
/**
 * A file or directory as committed (its leaf in the file table is the keccak256 of these, packed): `area` is 0 (/in)
 * or 1 (/out), plus DIR_ENTRY for a directory (size 0, content root zero).
 */
export type FileEntry = { area: number; size: number; contentRoot: Uint8Array; nameHash: Uint8Array };
export const DIR_ENTRY = 2;
/** Words of the fd occupancy bitmap: bit n % 256 (from the least significant) of word n / 256 is set when fd n is open. */
export const BITMAP_WORDS = 16;

/** The fd occupancy bitmap as 16 big-endian 32-byte words. */
export function fdBitmapWords(fds: readonly unknown[]): Uint8Array[] {
  const words = Array.from({ length: BITMAP_WORDS }, () => new Uint8Array(WORD));
  fds.forEach((h, fd) => {
    if (h && fd < BITMAP_WORDS * 256) words[fd >> 8]![31 - ((fd & 255) >> 3)]! |= 1 << (fd & 7);
  });
  return words;
}

export function hashWords(words: Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(words.length * WORD);
  words.forEach((w, i) => {
    joined.set(w, i * WORD);
  });
  return keccak_256(joined);
}

const encoder = new TextEncoder();

export function hashIo(f: IoFields): Uint8Array {
  return packedHash([
    [f.staticHash, 32],
    [f.fdRoot, 32],
    [f.fdBitmap, 32],
    [f.filesRoot, 32],
    [f.pathHash, 32],
    [f.stdoutHash, 32],
    [f.stderrHash, 32],
    [f.randomPosition, 8],
    [f.clock, 8],
    [f.written, 8],
  ]);
}

const stringsPacked = (s: StringsFields): [number | Uint8Array, number][] => [
  [s.count, 4],
  [s.bytes, 4],
  [s.root, 32],
  [s.depth, 1],
  [s.offsetsRoot, 32],
  [s.offsetsDepth, 1],
];

export function hashStatic(s: StaticFields): Uint8Array {
  return packedHash([...stringsPacked(s.args), ...stringsPacked(s.env), [s.seedHash, 32], [s.maxOutput, 8]]);
}

export function hashFileEntry(e: FileEntry): Uint8Array {
  return packedHash([
    [e.area, 1],
    [e.size, 8],
    [e.contentRoot, 32],
    [e.nameHash, 32],
  ]);
}

/** A file's (or directory's) slot in the file table: the first 4 bytes of keccak256(area byte ‖ path), big-endian. */
export function fileSlot(area: Area, path: string): number {
  const name = encoder.encode(path);
  const h = keccak_256(Uint8Array.of(area === 'in' ? 0 : 1, ...name));
  return new DataView(h.buffer).getUint32(0, false);
}

/**
 * An fd's leaf: kind (0 closed, 1 stdio, 2 directory, 3 file), area, append, preopen (1 /in, 2 /out), a 32-bit id
 * (the stdio fd, or the file's or directory's slot), the 64-bit rights, the 64-bit position, 8 zero bytes.
 */
export function fdLeaf(h: Handle | undefined): Uint8Array {
  const leaf = new Uint8Array(WORD);
  if (!h) return leaf;
  const view = new DataView(leaf.buffer);
  view.setUint8(0, h.kind === 'stdio' ? 1 : h.kind === 'dir' ? 2 : 3);
  if (h.kind === 'stdio') {
    view.setUint32(4, h.fd, false);
    return leaf;
  }
  view.setUint8(1, h.area === 'in' ? 0 : 1);
  view.setUint32(4, fileSlot(h.area, h.path), false);
  view.setBigUint64(8, h.rights, false);
  if (h.kind === 'dir') view.setUint8(3, h.preopen === '/in' ? 1 : h.preopen === '/out' ? 2 : 0);
  else {
    view.setUint8(2, +h.append);
    view.setBigUint64(16, BigInt(h.position), false);
  }
  return leaf;
}

function stringsTrees(list: Uint8Array[]): { fields: StringsFields; blob: MerkleTree; offsets: MerkleTree } {
  const bytes = list.reduce((n, s) => n + s.length, 0);
  const padded = new Uint8Array(Math.ceil(bytes / WORD) * WORD);
  const offsets = new Uint8Array(list.length * WORD);
  let at = 0;
  list.forEach((s, i) => {
    new DataView(offsets.buffer).setUint32(i * WORD + 28, at, false);
    padded.set(s, at);
    at += s.length;
  });
  const blob = new MerkleTree(padded, depthFor(padded.length / WORD));
  const offsetTree = new MerkleTree(offsets, depthFor(list.length));
  return {
    fields: { count: list.length, bytes, root: blob.root, depth: blob.depth, offsetsRoot: offsetTree.root, offsetsDepth: offsetTree.depth },
    blob,
    offsets: offsetTree,
  };
}

/**
 * The commitment to a run's I/O state (decisions 019, 023): ioHash = keccak256(staticHash, fdRoot, fdBitmap, filesRoot,
 * pathHash, stdoutHash, stderrHash, random position, clock, bytes written). Files and directories are leaves of a
 * table keyed by a hash of their path, a file committing its size and the Merkle root of its content in 32-byte
 * chunks; stdout and stderr are running hashes of the chunks written. File content trees are cached until the file
 * changes.
 */
export class IoCommitment {
  readonly wasi: Wasi;
  readonly args: ReturnType<typeof stringsTrees>;
  readonly env: ReturnType<typeof stringsTrees>;
  readonly statics: StaticFields;
  private readonly contents = new WeakMap<StoredFile, { version: number; tree: MerkleTree }>();
  constructor(wasi: Wasi) {
    this.wasi = wasi;
    this.args = stringsTrees(wasi.args);
    this.env = stringsTrees(wasi.env);
    this.statics = {
      args: this.args.fields,
      env: this.env.fields,
      seedHash: wasi.io.randomCommitted ? wasi.random.keystream().root : keccak_256(wasi.random.key),
      maxOutput: wasi.usage.max,
    };
  }

  /** A file's content tree (its bytes [0, size), zero past them). */
  content(file: StoredFile): MerkleTree {
    const cached = this.contents.get(file);
    if (cached && cached.version === (file.version ?? 0)) return cached.tree;
    const leaves = new Uint8Array(Math.ceil(file.size / WORD) * WORD);
    leaves.set(file.data.subarray(0, file.size));
    const tree = new MerkleTree(leaves, CONTENT_DEPTH);
    this.contents.set(file, { version: file.version ?? 0, tree });
    return tree;
  }

  entry(area: Area, path: string, file: StoredFile): FileEntry {
    return {
      area: area === 'in' ? 0 : 1,
      size: file.size,
      contentRoot: this.content(file).root,
      nameHash: keccak_256(encoder.encode(path)),
    };
  }

  fdTree(): SparseTree {
    const leaves = new Map<number, Uint8Array>();
    this.wasi.fs.fds.forEach((h, fd) => {
      if (h && fd < 2 ** FD_DEPTH) leaves.set(fd, fdLeaf(h));
    });
    return new SparseTree(leaves, FD_DEPTH);
  }

  /** A directory's entry. */
  dirEntry(area: Area, path: string): FileEntry {
    return {
      area: (area === 'in' ? 0 : 1) | DIR_ENTRY,
      size: 0,
      contentRoot: new Uint8Array(WORD),
      nameHash: keccak_256(encoder.encode(path)),
    };
  }

  /** The file table (files and directories); throws when two paths share a slot (a run the interpreter cannot commit: decision 019). */
  fileTree(): SparseTree {
    const leaves = new Map<number, Uint8Array>();
    for (const area of ['in', 'out'] as const) {
      for (const path of this.wasi.fs.dirs[area]) {
        const slot = fileSlot(area, path);
        if (leaves.has(slot)) throw new Error(`file table slot ${slot} taken twice (${area}/${path})`);
        leaves.set(slot, hashFileEntry(this.dirEntry(area, path)));
      }
      for (const [path, file] of this.wasi.fs.areas[area]) {
        const slot = fileSlot(area, path);
        if (leaves.has(slot)) throw new Error(`file table slot ${slot} taken twice (${area}/${path})`);
        leaves.set(slot, hashFileEntry(this.entry(area, path, file)));
      }
    }
    return new SparseTree(leaves, FILE_DEPTH);
  }

  private cached: { version: number; fields: IoFields } | undefined;

  /** The I/O hash's pre-image, recomputed only after a host call ran (wasi.io.version). */
  fields(): IoFields {
    const { wasi } = this;
    if (this.cached?.version === wasi.io.version) return this.cached.fields;
    const fields = this.compute();
    this.cached = { version: wasi.io.version, fields };
    return fields;
  }

  private compute(): IoFields {
    const { wasi } = this;
    return {
      staticHash: hashStatic(this.statics),
      fdRoot: this.fdTree().root,
      fdBitmap: hashWords(fdBitmapWords(wasi.fs.fds)),
      filesRoot: this.fileTree().root,
      pathHash: wasi.pathScratch.hash,
      stdoutHash: wasi.streamHash[1],
      stderrHash: wasi.streamHash[2],
      randomPosition: wasi.random.position,
      clock: wasi.clock.now,
      written: wasi.usage.written,
    };
  }
}

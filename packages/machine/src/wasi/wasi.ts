import type { HostFunction, Machine } from '../exec/machine.ts';
import { trap } from '../exec/trap.ts';
import { ERRNO } from './errno.ts';
import { FileSystem, type Handle, RIGHT } from './fileSystem.ts';
import { FaultSignal, HostMemory } from './hostMemory.ts';
import { keccak_256 } from '@noble/hashes/sha3';
import { fileSlot } from '../state/ioState.ts';
import { type MicroResult, microStep, type Progress, REPEAT, sizesCall, stringsCall, transferCall } from './microCalls.ts';
import { pathOpenCall, type PathScratch } from './pathOpen.ts';
import { RandomStream, randomCall } from './randomStream.ts';
import { virtualTimeCalls, VirtualClock } from './virtualTime.ts';

export type WasiOptions = {
  /** argv, program name included: ['app', ...args]. */
  args: string[];
  env?: Record<string, string>;
  /** Input files under /in, by relative path. */
  files?: Record<string, Uint8Array>;
  seed: string;
  /** Cap on stdout + stderr + bytes written to files; past it the run traps ('output limit'). */
  maxOutputBytes: number;
};

type Call = (mem: HostMemory, arg: (k: number) => number, wide: (k: number) => bigint, m: Machine) => number | undefined;

/**
 * The sandbox's deterministic WASI preview1 as host functions of the machine: arguments and environment,
 * /in and /out in memory (FileSystem), stdout and stderr captured, the seeded random stream, the virtual
 * clock. Everything it holds is state of the run: the machine's I/O state hash covers it.
 * @example
 * const wasi = createWasi({ args: ['app', '--n', '3'], seed: 'task-1', maxOutputBytes: 1 << 20 })
 */
export function createWasi(options: WasiOptions) {
  const encoder = new TextEncoder();
  const args = options.args.map((a) => encoder.encode(`${a}\0`));
  const env = Object.entries(options.env ?? {}).map(([k, v]) => encoder.encode(`${k}=${v}\0`));
  const fs = new FileSystem(options.files ?? {});
  const random = new RandomStream(options.seed);
  const clock = new VirtualClock();
  const captured: Record<1 | 2, Uint8Array[]> = { 1: [], 2: [] };
  /** Output bytes charged so far and the cap (committed: the I/O state's written counter and static fields). */
  const usage = { written: 0, max: options.maxOutputBytes };
  const charge = (length: number) => {
    if (usage.written + length > options.maxOutputBytes) trap(`output limit ${options.maxOutputBytes} reached`);
    usage.written += length;
  };
  /** The file behind `fd` when it holds `right`, else the errno uvwasi answers (rights are checked first). */
  const fileOf = (fd: number, right: bigint): (Handle & { kind: 'file' }) | number => {
    const h = fs.handle(fd);
    if (!h) return ERRNO.BADF;
    if (h.kind !== 'stdio' && (h.rights & right) === 0n) return ERRNO.NOTCAPABLE;
    return h.kind === 'file' ? h : h.kind === 'dir' ? ERRNO.ISDIR : ERRNO.SPIPE;
  };
  const dirOf = (fd: number, right: bigint): number => {
    const h = fs.handle(fd);
    if (!h) return ERRNO.BADF;
    if (h.kind !== 'stdio' && (h.rights & right) === 0n) return ERRNO.NOTCAPABLE;
    return h.kind === 'dir' ? ERRNO.SUCCESS : ERRNO.NOTDIR;
  };
  const text = (mem: HostMemory, ptr: number, length: number) => new TextDecoder().decode(mem.bytes(ptr, length));
  const filestat = (mem: HostMemory, ptr: number, h: Handle) => {
    for (let o = 0; o < 64; o += 8) mem.setU64(ptr + o, 0n);
    mem.setU8(ptr + 16, h.kind === 'dir' ? 3 : 4);
    mem.setU64(ptr + 24, 1n);
    if (h.kind === 'file') mem.setU64(ptr + 32, BigInt(fs.file(h).size));
    return ERRNO.SUCCESS;
  };

  const calls: Record<string, Call> = {
    fd_seek(mem, arg, wide) {
      const file = fileOf(arg(0), RIGHT.FD_SEEK);
      if (typeof file === 'number') return file;
      const whence = arg(2);
      if (whence > 2) return ERRNO.INVAL;
      const from = whence === 0 ? 0 : whence === 1 ? file.position : fs.file(file).size;
      const target = BigInt(from) + BigInt.asIntN(64, wide(1));
      if (target < 0n || target > 2n ** 32n) return ERRNO.INVAL;
      file.position = Number(target);
      mem.setU64(arg(3), target);
      return ERRNO.SUCCESS;
    },
    fd_tell(mem, arg) {
      const file = fileOf(arg(0), RIGHT.FD_TELL);
      if (typeof file === 'number') return file;
      mem.setU64(arg(1), BigInt(file.position));
      return ERRNO.SUCCESS;
    },
    fd_close: (_mem, arg) => fs.close(arg(0)),
    fd_prestat_get(mem, arg) {
      const h = fs.handle(arg(0));
      if (!h) return ERRNO.BADF;
      if (h.kind !== 'dir' || h.preopen === undefined) return ERRNO.INVAL;
      mem.setU64(arg(1), BigInt(encoder.encode(h.preopen).length) << 32n); // tag 0 (a directory), then the name's length
      return ERRNO.SUCCESS;
    },
    fd_prestat_dir_name(mem, arg) {
      const h = fs.handle(arg(0));
      if (!h) return ERRNO.BADF;
      if (h.kind !== 'dir' || h.preopen === undefined) return ERRNO.INVAL;
      const name = encoder.encode(h.preopen);
      if (name.length > arg(2)) return ERRNO.NOBUFS;
      mem.set(arg(1), name);
      return ERRNO.SUCCESS;
    },
    fd_fdstat_get(mem, arg) {
      const h = fs.handle(arg(0));
      if (!h) return ERRNO.BADF;
      mem.setU8(arg(1), h.kind === 'dir' ? 3 : 4);
      mem.setU16(arg(1) + 2, h.kind === 'file' && h.append ? 1 : 0);
      mem.setU64(arg(1) + 8, 0x1fffffffn);
      mem.setU64(arg(1) + 16, h.kind === 'dir' ? 0x1fffffffn : 0n);
      return ERRNO.SUCCESS;
    },
    fd_filestat_get(mem, arg) {
      const h = fs.handle(arg(0));
      if (!h) return ERRNO.BADF;
      if (h.kind !== 'stdio' && (h.rights & RIGHT.FD_FILESTAT_GET) === 0n) return ERRNO.NOTCAPABLE;
      return filestat(mem, arg(1), h);
    },
    path_filestat_get(mem, arg) {
      const denied = dirOf(arg(0), RIGHT.PATH_FILESTAT_GET);
      if (denied) return denied;
      const fd = fs.open(arg(0), text(mem, arg(2), arg(3)), 0, 0n, 0);
      if (fd < 0) return -fd;
      const errno = filestat(mem, arg(4), fs.handle(fd)!);
      fs.close(fd);
      return errno;
    },
    path_create_directory: (mem, arg) =>
      dirOf(arg(0), RIGHT.PATH_CREATE_DIRECTORY) || fs.createDirectory(arg(0), text(mem, arg(1), arg(2))),
    fd_readdir(mem, arg, wide) {
      const h = fs.handle(arg(0));
      const denied = dirOf(arg(0), RIGHT.FD_READDIR);
      if (denied || h?.kind !== 'dir') return denied;
      const [buf, length] = [arg(1), arg(2)];
      mem.check(buf, length);
      let used = 0;
      const entries = fs.list(h.area, h.path);
      for (let i = Number(wide(3)); i < entries.length && used < length; i++) {
        const { name, type } = entries[i]!;
        const record = new Uint8Array(24 + name.length);
        const view = new DataView(record.buffer);
        view.setBigUint64(0, BigInt(i + 1), true);
        view.setUint32(16, name.length, true);
        view.setUint8(20, type);
        record.set(name, 24);
        const take = Math.min(record.length, length - used);
        mem.set(buf + used, record.subarray(0, take));
        used += take;
      }
      mem.setU32(arg(4), used);
      return ERRNO.SUCCESS;
    },
    proc_exit(_mem, arg, _wide, m) {
      m.exit(arg(0));
      return undefined;
    },
    sched_yield: () => ERRNO.SUCCESS,
    fd_sync: () => ERRNO.SUCCESS,
    fd_datasync: () => ERRNO.SUCCESS,
    ...virtualTimeCalls(clock),
  };

  /** Host functions for a program's imports, in import order; anything else in wasi_snapshot_preview1 answers NOSYS. */
  const link = (imports: { module: string; name: string }[]): (HostFunction | undefined)[] =>
    imports.map((imp) => {
      if (imp.module === 'wasi_snapshot_preview1' && imp.name === 'random_get') io.randomCommitted = true;
      const host = linkOne(imp);
      if (!host) return undefined;
      return (m: Machine, base: number) => {
        io.version++; // only host calls change the I/O state: its commitment is cached between them
        return host(m, base);
      };
    });
  /** Bumped by every host call: the I/O state cannot have changed while it stays the same. */
  const io = { version: 0, randomCommitted: false };
  const linkOne = ({ module, name }: { module: string; name: string }): HostFunction | undefined => {
    if (module !== 'wasi_snapshot_preview1') return undefined;
    const stepped = micro[name];
    const arg = (m: Machine, base: number) => (k: number) => m.s32[2 * (base + k)]! >>> 0;
    if (stepped)
      return (m: Machine, base: number) => microStep(m, base, (p) => stepped(new HostMemory(m), arg(m, base), p, (k) => m.u64[base + k]!));
    const call = calls[name] ?? (() => ERRNO.NOSYS);
    return (m: Machine, base: number) => {
      const mem = new HostMemory(m);
      try {
        return call(
          mem,
          (k) => m.s32[2 * (base + k)]! >>> 0,
          (k) => m.u64[base + k]!,
          m,
        );
      } catch (error) {
        if (error instanceof FaultSignal) return ERRNO.FAULT;
        throw error;
      }
    };
  };
  /** Running hashes of stdout and stderr: keccak256(previous ‖ chunk) for each chunk a micro-step writes. */
  const streamHash: Record<1 | 2, Uint8Array> = { 1: new Uint8Array(32), 2: new Uint8Array(32) };
  const emit = (fd: 1 | 2, bytes: Uint8Array) => {
    captured[fd].push(bytes.slice());
    const joinedChunk = new Uint8Array(32 + bytes.length);
    joinedChunk.set(streamHash[fd]);
    joinedChunk.set(bytes, 32);
    streamHash[fd] = keccak_256(joinedChunk);
  };
  const ctx = { fs, fileOf, charge, emit };
  /** Host calls that move a variable number of bytes, one bounded micro-step at a time (microCalls.ts). */
  /** path_open's scratch hash (the I/O state's pathHash): zero between calls. */
  const pathScratch: PathScratch = { hash: new Uint8Array(32) };
  const micro: Record<string, (mem: HostMemory, arg: (k: number) => number, p: Progress, wide: (k: number) => bigint) => MicroResult> = {
    args_get: stringsCall(args),
    args_sizes_get: sizesCall(args),
    environ_get: stringsCall(env),
    environ_sizes_get: sizesCall(env),
    fd_write: transferCall(ctx, true, RIGHT.FD_WRITE),
    fd_read: transferCall(ctx, false, RIGHT.FD_READ),
    path_open: pathOpenCall(fs, pathScratch, fileSlot),
    random_get: randomCall(random, REPEAT) as (mem: HostMemory, arg: (k: number) => number, p: Progress) => MicroResult,
  };
  const joined = (fd: 1 | 2) => {
    const out = new Uint8Array(captured[fd].reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of captured[fd]) out.set(part, (at += part.length) - part.length);
    return out;
  };
  /** The lengths of the chunks written to stdout (1) or stderr (2), in order: what recomputes their running hashes from the bytes. */
  const chunkLengths = (fd: 1 | 2) => captured[fd].map((part) => part.length);
  return {
    link,
    io,
    fs,
    random,
    clock,
    usage,
    streamHash,
    pathScratch,
    stdout: () => joined(1),
    stderr: () => joined(2),
    chunkLengths,
    args,
    env,
  };
}

export type Wasi = ReturnType<typeof createWasi>;

import { ERRNO, RANDOM_BYTES, RIGHT, type Wasi } from '@proofgrid/machine';

/** @internal The app's memory as the calls see it (fresh views after a memory.grow). */
export type AppMemory = { bytes(): Uint8Array; view(): DataView };

/** @internal A run's I/O as the whole calls see it. */
export type RunIo = {
  memory: AppMemory;
  /** The machine's FileSystem of the run (made on first use). */
  fs(): FileSystem;
  /** The machine's random stream of the run (made on first use). */
  random(): Wasi['random'];
  /** argv and the environment, each string NUL-terminated (as the machine encodes them). */
  args: Uint8Array[];
  env: Uint8Array[];
  /** Bytes charged against the cap so far (stdout, stderr and files). */
  written: number;
  maxOutputBytes: number;
  stdout: Uint8Array[];
  stderr: Uint8Array[];
  /** Stops the app: the output cap would be passed (`writtenBytes`: what it asked to have written). */
  outputLimit(writtenBytes: number): never;
  /** Stops the app with a trap of the machine's WASI (its message). */
  trap(message: string): never;
};

type Call = (...params: number[]) => number;
type FileSystem = Wasi['fs'];
type FileHandle = ReturnType<FileSystem['handle']> & { kind: 'file' };

/**
 * @internal The calls the provable machine runs in micro-steps (decisions 019, 023: fd_write, fd_read,
 * args_get, args_sizes_get, environ_get, environ_sizes_get, random_get), each done in one go with the answers,
 * memory writes, charges and order of effects of the machine's whole sequence of micro-steps
 * (microCalls.ts), on the machine's FileSystem for files: every iovec and both areas are
 * bounds-checked before anything moves (FAULT), then the fd's kind and rights (uvwasi's order:
 * BADF, NOTCAPABLE, ISDIR, SPIPE), each iovec is charged against the output cap before its bytes
 * move, a read stops at the end of the file, the count is stored last. The machine moves at most
 * 32 bytes a step (what a proof may hold); these move whole buffers. `memoryWasi.test.ts` runs the
 * same programs both ways and compares every byte.
 *
 * One sandbox rule on top: no file grows past the output cap (a seek far past the end, then a
 * write), so the host never allocates what the cap refuses at the end anyway.
 */
export function wholeCalls(io: RunIo): Record<string, Call> {
  const { memory } = io;
  const charge = (length: number, requested: number) => {
    if (io.written + length > io.maxOutputBytes) io.outputLimit(requested);
    io.written += length;
  };
  /** Reads the iovec list; undefined when an entry or a buffer is out of bounds (FAULT). */
  const iovecs = (iovs: number, count: number): [number, number][] | undefined => {
    const heap = memory.bytes();
    const view = memory.view();
    const list: [number, number][] = [];
    for (let i = 0; i < count; i++) {
      const at = iovs + 8 * i;
      if (at + 8 > heap.length) return undefined;
      const ptr = view.getUint32(at, true);
      const length = view.getUint32(at + 4, true);
      if (ptr + length > heap.length) return undefined;
      list.push([ptr, length]);
    }
    return list;
  };
  const fileOf = (fd: number, right: bigint): FileHandle | number => {
    const h = io.fs().handle(fd);
    if (!h) return ERRNO.BADF;
    if (h.kind !== 'stdio' && (h.rights & right) === 0n) return ERRNO.NOTCAPABLE;
    return h.kind === 'file' ? (h as FileHandle) : h.kind === 'dir' ? ERRNO.ISDIR : ERRNO.SPIPE;
  };
  const store = (ptr: number, value: number): number => {
    if (ptr + 4 > memory.bytes().length) return ERRNO.FAULT;
    memory.view().setUint32(ptr, value, true);
    return ERRNO.SUCCESS;
  };
  const within = (ptr: number, length: number) => ptr + length <= memory.bytes().length;

  const strings = (list: Uint8Array[]): { get: Call; sizes: Call } => {
    const blob = new Uint8Array(list.reduce((n, s) => n + s.length, 0));
    const offsets: number[] = [];
    for (let i = 0, at = 0; i < list.length; at += list[i]!.length, i++) {
      offsets.push(at);
      blob.set(list[i]!, at);
    }
    return {
      get(pointersPtr, bufferPtr) {
        const [pointers, buffer] = [pointersPtr >>> 0, bufferPtr >>> 0];
        if (!within(pointers, 4 * list.length) || !within(buffer, blob.length)) return ERRNO.FAULT;
        const view = memory.view();
        for (const [i, offset] of offsets.entries()) view.setUint32(pointers + 4 * i, buffer + offset, true);
        memory.bytes().set(blob, buffer);
        return ERRNO.SUCCESS;
      },
      sizes(countPtr, sizePtr) {
        const [count, size] = [countPtr >>> 0, sizePtr >>> 0];
        if (!within(count, 4) || !within(size, 4)) return ERRNO.FAULT;
        memory.view().setUint32(count, list.length, true);
        memory.view().setUint32(size, blob.length, true);
        return ERRNO.SUCCESS;
      },
    };
  };
  const args = strings(io.args);
  const env = strings(io.env);

  return {
    args_get: args.get,
    args_sizes_get: args.sizes,
    environ_get: env.get,
    environ_sizes_get: env.sizes,
    fd_write(fdParam, iovsParam, countParam, outParam) {
      const [fd, count] = [fdParam >>> 0, countParam >>> 0];
      const list = iovecs(iovsParam >>> 0, count);
      if (!list) return ERRNO.FAULT;
      const stream = fd === 1 || fd === 2;
      const file = stream ? undefined : fileOf(fd, RIGHT.FD_WRITE);
      if (typeof file === 'number') return file;
      const requested = io.written + list.reduce((n, [, length]) => n + length, 0);
      let total = 0;
      for (const [ptr, length] of list) {
        charge(length, requested);
        if (stream) {
          if (length > 0) (fd === 1 ? io.stdout : io.stderr).push(memory.bytes().slice(ptr, ptr + length));
        } else {
          const stored = io.fs().file(file!);
          const at = file!.append ? stored.size : file!.position;
          if (at + length > io.maxOutputBytes) io.outputLimit(Math.max(requested, at + length));
          file!.position = at;
          io.fs().write(file!, memory.bytes().subarray(ptr, ptr + length)); // a zero-length write still moves the end to the position
        }
        total += length;
      }
      return store(outParam >>> 0, total);
    },
    random_get(bufParam, lengthParam) {
      const [buffer, length] = [bufParam >>> 0, lengthParam >>> 0];
      if (!within(buffer, length)) return ERRNO.FAULT;
      if (length === 0) return ERRNO.SUCCESS;
      const random = io.random();
      // The machine traps at the chunk that would pass the bytes it can prove; the run ends there either way.
      if (random.position + length > RANDOM_BYTES) io.trap('random stream exhausted (1 MiB)');
      memory.bytes().set(random.next(length), buffer);
      return ERRNO.SUCCESS;
    },
    fd_read(fdParam, iovsParam, countParam, outParam) {
      const [fd, count] = [fdParam >>> 0, countParam >>> 0];
      const list = iovecs(iovsParam >>> 0, count);
      if (!list) return ERRNO.FAULT;
      if (fd <= 2) return store(outParam >>> 0, 0); // stdio reads nothing (fds 0-2 are never closed or renumbered)
      const file = fileOf(fd, RIGHT.FD_READ);
      if (typeof file === 'number') return file;
      const fs = io.fs();
      const stored = fs.file(file);
      let total = 0;
      for (const [ptr, length] of list) {
        file.position = Math.min(file.position, stored.size);
        if (length === 0) continue;
        const chunk = fs.read(file, length);
        memory.bytes().set(chunk, ptr);
        total += chunk.length;
        if (chunk.length < length) break; // the end of the file: what was read so far is the answer
      }
      return store(outParam >>> 0, total);
    },
  };
}

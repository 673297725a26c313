import type { Machine } from '../exec/machine.ts';
import { trap } from '../exec/trap.ts';
import { ERRNO } from './errno.ts';
import type { FileSystem, Handle } from './fileSystem.ts';
import { FaultSignal, type HostMemory } from './hostMemory.ts';

/** Returned by a host call's micro-step that is not its last: the call instruction runs again (pc kept). */
export const REPEAT = Symbol('repeat');
export type MicroResult = number | undefined | typeof REPEAT;

/**
 * A host call's progress between its micro-steps lives in the high words of its i32 operand slots (zero when
 * the call starts, as every i32 slot's), so the state needs no extra register: `get(k)` / `set(k, v)` read and
 * write the high word of parameter k (decision 019).
 */
export type Progress = { get(k: number): number; set(k: number, value: number): void };

/** One leaf of bytes: a chunk moved by one micro-step never crosses a 32-byte boundary of either side. */
export const CHUNK = 32;
const within = (at: number) => CHUNK - (at % CHUNK);

type Ctx = {
  fs: FileSystem;
  /** The fd's file handle when it holds `right`, else the errno (uvwasi's order: rights first). */
  fileOf(fd: number, right: bigint): (Handle & { kind: 'file' }) | number;
  charge(length: number): void;
  /** Appends a chunk of stdout (1) or stderr (2) to its capture and its running hash. */
  emit(fd: 1 | 2, bytes: Uint8Array): void;
};

/**
 * fd_write / fd_read in micro-steps. Parameter 1's high word counts steps: below the iovec count it is the iovec
 * being checked (one per step: a FAULT before any byte moves, as the sandbox); past it, count + 1 + the current
 * iovec. A step with no iovec loaded (parameter 3's high word 0) reads the next one and charges the output cap;
 * then each step moves at most one chunk inside a 32-byte leaf of memory and of the file, parameter 0's high word
 * holding the buffer cursor and parameter 3's the bytes left, parameter 2's the bytes moved so far. The step after
 * the last iovec (or at the end of the file) stores the count and returns.
 */
export function transferCall(ctx: Ctx, write: boolean, right: bigint) {
  return (mem: HostMemory, arg: (k: number) => number, p: Progress): MicroResult => {
    const [fd, iovs, count, out] = [arg(0), arg(1), arg(2), arg(3)];
    let step = p.get(1);
    if (step < count) {
      mem.check(mem.u32(iovs + 8 * step), mem.u32(iovs + 8 * step + 4));
      p.set(1, step + 1);
      return REPEAT;
    }
    if (step === count) p.set(1, (step = count + 1));
    const stream = write && (fd === 1 || fd === 2);
    const stdin = !write && ctx.fs.handle(fd)?.kind === 'stdio';
    const file = stream || stdin ? undefined : ctx.fileOf(fd, right);
    if (typeof file === 'number') return file;
    if (stdin || step - count - 1 >= count) {
      mem.setU32(out, stdin ? 0 : p.get(2));
      return ERRNO.SUCCESS;
    }
    const stored = file && ctx.fs.file(file);
    const [cursor, left, total] = [p.get(0), p.get(3), p.get(2)];
    if (left === 0) {
      const i = step - count - 1;
      const [ptr, length] = [mem.u32(iovs + 8 * i), mem.u32(iovs + 8 * i + 4)];
      if (write) ctx.charge(length);
      mem.check(ptr, length);
      if (length > 0) {
        p.set(0, ptr);
        p.set(3, length);
        return REPEAT;
      }
      if (file && write) {
        file.position = file.append ? stored!.size : file.position;
        ctx.fs.write(file, new Uint8Array(0)); // a zero-length write still moves the end to the position
      } else if (file) file.position = Math.min(file.position, stored!.size);
      p.set(1, step + 1);
      return REPEAT;
    }
    let k = Math.min(left, within(cursor));
    if (stream) ctx.emit(fd as 1 | 2, mem.bytes(cursor, k));
    else if (write) {
      const at = file!.append ? stored!.size : file!.position;
      k = Math.min(k, within(at));
      file!.position = at;
      ctx.fs.write(file!, mem.bytes(cursor, k));
    } else {
      file!.position = Math.min(file!.position, stored!.size);
      k = Math.min(k, within(file!.position), stored!.size - file!.position);
      if (k === 0) {
        p.set(1, 2 * count + 1); // end of file: what was read so far is the answer
        return REPEAT;
      }
      mem.set(cursor, ctx.fs.read(file!, k));
    }
    p.set(0, cursor + k);
    p.set(3, left - k);
    p.set(2, total + k);
    if (left === k) p.set(1, step + 1);
    return REPEAT;
  };
}

/**
 * args_get / environ_get: the first step checks both areas (FAULT before any write, as node's WASI), then one
 * step per pointer (parameter 0's high word counts them) and one per leaf-bounded chunk of the strings
 * (parameter 1's high word counts the bytes copied).
 */
export function stringsCall(list: Uint8Array[]) {
  const blob = concat(list);
  const offsets = list.map((_, i) => list.slice(0, i).reduce((n, s) => n + s.length, 0));
  return (mem: HostMemory, arg: (k: number) => number, p: Progress): MicroResult => {
    const [argv, buf] = [arg(0), arg(1)];
    const [pointers, copied] = [p.get(0), p.get(1)];
    if (pointers === 0 && copied === 0) {
      mem.check(argv, 4 * list.length);
      mem.check(buf, blob.length);
    }
    if (pointers < list.length) {
      mem.setU32(argv + 4 * pointers, buf + offsets[pointers]!);
      p.set(0, pointers + 1);
      return pointers + 1 === list.length && blob.length === 0 ? ERRNO.SUCCESS : REPEAT;
    }
    if (copied === blob.length) return ERRNO.SUCCESS;
    const k = Math.min(blob.length - copied, within(copied), within(buf + copied));
    mem.set(buf + copied, blob.subarray(copied, copied + k));
    p.set(1, copied + k);
    return copied + k === blob.length ? ERRNO.SUCCESS : REPEAT;
  };
}

/** args_sizes_get / environ_sizes_get: both areas checked first, then one u32 stored per step. */
export function sizesCall(list: Uint8Array[]) {
  const bytes = list.reduce((n, s) => n + s.length, 0);
  return (mem: HostMemory, arg: (k: number) => number, p: Progress): MicroResult => {
    if (p.get(0) === 0) {
      mem.check(arg(0), 4);
      mem.check(arg(1), 4);
      mem.setU32(arg(0), list.length);
      p.set(0, 1);
      return REPEAT;
    }
    mem.setU32(arg(1), bytes);
    return ERRNO.SUCCESS;
  };
}

/** Runs one micro-step of a host call: a memory fault ends the call with ERRNO.FAULT. */
export function microStep(m: Machine, base: number, call: (p: Progress) => MicroResult): number | undefined {
  const p: Progress = {
    get: (k) => m.s32[2 * (base + k) + 1]! >>> 0,
    set: (k, value) => {
      m.s32[2 * (base + k) + 1] = value | 0;
    },
  };
  const before = [0, 1, 2, 3, 4].map((k) => m.s32[2 * (base + k) + 1]!);
  try {
    const result = call(p);
    if (result !== REPEAT) return result;
    m.repeat = true;
    return undefined;
  } catch (error) {
    if (error instanceof FaultSignal) return ERRNO.FAULT;
    // a trap (the output cap) changes nothing but the status: the progress it recorded is undone
    for (const [k, word] of before.entries()) m.s32[2 * (base + k) + 1] = word;
    throw error;
  }
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, s) => n + s.length, 0));
  let at = 0;
  for (const s of parts) out.set(s, (at += s.length) - s.length);
  return out;
}

export { trap };

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
 * fd_write / fd_read in micro-steps. Phase 0 (high word of parameter 3 = 0) checks one iovec per step (a
 * FAULT before any byte moves, as the sandbox); phase 1 moves at most one leaf-bounded chunk per step:
 * parameter 0's high word is the offset in the current iovec, parameter 1's the iovec index, parameter 2's
 * the bytes moved so far; the step after the last iovec stores the count and returns.
 */
export function transferCall(ctx: Ctx, write: boolean, right: bigint) {
  return (mem: HostMemory, arg: (k: number) => number, p: Progress): MicroResult => {
    const [fd, iovs, count, out] = [arg(0), arg(1), arg(2), arg(3)];
    const iovec = (i: number): [number, number] => [mem.u32(iovs + 8 * i), mem.u32(iovs + 8 * i + 4)];
    if (p.get(3) === 0) {
      const i = p.get(1);
      if (i < count) {
        const [ptr, length] = iovec(i);
        mem.check(ptr, length);
        p.set(1, i + 1);
        return REPEAT;
      }
      p.set(1, 0);
      p.set(3, 1);
    }
    const stream = write && (fd === 1 || fd === 2);
    const stdin = !write && ctx.fs.handle(fd)?.kind === 'stdio';
    const file = stream || stdin ? undefined : ctx.fileOf(fd, right);
    if (typeof file === 'number') return file;
    const [o, i, total] = [p.get(0), p.get(1), p.get(2)];
    if (stdin || i >= count) {
      mem.setU32(out, stdin ? 0 : total);
      return ERRNO.SUCCESS;
    }
    const [ptr, length] = iovec(i);
    if (write && o === 0) ctx.charge(length);
    const next = (moved: number): MicroResult => {
      const done = o + moved === length;
      p.set(0, done ? 0 : o + moved);
      p.set(1, done ? i + 1 : i);
      p.set(2, total + moved);
      return REPEAT;
    };
    const handle = file as (Handle & { kind: 'file' }) | undefined;
    if (stream) {
      const k = Math.min(length - o, within(ptr + o));
      if (k > 0) ctx.emit(fd as 1 | 2, mem.bytes(ptr + o, k));
      return next(k);
    }
    const stored = ctx.fs.file(handle!);
    if (write) {
      const at = handle!.append ? stored.size : handle!.position;
      const k = Math.min(length - o, within(ptr + o), within(at));
      handle!.position = at;
      ctx.fs.write(handle!, mem.bytes(ptr + o, k)); // a zero-length write still moves the end to `at`
      return next(k);
    }
    handle!.position = Math.min(handle!.position, stored.size);
    if (length === o) return next(0);
    const k = Math.min(length - o, within(ptr + o), within(handle!.position), stored.size - handle!.position);
    if (k === 0) {
      p.set(1, count); // end of file: what was read so far is the answer
      return REPEAT;
    }
    mem.set(ptr + o, ctx.fs.read(handle!, k));
    return next(k);
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
  const before = [0, 1, 2, 3].map((k) => m.s32[2 * (base + k) + 1]!);
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

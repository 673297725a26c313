import { MalformedModuleError } from '../errors.ts';
import { MAX_FRAMES, type Program, STACK_SLOTS } from '../compile/compileModule.ts';
import type { InitExpr } from '../decode/types.ts';

export const PAGE_BYTES = 65_536;
export { MAX_FRAMES, STACK_SLOTS };
/** Words per saved frame: return pc, fp, operand base, function index. */
export const FRAME_WORDS = 4;
export const LEAF_BYTES = 32;

export type Status = 'running' | 'exited' | 'trapped';

/**
 * A host function (a WASI call): reads its arguments from stack slots `args..` (m.s32[2 * slot] for an
 * i32, m.i64[slot] for an i64), may read and write memory through m.write/m.memory, and returns its
 * i32 result (or undefined when it has none). It halts the machine with m.exit(code).
 */
export type HostFunction = (m: Machine, args: number) => number | undefined;

/**
 * The whole state of the machine between two steps. Values live in 8-byte stack slots viewed as
 * int32 pairs (s32: an i32 or f32 in the low word, high word 0), f64, f32 and i64; a frame's locals are
 * the slots [fp, base) and its operands [base, sp). The current frame is in pc/fp/base/func, the
 * callers' in `frames`. Stores mark the 32-byte memory leaves they touch in `dirty`.
 */
export class Machine {
  readonly program: Program;
  readonly code: Int32Array;
  readonly host: (HostFunction | undefined)[];
  readonly stackBuffer = new ArrayBuffer(STACK_SLOTS * 8);
  readonly s32 = new Int32Array(this.stackBuffer);
  readonly f64 = new Float64Array(this.stackBuffer);
  readonly f32 = new Float32Array(this.stackBuffer);
  readonly i64 = new BigInt64Array(this.stackBuffer);
  readonly u64 = new BigUint64Array(this.stackBuffer);
  readonly frames = new Int32Array(MAX_FRAMES * FRAME_WORDS);
  depth = 0;
  pc = 0;
  sp = 0;
  fp = 0;
  base = 0;
  func = 0;
  steps = 0;
  status: Status = 'running';
  /** Set by a step that is not done (a memory.copy/fill with bytes left): the instruction runs again. Not state. */
  repeat = false;
  /** When set, run() returns before a host call that is not its first step (to prove host steps). Not state. */
  pauseAtHost = false;
  exitCode = 0;
  trap = '';
  /** Two int32 words per global. */
  readonly globals: Int32Array;
  readonly table: Int32Array;
  memory: Uint8Array;
  view: DataView;
  /** One byte per 32-byte leaf: 1 when written since the memory tree last hashed it. */
  dirty: Uint8Array;
  readonly maxPages: number;

  constructor(program: Program, host: (HostFunction | undefined)[], maxPages: number) {
    this.program = program;
    this.code = program.code;
    this.host = host;
    const m = program.module;
    this.globals = new Int32Array(m.globals.length * 2);
    m.globals.forEach((g, i) => {
      const [lo, hi] = constant(g.init, this.globals);
      this.globals[2 * i] = lo;
      this.globals[2 * i + 1] = hi;
    });
    const pages = m.memory?.min ?? 0;
    this.maxPages = Math.min(m.memory?.max ?? 65_536, maxPages, 65_536);
    if (pages > this.maxPages) throw new MalformedModuleError(`initial memory of ${pages} pages exceeds the cap of ${this.maxPages}`);
    this.memory = new Uint8Array(pages * PAGE_BYTES);
    this.view = new DataView(this.memory.buffer);
    this.dirty = new Uint8Array((pages * PAGE_BYTES) / LEAF_BYTES).fill(1);
    this.table = new Int32Array(m.table?.min ?? 0).fill(-1);
    for (const segment of m.elements) {
      const offset = constant(segment.offset, this.globals)[0] >>> 0;
      if (offset + segment.funcs.length > this.table.length) throw new MalformedModuleError('element segment out of table bounds');
      this.table.set(segment.funcs, offset);
    }
    for (const segment of m.data) {
      const offset = constant(segment.offset, this.globals)[0] >>> 0;
      if (offset + segment.bytes.length > this.memory.length) throw new MalformedModuleError('data segment out of memory bounds');
      this.memory.set(segment.bytes, offset);
    }
    m.imports.forEach((imp, i) => {
      const t = m.types[imp.typeIndex]!;
      if (!host[i]) throw new MalformedModuleError(`unknown import ${imp.module}.${imp.name}`);
      if (t.results.length > 1 || (t.results.length === 1 && t.results[0] !== 0x7f)) {
        throw new MalformedModuleError(`import ${imp.module}.${imp.name} must return nothing or an i32`);
      }
    });
    const entry = program.funcs[program.start]!;
    if (entry.entry < 0 || entry.numParams > 0) throw new MalformedModuleError('_start must be a defined function without parameters');
    this.func = program.start;
    this.pc = entry.entry;
    this.base = entry.numLocals;
    this.sp = this.base;
    if (m.start !== undefined) throw new MalformedModuleError('a start section is not supported: WASI commands start at _start');
  }

  get pages(): number {
    return this.memory.length / PAGE_BYTES;
  }

  /** Grows memory by `delta` pages; returns the old size in pages, or -1 past the cap (memory.grow). */
  grow(delta: number): number {
    const old = this.pages;
    if (delta === 0) return old;
    if (old + delta > this.maxPages) return -1;
    const memory = new Uint8Array((old + delta) * PAGE_BYTES);
    memory.set(this.memory);
    const dirty = new Uint8Array(memory.length / LEAF_BYTES);
    dirty.set(this.dirty);
    this.memory = memory;
    this.view = new DataView(memory.buffer);
    this.dirty = dirty;
    return old;
  }

  /** Marks [address, address + length) as written (host calls and bulk memory). */
  touch(address: number, length: number): void {
    if (length > 0) this.dirty.fill(1, address >>> 5, ((address + length - 1) >>> 5) + 1);
  }

  /** Halts the machine (proc_exit). */
  exit(code: number): void {
    this.status = 'exited';
    this.exitCode = code;
  }
}

function constant(init: InitExpr, globals: Int32Array): [number, number] {
  if (init.kind === 'const') return [init.lo, init.hi];
  if (2 * init.index + 1 >= globals.length)
    throw new MalformedModuleError(`constant expression reads global ${init.index}, not yet defined`);
  return [globals[2 * init.index]!, globals[2 * init.index + 1]!];
}

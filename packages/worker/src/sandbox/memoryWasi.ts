import { createWasi, type HostFunction, type Machine, type Wasi } from '@proofgrid/machine';
import { type AppMemory, type RunIo, wholeCalls } from './wholeCalls.ts';
import { concat } from './moduleBytes.ts';

/** @internal What a run gives its WASI: the app's view of the world, nothing of the host's. */
export type MemoryWasiOptions = {
  /** argv, program name included: ['app', ...args]. */
  args: string[];
  env: Record<string, string>;
  /** Input files under /in, by relative path. */
  files: Record<string, Uint8Array>;
  seed: string;
  /** Cap on stdout + stderr + bytes written to files; past it the app is stopped ({@link OutputLimitSignal}). */
  maxOutputBytes: number;
  /**
   * Runs every call through the machine, fd_write, fd_read, args, env and random_get in its micro-steps,
   * instead of wholeCalls.ts: slower, the reference the tests compare with.
   */
  stepped?: boolean;
};

/** @internal Unwinds the app when it calls proc_exit. */
export class ExitSignal extends Error {
  override name = 'ExitSignal';
  readonly code: number;
  constructor(code: number) {
    super(`exit ${code}`);
    this.code = code;
  }
}

/** @internal Unwinds the app when its output would pass the cap. */
export class OutputLimitSignal extends Error {
  override name = 'OutputLimitSignal';
  readonly limitBytes: number;
  readonly writtenBytes: number;
  constructor(limitBytes: number, writtenBytes: number) {
    super(`output limit ${limitBytes} reached (${writtenBytes} bytes)`);
    this.limitBytes = limitBytes;
    this.writtenBytes = writtenBytes;
  }
}

/**
 * @internal The machine's WASI stopped the app (a trap of the app's own making, e.g. more than the
 * 1 MiB of random bytes the machine can prove): reported as `SandboxTrap`, like a trap in its code.
 */
export class HostTrapSignal extends Error {
  override name = 'HostTrapSignal';
}

type Import = (...params: (number | bigint)[]) => number | undefined;
const WASI = 'wasi_snapshot_preview1';
/**
 * A host call's parameter slots (path_open, the widest WASI call, has 9), shared by every run of
 * the thread: a host call never re-enters the app, so one call at a time uses them.
 */
const SLOTS = new ArrayBuffer(16 * 8);
const s32 = new Int32Array(SLOTS);
const u64 = new BigUint64Array(SLOTS);
const EMPTY = new Uint8Array(0);
const encoder = new TextEncoder();

/**
 * @internal The sandbox's WASI preview1, in memory: the provable machine's own implementation
 * (`createWasi` of @proofgrid/machine: /in and /out as an in-memory FileSystem, the seeded random
 * stream, the virtual clock, uvwasi's fd numbering, rights and errnos) over the app's
 * `WebAssembly.Memory`. A host function of the machine reads its parameters from slots; a call the
 * machine runs in micro-steps is repeated here until it answers. The calls that move bytes
 * (fd_write, fd_read, args, env, random_get) run in one go (wholeCalls.ts) with the micro-steps' effects,
 * on the same FileSystem. The machine's state is made on the first call that needs it: an app that
 * only reads its arguments and prints never pays for it. No host file, directory or fd is used.
 *
 * @example
 * const wasi = createMemoryWasi({ args: ['app'], env: {}, files: {}, seed: 's', maxOutputBytes: 1 << 20 })
 * const instance = new WebAssembly.Instance(module, wasi.imports(module))
 * wasi.bind(instance.exports.memory as WebAssembly.Memory)
 */
export function createMemoryWasi(options: MemoryWasiOptions) {
  let machineWasi: Wasi | undefined;
  const machine = (): Wasi =>
    (machineWasi ??= createWasi({
      args: options.args,
      env: options.env,
      files: options.files,
      seed: options.seed,
      maxOutputBytes: options.maxOutputBytes,
    }));
  let memory: WebAssembly.Memory | undefined;
  let buffer: ArrayBuffer | undefined;
  let bytes = EMPTY;
  let view = new DataView(EMPTY.buffer);
  /** The views follow the memory: a memory.grow detaches the old buffer. */
  const refresh = () => {
    const current = memory?.buffer;
    if (current === buffer || !current) return;
    buffer = current;
    bytes = new Uint8Array(current);
    view = new DataView(current);
  };
  const appMemory: AppMemory = {
    bytes() {
      refresh();
      return bytes;
    },
    view() {
      refresh();
      return view;
    },
  };
  /** The part of a machine the WASI host functions use: parameter slots, memory, the exit. */
  const host = {
    s32,
    u64,
    repeat: false,
    get memory() {
      return appMemory.bytes();
    },
    get view() {
      return appMemory.view();
    },
    touch() {}, // the machine marks dirty leaves for its memory tree; V8's memory has none
    exit(code: number): never {
      throw new ExitSignal(code);
    },
  } as unknown as Machine;
  const io: RunIo = {
    memory: appMemory,
    fs: () => machine().fs,
    random: () => machine().random,
    args: options.args.map((a) => encoder.encode(`${a}\0`)),
    env: Object.entries(options.env).map(([k, v]) => encoder.encode(`${k}=${v}\0`)),
    written: 0,
    maxOutputBytes: options.maxOutputBytes,
    stdout: [],
    stderr: [],
    outputLimit(writtenBytes) {
      throw new OutputLimitSignal(options.maxOutputBytes, writtenBytes);
    },
    trap(message) {
      throw new HostTrapSignal(message);
    },
  };
  const whole = options.stepped ? undefined : wholeCalls(io);

  /** A host function of the machine as an import (linked on its first call); a micro-stepped call runs until it answers. */
  const bridge =
    (link: () => HostFunction): Import =>
    (...params) => {
      for (let k = 0; k < params.length; k++) {
        const value = params[k]!;
        if (typeof value === 'bigint') u64[k] = value;
        else {
          s32[2 * k] = value;
          s32[2 * k + 1] = 0; // the high word holds a micro-stepped call's progress: zero when it starts
        }
      }
      const fn = link();
      const before = machine().usage.written;
      try {
        for (;;) {
          host.repeat = false;
          const result = fn(host, 0);
          if (!host.repeat) return result;
        }
      } catch (error) {
        if ((error as Error).name !== 'TrapSignal') throw error;
        // The machine traps at the output cap (its stepped fd_write: stepped mode only) and on the app's own faults.
        if (/^output limit/.test((error as Error).message)) throw new OutputLimitSignal(options.maxOutputBytes, before + requested(params));
        throw new HostTrapSignal((error as Error).message);
      }
    };
  /** Bytes an fd_write asks to write: the sum of its iovecs' lengths. */
  const requested = ([, iovs, count]: (number | bigint)[]) => {
    const [at, n, heap] = [Number(iovs), Number(count), appMemory.bytes()];
    let total = 0;
    for (let i = 0; i < n && at + 8 * i + 8 <= heap.length; i++) total += appMemory.view().getUint32(at + 8 * i + 4, true);
    return total;
  };

  return {
    /** Import object for `module`: every wasi_snapshot_preview1 function it imports (anything else stays unresolved). */
    imports(module: WebAssembly.Module): WebAssembly.Imports {
      const wanted = WebAssembly.Module.imports(module).filter((i) => i.kind === 'function');
      let linked: (HostFunction | undefined)[] | undefined;
      const namespace: Record<string, Import> = {};
      wanted.forEach((entry, i) => {
        if (entry.module !== WASI) return;
        const link = () => (linked ??= machine().link(wanted))[i]!;
        namespace[entry.name] = (whole?.[entry.name] as Import | undefined) ?? bridge(link);
      });
      return { [WASI]: namespace };
    },
    /** The instance's memory, once instantiated: host calls read and write it. */
    bind(instanceMemory: WebAssembly.Memory) {
      memory = instanceMemory;
    },
    stdout: () => (whole ? concat(io.stdout) : machine().stdout()),
    stderr: () => (whole ? concat(io.stderr) : machine().stderr()),
    /** Every file under /out by relative path, in UTF-8 byte order of the names. */
    outputs: (): Record<string, Uint8Array> => (machineWasi ? machineWasi.fs.outputs() : {}),
  };
}

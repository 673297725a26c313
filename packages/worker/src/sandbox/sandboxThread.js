// @ts-check
/**
 * @internal Entry point of a sandbox thread (a `worker_threads` Worker).
 *
 * Plain JavaScript on purpose: Node 20 worker threads do not inherit a
 * TypeScript loader (tsx), so the thread must run as is, under tsx, after a
 * build, or in plain node. It receives one {@link RunMessage} at a time and
 * answers with a {@link ThreadReply}. It touches no files itself except through
 * node:wasi inside the two preopened directories.
 *
 * @typedef {{ id: number, module: WebAssembly.Module, args: string[], env: Record<string, string>,
 *   seed: string, preopens: { '/in': string, '/out': string }, stdioFd: number,
 *   maxOutputBytes: number, maxPages: number }} RunMessage
 * @typedef {{ id: number, ok: true, exitCode: number, stdout: Uint8Array, stderr: Uint8Array,
 *   memoryBytes: number, wallMs: number, startedAt: number }
 *   | { id: number, ok: false, error: { name: string, message: string, details: Record<string, unknown>,
 *       output?: { stdout: Uint8Array, stderr: Uint8Array } } }} ThreadReply
 */
import { parentPort } from 'node:worker_threads';
import { WASI } from 'node:wasi';
import { createFileSystemImports } from './fileSystemImports.js';
import { createOutputImports, OutputLimitSignal } from './outputImports.js';
import { createSeededRandom } from './seededRandom.js';
import { createVirtualClock } from './virtualClock.js';
import { createVirtualTimeImports } from './virtualTimeImports.js';
import { ERRNO } from './wasiErrno.js';

const PAGE_BYTES = 65_536;
/** A trap with memory at least this share of the cap is reported as the memory limit. */
const MEMORY_FULL_RATIO = 7 / 8;

parentPort?.on('message', (/** @type {RunMessage} */ message) => {
  const reply = run(message);
  const transfer = reply.ok ? [reply.stdout.buffer, reply.stderr.buffer] : [];
  parentPort?.postMessage(reply, transfer);
});

/** @param {RunMessage} message @returns {ThreadReply} */
function run(message) {
  const wasi = new WASI({
    version: 'preview1',
    args: message.args,
    env: message.env,
    preopens: message.preopens,
    stdin: message.stdioFd,
    stdout: message.stdioFd,
    stderr: message.stdioFd,
    returnOnExit: true,
  });
  /** @type {WebAssembly.Memory | undefined} */
  let memory;
  const view = () => new DataView(/** @type {WebAssembly.Memory} */ (memory).buffer);
  const bytes = () => new Uint8Array(/** @type {WebAssembly.Memory} */ (memory).buffer);
  const original = wrapNative(/** @type {Record<string, Function>} */ (wasi.wasiImport));
  const random = createSeededRandom(message.seed);
  const output = createOutputImports({ original, view, bytes, maxOutputBytes: message.maxOutputBytes });
  const files = createFileSystemImports({ original, view, bytes, preopens: Object.values(message.preopens) });
  const imports = {
    ...original,
    ...createVirtualTimeImports({ clock: createVirtualClock(), view }),
    ...output.imports,
    ...files.imports,
    /** @param {number} ptr @param {number} length */
    random_get(ptr, length) {
      if (ptr + length > bytes().length) return ERRNO.FAULT;
      random.fill(bytes().subarray(ptr, ptr + length));
      return ERRNO.SUCCESS;
    },
  };
  const started = performance.now();
  const startedAt = performance.timeOrigin + started;
  try {
    const instance = new WebAssembly.Instance(message.module, { wasi_snapshot_preview1: imports });
    memory = /** @type {WebAssembly.Memory} */ (instance.exports.memory);
    const exitCode = wasi.start(instance) ?? 0;
    return {
      id: message.id,
      ok: true,
      exitCode,
      stdout: output.output(1),
      stderr: output.output(2),
      memoryBytes: memory.buffer.byteLength,
      wallMs: performance.now() - started,
      startedAt,
    };
  } catch (error) {
    const described = describe(error, memory, message.maxPages);
    // A trap is the app's deterministic failure: what it printed before is part of its failure report.
    if (described.name === 'SandboxTrap')
      return { id: message.id, ok: false, error: { ...described, output: { stdout: output.output(1), stderr: output.output(2) } } };
    return { id: message.id, ok: false, error: described };
  } finally {
    files.closeAll();
  }
}

/**
 * Wraps node:wasi's native import functions in plain JavaScript closures:
 * V8 instantiates a module against JS functions in ~0.05 ms but needs ~2 ms
 * against these native bindings, which would dominate a warm start.
 *
 * @param {Record<string, Function>} native
 */
function wrapNative(native) {
  /** @type {Record<string, Function>} */
  const wrapped = {};
  for (const [name, fn] of Object.entries(native)) wrapped[name] = (/** @type {unknown[]} */ ...args) => fn(...args);
  return wrapped;
}

/**
 * Turns what `start()` threw into the name and facts of a sandbox error.
 * A refused `memory.grow` is invisible to the host: languages trap right after
 * it (AssemblyScript and Rust reach `unreachable`). So a trap with memory
 * filled to {@link MEMORY_FULL_RATIO} of the cap is reported as the memory limit.
 *
 * @param {unknown} error @param {WebAssembly.Memory | undefined} memory @param {number} maxPages
 */
function describe(error, memory, maxPages) {
  const message = error instanceof Error ? error.message : String(error);
  const memoryBytes = memory?.buffer.byteLength ?? 0;
  const limitBytes = maxPages * PAGE_BYTES;
  if (error instanceof OutputLimitSignal) {
    return { name: 'SandboxOutputLimit', message, details: { limitBytes: error.limitBytes, writtenBytes: error.writtenBytes } };
  }
  if (error instanceof WebAssembly.LinkError) return { name: 'SandboxInvalidModule', message, details: { reason: message } };
  const trapped = error instanceof WebAssembly.RuntimeError || (error instanceof RangeError && /call stack/.test(message));
  if (trapped && memoryBytes >= limitBytes * MEMORY_FULL_RATIO) {
    return {
      name: 'SandboxMemoryLimit',
      message,
      details: { limitBytes, memoryBytes, reason: `it trapped (${message}) with its memory full` },
    };
  }
  if (trapped) return { name: 'SandboxTrap', message, details: { trap: message, memoryBytes } };
  return { name: 'SandboxCrashed', message, details: { reason: message } };
}

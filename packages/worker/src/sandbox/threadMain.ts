import { parentPort } from 'node:worker_threads';
import { createMemoryWasi, ExitSignal, HostTrapSignal, OutputLimitSignal } from './memoryWasi.ts';
import type { RunMessage, ThreadError, ThreadReady, ThreadReply } from './threadProtocol.ts';

const PAGE_BYTES = 65_536;
/** A trap with memory at least this share of the cap is reported as the memory limit. */
const MEMORY_FULL_RATIO = 7 / 8;

parentPort?.on('message', (message: RunMessage) => {
  const reply = run(message);
  const transfer = reply.ok ? [reply.stdout.buffer, reply.stderr.buffer, ...Object.values(reply.files).map((f) => f.buffer)] : [];
  parentPort?.postMessage(reply, transfer as ArrayBuffer[]);
});
parentPort?.postMessage({ ready: true } satisfies ThreadReady);

function run(message: RunMessage): ThreadReply {
  const wasi = createMemoryWasi({
    args: message.args,
    env: message.env,
    files: message.files,
    seed: message.seed,
    maxOutputBytes: message.maxOutputBytes,
  });
  let memory: WebAssembly.Memory | undefined;
  const started = performance.now();
  const startedAt = performance.timeOrigin + started;
  try {
    const instance = new WebAssembly.Instance(message.module, wasi.imports(message.module));
    memory = instance.exports.memory as WebAssembly.Memory;
    wasi.bind(memory);
    let exitCode = 0;
    try {
      (instance.exports._start as () => void)();
    } catch (error) {
      if (!(error instanceof ExitSignal)) throw error;
      exitCode = error.code;
    }
    const stdout = wasi.stdout();
    const stderr = wasi.stderr();
    const files = wasi.outputs();
    return {
      id: message.id,
      ok: true,
      exitCode,
      stdout,
      stderr,
      files,
      memoryBytes: memory.buffer.byteLength,
      wallMs: performance.now() - started,
      startedAt,
    };
  } catch (error) {
    const described = describe(error, memory, message.maxPages);
    // A trap is the app's deterministic failure: what it printed before is part of its failure report.
    if (described.name === 'SandboxTrap')
      return { id: message.id, ok: false, error: { ...described, output: { stdout: wasi.stdout(), stderr: wasi.stderr() } } };
    return { id: message.id, ok: false, error: described };
  }
}

/**
 * Turns what the run threw into the name and facts of a sandbox error.
 * A refused `memory.grow` is invisible to the host: languages trap right after
 * it (AssemblyScript and Rust reach `unreachable`). So a trap with memory
 * filled to {@link MEMORY_FULL_RATIO} of the cap is reported as the memory limit.
 */
function describe(error: unknown, memory: WebAssembly.Memory | undefined, maxPages: number): ThreadError {
  const message = error instanceof Error ? error.message : String(error);
  const memoryBytes = memory?.buffer.byteLength ?? 0;
  const limitBytes = maxPages * PAGE_BYTES;
  if (error instanceof OutputLimitSignal) {
    return { name: 'SandboxOutputLimit', message, details: { limitBytes: error.limitBytes, writtenBytes: error.writtenBytes } };
  }
  if (error instanceof WebAssembly.LinkError) return { name: 'SandboxInvalidModule', message, details: { reason: message } };
  if (error instanceof HostTrapSignal) return { name: 'SandboxTrap', message, details: { trap: message, memoryBytes } };
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

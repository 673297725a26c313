import { createModuleCache } from './createModuleCache.ts';
import { createSandboxThread, type SandboxThread, type ThreadSuccess } from './createSandboxThread.ts';
import { SandboxOutputLimitError, SandboxPoolClosedError } from './errors.ts';
import type { SandboxRequest, SandboxResult } from './types.ts';
import { validateRequest } from './validateRequest.ts';

export type CreateSandboxPoolParameters = {
  /** Number of pre-started threads, i.e. tasks run in parallel. Default 1. */
  size?: number;
  /**
   * @deprecated Ignored: the sandbox keeps a task's /in and /out in memory and writes nothing to disk
   * (decision 025). Still accepted so existing callers keep compiling.
   */
  tmpDir?: string;
  /** Compiled modules kept, keyed by sha256 and memory cap. Default 32. */
  moduleCacheSize?: number;
};

export type SandboxPool = {
  /** Runs one task on a free thread (queued FIFO while all are busy). */
  run(request: SandboxRequest): Promise<SandboxResult>;
  /** Resolves when every thread is started; `run` does not need to wait for it. */
  ready(): Promise<void>;
  /** Terminates every thread; runs in flight and queued reject with `SandboxPoolClosed`. Idempotent. */
  close(): Promise<void>;
  readonly size: number;
};

type Waiter = { resolve(thread: SandboxThread): void; reject(error: Error): void };

/**
 * Creates a pool of pre-started sandbox threads sharing a compiled-module cache.
 *
 * A run: validate → look the module up by sha256 (compile and cap it on a miss)
 * → take a free thread → run with the machine's deterministic WASI over an
 * in-memory /in and /out (memoryWasi.ts) → the thread answers the output files.
 * Nothing touches the disk. A thread that timed out or crashed is replaced by a fresh one.
 *
 * | state   | entered by             | run()                      |
 * |---------|------------------------|----------------------------|
 * | RUNNING | createSandboxPool      | runs or queues the task    |
 * | STOPPED | close()                | rejects `SandboxPoolClosed`|
 *
 * @example
 * import { createSandboxPool } from './createSandboxPool.ts'
 * const pool = createSandboxPool({ size: 2 })
 * const result = await pool.run({
 *   module: wasmBytes, args: ['640', '480'], seed: taskId,
 *   limits: { memoryMb: 64, timeoutMs: 10_000, maxOutputBytes: 8 << 20 },
 * })
 * await pool.close()
 */
export function createSandboxPool({ size = 1, moduleCacheSize = 32 }: CreateSandboxPoolParameters = {}): SandboxPool {
  const cache = createModuleCache({ maxEntries: moduleCacheSize });
  const threads = new Set<SandboxThread>();
  const idle: SandboxThread[] = [];
  const waiting: Waiter[] = [];
  let closing: Promise<void> | undefined;

  const spawn = (): SandboxThread => {
    const thread = createSandboxThread();
    threads.add(thread);
    return thread;
  };
  for (let i = 0; i < size; i++) idle.push(spawn());

  const acquire = (): Promise<SandboxThread> => {
    if (closing) return Promise.reject(new SandboxPoolClosedError());
    const thread = idle.pop();
    if (thread) return Promise.resolve(thread);
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
  const release = (thread: SandboxThread): void => {
    if (closing) return;
    let next = thread;
    if (!thread.alive) {
      threads.delete(thread);
      next = spawn();
    }
    const waiter = waiting.shift();
    if (waiter) waiter.resolve(next);
    else idle.push(next);
  };

  async function run(request: SandboxRequest): Promise<SandboxResult> {
    if (closing) throw new SandboxPoolClosedError();
    const calledAt = performance.timeOrigin + performance.now();
    const valid = validateRequest(request);
    const prepared = await cache.prepare(request.module, valid.maxPages);
    const queuedAt = performance.now();
    const thread = await acquire();
    const queueMs = performance.now() - queuedAt;
    const { maxOutputBytes, timeoutMs } = valid.limits;
    let reply: ThreadSuccess;
    try {
      reply = await thread.exec(
        {
          module: prepared.module,
          args: ['app', ...valid.args],
          env: valid.env,
          seed: valid.seed,
          files: valid.files,
          maxOutputBytes,
          maxPages: prepared.maxPages,
        },
        timeoutMs,
      );
    } finally {
      release(thread);
    }
    // Every byte written was charged as it was written; a file grown past the end (a seek, then a
    // write) holds more than was written, so the final sizes are checked too.
    const written = reply.stdout.length + reply.stderr.length;
    const total = Object.values(reply.files).reduce((n, file) => n + file.length, written);
    if (total > maxOutputBytes) throw new SandboxOutputLimitError({ limitBytes: maxOutputBytes, writtenBytes: total });
    return {
      exitCode: reply.exitCode,
      stdout: reply.stdout,
      stderr: reply.stderr,
      files: reply.files,
      usage: {
        wallMs: reply.wallMs,
        startupMs: reply.startedAt - calledAt - queueMs,
        memoryPeakBytes: reply.memoryBytes,
      },
    };
  }

  return {
    size,
    run,
    async ready() {
      await Promise.all([...threads].map((thread) => thread.online));
    },
    close() {
      closing ??= (async () => {
        for (const waiter of waiting.splice(0)) waiter.reject(new SandboxPoolClosedError());
        idle.length = 0;
        await Promise.all([...threads].map((thread) => thread.terminate()));
        threads.clear();
      })();
      return closing;
    },
  };
}

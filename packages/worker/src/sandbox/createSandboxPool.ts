import { tmpdir } from 'node:os';
import { collectOutputFiles } from './collectOutputFiles.ts';
import { createModuleCache } from './createModuleCache.ts';
import { createSandboxThread, type SandboxThread, type ThreadSuccess } from './createSandboxThread.ts';
import { type ScratchDir, createScratchPool } from './createScratchDir.ts';
import { SandboxPoolClosedError, SandboxTimeoutError } from './errors.ts';
import type { SandboxRequest, SandboxResult } from './types.ts';
import { validateRequest } from './validateRequest.ts';

export type CreateSandboxPoolParameters = {
  /** Number of pre-started threads, i.e. tasks run in parallel. Default 1. */
  size?: number;
  /** Where per-task scratch directories are created. Default `os.tmpdir()`. */
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
 * → take a free thread → create the scratch tree and write /in → run under
 * node:wasi with the deterministic imports → collect /out → wipe the tree.
 * A thread that timed out or crashed is replaced by a fresh one.
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
export function createSandboxPool({ size = 1, tmpDir = tmpdir(), moduleCacheSize = 32 }: CreateSandboxPoolParameters = {}): SandboxPool {
  const cache = createModuleCache({ maxEntries: moduleCacheSize });
  const threads = new Set<SandboxThread>();
  const idle: SandboxThread[] = [];
  const waiting: Waiter[] = [];
  let closing: Promise<void> | undefined;

  // Scratch trees reused across tasks (one per task in flight, emptied in between).
  const scratchTrees = createScratchPool(tmpDir, { max: 2 * size });
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
    // The scratch tree is made before a thread is taken and read after it is released, so file
    // system work overlaps other tasks' execution; the thread is held only while the app runs.
    let scratch: ScratchDir | undefined = await scratchTrees.take(valid.files);
    let threadKilled = false;
    try {
      const queuedAt = performance.now();
      const thread = await acquire();
      const queueMs = performance.now() - queuedAt;
      const { maxOutputBytes, timeoutMs } = valid.limits;
      let reply: ThreadSuccess;
      try {
        reply = await thread
          .exec(
            {
              module: prepared.module,
              args: ['app', ...valid.args],
              env: valid.env,
              seed: valid.seed,
              preopens: { '/in': scratch.inDir, '/out': scratch.outDir },
              stdioFd: scratch.stdioFd,
              maxOutputBytes,
              maxPages: prepared.maxPages,
            },
            timeoutMs,
          )
          .catch((error: Error) => {
            threadKilled = error instanceof SandboxTimeoutError || !thread.alive;
            throw error;
          });
      } finally {
        release(thread);
      }
      const written = reply.stdout.length + reply.stderr.length;
      const files = await collectOutputFiles(scratch.outDir, {
        budgetBytes: maxOutputBytes - written,
        limitBytes: maxOutputBytes,
        alreadyWritten: written,
      });
      return {
        exitCode: reply.exitCode,
        stdout: reply.stdout,
        stderr: reply.stderr,
        files,
        usage: {
          wallMs: reply.wallMs,
          startupMs: reply.startedAt - calledAt - queueMs,
          memoryPeakBytes: reply.memoryBytes,
        },
      };
    } finally {
      const s = scratch;
      scratch = undefined;
      if (s) await scratchTrees.give(s, { threadKilled });
    }
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
        await scratchTrees.close();
      })();
      return closing;
    },
  };
}

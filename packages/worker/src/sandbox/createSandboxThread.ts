import { Worker } from 'node:worker_threads';
import { errorFromThread } from './errorFromThread.ts';
import { SandboxCrashedError, SandboxPoolClosedError, SandboxTimeoutError } from './errors.ts';
import type { RunMessage, ThreadReady, ThreadReply } from './threadProtocol.ts';

const THREAD_URL = new URL('./sandboxThread.js', import.meta.url);

/** Bounds the thread's own JavaScript heap; wasm linear memory is capped in the module instead. */
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 };

/** @internal A successful reply. */
export type ThreadSuccess = Extract<ThreadReply, { ok: true }>;

/** @internal One pre-started sandbox thread that runs one task at a time. */
export type SandboxThread = {
  /** False once the thread was terminated or died; the pool then replaces it. */
  readonly alive: boolean;
  /** Resolves when the thread has loaded its code and listens (tasks posted before that simply wait). */
  readonly online: Promise<void>;
  /** Runs one task; rejects with the typed error the thread reported, or on timeout (after the thread is gone). */
  exec(message: Omit<RunMessage, 'id'>, timeoutMs: number): Promise<ThreadSuccess>;
  terminate(): Promise<void>;
};

type Pending = { id: number; resolve(reply: ThreadSuccess): void; reject(error: Error): void; timer: NodeJS.Timeout };

/**
 * @internal Starts a sandbox thread. It is `unref`ed while idle, so a forgotten
 * pool never keeps the process alive, and `ref`ed while it runs a task.
 * It inherits no exec arguments (no host flags; it registers its TypeScript loader itself, sandboxThread.js)
 * and no environment.
 */
export function createSandboxThread(): SandboxThread {
  const worker = new Worker(THREAD_URL, { execArgv: ['--disable-warning=ExperimentalWarning'], env: {}, resourceLimits: RESOURCE_LIMITS });
  worker.unref();
  let alive = true;
  let closing = false;
  let nextId = 1;
  let pending: Pending | undefined;
  /** An exec waiting for the thread to listen. */
  let starting = false;
  let ready: () => void = () => {};
  const online = new Promise<void>((resolve) => {
    ready = resolve;
  });

  const take = ({ unref = true } = {}): Pending | undefined => {
    const current = pending;
    pending = undefined;
    if (current) clearTimeout(current.timer);
    if (unref) worker.unref();
    return current;
  };
  worker.on('message', (reply: ThreadReply | ThreadReady) => {
    if ('ready' in reply) return ready();
    if (reply.id !== pending?.id) return;
    const current = take()!;
    if (reply.ok) current.resolve(reply);
    else current.reject(errorFromThread(reply.error));
  });
  worker.on('error', (error) => {
    alive = false;
    ready(); // a thread that died before it listened is not waited for
    take()?.reject(new SandboxCrashedError({ reason: error.message, cause: error }));
  });
  worker.on('exit', (code) => {
    alive = false;
    ready();
    take()?.reject(closing ? new SandboxPoolClosedError() : new SandboxCrashedError({ reason: `thread exited with code ${code}` }));
  });

  return {
    get alive() {
      return alive;
    },
    online,
    async exec(message, timeoutMs) {
      if (closing) throw new SandboxPoolClosedError();
      if (pending || starting) throw new SandboxCrashedError({ reason: 'the thread is busy (pool bug)' });
      // The time limit runs from when the thread listens: loading its code is not the app's time.
      starting = true;
      worker.ref(); // referenced from now until the task's answer
      await online.finally(() => {
        starting = false;
      });
      if (closing || !alive) {
        worker.unref();
        throw closing ? new SandboxPoolClosedError() : new SandboxCrashedError({ reason: 'the thread is not running' });
      }
      return new Promise<ThreadSuccess>((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(async () => {
          alive = false;
          const current = take({ unref: false }); // stays referenced until the thread is gone
          await worker.terminate(); // wait until the thread is gone before the caller goes on
          current?.reject(new SandboxTimeoutError({ timeoutMs }));
        }, timeoutMs);
        pending = { id, resolve, reject, timer };
        worker.postMessage({ ...message, id } satisfies RunMessage);
      });
    },
    async terminate() {
      closing = true;
      alive = false;
      await worker.terminate();
    },
  };
}

import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** @internal The per-task directory tree the app sees as /in and /out. */
export type ScratchDir = {
  root: string;
  inDir: string;
  outDir: string;
  /** An empty read-only file that serves as the app's stdin (and as the host fd behind stdout/stderr). */
  stdioFd: number;
  /** Closes what is open under the tree and deletes it. `threadKilled` also closes fds a terminated thread leaked. */
  dispose(options: { threadKilled: boolean }): Promise<void>;
};

/**
 * @internal Creates `<parent>/proofgrid-sandbox-XXXXXX/{in,out}` (mode 0700),
 * writes the input files under `in/`, and opens the stdio file.
 * Plain input data lives only here and only for the run (D3).
 * Synchronous on purpose: these are a handful of small local operations, and the thread-pool round
 * trips of the async versions cost more than the operations (1.5 ms against 0.65 ms per task for
 * create + dispose, measured): they were most of the sandbox's fixed cost per task.
 */
export async function createScratchDir(parent: string, files: Record<string, Uint8Array>): Promise<ScratchDir> {
  const root = mkdtempSync(join(parent, 'proofgrid-sandbox-'));
  const inDir = join(root, 'in');
  const outDir = join(root, 'out');
  mkdirSync(inDir);
  mkdirSync(outDir);
  writeFileSync(join(root, 'stdio'), '');
  writeInputs(inDir, files);
  const stdioFd = openSync(join(root, 'stdio'), 'r');
  return {
    root,
    inDir,
    outDir,
    stdioFd,
    async dispose({ threadKilled }) {
      if (threadKilled) closeFdsUnder(root, stdioFd);
      closeSync(stdioFd);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Writes a task's input files under `in/` (subdirectories made as their names ask). */
function writeInputs(inDir: string, files: Record<string, Uint8Array>): void {
  for (const [name, content] of Object.entries(files)) {
    const path = join(inDir, name);
    if (name.includes('/')) mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}

/** Deletes everything under `dir`, keeping `dir` (a symbolic link is removed, never followed). */
function empty(dir: string): void {
  for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true, force: true });
}

/**
 * @internal Scratch trees reused from task to task, one per task in flight: a task takes a tree
 * (its input files written under `in/`), and gives it back emptied (`in/` and `out/` wiped, as a
 * deleted tree was: the plain data is gone after the run, D3). Making and deleting a tree per task
 * (mkdtemp, two mkdir, the stdio file, then a recursive delete) was most of a worker's file system
 * work per task. At most `max` trees are out at once (a task waits for one): the threads' tasks and
 * one more each being prepared, so a bag of hundreds of tasks queued together reuses a few trees
 * instead of making hundreds. A tree whose thread was terminated (it may hold open fds into it) is
 * deleted, not reused.
 */
export function createScratchPool(parent: string, { max = 4 } = {}) {
  const idle: ScratchDir[] = [];
  const waiting: (() => void)[] = [];
  let out = 0;
  let closed = false;
  const slot = (): Promise<void> | undefined => {
    if (out < max) {
      out++;
      return undefined;
    }
    return new Promise<void>((resolve) => waiting.push(resolve)); // out stays counted: handed over
  };
  const free = () => {
    const next = waiting.shift();
    if (next) next();
    else out--;
  };
  return {
    async take(files: Record<string, Uint8Array>): Promise<ScratchDir> {
      await slot();
      try {
        const dir = idle.pop();
        if (!dir) return await createScratchDir(parent, files);
        try {
          writeInputs(dir.inDir, files);
        } catch (err) {
          await dir.dispose({ threadKilled: false });
          throw err;
        }
        return dir;
      } catch (err) {
        free();
        throw err;
      }
    },
    async give(dir: ScratchDir, { threadKilled }: { threadKilled: boolean }): Promise<void> {
      try {
        if (threadKilled || closed) return await dir.dispose({ threadKilled });
        try {
          empty(dir.inDir);
          empty(dir.outDir);
          idle.push(dir);
        } catch {
          await dir.dispose({ threadKilled: false }); // could not be emptied: not reused
        }
      } finally {
        free();
      }
    },
    async close(): Promise<void> {
      closed = true;
      for (const dir of idle.splice(0)) await dir.dispose({ threadKilled: false });
    },
  };
}
export type ScratchPool = ReturnType<typeof createScratchPool>;

/**
 * node:wasi opens the preopens and the app's files as process-wide fds and a
 * terminated thread never closes them, so after a timeout they are found by
 * their target in /proc/self/fd (Linux) and closed. Elsewhere they leak until exit.
 */
function closeFdsUnder(root: string, keep: number): void {
  let fds: string[];
  try {
    fds = readdirSync('/proc/self/fd');
  } catch {
    return; // no procfs on this platform: nothing we can enumerate (documented in README)
  }
  for (const fd of fds) {
    if (Number(fd) === keep) continue;
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // the fd closed between listing and reading: nothing left to do
    }
    if (target.startsWith(`${root}/`)) closeSync(Number(fd));
  }
}

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
  for (const [name, content] of Object.entries(files)) {
    const path = join(inDir, name);
    if (name.includes('/')) mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
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

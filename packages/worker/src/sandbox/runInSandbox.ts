import { createSandboxPool } from './createSandboxPool.ts';
import type { SandboxRequest, SandboxResult } from './types.ts';

/**
 * Runs one WASI module once in a fresh single-thread pool, then closes it.
 * Convenient for scripts and tests; a worker daemon keeps a
 * {@link createSandboxPool} instead, which avoids the thread start (tens of ms)
 * and the compilation on every task.
 *
 * @example
 * import { runInSandbox } from './runInSandbox.ts'
 * const { exitCode, stdout, files } = await runInSandbox({
 *   module: await readFile('app.wasm'),
 *   args: ['--size', '8'],
 *   files: { 'input.csv': new TextEncoder().encode('1,2\n') },
 *   seed: '0x01',
 *   limits: { memoryMb: 32, timeoutMs: 5_000, maxOutputBytes: 1 << 20 },
 * })
 */
export async function runInSandbox(request: SandboxRequest): Promise<SandboxResult> {
  const pool = createSandboxPool({ size: 1 });
  try {
    return await pool.run(request);
  } finally {
    await pool.close();
  }
}

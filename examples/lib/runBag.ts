import { readFileSync } from 'node:fs';
import type { AppResult, AppSpec, TaskInput, TaskOutput } from './appSpec.ts';
import { computeResultDigest, type SandboxPool, type SandboxResult } from './sandbox.ts';

export type BagRun = {
  tasks: TaskInput[];
  results: SandboxResult[];
  /** computeResultDigest of each task, in task order. */
  digests: `0x${string}`[];
  result: AppResult;
};

/**
 * Runs an app's whole bag in a sandbox pool (tasks in parallel up to the pool's
 * size) and combines the outputs: what a workerpool and the requester do, minus
 * the market. The sandbox seed of task i is `<app>:<i>` (the apps take their
 * randomness from their arguments, so it does not change the results).
 * @example
 * import { apps } from '../index.ts'
 * const { result } = await runBag(apps.renderer, { width: 640, height: 480 }, pool)
 * writeFileSync('frame.png', result.files['frame.png'])
 */
export async function runBag<P extends object>(
  spec: AppSpec<P>,
  params: Partial<P> | undefined,
  pool: SandboxPool,
  module?: Uint8Array,
): Promise<BagRun> {
  const bytes = module ?? new Uint8Array(readFileSync(spec.wasmPath));
  const tasks = spec.buildTasks(params);
  const results = await Promise.all(
    tasks.map(async (task, i) => {
      const result = await pool.run({ module: bytes, args: task.args, files: task.files, seed: `${spec.name}:${i}`, limits: spec.limits });
      if (result.exitCode !== 0) {
        throw new Error(`${spec.name} task ${i} exited with ${result.exitCode}: ${new TextDecoder().decode(result.stderr).trim()}`);
      }
      return result;
    }),
  );
  const outputs: TaskOutput[] = results.map(({ stdout, files }) => ({ stdout, files }));
  return { tasks, results, digests: results.map(computeResultDigest), result: spec.combine(outputs, params) };
}

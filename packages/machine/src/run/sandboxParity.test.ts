// Every example app, run on the machine and in the worker's sandbox with the same inputs: the output files,
// stdout and result digest must be bit-identical (issue 15). Small bags keep the interpreter's share short.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { apps, buildApps } from '../../../../examples/index.ts';
import { computeResultDigest, createSandboxPool, type SandboxPool } from '../../../worker/src/sandbox/index.ts';
import { compileModule } from '../compile/compileModule.ts';
import { resultDigest } from './resultDigest.ts';
import { runModule } from './runModule.ts';

/** Parameters of each app's bag: small enough for the interpreter, still every code path of a task. */
const BAGS: Record<string, object> = {
  renderer: { width: 48, height: 32, columns: 2, rows: 1, samples: 1 },
  montecarlo: { paths: 4000, tasks: 2 },
  spectrum: { segments: 2 },
  tsp: { restarts: 2, iterations: 3000 },
  kmeans: { restarts: 2, maxIterations: 10 },
  ml: { shards: 2 },
};

describe('the machine gives the sandbox’s results', () => {
  let pool: SandboxPool;
  before(async () => {
    await buildApps();
    pool = createSandboxPool({ size: 1 });
  });
  after(() => pool.close());

  for (const [name, params] of Object.entries(BAGS)) {
    test(`${name}: stdout, /out files and digest bit-identical for every task of a small bag`, async () => {
      const spec = apps[name as keyof typeof apps];
      const bytes = new Uint8Array(readFileSync(spec.wasmPath));
      const program = compileModule(bytes);
      const tasks = spec.buildTasks(params as never);
      assert.ok(tasks.length >= 1);
      for (const [i, task] of tasks.entries()) {
        const request = { args: task.args, files: task.files, seed: `${name}:${i}`, limits: spec.limits };
        const expected = await pool.run({ module: bytes, ...request });
        const actual = runModule({ module: program, ...request });
        assert.equal(actual.exitCode, expected.exitCode, `${name} task ${i} exit code`);
        assert.deepEqual(actual.stdout, expected.stdout, `${name} task ${i} stdout`);
        assert.deepEqual(actual.stderr, expected.stderr, `${name} task ${i} stderr`);
        assert.deepEqual(Object.keys(actual.files), Object.keys(expected.files), `${name} task ${i} output names`);
        for (const file of Object.keys(expected.files))
          assert.deepEqual(actual.files[file], expected.files[file], `${name} task ${i} ${file}`);
        assert.equal(resultDigest(actual), computeResultDigest(expected), `${name} task ${i} digest`);
        assert.ok(actual.steps > 10_000, `${name} task ${i} ran ${actual.steps} steps`);
      }
    });
  }
});

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { apps, buildApps, isAppName } from '../index.ts';
import { runBag } from '../lib/runBag.ts';
import { createSandboxPool, type SandboxPool } from '../lib/sandbox.ts';

describe('registry', () => {
  let pool: SandboxPool;
  before(() => {
    buildApps();
    pool = createSandboxPool({ size: 2 });
  });
  after(() => pool.close());

  test('lists the six X8 apps, each built, documented, and with its name as key', () => {
    assert.deepEqual(Object.keys(apps), ['renderer', 'montecarlo', 'spectrum', 'tsp', 'kmeans', 'ml']);
    for (const [name, spec] of Object.entries(apps)) {
      assert.equal(spec.name, name);
      assert.ok(isAppName(name));
      assert.ok(existsSync(spec.wasmPath), `${spec.wasmPath} is built`);
      assert.ok(existsSync(new URL(`../${name}/README.md`, import.meta.url)), `${name}/README.md`);
      assert.ok(spec.description.length > 20);
    }
    assert.ok(!isAppName('toString'));
  });

  test('buildTasks is deterministic and does not mutate the defaults', () => {
    for (const spec of Object.values(apps)) {
      const before = JSON.stringify(spec.defaultParams);
      const a = spec.buildTasks();
      const b = spec.buildTasks({ ...spec.defaultParams });
      assert.deepEqual(a, b);
      assert.ok(a.length >= 1);
      assert.equal(JSON.stringify(spec.defaultParams), before);
    }
  });

  test('every default bag runs in the sandbox within its limits, each task well under a second, and combines into files', async () => {
    for (const spec of Object.values(apps)) {
      const bag = await runBag(spec, undefined, pool);
      for (const [i, r] of bag.results.entries()) {
        assert.ok(r.usage.wallMs < 1000, `${spec.name} task ${i} took ${r.usage.wallMs} ms`);
        assert.ok(r.usage.memoryPeakBytes <= spec.limits.memoryMb * 2 ** 20);
      }
      assert.ok(bag.result.summary.length > 0);
      assert.ok(Object.keys(bag.result.files).length > 0, `${spec.name} combine wrote files`);
    }
  });

  test('error: parameters out of range are a RangeError before anything runs', () => {
    assert.throws(() => apps.renderer.buildTasks({ samples: 0 }), RangeError);
    assert.throws(() => apps.montecarlo.buildTasks({ paths: 1, tasks: 4 }), RangeError);
    assert.throws(() => apps.tsp.buildTasks({ restarts: 0 }), RangeError);
    assert.throws(() => apps.kmeans.buildTasks({ k: 0 }), RangeError);
    assert.throws(() => apps.ml.buildTasks({ model: [1, 2] }), RangeError);
    assert.throws(() => apps.spectrum.buildTasks({ segments: 100_000 }), RangeError);
  });

  test('the committed sample datasets are what generateData.ts produces', async () => {
    const { DATA_FILES } = await import('../generateData.ts');
    for (const [path, make] of Object.entries(DATA_FILES)) {
      const made = make();
      const expected = typeof made === 'string' ? new TextEncoder().encode(made) : made;
      assert.ok(Buffer.compare(readFileSync(new URL(`../${path}`, import.meta.url)), expected) === 0, `${path} differs from its generator`);
    }
  });
});
